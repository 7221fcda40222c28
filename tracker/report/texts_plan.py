"""The report's words for the plan (opbouwschema), the tips and the brochure's questions.

"Basisniveau" ("baseline") is only the plan's: the mean of the three measurements the
plan starts from; the startniveau lies 20–30 % under it. Merged into
:data:`tracker.report.texts.TEXTS`.
"""

from __future__ import annotations

from typing import Final

PLAN_NL: Final[dict[str, str]] = {
    "h_plan": "Je opbouwschema",
    "plan_none": (
        "Er is nog geen opbouwschema. Samen met je kinesist of psycholoog kies je een "
        "activiteit. Je meet drie keer hoe lang je ze kunt doen: dat is je basisniveau. "
        "Daarna leg je je schema vast op de hub."
    ),
    # Said before the summary when the plan was made from measurements.
    "plan_baseline": "Je basisniveau is {baseline} minuten: het gemiddelde van je metingen.",
    "plan_summary": (
        "Je activiteit is {activity}, {sessions} keer per week. Je begint op je startniveau "
        "van {start} minuten en doet elke week {increment} minuten langer, tot je einddoel "
        "van {goal} minuten na {weeks} weken."
    ),
    "plan_rule": (
        "Je werkt tijdcontingent: je doet de afgesproken tijd, ook op een slechte dag met "
        "veel pijn, en op een goede dag ga je niet over de afgesproken tijd heen. Lukt het "
        "echt niet, dan geeft dit niet: probeer het de volgende keer gewoon opnieuw."
    ),
    "plan_this_week": "Deze week (week {week} van je schema): {quota} minuten per keer.",
    "plan_before_start": "Je opbouwschema begint pas op {date}.",
    "plan_done": "Je deed {done} sessies; er waren er {planned} gepland.",
    "chart_sessions": "je sessies",
    "chart_plan_title": "Opbouwschema: afgesproken tijd per week en wat je deed",
    "chart_plan_caption": (
        "Lijn met vierkantjes: de afgesproken tijd per keer in elke week van je schema. "
        "Rondjes: je sessies. De cijfers staan ook in de tabel."
    ),
    "col_plan_week": "Schemaweek",
    "col_quota": "Afgesproken minuten",
    "col_session_minutes": "Minuten",
    "col_source": "Bron",
    "col_verdict": "Tegenover je schema",
    "col_sessions_done": "Sessies gedaan",
    "activity_walking": "wandelen",
    "activity_cycling": "fietsen",
    "activity_swimming": "zwemmen",
    "source_bout": "gemeten (wandelen)",
    "source_logged": "zelf genoteerd",
    "verdict_under": "korter dan afgesproken",
    "verdict_on_plan": "volgens afspraak",
    "verdict_over": "langer dan afgesproken",
    "sessions_none": "Deze week werden geen sessies gemeten of genoteerd.",
    "stagnating": (
        "Je opbouw lijkt al twee weken te stagneren. Probeer na te gaan wat de oorzaak is: "
        "welke interne of externe barrières spelen mogelijk een rol? Kun je hier zelf iets "
        "aan veranderen? Zijn je einddoel en opbouwschema wel realistisch? Een schema "
        "aanpassen mag. Loop je vast, vraag dan gerust hulp aan je psycholoog of kinesist."
    ),
    "table_caption_plan": "Cijfers per schemaweek",
    "table_caption_sessions": "Sessies deze week",
    # Tips
    "h_tips": "Tips voor de komende week",
    "tip_split_task": (
        "Je langste inspanning aan één stuk duurde {minutes} minuten ({day}). Hak zo'n taak "
        "in stukjes en las om de {limit} minuten een pauze in, bijvoorbeeld met een kopje "
        "koffie. Zoals in het voorbeeld van de tuin: wie om de 20 minuten een kwartier "
        "pauzeert, is sneller klaar dan wie een uur doorwerkt en daarna twee uur op de "
        "bank moet bijkomen."
    ),
    "tip_rest_after": (
        "Op {days} volgde na een lange inspanning een lange rust. Wissel liever af: wat "
        "inspanning, dan wat ontspanning. Dan hoef je achteraf minder te bekomen."
    ),
    # Not "vermijden" here: in the program that word means avoiding out of fear.
    "tip_spread": (
        "Verdeel je activiteiten over de dag en de week. Doe op goede dagen iets minder "
        "dan je normaal zou doen, en op dagen met meer pijn iets meer dan je anders zou "
        "doen. Zo hoeft er na een piek ({booms}) geen dip ({busts}) te volgen."
    ),
    "tip_dayparts": (
        "Het grootste deel van je activiteit viel in de {part}. Probeer iedere dag en "
        "ieder dagdeel iets te doen, bijvoorbeeld 's ochtends al wat voorbereiden en "
        "'s middags verder werken."
    ),
    "tip_want_activity": (
        "Plan iets in wat je graag doet en wat je energie geeft: een mogen-activiteit. "
        "Wissel moeten en mogen af, en bouw stap voor stap op."
    ),
    "tip_plan_over": (
        "Deze week deed je {over} van de {done} keer langer dan afgesproken. Ook op een "
        "goede dag ga je niet over de afgesproken tijd heen: zo bouw je rustig en duurzaam op."
    ),
    "tip_plan_under": (
        "Deze week lukte de afgesproken tijd {under} van de {done} keer niet. Op een "
        "moeilijke dag mag je het rustiger aandoen: wat trager lopen, het verdelen over de "
        "dag of vaker een pauze nemen. Lukt het echt niet, probeer het de volgende keer opnieuw."
    ),
    "tip_on_plan": (
        "Je hield je deze week aan je opbouwschema. Goed bezig: zo bouw je je "
        "belastbaarheid stap voor stap op."
    ),
    "tip_steady": (
        "Je activiteit bleef deze week binnen je grenzen. Blijf inspanning en ontspanning "
        "afwisselen, en ook werk met je lijf en werk met je hoofd."
    ),
    "tip_no_data": (
        "Draag je toestel zo veel je kunt, ook op rustige dagen. Dan wordt je overzicht "
        "beter, en leren we je gewone activiteit beter kennen."
    ),
    "h_questions": "Om over na te denken",
    "questions_intro": "Vragen uit de rugschool, om voor jezelf of met je begeleider te bekijken:",
    "q_energy": "Wat geeft mij energie? Plan ik deze activiteiten regelmatig in?",
    "q_life": "Hoe is dit voor mijn leven? Bijvoorbeeld huishouden, job.",
    "q_outlet": "Wat is mijn uitlaatklep? Bijvoorbeeld sport, sociaal contact, iets creatief, …",
    "q_relax": "Ben ik, ondanks de rugpijn, nog in staat om me te ontspannen?",
    "q_help": "Durf ik hulp te vragen? Kan ik goed mijn grenzen aangeven aan anderen?",
    "q_behaviour": "Welk gedrag helpt mij vooruit en welk gedrag niet?",
}

