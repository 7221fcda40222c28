"""The report's words for the week's activity: the masthead, the week at a glance (days,
piek en dip), exertion and relaxation, capacity and the resting heart rate.

The 28-day median of active minutes is "je gewone activiteit" ("your usual level"), never
"basisniveau" (the plan's baseline, :mod:`.texts_plan`). How it is computed is said in the
technical footer (:mod:`.texts_footer`), not here. Merged into
:data:`tracker.report.texts.TEXTS`.
"""

from __future__ import annotations

from typing import Final

WEEK_NL: Final[dict[str, str]] = {
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
    # The week at a glance
    "h_glance": "De week in één oogopslag",
    "days_worn": "Dagen met genoeg gegevens",
    "days_worn_value": "{n} van de 7",
    "active_total": "Actieve minuten deze week",
    "active_mean": "Gemiddeld per dag met gegevens",
    "steps_total": "Stappen deze week",
    "usual_label": "Je gewone activiteit",
    "usual_value": "{minutes} min per dag",
    "usual_none": "nog niet bekend (leerperiode)",
    "glance_explain": (
        "Je gewone activiteit is wat je op een gewone dag doet: op de helft van de "
        "voorbije 28 dagen was je actiever, op de andere helft minder. Boven de bovengrens "
        "ga je over je grenzen. Onder de ondergrens kon je veel minder dan gewoonlijk. "
        "Daartussen ligt je belastbaarheid."
    ),
    "chart_days_title": "Actieve minuten per dag tegenover je grenzen",
    "chart_days_caption": (
        "Staven: je actieve minuten per dag. Band: van ondergrens tot bovengrens. "
        "▲ piekdag, ▼ dipdag. De cijfers staan ook in de tabel."
    ),
    "col_day": "Dag",
    "col_date": "Datum",
    "col_active": "Actieve minuten",
    "col_worn": "Gedragen minuten",
    "col_steps": "Stappen",
    "col_usual": "Gewone activiteit",
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
    "usual": "gewone activiteit",
    "active_minutes": "actieve minuten",
    "minutes_short": "min",
    "h_cycles": "Pieken en dippen",
    "cycles_none": (
        "Deze week zagen we geen piek gevolgd door een dip. Je activiteit bleef mooi verdeeld."
    ),
    # No cycle, but a piek- or dipdag in the table: the week was not evenly spread.
    "cycles_none_uneven": "Deze week zagen we geen piek gevolgd door een dip.",
    "cycles_learning": (
        "We kennen je gewone activiteit nog niet goed genoeg om pieken en dippen te zien. "
        "Daarvoor zijn minstens 7 dagen met genoeg gegevens nodig."
    ),
    "cycles_intro": (
        "Op een goede dag wil je graag de schade inhalen. Daarna volgt vaak een dag waarop "
        "je veel minder kunt. Deze week zagen we dat patroon:"
    ),
    "cycle_item": "piek op {booms}, gevolgd door een dip op {busts}.",
    "and": "en",
    # Exertion and relaxation
    "h_balance": "Inspanning en ontspanning",
    "balance_intro": (
        "Een pauze inlassen levert op lange termijn vaak tijd op. Hier zie je hoe lang je "
        "aan één stuk bezig was, en hoe je dag verdeeld was."
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
        "Elk vakje is één uur. Hoe donkerder, hoe meer actieve minuten. Het getal in het "
        "vakje zegt hoeveel."
    ),
    "dayparts_title": "Verdeling over de dagdelen (deel van je actieve minuten)",
    "hour": "uur",
    "daypart_morning": "ochtend",
    "daypart_afternoon": "middag",
    "daypart_evening": "avond",
    # Capacity
    "h_capacity": "Je belastbaarheid",
    "capacity_intro": (
        "Je belastbaarheid volgen we via je gewone activiteit, week na week. De band loopt "
        "van je mindere tot je betere dagen."
    ),
    "capacity_rising": "Je belastbaarheid neemt de laatste weken toe ({slope} minuten per week).",
    "capacity_stable": "Je belastbaarheid blijft de laatste weken ongeveer gelijk.",
    "capacity_declining": (
        "Je belastbaarheid neemt de laatste weken wat af ({slope} minuten per week). Dat "
        "is een signaal om samen met je psycholoog of kinesist naar te kijken, geen verwijt."
    ),
    "capacity_insufficient": "Er zijn nog te weinig dagen om een trend te tonen.",
    "capacity_avoidance": (
        "Je deed de laatste weken stilaan minder, zonder uitschieters. Soms vermijden we "
        "iets uit voorzichtigheid of uit angst om te bewegen. Stap voor stap weer opbouwen "
        "kan helpen."
    ),
    "chart_capacity_title": "Belastbaarheid over de laatste weken",
    "chart_capacity_caption": (
        "Lijn: je gewone activiteit. Band: van je mindere tot je betere dagen. Elk punt is één dag."
    ),
    "col_p10": "Mindere dagen",
    "col_p90": "Betere dagen",
    # Resting heart rate
    "h_heart": "Hartslag in rust",
    "heart_intro": (
        "Je hartslag in rust, en je hartslagvariabiliteit als je borstband die meet. Dit is "
        "ter informatie. Heb je vragen, bespreek ze dan met je arts."
    ),
    "col_resting_hr": "Hartslag in rust (slagen/min)",
    "col_hrv": "Hartslagvariabiliteit (ms)",
    "chart_heart_title": "Hartslag in rust per dag",
    "chart_heart_caption": "Punten: je hartslag in rust per dag. De cijfers staan in de tabel.",
    "heart_none": "Er zijn deze week geen hartslaggegevens.",
    "not_available": "–",
    "table_caption_days": "Cijfers per dag",
    "table_caption_balance": "Inspanning en ontspanning per dag",
    "table_caption_capacity": "Belastbaarheid per week (laatste dag van de week)",
    "table_caption_heart": "Hartslag per dag",
    "table_caption_hours": "Actieve minuten per uur (uren zonder activiteit weggelaten)",
}

