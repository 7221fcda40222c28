"""The report's words for the other half of the program: pain and activity, the body's
signals, relaxation, must and want, graded exposure (Dutch first, English the same).

The brochure's own terms (shared/VOICE.md): "tijdcontingent", "over je grenzen gaan",
"vermijden" only for avoiding out of fear, "ontspanningsoefeningen", "stress-signalen" as a
hint never a diagnosis, "mogen-activiteiten (wat je graag doet)", "exposure, stapsgewijs
blootstellen". Describe, do not judge; every finding ends with something to do or the
invitation to look at it with the psycholoog or kinesist; "nog te weinig dagen" when
unsure. Merged into :data:`tracker.report.texts.TEXTS`.
"""

from __future__ import annotations

from typing import Final

PROGRAM_NL: Final[dict[str, str]] = {
    # Pain and activity
    "h_pain": "Pijn en activiteit",
    "pain_intro": (
        "Je avondchecks naast je actieve minuten. In het programma werk je tijdcontingent: "
        "je doet de afgesproken tijd, ook op een dag met meer pijn, en niet meer op een "
        "goede dag. Hier zie je hoe je pijn en je activiteit samen gingen."
    ),
    "pain_window": "Over de 28 dagen tot en met {date}: {n} avondchecks.",
    "pain_window_none": "Over de 28 dagen tot en met {date} is er nog geen avondcheck.",
    "pain_same_follows": (
        "Op dagen met meer pijn was je minder actief, op dagen met minder pijn meer "
        "(ρ = {rho}, over {n} dagen). Zo bepaalt de pijn hoeveel je doet. Probeer de "
        "afgesproken tijd aan te houden, ook op een dag met meer pijn: wat rustiger, of "
        "verdeeld over de dag. Je kan dit bespreken met je psycholoog of kinesist."
    ),
    "pain_same_none": (
        "We zagen geen duidelijk verband tussen je pijn en hoeveel je bewoog "
        "(ρ = {rho}, over {n} dagen). Blijf je activiteit afstemmen op wat je afsprak, "
        "niet op de pijn van het moment."
    ),
    "pain_same_flat": (
        "Je pijn of je activiteit bleef over deze {n} dagen gelijk, dus er valt geen "
        "verband te zien. Vul je avondcheck gewoon verder in."
    ),
    "pain_same_few": (
        "Nog te weinig dagen om pijn en activiteit naast elkaar te leggen: {n} dagen met "
        "een avondcheck en genoeg gegevens, er zijn er minstens {min} nodig. Vul je "
        "avondcheck in op het logboek van de hub."
    ),
    "pain_next_follows": (
        "Na een dag waarop je meer deed, was je pijn de dag erna vaak hoger (ρ = {rho}, over "
        "{n} dagparen). Dat kan een teken zijn van over je grenzen gaan. Verdeel je "
        "activiteiten over de dag en de week en las pauzes in; bekijk het gerust samen met "
        "je kinesist."
    ),
    "pain_next_none": (
        "We zagen geen duidelijk verband tussen hoeveel je op een dag deed en je pijn de "
        "dag erna (ρ = {rho}, over {n} dagparen)."
    ),
    "pain_next_flat": "Je pijn of je activiteit bleef gelijk, dus er valt geen verband te zien.",
    "pain_next_few": (
        "Nog te weinig opeenvolgende dagen met een avondcheck om je pijn de dag na een "
        "actieve dag te bekijken ({n} dagparen, er zijn er minstens {min} nodig)."
    ),
    "pain_building_up": (
        "Pijn die toeneemt bij het begin van het opbouwen is normaal: vaak is het spierpijn. "
        "Verdwijnt ze na een paar dagen niet, of maak je je zorgen, neem dan contact op met "
        "je (huis)arts."
    ),
    "tc_title": "De afgesproken tijd op moeilijkere en betere dagen",
    "tc_text": (
        "Op dagen met meer pijn (ergste pijn {median} of meer) deed je {hs} sessies: {hu} "
        "korter dan afgesproken, {ho} volgens afspraak, {hv} langer. Op dagen met minder "
        "pijn deed je {es} sessies: {eu} korter, {eo} volgens afspraak, {ev} langer."
    ),
    "tc_advice": (
        "Op een slechte dag probeer je toch de afgesproken tijd te halen, wat rustiger of "
        "verdeeld over de dag; op een goede dag ga je niet over de afgesproken tijd heen. "
        "Lukt het echt niet, probeer het de volgende keer opnieuw."
    ),
    "tc_few": (
        "Nog te weinig avondchecks om je sessies op moeilijkere en betere dagen te vergelijken."
    ),
    "tc_none": "Er waren geen sessies van je opbouwschema op dagen met een avondcheck.",
    "cycle_pain_up": "Na de piekdag van {date} steeg je pijn van {before} naar {after}.",
    "cycle_pain_down": "Na de piekdag van {date} daalde je pijn van {before} naar {after}.",
    "cycle_pain_same": "Na de piekdag van {date} bleef je pijn even sterk ({before}).",
    "chart_pain_title": "Actieve minuten en ergste pijn per dag",
    "chart_pain_caption": (
        "Staven: actieve minuten per dag met genoeg gegevens (linkeras). Lijn met rondjes: "
        "je ergste pijn volgens je avondcheck (rechteras, 0 tot 10). De omkaderde dagen zijn "
        "deze week. De cijfers van deze week staan in de tabel."
    ),
    "worst_pain": "ergste pijn",
    "table_caption_checkins": "Je avondchecks deze week",
    "col_pain_now": "Pijn nu",
    "col_worst": "Ergste pijn",
    "col_energy": "Energie",
    "col_note": "Notitie",
    "col_signals": "Signalen van je lichaam",
    "checkins_none": "Deze week werd geen avondcheck ingevuld.",
    # The body's signals
    "h_signals": "Signalen van je lichaam",
    "signals_intro": (
        "Hartkloppingen en slecht slapen horen bij de stress-signalen die de rugschool "
        "noemt. Je hartslag 's nachts kan daar een hint van geven, maar ook een verkoudheid "
        "of een laat etentje. Het is nooit een diagnose."
    ),
    "signal_resting_hr_high": (
        "{date}: je hartslag in rust die nacht was {value} slagen per minuut, hoger dan "
        "gewoonlijk ({low} tot {high})."
    ),
    "signal_rmssd_low": (
        "{date}: je hartslagvariabiliteit (RMSSD) die nacht was {value} ms, lager dan "
        "gewoonlijk ({low} tot {high})."
    ),
    "signal_short_resting_hr_high": "hartslag 's nachts hoger ({value})",
    "signal_short_rmssd_low": "RMSSD 's nachts lager ({value} ms)",
    "signals_none": "Deze week lag geen enkele ochtend buiten je gewone band.",
    "signals_few": (
        "Nog te weinig nachten met hartslag om je gewone band te kennen (minstens {min} "
        "nodig). Draag je toestel 's nachts als je dit wil zien."
    ),
    "signals_invite": (
        "Herken je daarin spanning of een slechte nacht? Kijk wat je helpt om te "
        "ontspannen, en bespreek het gerust met je psycholoog."
    ),
    # Relaxation
    "h_relax": "Ontspanningsoefeningen",
    "relax_intro": (
        "Progressieve relaxatie, autogene training, mindfulness: welke oefeningen deed je, "
        "en wat deed je hart? We vergelijken je hartslag tijdens de oefening met de "
        "{window} minuten ervoor en erna."
    ),
    "relax_none": (
        "Deze week werden geen ontspanningsoefeningen genoteerd. Je noteert een oefening "
        "op de hub (Oefeningen) of met tracker log relaxation. Ben je, ondanks de "
        "rugpijn, nog in staat om je te ontspannen? Je kinesist of psycholoog leert je graag "
        "een techniek aan."
    ),
    "relax_summary": "Deze week {n}, samen {minutes} minuten.",
    "n_exercise_one": "1 oefening",
    "n_exercise_many": "{n} oefeningen",
    "relax_drop": (
        "Tijdens de oefeningen lag je hartslag gemiddeld {drop} slagen per minuut lager dan "
        "ervoor. Zo zie je wat ontspannen met je lichaam doet."
    ),
    "relax_flat": (
        "Tijdens de oefeningen bleef je hartslag ongeveer gelijk aan ervoor. Ontspannen "
        "leer je met oefenen; het lichaam volgt vaak later."
    ),
    "relax_no_heart": "Er waren geen hartslaggegevens rond de oefeningen.",
    "kind_progressive": "progressieve relaxatie",
    "kind_autogenic": "autogene training",
    "kind_mindfulness": "mindfulness",
    "kind_breathing": "ademhalingsoefening",
    "kind_other": "andere oefening",
    "table_caption_relax": "Ontspanningsoefeningen deze week",
    "col_start": "Begin",
    "col_kind": "Soort",
    "col_minutes": "Minuten",
    "col_hr_before": "Hartslag ervoor",
    "col_hr_during": "Hartslag tijdens",
    "col_hr_after": "Hartslag erna",
    "col_rmssd_before": "RMSSD ervoor (ms)",
    "col_rmssd_during": "RMSSD tijdens (ms)",
    "table_caption_relax_days": "Inspanning en ontspanning per dag (minuten)",
    "col_exertion": "Inspanning (actief)",
    "col_pauses": "Rust tussendoor",
    "col_exercises": "Ontspanningsoefeningen",
    "col_relaxation": "Ontspanning samen",
    # Must and want
    "h_must_want": "Moeten en mogen",
    "mw_intro": (
        "‘Eerst de plicht, dan de lol’: vaak blijft er dan geen tijd of energie over voor "
        "de mogen-activiteiten, wat je graag doet, terwijl die je energie geven."
    ),
    "mw_summary": (
        "Deze week noteerde je {must} ({must_min} minuten) en {want} ({want_min} minuten)."
    ),
    "mw_more_must": (
        "Plan ook iets in wat je graag doet, en wissel moeten en mogen af: een "
        "mogen-activiteit geeft energie voor de rest."
    ),
    "mw_balanced": "Je wisselde moeten en mogen af. Blijf dat doen.",
    "mw_none": (
        "Deze week werden geen activiteiten als moeten of mogen genoteerd. Bij een sessie in "
        "het logboek kies je of het iets was wat je moest doen of wat je graag deed."
    ),
    "col_must": "Moeten",
    "n_must_one": "1 moeten-activiteit",
    "n_must_many": "{n} moeten-activiteiten",
    "n_want_one": "1 mogen-activiteit",
    "n_want_many": "{n} mogen-activiteiten",
    "col_want": "Mogen",
    "table_caption_must_want": "Moeten- en mogen-activiteiten per dag (aantal, minuten)",
    # Exposure
    "h_exposure": "Stapsgewijs blootstellen (exposure)",
    "exp_intro": (
        "Je oefent de bewegingen waarbij je voorzichtig bent of angst ervaart stap voor "
        "stap, van de minst gevreesde naar de meest gevreesde. Wat je leert, is het verschil "
        "tussen de pijn die je verwachtte en de pijn die je voelde."
    ),
    "exp_no_ladder": (
        "Er staat nog niets op je lijst. Noteer, samen met je psycholoog of kinesist, "
        "maximaal tien bewegingen waarbij je voorzichtig bent of angst ervaart, van 1 "
        "(minst angst) tot 10."
    ),
    "exp_none_week": "Deze week werden geen oefeningen genoteerd.",
    "n_practice_one": "1 keer",
    "n_practice_many": "{n} keer",
    "exp_summary": (
        "Deze week {n} geoefend. Je verwachtte gemiddeld pijn {expected} en voelde "
        "{actual}; je angst ging van {fear_before} vooraf naar {fear_after} achteraf."
    ),
    "exp_next": "Volgende stap op je lijst: {item} (stap {rank} van {total}).",
    "exp_all_done": (
        "Alle bewegingen op je lijst zijn afgevinkt. Bespreek met je psycholoog of kinesist "
        "wat de volgende stap is."
    ),
    "exp_invite": (
        "Loop je vast, of houden pijn of angst je tegen? Aarzel dan niet om hulp te vragen "
        "aan je psycholoog of kinesist."
    ),
    "table_caption_exposure": "Oefeningen deze week",
    "col_item": "Beweging",
    "col_step": "Stap",
    "col_pain_expected": "Pijn verwacht",
    "col_pain_felt": "Pijn gevoeld",
    "col_fear_before": "Angst vooraf",
    "col_fear_after": "Angst achteraf",
}

