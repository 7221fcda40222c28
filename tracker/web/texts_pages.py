"""The hub page's words for its pages: today, the weeks, the plan (opbouwschema) and the
log (Dutch first; English with the same keys). Merged into :data:`tracker.web.texts.TEXTS`.

"Je gewone activiteit" is the 28-day median with its ondergrens and bovengrens, never
"basisniveau" (the plan's baseline only); "kinesist", never "fysiotherapeut".
"""

from __future__ import annotations

from typing import Final

PAGES_NL: Final[dict[str, str]] = {
    # Today
    "today_title": "Vandaag",
    "today_date": "{date}",
    "active_so_far": "Actieve minuten tot nu",
    "active_value": "{minutes} min",
    "band_label": "Je gewone activiteit",
    "band_value": "ondergrens {lower} min, bovengrens {upper} min per dag",
    "band_learning": "Nog te weinig dagen om je gewone activiteit te kennen (leerperiode).",
    "band_below": "Tot nu toe onder je ondergrens.",
    "band_within": "Tot nu toe tussen je ondergrens en je bovengrens.",
    "band_above": "Tot nu toe boven je bovengrens.",
    "band_meter": "Actieve minuten vandaag tegenover je ondergrens en bovengrens",
    "stretch_label": "Langste inspanning zonder pauze vandaag",
    "stretch_value": "{minutes} min",
    "stretch_none": "Nog geen inspanning gemeten vandaag.",
    "pause_hint": (
        "Je bent nu {minutes} minuten aan één stuk in de weer. Dit is een goed moment om "
        "een pauze in te lassen."
    ),
    "pause_rule": (
        "Het programma raadt aan om na {limit} minuten inspanning een pauze in te lassen."
    ),
    "plan_label": "Opbouwschema deze week",
    "plan_week_value": "Week {week}: {done} van {planned} sessies gedaan, {quota} min per sessie",
    "plan_none_today": "Er is nog geen opbouwschema. Dat maak je samen met je kinesist.",
    "plan_none_therapist": "Er is nog geen opbouwschema. Je stelt het hieronder op.",
    "plan_starts_on": "Je opbouwschema begint op {date}.",
    # A plan in force whose week the nightly check has not counted yet.
    "plan_not_checked": "Je sessies van deze week worden 's nachts geteld.",
    "devices_label": "Je toestellen",
    "device_connected": "verbonden",
    "device_disconnected": "niet verbonden",
    "battery": "batterij {percent} %",
    "battery_unknown": "batterij onbekend",
    "no_devices": "Er zijn nog geen toestellen gezien.",
    "last_data": "Laatste gegevens",
    "last_data_value": "{when}",
    "last_data_none": "Vandaag nog geen gegevens ontvangen.",
    "checkin_done_today": "Je avondcheck van vandaag is ingevuld.",
    "checkin_todo": "Je avondcheck van vandaag is nog niet ingevuld.",
    "checkin_link": "Naar het logboek",
    # The weeks
    "week_title": "Week {week}",
    "weeks_title": "Vorige weken",
    "weeks_intro": "Kies een week om het weekrapport te bekijken.",
    "weeks_none": "Er zijn nog geen gegevens opgenomen.",
    "week_prev": "Vorige week",
    "week_next": "Volgende week",
    "download_html": "Download als webpagina (HTML)",
    "download_pdf": "Download als PDF",
    "downloads": "Downloaden",
    "week_unknown": "Die week bestaat niet. Schrijf een week als 2026-W12.",
    "week_future": "Die week moet nog komen. Het overzicht verschijnt als de week begonnen is.",
    "week_no_data": (
        "Er zijn van die week geen gegevens. Misschien droeg je het toestel niet of was het "
        "niet verbonden. Dat kan gebeuren."
    ),
    "week_back": "Naar de lijst van weken",
    "note_title": "Notitie van je kinesist",
    "note_none": "Er is geen notitie bij deze week.",
    "note_label": "Notitie bij deze week (voor de patiënt zichtbaar)",
    "note_save": "Notitie bewaren",
    "note_saved": "De notitie is bewaard.",
    "note_by": "{author}, {date}",
    # The plan
    "plan_title": "Opbouwschema",
    "plan_sessions_title": "Alle sessies",
    "plan_sessions_none": "Er zijn nog geen sessies.",
    "plan_set_title": "Opbouwschema instellen of bijsturen",
    "plan_set_intro": (
        "Een nieuw schema geldt vanaf de startdatum. Het vorige schema en zijn sessies "
        "blijven bewaard."
    ),
    "plan_activity": "Activiteit",
    "plan_start": "Startniveau (minuten per sessie)",
    "plan_goal": "Einddoel (minuten per sessie)",
    "plan_weeks": "Aantal weken tot het einddoel",
    "plan_sessions": "Sessies per week",
    "plan_start_date": "Startdatum",
    "plan_save": "Schema bewaren",
    "plan_saved": "Het nieuwe opbouwschema is bewaard.",
    "plan_history": "Eerdere schema's blijven bewaard.",
    "activity_walking": "wandelen",
    "activity_cycling": "fietsen",
    "activity_swimming": "zwemmen",
    # The log
    "log_title": "Logboek",
    "checkin_title": "Avondcheck",
    "checkin_intro": "Hoe was je dag? Tik een cijfer aan van 0 tot 10.",
    "pain_now": "Pijn nu",
    "pain_worst": "Pijn op zijn ergst vandaag",
    "energy": "Energie",
    "scale_low_pain": "0 = geen pijn",
    "scale_high_pain": "10 = ergst denkbare pijn",
    "scale_low_energy": "0 = geen energie",
    "scale_high_energy": "10 = veel energie",
    "note": "Notitie (mag leeg blijven)",
    "checkin_save": "Avondcheck bewaren",
    "checkin_saved": "Je avondcheck is bewaard.",
    "checkin_replaced": "Je avondcheck van vandaag is vervangen door deze nieuwe.",
    "checkin_today": "Vandaag ingevuld: pijn nu {pain}, op zijn ergst {worst}, energie {energy}.",
    "session_title": "Een sessie noteren",
    "session_intro": ("Voor een activiteit die je toestel niet ziet, zoals fietsen of zwemmen."),
    "session_activity": "Activiteit",
    "session_minutes": "Minuten",
    "session_date": "Datum",
    "session_save": "Sessie bewaren",
    # After logging a session: whether it counts for the plan, and why not.
    "session_saved": "De sessie is bewaard. Ze telt mee in je opbouwschema.",
    "session_saved_other": (
        "De sessie is bewaard in je logboek. Ze telt niet mee in je opbouwschema, want dat "
        "is voor een andere activiteit."
    ),
    "session_saved_before": (
        "De sessie is bewaard in je logboek. Ze valt voor de start van je opbouwschema, dus "
        "ze telt daar niet in mee."
    ),
    "session_saved_no_plan": (
        "De sessie is bewaard in je logboek. Er is nog geen opbouwschema, dus ze telt daar "
        "nog niet in mee."
    ),
    "recent_checkins": "Avondchecks van de voorbije twee weken",
    "recent_none": "Nog geen avondchecks.",
    "col_date": "Datum",
    "col_pain": "Pijn nu",
    "col_worst": "Ergst",
    "col_energy": "Energie",
    "col_note": "Notitie",
}

