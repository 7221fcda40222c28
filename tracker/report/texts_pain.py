"""The report's words for pain and activity (the evening check-ins next to the active
minutes, time-contingent sessions) and the body's signals.

"Tijdcontingent" as the brochure says it; "stress-signalen" are a hint, never a diagnosis;
"nog te weinig dagen" when the service is unsure. The statistics behind a finding
(Spearman's ρ) are in the technical footer (``pain_stats`` in :mod:`.texts_footer`).
Merged into :data:`tracker.report.texts.TEXTS`.
"""

from __future__ import annotations

from typing import Final

PAIN_NL: Final[dict[str, str]] = {
    "h_pain": "Pijn en activiteit",
    "pain_intro": (
        "Je avondchecks naast je actieve minuten. In het programma werk je tijdcontingent: "
        "je doet de afgesproken tijd, ook op een dag met meer pijn, en niet meer op een "
        "goede dag. Hier zie je hoe je pijn en je activiteit samen gingen."
    ),
    "pain_window": "Over de 28 dagen tot en met {date}: {n} avondchecks.",
    "pain_window_none": "Over de 28 dagen tot en met {date} is er nog geen avondcheck.",
    "pain_same_follows": (
        "Op dagen met meer pijn was je minder actief, op dagen met minder pijn meer (over "
        "{n} dagen). Zo bepaalt de pijn hoeveel je doet. Probeer de afgesproken tijd aan te "
        "houden, ook op een dag met meer pijn: wat rustiger, of verdeeld over de dag. Je "
        "kan dit bespreken met je psycholoog of kinesist."
    ),
    "pain_same_none": (
        "We zagen geen duidelijk verband tussen je pijn en hoeveel je bewoog (over {n} "
        "dagen). Blijf je activiteit afstemmen op wat je afsprak, niet op de pijn van het "
        "moment."
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
        "Na een dag waarop je meer deed, was je pijn de dag erna vaak hoger ({n} keer "
        "bekeken). Dat kan een teken zijn dat je over je grenzen ging. Verdeel je "
        "activiteiten over de dag en de week, en las pauzes in. Bekijk het gerust samen "
        "met je kinesist."
    ),
    "pain_next_none": (
        "We zagen geen duidelijk verband tussen hoeveel je op een dag deed en je pijn de "
        "dag erna ({n} keer bekeken)."
    ),
    "pain_next_flat": "Je pijn of je activiteit bleef gelijk, dus er valt geen verband te zien.",
    "pain_next_few": (
        "Nog te weinig dagen na elkaar met een avondcheck om je pijn de dag na een actieve "
        "dag te bekijken ({n} keer, er zijn er minstens {min} nodig)."
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
        "Nog te weinig avondchecks om te zien hoe je sessies liepen op zware en lichte dagen."
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
        "{date}: die nacht was je hartslag in rust {value} slagen per minuut. Dat is hoger "
        "dan gewoonlijk ({low} tot {high})."
    ),
    "signal_rmssd_low": (
        "{date}: die nacht was je hartslagvariabiliteit {value} ms. Dat is lager dan "
        "gewoonlijk ({low} tot {high})."
    ),
    "signal_short_resting_hr_high": "hartslag 's nachts hoger ({value})",
    "signal_short_rmssd_low": "hartslagvariabiliteit 's nachts lager ({value} ms)",
    "signals_none": "Deze week lag geen enkele ochtend buiten je gewone band.",
    "signals_few": (
        "Nog te weinig nachten met hartslag om je gewone band te kennen (minstens {min} "
        "nodig). Draag je toestel 's nachts als je dit wil zien."
    ),
    "signals_invite": (
        "Herken je daarin spanning of een slechte nacht? Kijk wat je helpt om te "
        "ontspannen, en bespreek het gerust met je psycholoog."
    ),
}

PAIN_EN: Final[dict[str, str]] = {
    "h_pain": "Pain and activity",
    "pain_intro": (
        "Your evening check-ins next to your active minutes. In the program you work "
        "time-contingently: you do the agreed time, also on a day with more pain, and not "
        "more on a good day. Here you see how your pain and your activity went together."
    ),
    "pain_window": "Over the 28 days up to {date}: {n} evening check-ins.",
    "pain_window_none": "Over the 28 days up to {date} there is no evening check-in yet.",
    "pain_same_follows": (
        "On days with more pain you were less active, on days with less pain more (over "
        "{n} days). That way the pain decides how much you do. Try to keep to the agreed "
        "time, also on a day with more pain: a little calmer, or spread over the day. You "
        "can talk this over with your psychologist or physiotherapist."
    ),
    "pain_same_none": (
        "We saw no clear link between your pain and how much you moved (over {n} days). "
        "Keep matching your activity to what you agreed, not to the pain of the moment."
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
        "({n} times looked at). That can be a sign that you went over your limits. Spread "
        "your activities over the day and the week, and take breaks. Feel free to look at "
        "it with your physiotherapist."
    ),
    "pain_next_none": (
        "We saw no clear link between how much you did on a day and your pain the day "
        "after ({n} times looked at)."
    ),
    "pain_next_flat": "Your pain or your activity stayed the same, so there is no link to see.",
    "pain_next_few": (
        "Too few days in a row with an evening check-in yet to look at your pain the day "
        "after an active day ({n} times, at least {min} are needed)."
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
    "tc_few": (
        "Too few evening check-ins yet to see how your sessions went on harder and easier days."
    ),
    "tc_none": "There were no sessions of your build-up schedule on days with an evening check-in.",
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
        "{date}: that night your resting heart rate was {value} beats per minute. That is "
        "higher than usual ({low} to {high})."
    ),
    "signal_rmssd_low": (
        "{date}: that night your heart-rate variability was {value} ms. That is lower than "
        "usual ({low} to {high})."
    ),
    "signal_short_resting_hr_high": "heart rate at night higher ({value})",
    "signal_short_rmssd_low": "heart-rate variability at night lower ({value} ms)",
    "signals_none": "This week no morning lay outside your usual band.",
    "signals_few": (
        "Too few nights with heart rate yet to know your usual band (at least {min} "
        "needed). Wear your device at night if you want to see this."
    ),
    "signals_invite": (
        "Do you recognise tension or a bad night in it? See what helps you relax, and "
        "feel free to talk it over with your psychologist."
    ),
}
