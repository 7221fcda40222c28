"""The hub page's words for the program's exercises: relaxation, the fear ladder, the
worksheets, pain and activity on the log (Dutch first; English with the same keys).
Merged into :data:`tracker.web.texts.TEXTS`; the findings themselves use the report's
words (:mod:`tracker.report.texts_pain`)."""

from __future__ import annotations

from typing import Final

EXERCISES_NL: Final[dict[str, str]] = {
    "nav_exercises": "Oefeningen",
    "nav_worksheets": "Werkbladen",
    # log additions
    "pain_card_title": "Pijn en activiteit",
    "pain_card_link": "Meer in je weekrapport",
    "pain_card_none": "Nog geen gegevens om pijn en activiteit naast elkaar te leggen.",
    "col_signals": "Signalen van je lichaam",
    "signals_note": (
        "Was je hartslag 's nachts hoger dan gewoonlijk, of je hartslagvariabiliteit lager? "
        "Dan staat dat naast je avondcheck van die dag. Het is een hint, nooit een diagnose."
    ),
    "session_kind": "Was het iets wat je moest doen, of wat je graag deed?",
    "session_other": "Of een andere activiteit (bijvoorbeeld strijken, tuinieren)",
    "session_kind_must": "Moeten-activiteit",
    "session_kind_want": "Mogen-activiteit (wat je graag doet)",
    "session_kind_none": "Zeg ik liever niet",
    # exercises: relaxation
    "ex_title": "Oefeningen",
    "relax_title": "Ontspanningsoefening",
    "relax_intro": (
        "Start de oefening hier en stop ze als je klaar bent. Draag je je toestel, dan zie "
        "je in je weekrapport wat je hart deed: ervoor, tijdens en erna."
    ),
    "relax_kind": "Soort oefening",
    "relax_start": "Start de oefening",
    "relax_stop": "Stop de oefening",
    "relax_running": "Bezig sinds {time}: {kind}.",
    "relax_started": "De oefening loopt. Neem je tijd.",
    "relax_stopped": "Je oefening van {minutes} minuten is bewaard.",
    "relax_cancelled": "Dat was korter dan een minuut; er is niets bewaard.",
    "relax_not_running": "Er liep geen oefening.",
    "relax_log_title": "Een oefening achteraf noteren",
    "relax_log_start": "Begin (datum en uur)",
    "relax_minutes": "Minuten",
    "relax_log_save": "Oefening bewaren",
    "relax_logged": "De oefening is bewaard.",
    "relax_recent": "Je oefeningen van de voorbije twee weken",
    "relax_recent_none": "Nog geen oefeningen.",
    "col_when": "Wanneer",
    "col_kind": "Soort",
    "col_minutes": "Minuten",
    "col_hr_before": "Hartslag ervoor",
    "col_hr_during": "Hartslag tijdens",
    "col_hr_after": "Hartslag erna",
    # exercises: the ladder
    "ladder_title": "Stapsgewijs blootstellen",
    "ladder_intro": (
        "Noteer maximaal tien bewegingen of activiteiten waarbij je voorzichtig bent of "
        "angst ervaart, met een cijfer voor je angst van 0 (geen) tot 100 (heel veel). De "
        "lijst zet ze van minst naar meest gevreesd. Oefen stap voor stap, te beginnen bij "
        "de minst gevreesde; bij het tillen blijf je door de knieën gaan."
    ),
    "ladder_empty": "Je lijst is nog leeg.",
    "ladder_next": "Volgende stap: {item}.",
    "ladder_all_done": (
        "Alle bewegingen zijn afgevinkt. Wat is de volgende stap? Bespreek het met je "
        "psycholoog of kinesist."
    ),
    "col_step": "Stap",
    "col_item": "Beweging",
    "col_fear": "Angst (0–100)",
    "col_sessions": "Keer geoefend",
    "col_fear_after": "Angst na elke keer",
    "col_pain_expected_felt": "Pijn verwacht → gevoeld",
    "col_state": "Stand",
    "ladder_state_done": "afgevinkt",
    "ladder_state_next": "volgende stap",
    "ladder_done": "Afvinken",
    "ladder_undone": "Nog niet klaar",
    "ladder_remove": "Van de lijst halen",
    "ladder_remove_confirm": (
        "Je oefende ‘{item}’ al {count} keer. Haal je het van de lijst, dan gaat wat je "
        "daarbij noteerde ook weg."
    ),
    "ladder_remove_yes": "Ja, van de lijst halen",
    "ladder_remove_no": "Nee, laten staan",
    "ladder_add_title": "Een beweging toevoegen",
    "ladder_name": "Beweging of activiteit",
    "ladder_fear": "Hoeveel angst (0–100)",
    "ladder_add": "Toevoegen",
    "ladder_added": "De beweging staat op je lijst.",
    "ladder_removed": "De beweging is van je lijst gehaald.",
    "ladder_marked": "Je lijst is bijgewerkt.",
    "practise_title": "Een keer oefenen noteren",
    "practise_intro": (
        "Noteer vooraf wat je verwacht, en achteraf wat je voelde: het verschil is wat de "
        "oefening je leert."
    ),
    "practise_item": "Beweging",
    "practise_expected_pain": "Pijn die je verwacht (0–10)",
    "practise_expected_fear": "Angst vooraf (0–100)",
    "practise_pain": "Pijn die je voelde (0–10)",
    "practise_fear": "Angst achteraf (0–100)",
    "practise_save": "Bewaren",
    "practise_saved": "Bewaard. Je verwachtte pijn {expected} en voelde {actual}.",
    # worksheets
    "ws_title": "Werkbladen",
    "ws_intro": (
        "De vragen uit de brochure van de rugschool. Je antwoorden worden gedateerd "
        "bewaard, en je kinesist en psycholoog kunnen ze lezen. Schrijf gerust opnieuw: "
        "elk antwoord blijft bewaard."
    ),
    "ws_reader": "Hier lees je de antwoorden van de patiënt, met hun datum.",
    "ws_answer": "Je antwoord",
    "ws_save": "Antwoord bewaren",
    "ws_saved": "Je antwoord is bewaard.",
    "ws_none": "Nog geen antwoord.",
    "ws_latest": "Laatste antwoord, {date}",
    "ws_earlier": "Eerdere antwoorden",
    "ws_by": "{author}, {date}",
    "ws_q_life": "Hoe is dit voor mijn leven? Bijvoorbeeld huishouden, job.",
    "ws_q_energy": "Wat geeft mij energie? Plan ik deze activiteiten regelmatig in?",
    "ws_q_outlet": "Wat is mijn uitlaatklep? Bijvoorbeeld sport, sociaal contact, iets creatief, …",
    "ws_q_relax": "Ben ik, ondanks de rugpijn, nog in staat om me te ontspannen?",
    "ws_q_help": (
        "Hoe is dit voor mij? Durf ik hulp te vragen? Kan ik goed mijn grenzen "
        "aangeven aan anderen?"
    ),
    "ws_q_avoid": "Met welke bewegingen of dingen ben ik voorzichtig, of voel ik angst?",
    # field problems
    "err_fear_range": "Kies een getal van 0 tot 100.",
    "err_empty": "Vul dit in.",
    "err_item_long": "Hou het kort: hoogstens 60 tekens.",
    "err_item_exists": "Die beweging staat al op je lijst.",
    "err_ladder_full": "Je lijst telt al tien bewegingen. Haal er eerst een af.",
    "err_item_unknown": "Die beweging staat niet (meer) op je lijst.",
    "err_kind": "Kies een soort oefening.",
    "err_time": "Vul een datum en een uur in.",
    "err_relax_range": "Vul een aantal minuten in tussen 1 en 180.",
    "err_question": "Die vraag bestaat niet.",
    "err_choose_kind": "Kies moeten, mogen, of zeg het liever niet.",
}