PLAN_EN: Final[dict[str, str]] = {
    "h_plan": "Your build-up schedule",
    "plan_none": (
        "There is no build-up schedule yet. With your physiotherapist or psychologist you "
        "choose an activity. You measure three times how long you can do it: that is your "
        "baseline. Then you set your schedule on the hub."
    ),
    "plan_baseline": "Your baseline is {baseline} minutes: the mean of your measurements.",
    "plan_summary": (
        "Your activity is {activity}, {sessions} times a week. You start at your starting "
        "level of {start} minutes and do {increment} minutes longer each week, up to your "
        "goal of {goal} minutes after {weeks} weeks."
    ),
    "plan_rule": (
        "You work time-contingently: you do the agreed time, also on a bad day with a lot "
        "of pain, and on a good day you do not go beyond the agreed time. If it really "
        "does not work out, that is all right: simply try again next time."
    ),
    "plan_this_week": "This week (week {week} of your schedule): {quota} minutes each time.",
    "plan_before_start": "Your build-up schedule only starts on {date}.",
    "plan_done": "You did {done} sessions; {planned} were planned.",
    "chart_sessions": "your sessions",
    "chart_plan_title": "Build-up schedule: agreed time per week and what you did",
    "chart_plan_caption": (
        "Line with squares: the agreed time per session in each week of your schedule. "
        "Circles: your sessions. The numbers are also in the table."
    ),
    "col_plan_week": "Schedule week",
    "col_quota": "Agreed minutes",
    "col_session_minutes": "Minutes",
    "col_source": "Source",
    "col_verdict": "Against your schedule",
    "col_sessions_done": "Sessions done",
    "activity_walking": "walking",
    "activity_cycling": "cycling",
    "activity_swimming": "swimming",
    "source_bout": "measured (walking)",
    "source_logged": "logged by you",
    "verdict_under": "shorter than agreed",
    "verdict_on_plan": "as agreed",
    "verdict_over": "longer than agreed",
    "sessions_none": "No sessions were measured or logged this week.",
    "stagnating": (
        "Your build-up seems to have stalled for two weeks. Try to find out why: which "
        "internal or external barriers may play a part? Can you change something yourself? "
        "Are your goal and build-up schedule realistic? Adjusting the schedule is fine. If "
        "you get stuck, do ask your psychologist or physiotherapist for help."
    ),
    "table_caption_plan": "Numbers per schedule week",
    "table_caption_sessions": "Sessions this week",
    "h_tips": "Tips for the coming week",
    "tip_split_task": (
        "Your longest exertion in one go lasted {minutes} minutes ({day}). Cut such a task "
        "into pieces and take a break every {limit} minutes, for example with a cup of "
        "coffee. As in the garden example: whoever pauses for a quarter of an hour every "
        "20 minutes is done sooner than whoever works an hour straight and then needs two "
        "hours on the couch to recover."
    ),
    "tip_rest_after": (
        "On {days} a long exertion was followed by a long rest. Rather alternate: some "
        "exertion, then some relaxation. Then you need less time to recover afterwards."
    ),
    "tip_spread": (
        "Spread your activities over the day and the week. On good days do a little less "
        "than you normally would, and on days with more pain a little more than you "
        "otherwise would. That way a boom ({booms}) need not be followed by a bust ({busts})."
    ),
    "tip_dayparts": (
        "Most of your activity fell in the {part}. Try to do something every day and in "
        "every part of the day, for example preparing a little in the morning and carrying "
        "on in the afternoon."
    ),
    "tip_want_activity": (
        "Plan something you like doing and that gives you energy: a want activity. "
        "Alternate must and want, and build up step by step."
    ),
    "tip_plan_over": (
        "This week you did more than agreed {over} of {done} times. Also on a good day you "
        "do not go beyond the agreed time: that way you build up calmly and lastingly."
    ),
    "tip_plan_under": (
        "This week the agreed time did not work out {under} of {done} times. On a difficult "
        "day you may take it easier: walk a little slower, spread it over the day or take "
        "more breaks. If it really does not work, try again next time."
    ),
    "tip_on_plan": (
        "You kept to your build-up schedule this week. Well done: this is how you build up "
        "your capacity step by step."
    ),
    "tip_steady": (
        "Your activity stayed within your limits this week. Keep alternating exertion and "
        "relaxation, and also work with your body and work with your head."
    ),
    "tip_no_data": (
        "Wear your device as much as you can, also on quiet days. That makes your overview "
        "better, and we get to know your usual level better."
    ),
    "h_questions": "Food for thought",
    "questions_intro": "Questions from the back school, for yourself or with your therapist:",
    "q_energy": "What gives me energy? Do I plan these activities regularly?",
    "q_life": "What does this mean for my life? For example household, job.",
    "q_outlet": "What is my outlet? For example sport, social contact, something creative, …",
    "q_relax": "Am I, despite the back pain, still able to relax?",
    "q_help": "Do I dare to ask for help? Can I make my limits clear to others?",
    "q_behaviour": "Which behaviour helps me forward and which does not?",
}