WEEK_EN: Final[dict[str, str]] = {
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
    "usual_label": "Your usual level",
    "usual_value": "{minutes} min a day",
    "usual_none": "not known yet (learning period)",
    "glance_explain": (
        "Your usual level is what you do on an ordinary day: on half of the past 28 days "
        "you were more active, on the other half less. Above the upper limit you go over "
        "your limits. Below the lower limit you could do much less than usual. Your "
        "capacity lies in between."
    ),
    "chart_days_title": "Active minutes per day against your limits",
    "chart_days_caption": (
        "Bars: your active minutes per day. Band: from lower to upper limit. "
        "▲ boom day, ▼ bust day. The numbers are also in the table."
    ),
    "col_day": "Day",
    "col_date": "Date",
    "col_active": "Active minutes",
    "col_worn": "Minutes worn",
    "col_steps": "Steps",
    "col_usual": "Usual level",
    "col_lower": "Lower limit",
    "col_upper": "Upper limit",
    "col_day_type": "Kind of day",
    "day_type_no_data": "not enough data",
    "day_type_learning": "learning period",
    "day_type_boom": "boom day",
    "day_type_bust": "bust day",
    "day_type_normal": "within your limits",
    "lower": "lower limit",
    "upper": "upper limit",
    "usual": "usual level",
    "active_minutes": "active minutes",
    "minutes_short": "min",
    "h_cycles": "Booms and busts",
    "cycles_none": "This week we saw no boom followed by a bust. Your activity stayed well spread.",
    "cycles_none_uneven": "This week we saw no boom followed by a bust.",
    "cycles_learning": (
        "We do not know your usual level well enough yet to see booms and busts. "
        "That needs at least 7 days with enough data."
    ),
    "cycles_intro": (
        "On a good day you want to catch up. Often a day follows on which you can do much "
        "less. This week we saw that pattern:"
    ),
    "cycle_item": "boom on {booms}, followed by a bust on {busts}.",
    "and": "and",
    "h_balance": "Exertion and relaxation",
    "balance_intro": (
        "Taking a break often saves time in the long run. Here you see how long you were "
        "busy in one go, and how your day was spread."
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
        "Each cell is one hour. The darker, the more active minutes. The number in the "
        "cell says how many."
    ),
    "dayparts_title": "Spread over the parts of the day (share of your active minutes)",
    "hour": "hour",
    "daypart_morning": "morning",
    "daypart_afternoon": "afternoon",
    "daypart_evening": "evening",
    "h_capacity": "Your capacity",
    "capacity_intro": (
        "We follow your capacity through your usual level, week by week. The band runs "
        "from your lesser to your better days."
    ),
    "capacity_rising": "Your capacity has been growing in recent weeks ({slope} minutes a week).",
    "capacity_stable": "Your capacity has stayed about the same in recent weeks.",
    "capacity_declining": (
        "Your capacity has been going down somewhat in recent weeks ({slope} minutes a "
        "week). That is a signal to look at with your psychologist or physiotherapist, not "
        "a reproach."
    ),
    "capacity_insufficient": "There are not enough days yet to show a trend.",
    "capacity_avoidance": (
        "You have gradually done less in recent weeks, without peaks. Sometimes we avoid "
        "things out of caution or fear of movement. Building up again step by step can help."
    ),
    "chart_capacity_title": "Capacity over the last weeks",
    "chart_capacity_caption": (
        "Line: your usual level. Band: from your lesser to your better days. Each dot is one day."
    ),
    "col_p10": "Lesser days",
    "col_p90": "Better days",
    "h_heart": "Resting heart rate",
    "heart_intro": (
        "Your resting heart rate, and your heart-rate variability when your chest strap "
        "measures it. This is for your information. If you have questions, discuss them "
        "with your doctor."
    ),
    "col_resting_hr": "Resting heart rate (beats/min)",
    "col_hrv": "Heart-rate variability (ms)",
    "chart_heart_title": "Resting heart rate per day",
    "chart_heart_caption": "Dots: your resting heart rate per day. The numbers are in the table.",
    "heart_none": "There is no heart-rate data this week.",
    "not_available": "–",
    "table_caption_days": "Numbers per day",
    "table_caption_balance": "Exertion and relaxation per day",
    "table_caption_capacity": "Capacity per week (last day of the week)",
    "table_caption_heart": "Heart rate per day",
    "table_caption_hours": "Active minutes per hour (hours without activity left out)",
}