PROGRAM_EN: Final[dict[str, str]] = {
    "h_pain": "Pain and activity",
    "pain_intro": (
        "Your evening check-ins next to your active minutes. In the program you work "
        "time-contingently: you do the agreed time, also on a day with more pain, and not "
        "more on a good day. Here you see how your pain and your activity went together."
    ),
    "pain_window": "Over the 28 days up to {date}: {n} evening check-ins.",
    "pain_window_none": "Over the 28 days up to {date} there is no evening check-in yet.",
    "pain_same_follows": (
        "On days with more pain you were less active, on days with less pain more "
        "(ρ = {rho}, over {n} days). That way the pain decides how much you do. Try to "
        "keep to the agreed time, also on a day with more pain: a little calmer, or spread "
        "over the day. You can talk this over with your psychologist or physiotherapist."
    ),
    "pain_same_none": (
        "We saw no clear link between your pain and how much you moved (ρ = {rho}, over "
        "{n} days). Keep matching your activity to what you agreed, not to the pain of "
        "the moment."
    ),
    "pain_same_flat": (
        "Your pain or your activity stayed the same over these {n} days, so there is no "
        "link to see. Simply keep filling in your evening check-in."
    ),
    "pain_same_few": (
        "Too few days yet to put pain and activity side by side: {n} days with an evening "
        "check-in and enough data, at least {min} are needed. Fill in your evening check-in "
        "in the hub's log."
    ),
    "pain_next_follows": (
        "After a day on which you did more, your pain the next day was often higher "
        "(ρ = {rho}, over {n} pairs of days). That can be a sign of going over your limits. "
        "Spread your activities over the day and the week and take breaks; feel free to "
        "look at it with your physiotherapist."
    ),
    "pain_next_none": (
        "We saw no clear link between how much you did on a day and your pain the day "
        "after (ρ = {rho}, over {n} pairs of days)."
    ),
    "pain_next_flat": "Your pain or your activity stayed the same, so there is no link to see.",
    "pain_next_few": (
        "Too few consecutive days with an evening check-in yet to look at your pain the day "
        "after an active day ({n} pairs of days, at least {min} are needed)."
    ),
    "pain_building_up": (
        "Pain that increases when you start building up is normal: often it is muscle "
        "ache. If it has not gone after a few days, or you are worried, contact your "
        "(family) doctor."
    ),
    "tc_title": "The agreed time on harder and easier days",
    "tc_text": (
        "On days with more pain (worst pain {median} or more) you did {hs} sessions: {hu} "
        "shorter than agreed, {ho} as agreed, {hv} longer. On days with less pain you did "
        "{es} sessions: {eu} shorter, {eo} as agreed, {ev} longer."
    ),
    "tc_advice": (
        "On a bad day you still try to do the agreed time, a little calmer or spread over "
        "the day; on a good day you do not go beyond the agreed time. If it really does "
        "not work, try again next time."
    ),
    "tc_few": "Too few evening check-ins yet to compare your sessions on harder and easier days.",
    "tc_none": "There were no sessions of your build-up plan on days with an evening check-in.",
    "cycle_pain_up": "After the boom day of {date} your pain went up from {before} to {after}.",
    "cycle_pain_down": "After the boom day of {date} your pain went down from {before} to {after}.",
    "cycle_pain_same": "After the boom day of {date} your pain stayed the same ({before}).",
    "chart_pain_title": "Active minutes and worst pain per day",
    "chart_pain_caption": (
        "Bars: active minutes per day with enough data (left axis). Line with circles: "
        "your worst pain from your evening check-in (right axis, 0 to 10). The framed days "
        "are this week. This week's numbers are in the table."
    ),
    "worst_pain": "worst pain",
    "table_caption_checkins": "Your evening check-ins this week",
    "col_pain_now": "Pain now",
    "col_worst": "Worst pain",
    "col_energy": "Energy",
    "col_note": "Note",
    "col_signals": "Your body's signals",
    "checkins_none": "No evening check-in was filled in this week.",
    "h_signals": "Your body's signals",
    "signals_intro": (
        "Palpitations and poor sleep are among the stress signals the back school names. "
        "Your heart rate at night can hint at them, but so can a cold or a late dinner. "
        "It is never a diagnosis."
    ),
    "signal_resting_hr_high": (
        "{date}: your resting heart rate that night was {value} beats per minute, higher "
        "than usual ({low} to {high})."
    ),
    "signal_rmssd_low": (
        "{date}: your heart-rate variability (RMSSD) that night was {value} ms, lower than "
        "usual ({low} to {high})."
    ),
    "signal_short_resting_hr_high": "heart rate at night higher ({value})",
    "signal_short_rmssd_low": "RMSSD at night lower ({value} ms)",
    "signals_none": "This week no morning lay outside your usual band.",
    "signals_few": (
        "Too few nights with heart rate yet to know your usual band (at least {min} "
        "needed). Wear your device at night if you want to see this."
    ),
    "signals_invite": (
        "Do you recognise tension or a bad night in it? See what helps you relax, and "
        "feel free to talk it over with your psychologist."
    ),
    "h_relax": "Relaxation exercises",
    "relax_intro": (
        "Progressive relaxation, autogenic training, mindfulness: which exercises did you "
        "do, and what did your heart do? We compare your heart rate during the exercise "
        "with the {window} minutes before and after."
    ),
    "relax_none": (
        "No relaxation exercises were logged this week. You log an exercise on the hub "
        "(Exercises) or with tracker log relaxation. Are you, despite the back pain, still "
        "able to relax? Your physiotherapist or psychologist will gladly teach you a "
        "technique."
    ),
    "relax_summary": "This week {n}, {minutes} minutes in all.",
    "n_exercise_one": "1 exercise",
    "n_exercise_many": "{n} exercises",
    "relax_drop": (
        "During the exercises your heart rate was on average {drop} beats per minute lower "
        "than before. That is what relaxing does to your body."
    ),
    "relax_flat": (
        "During the exercises your heart rate stayed about the same as before. Relaxing is "
        "learnt by practice; the body often follows later."
    ),
    "relax_no_heart": "There was no heart-rate data around the exercises.",
    "kind_progressive": "progressive relaxation",
    "kind_autogenic": "autogenic training",
    "kind_mindfulness": "mindfulness",
    "kind_breathing": "breathing exercise",
    "kind_other": "other exercise",
    "table_caption_relax": "Relaxation exercises this week",
    "col_start": "Start",
    "col_kind": "Kind",
    "col_minutes": "Minutes",
    "col_hr_before": "Heart rate before",
    "col_hr_during": "Heart rate during",
    "col_hr_after": "Heart rate after",
    "col_rmssd_before": "RMSSD before (ms)",
    "col_rmssd_during": "RMSSD during (ms)",
    "table_caption_relax_days": "Exertion and relaxation per day (minutes)",
    "col_exertion": "Exertion (active)",
    "col_pauses": "Rest in between",
    "col_exercises": "Relaxation exercises",
    "col_relaxation": "Relaxation in all",
    "h_must_want": "Must and want",
    "mw_intro": (
        "'Duty first, then fun': often there is then no time or energy left for the want "
        "activities, what you like doing, while those give you energy."
    ),
    "mw_summary": (
        "This week you logged {must} ({must_min} minutes) and {want} ({want_min} minutes)."
    ),
    "mw_more_must": (
        "Also plan something you like doing, and alternate must and want: a want activity "
        "gives energy for the rest."
    ),
    "mw_balanced": "You alternated must and want. Keep doing so.",
    "mw_none": (
        "No activities were logged as must or want this week. With a session in the log "
        "you choose whether it was something you had to do or something you liked doing."
    ),
    "col_must": "Must",
    "n_must_one": "1 must activity",
    "n_must_many": "{n} must activities",
    "n_want_one": "1 want activity",
    "n_want_many": "{n} want activities",
    "col_want": "Want",
    "table_caption_must_want": "Must and want activities per day (count, minutes)",
    "h_exposure": "Graded exposure",
    "exp_intro": (
        "You practise the movements you are careful with or afraid of step by step, from "
        "the least feared to the most feared. What you learn is the difference between the "
        "pain you expected and the pain you felt."
    ),
    "exp_no_ladder": (
        "There is nothing on your ladder yet. With your psychologist or physiotherapist, "
        "write down at most ten movements you are careful with or afraid of, from 1 (least "
        "fear) to 10."
    ),
    "exp_none_week": "No practice was logged this week.",
    "n_practice_one": "once",
    "n_practice_many": "{n} times",
    "exp_summary": (
        "This week you practised {n}. On average you expected pain {expected} and "
        "felt {actual}; your fear went from {fear_before} before to {fear_after} after."
    ),
    "exp_next": "Next step on your ladder: {item} (step {rank} of {total}).",
    "exp_all_done": (
        "Every movement on your ladder is ticked off. Talk over the next step with your "
        "psychologist or physiotherapist."
    ),
    "exp_invite": (
        "Do you get stuck, or do pain or fear hold you back? Do not hesitate to ask your "
        "psychologist or physiotherapist for help."
    ),
    "table_caption_exposure": "Practice this week",
    "col_item": "Movement",
    "col_step": "Step",
    "col_pain_expected": "Pain expected",
    "col_pain_felt": "Pain felt",
    "col_fear_before": "Fear before",
    "col_fear_after": "Fear after",
}