EXERCISES_EN: Final[dict[str, str]] = {
    "nav_exercises": "Exercises",
    "nav_worksheets": "Worksheets",
    "pain_card_title": "Pain and activity",
    "pain_card_link": "More in your weekly report",
    "pain_card_none": "No data yet to put pain and activity side by side.",
    "col_signals": "Your body's signals",
    "signals_note": (
        "Was your heart rate at night higher than usual, or your heart-rate variability "
        "lower? Then that is shown next to your check-in of that day. It is a hint, never a "
        "diagnosis."
    ),
    "session_kind": "Was it something you had to do, or something you like doing?",
    "session_other": "Or another activity (for example ironing, gardening)",
    "session_kind_must": "Must activity",
    "session_kind_want": "Want activity (what you like doing)",
    "session_kind_none": "I would rather not say",
    "ex_title": "Exercises",
    "relax_title": "Relaxation exercise",
    "relax_intro": (
        "Start the exercise here and stop it when you are done. If you wear your device, "
        "your weekly report shows what your heart did: before, during and after."
    ),
    "relax_kind": "Kind of exercise",
    "relax_start": "Start the exercise",
    "relax_stop": "Stop the exercise",
    "relax_running": "Running since {time}: {kind}.",
    "relax_started": "The exercise is running. Take your time.",
    "relax_stopped": "Your exercise of {minutes} minutes has been saved.",
    "relax_cancelled": "That was shorter than a minute; nothing was saved.",
    "relax_not_running": "No exercise was running.",
    "relax_log_title": "Log an exercise afterwards",
    "relax_log_start": "Start (date and time)",
    "relax_minutes": "Minutes",
    "relax_log_save": "Save exercise",
    "relax_logged": "The exercise has been saved.",
    "relax_recent": "Your exercises of the past two weeks",
    "relax_recent_none": "No exercises yet.",
    "col_when": "When",
    "col_kind": "Kind",
    "col_minutes": "Minutes",
    "col_hr_before": "Heart rate before",
    "col_hr_during": "Heart rate during",
    "col_hr_after": "Heart rate after",
    "ladder_title": "Graded exposure",
    "ladder_intro": (
        "Write down at most ten movements or activities you are careful with or afraid "
        "of, with a number for your fear from 0 (none) to 100 (very much). The ladder puts "
        "them from least to most feared. Practise step by step, starting with the least "
        "feared; when lifting, keep bending your knees."
    ),
    "ladder_empty": "Your ladder is still empty.",
    "ladder_next": "Next step: {item}.",
    "ladder_all_done": (
        "Every movement is ticked off. What is the next step? Talk it over with your "
        "psychologist or physiotherapist."
    ),
    "col_step": "Step",
    "col_item": "Movement",
    "col_fear": "Fear (0–100)",
    "col_sessions": "Times practised",
    "col_fear_after": "Fear after each time",
    "col_pain_expected_felt": "Pain expected → felt",
    "col_state": "State",
    "ladder_state_done": "ticked off",
    "ladder_state_next": "next step",
    "ladder_done": "Tick off",
    "ladder_undone": "Not done yet",
    "ladder_remove": "Take off the ladder",
    "ladder_remove_confirm": (
        "Times practised for ‘{item}’: {count}. Take it off the ladder, and what you noted "
        "for it goes too."
    ),
    "ladder_remove_yes": "Yes, take it off",
    "ladder_remove_no": "No, keep it",
    "ladder_add_title": "Add a movement",
    "ladder_name": "Movement or activity",
    "ladder_fear": "How much fear (0–100)",
    "ladder_add": "Add",
    "ladder_added": "The movement is on your ladder.",
    "ladder_removed": "The movement has been taken off your ladder.",
    "ladder_marked": "Your ladder has been updated.",
    "practise_title": "Log a practice",
    "practise_intro": (
        "Write down beforehand what you expect, and afterwards what you felt: the "
        "difference is what the exercise teaches you."
    ),
    "practise_item": "Movement",
    "practise_expected_pain": "Pain you expect (0–10)",
    "practise_expected_fear": "Fear beforehand (0–100)",
    "practise_pain": "Pain you felt (0–10)",
    "practise_fear": "Fear afterwards (0–100)",
    "practise_save": "Save",
    "practise_saved": "Saved. You expected pain {expected} and felt {actual}.",
    "ws_title": "Worksheets",
    "ws_intro": (
        "The questions from the back school's brochure. Your answers are kept with their "
        "date, and your physiotherapist and psychologist can read them. Feel free to write "
        "again: every answer is kept."
    ),
    "ws_reader": "Here you read the patient's answers, with their dates.",
    "ws_answer": "Your answer",
    "ws_save": "Save answer",
    "ws_saved": "Your answer has been saved.",
    "ws_none": "No answer yet.",
    "ws_latest": "Latest answer, {date}",
    "ws_earlier": "Earlier answers",
    "ws_by": "{author}, {date}",
    "ws_q_life": "What does this mean for my life? For example household, job.",
    "ws_q_energy": "What gives me energy? Do I plan these activities regularly?",
    "ws_q_outlet": "What is my outlet? For example sport, social contact, something creative, …",
    "ws_q_relax": "Am I, despite the back pain, still able to relax?",
    "ws_q_help": (
        "How is this for me? Do I dare to ask for help? Can I make my limits clear to others?"
    ),
    "ws_q_avoid": "With which movements or things am I careful, or do I feel fear?",
    "err_fear_range": "Choose a number from 0 to 100.",
    "err_empty": "Fill this in.",
    "err_item_long": "Keep it short: 60 characters at most.",
    "err_item_exists": "That movement is already on your ladder.",
    "err_ladder_full": "Your ladder already holds ten movements. Take one off first.",
    "err_item_unknown": "That movement is not (or no longer) on your ladder.",
    "err_kind": "Choose a kind of exercise.",
    "err_time": "Fill in a date and a time.",
    "err_relax_range": "Fill in a number of minutes between 1 and 180.",
    "err_question": "That question does not exist.",
    "err_choose_kind": "Choose must, want, or rather not say.",
}
