"""The words of the weekly report, in Dutch (default) and English.

Dutch follows the back-school brochure (shared/seed/): its own terms ("over je grenzen
gaan", "belastbaarheid", "inspanning en ontspanning", "tijdcontingent", "basisniveau",
"opbouwschema", "mogen-activiteit") and its reflective questions. The tone is kind and
concrete, never blaming, and gives no advice beyond the program's own.

Every key exists in both languages (a test checks this, and that the ``{placeholders}``
match). Dates are written in words without a locale, so the report reads the same on
any hub.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from tracker.report.program_texts import PROGRAM_EN, PROGRAM_NL

LANGUAGES: Final = ("nl", "en")

_DAY_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_DAY_ABBR: Final[dict[str, tuple[str, ...]]] = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTH_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

_NL: Final[dict[str, str]] = {
    "title": "Weekrapport",
    "week_label": "Week {week} van {year}",
    "period": "van {start} tot en met {end}",
    "for_patient": "Voor {name}",
    "with_therapist": "Te bespreken met {name}",
    "generated": "Gemaakt op {date}",
    "intro": (
        "Dit overzicht toont hoe je je activiteit over de voorbije week verdeeld hebt. "
        "Het is geen oordeel: jij bent en blijft expert over je eigen leven. "
        "Neem het gerust mee naar je psycholoog of kinesist."
    ),
    "in_progress": (
        "Deze week is nog niet voorbij: wat je hier leest, loopt tot en met {date}. "
        "Het volledige overzicht volgt na zondag."
    ),
    "no_data_week": (
        "Er zijn deze week geen gegevens opgenomen. Dat kan gebeuren: misschien droeg je "
        "het toestel niet of was het niet verbonden. Volgende week is er een nieuw overzicht."
    ),
    # Section: the week at a glance
    "h_glance": "De week in één oogopslag",
    "days_worn": "Dagen met genoeg gegevens",
    "days_worn_value": "{n} van de 7",
    "active_total": "Actieve minuten deze week",
    "active_mean": "Gemiddeld per dag met gegevens",
    "steps_total": "Stappen deze week",
    "baseline_label": "Je basisniveau",
    "baseline_value": "{minutes} min per dag",
    "baseline_none": "nog niet bekend (leerperiode)",
    "glance_explain": (
        "Je basisniveau is de mediaan van je actieve minuten op de vorige 28 dagen. "
        "Boven de bovengrens ga je over je grenzen; onder de ondergrens kon je veel "
        "minder dan gewoonlijk. Tussen beide ligt je belastbaarheid."
    ),
    "chart_days_title": "Actieve minuten per dag tegenover je grenzen",
    "chart_days_caption": (
        "Staven: actieve minuten per dag. Gearceerde band: tussen ondergrens en bovengrens. "
        "▲ piekdag, ▼ dipdag. De cijfers staan ook in de tabel hieronder."
    ),
    "col_day": "Dag",
    "col_date": "Datum",
    "col_active": "Actieve minuten",
    "col_worn": "Gedragen minuten",
    "col_steps": "Stappen",
    "col_baseline": "Basisniveau",
    "col_lower": "Ondergrens",
    "col_upper": "Bovengrens",
    "col_day_type": "Soort dag",
    "day_type_no_data": "te weinig gegevens",
    "day_type_learning": "leerperiode",
    "day_type_boom": "piekdag",
    "day_type_bust": "dipdag",
    "day_type_normal": "binnen je grenzen",
    "lower": "ondergrens",
    "upper": "bovengrens",
    "baseline": "basisniveau",
    "active_minutes": "actieve minuten",
    "minutes_short": "min",
    "h_cycles": "Pieken en dippen",
    "cycles_none": (
        "Deze week zagen we geen piek gevolgd door een dip. Je activiteit bleef mooi verdeeld."
    ),
    # No cycle, but a piek- or dipdag in the table: the week was not evenly spread.
    "cycles_none_uneven": "Deze week zagen we geen piek gevolgd door een dip.",
    "cycles_learning": (
        "We kennen je basisniveau nog niet goed genoeg om pieken en dippen te herkennen. "
        "Daarvoor zijn minstens 7 dagen met genoeg gegevens nodig."
    ),
    "cycles_intro": (
        "Op een goede dag is het verleidelijk om de schade in te halen. Daarna volgt vaak "
        "een dag waarop je veel minder kunt. Deze week zagen we dat patroon:"
    ),
    "cycle_item": "piek op {booms}, gevolgd door een dip op {busts}.",
    "and": "en",
    # Section: the plan
    "h_plan": "Je opbouwschema",
    "plan_none": (
        "Er is nog geen opbouwschema ingesteld. Samen met je kinesist of psycholoog kies je "
        "een activiteit, bepaal je je basisniveau en startniveau, en leg je je opbouwschema "
        "vast (tracker plan set)."
    ),
    "plan_summary": (
        "Activiteit: {activity}. Startniveau {start} minuten, einddoel {goal} minuten in "
        "{weeks} weken (+{increment} minuten per week), {sessions} keer per week."
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
        "aanpassen mag; loop je vast, vraag dan gerust begeleiding."
    ),
    # Section: exertion and relaxation
    "h_balance": "Inspanning en ontspanning",
    "balance_intro": (
        "Een pauze inlassen levert op langere termijn vaak tijdswinst op. Hier zie je hoe "
        "lang je aan één stuk actief was en hoe je activiteit over de dag verdeeld was."
    ),
    "longest_exertion": "Langste inspanning aan één stuk",
    "longest_exertion_value": "{minutes} minuten, op {day}",
    "long_bouts": "Keren langer dan {limit} minuten zonder pauze",
    "pause_minutes": "Rust tussen actieve periodes (gemiddeld per dag)",
    "within_day_booms": "Dagen met een lange inspanning en daarna lange rust",
    "col_longest": "Langste aan één stuk (min)",
    "col_long_bouts": "Langer dan {limit} min",
    "col_pause": "Rust tussendoor (min)",
    "col_morning": "Ochtend",
    "col_afternoon": "Middag",
    "col_evening": "Avond",
    "chart_heatmap_title": "Actieve minuten per uur en per dag",
    "chart_heatmap_caption": (
        "Elk vakje is één uur; hoe donkerder, hoe meer actieve minuten. Het getal in het "
        "vakje is het aantal actieve minuten in dat uur."
    ),
    "dayparts_title": "Verdeling over de dagdelen (aandeel van je actieve minuten)",
    "hour": "uur",
    # Section: capacity
    "h_capacity": "Je belastbaarheid",
    "capacity_intro": (
        "We volgen je belastbaarheid via de lopende mediaan van je actieve minuten over "
        "28 dagen, met een band van je mindere tot je betere dagen."
    ),
    "capacity_rising": "Je belastbaarheid neemt de laatste weken toe ({slope} minuten per week).",
    "capacity_stable": "Je belastbaarheid blijft de laatste weken ongeveer gelijk.",
    "capacity_declining": (
        "Je belastbaarheid neemt de laatste weken wat af ({slope} minuten per week). Dat "
        "is een signaal om samen met je begeleider naar te kijken, geen verwijt."
    ),
    "capacity_insufficient": "Er zijn nog te weinig dagen om een trend te tonen.",
    "capacity_avoidance": (
        "Je deed de laatste weken geleidelijk minder, zonder uitschieters. Soms vermijden "
        "we activiteiten uit voorzichtigheid of bewegingsangst. Stap voor stap opnieuw "
        "opbouwen kan helpen."
    ),
    "chart_capacity_title": "Belastbaarheid over de laatste weken",
    "chart_capacity_caption": (
        "Lijn: lopende mediaan van je actieve minuten (28 dagen). Gearceerde band: van je "
        "mindere (10e percentiel) tot je betere dagen (90e percentiel). Punten: elke dag."
    ),
    "col_median": "Mediaan",
    "col_p10": "Mindere dagen",
    "col_p90": "Betere dagen",
    "h_heart": "Hartslag in rust",
    "heart_intro": (
        "Je hartslag in rust en je hartslagvariabiliteit (RMSSD, als je borstband de "
        "slag-tot-slagtijden doorgeeft). Ter informatie; bespreek vragen met je arts."
    ),
    "col_resting_hr": "Hartslag in rust (slagen/min)",
    "col_rmssd": "RMSSD (ms)",
    "chart_heart_title": "Hartslag in rust per dag",
    "chart_heart_caption": "Punten: hartslag in rust per dag. De cijfers staan in de tabel.",
    "heart_none": "Er zijn deze week geen hartslaggegevens.",
    "not_available": "–",
    # Section: tips
    "h_tips": "Tips voor de komende week",
    "tip_split_task": (
        "Je langste inspanning aan één stuk duurde {minutes} minuten ({day}). Hak zo'n taak "
        "in stukjes en las om de {limit} minuten een pauze in, bijvoorbeeld met een kopje "
        "koffie. Zoals in het voorbeeld van de tuin: wie om de 20 minuten een kwartier "
        "pauzeert, is sneller klaar dan wie een uur doorwerkt en daarna twee uur op de "
        "bank moet bijkomen."
    ),
    "tip_rest_after": (
        "Op {days} volgde op een lange inspanning een lange rustperiode. Wissel liever "
        "af tussen inspanning en ontspanning, dan hoef je achteraf minder bij te komen."
    ),
    # Not "vermijden" here: in the program that word means doing too little.
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
        "Plan een mogen-activiteit in: iets wat je graag doet en wat je energie geeft. "
        "Wissel moeten-activiteiten en mogen-activiteiten af, en bouw stap voor stap op "
        "(graded activity)."
    ),
    "tip_plan_over": (
        "Deze week deed je {over} van de {done} keer langer dan afgesproken. Ook op een "
        "goede dag ga je niet over de afgesproken tijd heen: zo bouw je rustig en duurzaam op."
    ),
    "tip_plan_under": (
        "Deze week lukte de afgesproken tijd {under} van de {done} keer niet. Op een "
        "moeilijke dag mag je het rustiger aandoen: wat trager lopen, de activiteit "
        "verdelen over de dag of vaker een pauze nemen. Lukt het echt niet, probeer het de "
        "volgende keer opnieuw."
    ),
    "tip_on_plan": (
        "Je hield je deze week aan je opbouwschema. Goed bezig: zo bouw je je "
        "belastbaarheid stap voor stap op."
    ),
    "tip_steady": (
        "Je activiteit bleef deze week binnen je grenzen. Blijf afwisselen tussen "
        "inspanning en ontspanning, en tussen lichamelijke en mentale inspanning."
    ),
    "tip_no_data": (
        "Draag je toestel zo veel mogelijk, ook op rustige dagen: zo wordt je overzicht "
        "en je basisniveau betrouwbaarder."
    ),
    "h_questions": "Om over na te denken",
    "questions_intro": "Vragen uit de rugschool, om voor jezelf of met je begeleider te bekijken:",
    "q_energy": "Wat geeft mij energie? Plan ik deze activiteiten regelmatig in?",
    "q_life": "Hoe is dit voor mijn leven? Bijvoorbeeld huishouden, job.",
    "q_outlet": "Wat is mijn uitlaatklep? Bijvoorbeeld sport, sociaal contact, iets creatief, …",
    "q_relax": "Ben ik, ondanks de rugpijn, nog in staat om me te ontspannen?",
    "q_help": "Durf ik hulp te vragen? Kan ik goed mijn grenzen aangeven aan anderen?",
    "q_behaviour": "Welk gedrag helpt mij vooruit en welk gedrag niet?",
    # Footer
    "h_footer": "Technische gegevens",
    "coverage": "Minuten met gegevens deze week: {minutes} van {total} ({percent} %).",
    "devices": "Toestellen",
    "devices_none": "geen toestelstatus opgeslagen (gegevens geïmporteerd)",
    "rules": "Regels en drempels",
    "rule_active": (
        "actieve minuut: ≥ {steps} stappen per minuut, of hartslag ≥ rust + {hrr} × (max − rust)"
    ),
    "rule_valid": "dag met genoeg gegevens: ≥ {minutes} gedragen minuten",
    "rule_baseline": "basisniveau: mediaan van de vorige {window} dagen, minstens {min_days} nodig",
    "rule_boom": "piekdag: ≥ {ratio} × basisniveau en ≥ basisniveau + {excess} minuten",
    "rule_bust": "dipdag: ≤ {ratio} × basisniveau",
    "rule_cycle": "piek en dip: een dip binnen {days} dagen na een of meer piekdagen",
    "rule_session": "sessie volgens afspraak: {under} %–{over} % van de afgesproken tijd",
    "rule_pause": "pauze-advies: na {minutes} minuten aan één stuk",
    "timezone": "Tijdzone: {tz}",
    "timezone_rows": "de UTC-afwijking die bij elke meting bewaard is",
    "generated_by": "Gemaakt door tracker {version}.",
    "table_caption_days": "Cijfers per dag",
    "table_caption_plan": "Cijfers per schemaweek",
    "table_caption_sessions": "Sessies deze week",
    "table_caption_balance": "Inspanning en ontspanning per dag",
    "table_caption_capacity": "Belastbaarheid per week (laatste dag van de week)",
    "table_caption_heart": "Hartslag per dag",
    "table_caption_hours": (
        "Actieve minuten per uur (uren zonder activiteit in de hele week zijn weggelaten)"
    ),
    "daypart_morning": "ochtend",
    "daypart_afternoon": "middag",
    "daypart_evening": "avond",
}

_EN: Final[dict[str, str]] = {
    "title": "Weekly report",
    "week_label": "Week {week} of {year}",
    "period": "from {start} to {end}",
    "for_patient": "For {name}",
    "with_therapist": "To discuss with {name}",
    "generated": "Made on {date}",
    "intro": (
        "This overview shows how you spread your activity over the past week. "
        "It is not a judgement: you are, and remain, the expert on your own life. "
        "Feel free to take it to your psychologist or physiotherapist."
    ),
    "in_progress": (
        "This week is not over yet: what you read here runs up to {date}. "
        "The full overview follows after Sunday."
    ),
    "no_data_week": (
        "No data was recorded this week. That happens: perhaps the device was not worn "
        "or not connected. Next week there will be a new overview."
    ),
    "h_glance": "The week at a glance",
    "days_worn": "Days with enough data",
    "days_worn_value": "{n} of 7",
    "active_total": "Active minutes this week",
    "active_mean": "Average per day with data",
    "steps_total": "Steps this week",
    "baseline_label": "Your baseline",
    "baseline_value": "{minutes} min a day",
    "baseline_none": "not known yet (learning period)",
    "glance_explain": (
        "Your baseline is the median of your active minutes over the previous 28 days. "
        "Above the upper bound you go beyond your limits; below the lower bound you could "
        "do much less than usual. Your capacity lies in between."
    ),
    "chart_days_title": "Active minutes per day against your limits",
    "chart_days_caption": (
        "Bars: active minutes per day. Hatched band: between lower and upper bound. "
        "▲ boom day, ▼ bust day. The numbers are also in the table below."
    ),
    "col_day": "Day",
    "col_date": "Date",
    "col_active": "Active minutes",
    "col_worn": "Minutes worn",
    "col_steps": "Steps",
    "col_baseline": "Baseline",
    "col_lower": "Lower bound",
    "col_upper": "Upper bound",
    "col_day_type": "Kind of day",
    "day_type_no_data": "not enough data",
    "day_type_learning": "learning period",
    "day_type_boom": "boom day",
    "day_type_bust": "bust day",
    "day_type_normal": "within your limits",
    "lower": "lower bound",
    "upper": "upper bound",
    "baseline": "baseline",
    "active_minutes": "active minutes",
    "minutes_short": "min",
    "h_cycles": "Booms and busts",
    "cycles_none": "This week we saw no boom followed by a bust. Your activity stayed well spread.",
    "cycles_none_uneven": "This week we saw no boom followed by a bust.",
    "cycles_learning": (
        "We do not know your baseline well enough yet to recognise booms and busts. "
        "That needs at least 7 days with enough data."
    ),
    "cycles_intro": (
        "On a good day it is tempting to catch up. Often a day follows on which you can do "
        "much less. This week we saw that pattern:"
    ),
    "cycle_item": "boom on {booms}, followed by a bust on {busts}.",
    "and": "and",
    "h_plan": "Your build-up plan",
    "plan_none": (
        "No build-up plan has been set yet. Together with your physiotherapist or "
        "psychologist you choose an activity, find your baseline and starting level, and "
        "set your build-up plan (tracker plan set)."
    ),
    "plan_summary": (
        "Activity: {activity}. Starting level {start} minutes, goal {goal} minutes in "
        "{weeks} weeks (+{increment} minutes a week), {sessions} times a week."
    ),
    "plan_rule": (
        "You work time-contingently: you do the agreed time, also on a bad day with a lot "
        "of pain, and on a good day you do not go beyond the agreed time. If it really "
        "does not work out, that is all right: simply try again next time."
    ),
    "plan_this_week": "This week (week {week} of your plan): {quota} minutes per session.",
    "plan_before_start": "Your build-up plan only starts on {date}.",
    "plan_done": "You did {done} sessions; {planned} were planned.",
    "chart_sessions": "your sessions",
    "chart_plan_title": "Build-up plan: agreed time per week and what you did",
    "chart_plan_caption": (
        "Line with squares: the agreed time per session in each week of your plan. "
        "Circles: your sessions. The numbers are also in the table."
    ),
    "col_plan_week": "Plan week",
    "col_quota": "Agreed minutes",
    "col_session_minutes": "Minutes",
    "col_source": "Source",
    "col_verdict": "Against your plan",
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
        "Are your goal and build-up plan realistic? Adjusting the plan is fine; if you get "
        "stuck, do ask for guidance."
    ),
    "h_balance": "Exertion and relaxation",
    "balance_intro": (
        "Taking a break often saves time in the longer run. Here you see how long you were "
        "active in one go and how your activity was spread over the day."
    ),
    "longest_exertion": "Longest exertion in one go",
    "longest_exertion_value": "{minutes} minutes, on {day}",
    "long_bouts": "Times longer than {limit} minutes without a break",
    "pause_minutes": "Rest between active periods (average per day)",
    "within_day_booms": "Days with a long exertion followed by a long rest",
    "col_longest": "Longest in one go (min)",
    "col_long_bouts": "Longer than {limit} min",
    "col_pause": "Rest in between (min)",
    "col_morning": "Morning",
    "col_afternoon": "Afternoon",
    "col_evening": "Evening",
    "chart_heatmap_title": "Active minutes per hour and per day",
    "chart_heatmap_caption": (
        "Each cell is one hour; the darker, the more active minutes. The number in the "
        "cell is the active minutes in that hour."
    ),
    "dayparts_title": "Spread over the parts of the day (share of your active minutes)",
    "hour": "hour",
    "h_capacity": "Your capacity",
    "capacity_intro": (
        "We follow your capacity through the running median of your active minutes over "
        "28 days, with a band from your lesser to your better days."
    ),
    "capacity_rising": "Your capacity has been growing in recent weeks ({slope} minutes a week).",
    "capacity_stable": "Your capacity has stayed about the same in recent weeks.",
    "capacity_declining": (
        "Your capacity has been going down somewhat in recent weeks ({slope} minutes a "
        "week). That is a signal to look at with your therapist, not a reproach."
    ),
    "capacity_insufficient": "There are not enough days yet to show a trend.",
    "capacity_avoidance": (
        "You have gradually done less in recent weeks, without peaks. Sometimes we avoid "
        "activities out of caution or fear of movement. Building up again step by step "
        "can help."
    ),
    "chart_capacity_title": "Capacity over the last weeks",
    "chart_capacity_caption": (
        "Line: running median of your active minutes (28 days). Hatched band: from your "
        "lesser (10th percentile) to your better days (90th percentile). Dots: each day."
    ),
    "col_median": "Median",
    "col_p10": "Lesser days",
    "col_p90": "Better days",
    "h_heart": "Resting heart rate",
    "heart_intro": (
        "Your resting heart rate and heart-rate variability (RMSSD, when your chest strap "
        "sends beat-to-beat intervals). For information; discuss questions with your doctor."
    ),
    "col_resting_hr": "Resting heart rate (beats/min)",
    "col_rmssd": "RMSSD (ms)",
    "chart_heart_title": "Resting heart rate per day",
    "chart_heart_caption": "Dots: resting heart rate per day. The numbers are in the table.",
    "heart_none": "There is no heart-rate data this week.",
    "not_available": "–",
    "h_tips": "Tips for the coming week",
    "tip_split_task": (
        "Your longest exertion in one go lasted {minutes} minutes ({day}). Cut such a task "
        "into pieces and take a break every {limit} minutes, for example with a cup of "
        "coffee. As in the garden example: whoever pauses for a quarter of an hour every "
        "20 minutes is done sooner than whoever works an hour straight and then needs two "
        "hours on the couch to recover."
    ),
    "tip_rest_after": (
        "On {days} a long exertion was followed by a long rest. Rather alternate exertion "
        "and relaxation, so you need less time to recover afterwards."
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
        "Plan a 'want' activity: something you like doing and that gives you energy. "
        "Alternate 'must' and 'want' activities, and build up step by step (graded "
        "activity)."
    ),
    "tip_plan_over": (
        "This week you did more than agreed {over} of {done} times. Also on a good day you "
        "do not go beyond the agreed time: that way you build up calmly and lastingly."
    ),
    "tip_plan_under": (
        "This week the agreed time did not work out {under} of {done} times. On a difficult "
        "day you may take it easier: walk a little slower, spread the activity over the "
        "day or take more breaks. If it really does not work, try again next time."
    ),
    "tip_on_plan": (
        "You kept to your build-up plan this week. Well done: this is how you build up "
        "your capacity step by step."
    ),
    "tip_steady": (
        "Your activity stayed within your limits this week. Keep alternating exertion and "
        "relaxation, and physical and mental effort."
    ),
    "tip_no_data": (
        "Wear your device as much as you can, also on quiet days: that makes your overview "
        "and your baseline more reliable."
    ),
    "h_questions": "Food for thought",
    "questions_intro": "Questions from the back school, for yourself or with your therapist:",
    "q_energy": "What gives me energy? Do I plan these activities regularly?",
    "q_life": "What does this mean for my life? For example household, job.",
    "q_outlet": "What is my outlet? For example sport, social contact, something creative, …",
    "q_relax": "Am I, despite the back pain, still able to relax?",
    "q_help": "Do I dare to ask for help? Can I make my limits clear to others?",
    "q_behaviour": "Which behaviour helps me forward and which does not?",
    "h_footer": "Technical details",
    "coverage": "Minutes with data this week: {minutes} of {total} ({percent} %).",
    "devices": "Devices",
    "devices_none": "no device status stored (imported data)",
    "rules": "Rules and thresholds",
    "rule_active": (
        "active minute: ≥ {steps} steps per minute, or heart rate ≥ rest + {hrr} × (max − rest)"
    ),
    "rule_valid": "day with enough data: ≥ {minutes} minutes worn",
    "rule_baseline": "baseline: median of the previous {window} days, at least {min_days} needed",
    "rule_boom": "boom day: ≥ {ratio} × baseline and ≥ baseline + {excess} minutes",
    "rule_bust": "bust day: ≤ {ratio} × baseline",
    "rule_cycle": "boom-bust cycle: a bust within {days} days after one or more boom days",
    "rule_session": "session as agreed: {under} %–{over} % of the agreed time",
    "rule_pause": "break advice: after {minutes} minutes in one go",
    "timezone": "Time zone: {tz}",
    "timezone_rows": "the UTC offset stored with each reading",
    "generated_by": "Made by tracker {version}.",
    "table_caption_days": "Numbers per day",
    "table_caption_plan": "Numbers per plan week",
    "table_caption_sessions": "Sessions this week",
    "table_caption_balance": "Exertion and relaxation per day",
    "table_caption_capacity": "Capacity per week (last day of the week)",
    "table_caption_heart": "Heart rate per day",
    "table_caption_hours": (
        "Active minutes per hour (hours without any activity all week are left out)"
    ),
    "daypart_morning": "morning",
    "daypart_afternoon": "afternoon",
    "daypart_evening": "evening",
}

TEXTS: Final[dict[str, dict[str, str]]] = {
    "nl": {**_NL, **PROGRAM_NL},
    "en": {**_EN, **PROGRAM_EN},
}


class Texts:
    """The report's words in one language: ``texts("key", name=value)``."""

    __slots__ = ("_table", "lang")

    def __init__(self, lang: str) -> None:
        if lang not in TEXTS:
            raise ValueError(f"unknown report language {lang!r}")
        self.lang = lang
        self._table = TEXTS[lang]

    def __call__(self, key: str, **values: object) -> str:
        text = self._table[key]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._table

    def day_name(self, day: date) -> str:
        return _DAY_NAMES[self.lang][day.weekday()]

    def day_abbr(self, day: date) -> str:
        return _DAY_ABBR[self.lang][day.weekday()]

    def date_long(self, day: date) -> str:
        """'maandag 16 maart 2026' / 'Monday 16 March 2026'."""
        month = _MONTH_NAMES[self.lang][day.month - 1]
        return f"{self.day_name(day)} {day.day} {month} {day.year}"

    def date_both(self, day: date) -> str:
        """Words for the reader, ISO for tooling: 'maandag 16 maart 2026 (2026-03-16)'."""
        return f"{self.date_long(day)} ({day.isoformat()})"

    def join(self, items: list[str]) -> str:
        """'a', 'a en b', 'a, b en c'."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    def number(self, value: float, decimals: int = 0) -> str:
        """Decimal comma in Dutch, point in English."""
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if self.lang == "nl" else text