PAGES_EN: Final[dict[str, str]] = {
    "today_title": "Today",
    "today_date": "{date}",
    "active_so_far": "Active minutes so far",
    "active_value": "{minutes} min",
    "band_label": "Your usual level",
    "band_value": "lower limit {lower} min, upper limit {upper} min a day",
    "band_learning": "Too few days yet to know your usual level (learning period).",
    "band_below": "So far below your lower limit.",
    "band_within": "So far between your lower and upper limit.",
    "band_above": "So far above your upper limit.",
    "band_meter": "Active minutes today against your lower and upper limit",
    "stretch_label": "Longest exertion without a break today",
    "stretch_value": "{minutes} min",
    "stretch_none": "No exertion recorded today yet.",
    "pause_hint": (
        "You have been on the go for {minutes} minutes in a row. This is a good moment "
        "to take a break."
    ),
    "pause_rule": "The program suggests taking a break after {limit} minutes of exertion.",
    "plan_label": "Build-up schedule this week",
    "plan_week_value": "Week {week}: {done} of {planned} sessions done, {quota} min each",
    "plan_none_today": "There is no build-up schedule yet. You make it with your physiotherapist.",
    "plan_none_therapist": "There is no build-up schedule yet. You set it up below.",
    "plan_starts_on": "Your build-up schedule starts on {date}.",
    "plan_not_checked": "This week's sessions are counted at night.",
    "devices_label": "Your devices",
    "device_connected": "connected",
    "device_disconnected": "not connected",
    "battery": "battery {percent} %",
    "battery_unknown": "battery unknown",
    "no_devices": "No devices have been seen yet.",
    "last_data": "Latest data",
    "last_data_value": "{when}",
    "last_data_none": "No data received today yet.",
    "checkin_done_today": "Today's evening check-in is done.",
    "checkin_todo": "Today's evening check-in is not done yet.",
    "checkin_link": "Go to the log",
    "week_title": "Week {week}",
    "weeks_title": "Past weeks",
    "weeks_intro": "Choose a week to see its weekly report.",
    "weeks_none": "No data has been recorded yet.",
    "week_prev": "Previous week",
    "week_next": "Next week",
    "download_html": "Download as a web page (HTML)",
    "download_pdf": "Download as PDF",
    "downloads": "Download",
    "week_unknown": "That week does not exist. Write a week as 2026-W12.",
    "week_future": "That week is still to come. Its overview appears once the week has begun.",
    "week_no_data": (
        "There is no data from that week. Perhaps the device was not worn or not "
        "connected. That happens."
    ),
    "week_back": "To the list of weeks",
    "note_title": "Note from your physiotherapist",
    "note_none": "There is no note on this week.",
    "note_label": "Note on this week (the patient sees it)",
    "note_save": "Save note",
    "note_saved": "The note has been saved.",
    "note_by": "{author}, {date}",
    "plan_title": "Build-up schedule",
    "plan_sessions_title": "All sessions",
    "plan_sessions_none": "There are no sessions yet.",
    "plan_set_title": "Set or adjust the build-up schedule",
    "plan_set_intro": (
        "A new schedule applies from its start date. The previous schedule and its "
        "sessions are kept."
    ),
    "plan_activity": "Activity",
    "plan_start": "Starting level (minutes per session)",
    "plan_goal": "Goal (minutes per session)",
    "plan_weeks": "Weeks to the goal",
    "plan_sessions": "Sessions per week",
    "plan_start_date": "Start date",
    "plan_save": "Save schedule",
    "plan_saved": "The new build-up schedule has been saved.",
    "plan_history": "Earlier schedules are kept.",
    "activity_walking": "walking",
    "activity_cycling": "cycling",
    "activity_swimming": "swimming",
    "log_title": "Log",
    "checkin_title": "Evening check-in",
    "checkin_intro": "How was your day? Tap a number from 0 to 10.",
    "pain_now": "Pain now",
    "pain_worst": "Pain at its worst today",
    "energy": "Energy",
    "scale_low_pain": "0 = no pain",
    "scale_high_pain": "10 = worst pain imaginable",
    "scale_low_energy": "0 = no energy",
    "scale_high_energy": "10 = plenty of energy",
    "note": "Note (may stay empty)",
    "checkin_save": "Save check-in",
    "checkin_saved": "Your evening check-in has been saved.",
    "checkin_replaced": "Today's evening check-in has been replaced by this new one.",
    "checkin_today": "Done today: pain now {pain}, at its worst {worst}, energy {energy}.",
    "session_title": "Log a session",
    "session_intro": "For an activity your device cannot see, such as cycling or swimming.",
    "session_activity": "Activity",
    "session_minutes": "Minutes",
    "session_date": "Date",
    "session_save": "Save session",
    "session_saved": "The session has been saved. It counts in your build-up schedule.",
    "session_saved_other": (
        "The session has been saved in your log. It does not count in your build-up "
        "schedule, because that is for another activity."
    ),
    "session_saved_before": (
        "The session has been saved in your log. It falls before your build-up schedule "
        "starts, so it does not count in it."
    ),
    "session_saved_no_plan": (
        "The session has been saved in your log. There is no build-up schedule yet, so it "
        "does not count in one yet."
    ),
    "recent_checkins": "Evening check-ins of the past two weeks",
    "recent_none": "No evening check-ins yet.",
    "col_date": "Date",
    "col_pain": "Pain now",
    "col_worst": "Worst",
    "col_energy": "Energy",
    "col_note": "Note",
}
