"""The report's words for the program's exercises: the relaxation exercises with the
heart's answer, must and want, and graded exposure (the fear ladder).

The brochure's terms: "ontspanningsoefeningen" (progressieve relaxatie, autogene training,
mindfulness), "moeten-activiteiten" and "mogen-activiteiten (wat je graag doet)",
"exposure, stapsgewijs blootstellen" with a list from 1 (minst angst) to 10. Merged into
:data:`tracker.report.texts.TEXTS`.
"""

from __future__ import annotations

from typing import Final

EXERCISES_NL: Final[dict[str, str]] = {
    "h_relax": "Ontspanningsoefeningen",
    "relax_intro": (
        "Welke oefeningen deed je, en wat deed je hart? We leggen je hartslag tijdens de "
        "oefening naast die van de {window} minuten ervoor en erna."
    ),
    "relax_none": (
        "Deze week werden geen ontspanningsoefeningen genoteerd. Je noteert een oefening "
        "op de hub, bij Oefeningen. Ben je, ondanks de rugpijn, nog in staat om je te "
        "ontspannen? Je kinesist of psycholoog leert je graag een oefening aan."
    ),
    "relax_summary": "Deze week {n}, samen {minutes} minuten.",
    "n_exercise_one": "1 oefening",
    "n_exercise_many": "{n} oefeningen",
    "relax_drop": (
        "Tijdens de oefeningen lag je hartslag gemiddeld {drop} slagen per minuut lager dan "
        "ervoor. Zo zie je wat ontspannen met je lichaam doet."
    ),
    "relax_flat": (
        "Tijdens de oefeningen bleef je hartslag ongeveer even hoog als ervoor. Ontspannen "
        "leer je door te oefenen; je lichaam volgt vaak later."
    ),
    "relax_no_heart": "Je hartslag is er niet bij gemeten.",
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
    "col_hrv_before": "Hartslagvariabiliteit ervoor (ms)",
    "col_hrv_during": "Hartslagvariabiliteit tijdens (ms)",
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
    "mw_summary": "Deze week noteerde je {must} en {want}.",
    "mw_more_must": (
        "Plan ook een mogen-activiteit in: iets wat je graag doet. Wissel moeten en mogen "
        "af, want wat je graag doet, geeft energie voor de rest."
    ),
    "mw_balanced": "Je wisselde moeten en mogen af. Blijf dat doen.",
    "mw_want_only": "Je maakte tijd voor wat je graag doet. Blijf dat doen.",
    "mw_none": (
        "Deze week werden geen activiteiten als moeten of mogen genoteerd. Noteer je een "
        "sessie in het logboek, dan kies je: moest het, of deed je het graag?"
    ),
    "col_must": "Moeten",
    # Plain words for a count: "2 moeten-activiteiten (50 minuten)" reads too hard.
    "n_must_none": "niets wat moest",
    "n_must_one": "1 keer iets wat moest ({minutes} minuten)",
    "n_must_many": "{n} keer iets wat moest ({minutes} minuten)",
    "n_want_none": "niets wat je graag deed",
    "n_want_one": "1 keer iets wat je graag deed ({minutes} minuten)",
    "n_want_many": "{n} keer iets wat je graag deed ({minutes} minuten)",
    "col_want": "Mogen",
    "table_caption_must_want": "Moeten- en mogen-activiteiten per dag (aantal, minuten)",
    # Exposure
    "h_exposure": "Stapsgewijs blootstellen (exposure)",
    "exp_intro": (
        "Je oefent de bewegingen waarbij je voorzichtig bent of angst voelt, stap voor "
        "stap: van de minst gevreesde naar de meest gevreesde. Je leert het verschil tussen "
        "de pijn die je verwachtte en de pijn die je voelde."
    ),
    "exp_no_ladder": (
        "Er staat nog niets op je lijst. Schrijf samen met je psycholoog of kinesist tot "
        "tien bewegingen op waarbij je voorzichtig bent of angst voelt. Zet ze op een lijst "
        "van 1 (minst angst) tot 10."
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
        "Alle bewegingen op je lijst zijn afgevinkt. Wat is de volgende stap? Bespreek het "
        "met je psycholoog of kinesist."
    ),
    "exp_invite": (
        "Loop je vast, of houden pijn of angst je tegen? Vraag dan gerust hulp aan je "
        "psycholoog of kinesist."
    ),
    "table_caption_exposure": "Oefeningen deze week",
    "col_item": "Beweging",
    "col_step": "Stap",
    "col_pain_expected": "Pijn verwacht",
    "col_pain_felt": "Pijn gevoeld",
    "col_fear_before": "Angst vooraf",
    "col_fear_after": "Angst achteraf",
}

EXERCISES_EN: Final[dict[str, str]] = {
    "h_relax": "Relaxation exercises",
    "relax_intro": (
        "Which exercises did you do, and what did your heart do? We put your heart rate "
        "during the exercise next to that of the {window} minutes before and after."
    ),
    "relax_none": (
        "No relaxation exercises were logged this week. You log an exercise on the hub, "
        "under Exercises. Are you, despite the back pain, still able to relax? Your "
        "physiotherapist or psychologist will gladly teach you an exercise."
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
    "relax_no_heart": "Your heart rate was not measured around the exercises.",
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
    "col_hrv_before": "Heart-rate variability before (ms)",
    "col_hrv_during": "Heart-rate variability during (ms)",
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
    "mw_summary": "This week you logged {must} and {want}.",
    "mw_more_must": (
        "Also plan a want activity: something you like doing. Alternate must and want, "
        "because what you like doing gives energy for the rest."
    ),
    "mw_balanced": "You alternated must and want. Keep doing so.",
    "mw_want_only": "You made time for what you like doing. Keep doing so.",
    "mw_none": (
        "No activities were logged as must or want this week. When you log a session in "
        "the log, you choose: did you have to, or did you like doing it?"
    ),
    "col_must": "Must",
    "n_must_none": "no must activity",
    "n_must_one": "1 must activity ({minutes} minutes)",
    "n_must_many": "{n} must activities ({minutes} minutes)",
    "n_want_none": "no want activity",
    "n_want_one": "1 want activity ({minutes} minutes)",
    "n_want_many": "{n} want activities ({minutes} minutes)",
    "col_want": "Want",
    "table_caption_must_want": "Must and want activities per day (count, minutes)",
    "h_exposure": "Graded exposure",
    "exp_intro": (
        "You practise the movements you are careful with or afraid of, step by step: from "
        "the least feared to the most feared. You learn the difference between the pain you "
        "expected and the pain you felt."
    ),
    "exp_no_ladder": (
        "There is nothing on your ladder yet. With your psychologist or physiotherapist, "
        "write down up to ten movements you are careful with or afraid of. Put them on a "
        "ladder from 1 (least fear) to 10."
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
        "Every movement on your ladder is ticked off. What is the next step? Talk it over "
        "with your psychologist or physiotherapist."
    ),
    "exp_invite": (
        "Do you get stuck, or do pain or fear hold you back? Do ask your psychologist or "
        "physiotherapist for help."
    ),
    "table_caption_exposure": "Practice this week",
    "col_item": "Movement",
    "col_step": "Step",
    "col_pain_expected": "Pain expected",
    "col_pain_felt": "Pain felt",
    "col_fear_before": "Fear before",
    "col_fear_after": "Fear after",
}
