"""What an alert says, and what Home Assistant calls the hub's entities, in Dutch (the
default) or English: :data:`TEXTS` is the table, :func:`render` an alert's title and body.

The words are the back-school's own (shared/seed/) and the glossary's (shared/VOICE.md):
kind and concrete, never blaming, no advice beyond the program; "je gewone activiteit"
for the 28-day median, never "basisniveau". Each text names the days and the numbers that
triggered it, so the patient and the therapist can check it against the weekly report.
Every key exists in both languages with the same ``{placeholders}`` (tests/test_words.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Final

from tracker.alerts.events import (
    AlertEvent,
    Audience,
    BreakNudge,
    CycleConfirmed,
    DayNumbers,
    DeviceAbsent,
    ImportFailed,
    PlanStagnating,
    WeeklyReportReady,
)

LANGUAGES: Final = ("nl", "en")
# Day and month names written out: the hub's C locale cannot be relied on for Dutch.
_WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# fmt: off
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
# fmt: on

ALERTS_NL: Final[dict[str, str]] = {
    # A boom-bust cycle
    # "Op een gewone dag": the report's words for je gewone activiteit (the 28-day median).
    "day_line": "{date}: {active} actieve minuten (op een gewone dag {usual})",
    "day_line_pain": ", pijn op zijn ergst {pain}",
    "pain_up": "Na de piekdag steeg je pijn van {before} naar {after}.",
    "pain_down": "Na de piekdag daalde je pijn van {before} naar {after}.",
    "pain_same": "Na de piekdag bleef je pijn even sterk ({before}).",
    "cycle_title": "Een drukke dag en daarna een mindere: {date}",
    "cycle_busy": "Veel gedaan:",
    "cycle_less": "Daarna minder:",
    "cycle_busy_one": "Na een drukke dag",
    "cycle_busy_many": "Na {n} drukke dagen",
    "cycle_then_one": "volgde een dag",
    "cycle_then_many": "volgden {n} dagen",
    "cycle_what": "{busy} {then} waarop je veel minder actief was.",
    "cycle_advice": (
        "Dat overkomt veel mensen met rugpijn: op een betere dag wil je graag de schade "
        "inhalen. Wat kan helpen: verdeel je activiteiten over de dag en de week, en wissel "
        "inspanning af met ontspanning. Doe op een goede dag iets minder dan je zou kunnen, "
        "en op een mindere dag toch iets. Je kan dit bespreken met je psycholoog of "
        "kinesist van de rugschool."
    ),
    # The plan stagnating
    "plan_title": "Je opbouwschema liep {n} weken anders dan gepland",
    "plan_week": "week {week} (vanaf {date}): {done} van de {planned} sessies gedaan",
    "plan_week_under": ", {under} korter dan de afgesproken {quota} minuten",
    "plan_week_agreed": " (afgesproken: {quota} minuten per keer)",
    "plan_advice": (
        "Dat kan gebeuren. Probeer na te gaan wat de oorzaak is: welke drempels spelen mee, "
        "en kun je daar zelf iets aan veranderen? Zijn je einddoel en opbouwschema "
        "realistisch? Vaak helpt het om je schema aan te passen. Loop je vast, bespreek het "
        "dan met je psycholoog of kinesist."
    ),
    # A break
    "nudge_title": "Tijd voor een korte pauze",
    "nudge_body": (
        "Je bent al {minutes} minuten onafgebroken in de weer. Een pauze tussendoor levert "
        "vaak tijd op: drink een kopje koffie, of doe de rest straks."
    ),
    # A wearable away
    "absent_title": "{device}: al {hours} uur geen gegevens",
    "absent_body": (
        "De hub ontving niets meer van {device} sinds {when}. Is het toestel opgeladen, en "
        "draag je het in de buurt van de hub? Zonder gegevens kan het weekoverzicht die "
        "dagen niet meetellen."
    ),
    # The weekly report
    "week_words": "week {week} van {year} ({first} tot en met {last})",
    "week_code": "week {week}",
    "report_title": "Je weekoverzicht van {week} staat klaar",
    "report_body": (
        "Het overzicht van {week} staat klaar: {where}\n"
        "Je kan het samen met je psycholoog of kinesist van de rugschool bekijken."
    ),
    # The weekly report, to the therapist ([alerts] therapist_urls)
    "therapist_whose": " van {patient}",
    "therapist_report_title": "Weekoverzicht{whose}: {week}",
    "therapist_report_body": "Het overzicht{whose} van {week} staat klaar op de hub:\n{where}",
    "therapist_report_attached": "Het zit ook als bijlage bij dit bericht.",
    # A file that could not be imported
    "import_title": "De export van je horloge kon niet gelezen worden",
    "import_body": (
        "Het bestand {name} kwam aan op de hub, maar kon niet gelezen worden. Er is niets "
        "van overgenomen. Maak gerust een nieuwe export. Wie de hub installeerde, kan "
        "nakijken wat er misliep."
    ),
    # Home Assistant's names for the hub's entities (MQTT discovery)
    "ha_steps_today": "Stappen vandaag",
    "ha_active_minutes_today": "Actieve minuten vandaag",
    "ha_usual_minutes": "Je gewone activiteit",
    "ha_day_type": "Soort dag",
    "ha_plan_percent": "Opbouwschema deze week",
    "ha_alert": "Melding",
    "ha_relax_start": "Start ontspanningsoefening",
    "ha_relax_stop": "Stop ontspanningsoefening",
    "ha_relax_running": "Ontspanningsoefening bezig",
    "ha_battery": "{device} batterij",
    "ha_connected": "{device} verbonden",
    "ha_day_learning": "leerperiode",
    "ha_day_no_data": "te weinig gegevens",
    "ha_day_normal": "binnen je grenzen",
    "ha_day_boom": "piekdag",
    "ha_day_bust": "dipdag",
}

ALERTS_EN: Final[dict[str, str]] = {
    "day_line": "{date}: {active} active minutes (your usual level: {usual})",
    "day_line_pain": ", worst pain {pain}",
    "pain_up": "After the boom day your pain went up from {before} to {after}.",
    "pain_down": "After the boom day your pain went down from {before} to {after}.",
    "pain_same": "After the boom day your pain stayed the same ({before}).",
    "cycle_title": "A busy day, then a harder one: {date}",
    "cycle_busy": "A lot done:",
    "cycle_less": "Then less:",
    "cycle_busy_one": "A busy day was",
    "cycle_busy_many": "{n} busy days were",
    "cycle_then_one": "followed by a day",
    "cycle_then_many": "followed by {n} days",
    "cycle_what": "{busy} {then} on which you were much less active.",
    "cycle_advice": (
        "This happens to many people with back pain: on a better day you want to catch up on "
        "what was left undone. What can help: spread your activities over the day and the "
        "week, and alternate exertion and relaxation. On a good day do a little less than you "
        "could, and on a harder day still do something. You can talk this over with your "
        "back-school psychologist or physiotherapist."
    ),
    "plan_title": "Your build-up schedule went differently than planned for {n} weeks",
    "plan_week": "week {week} (from {date}): {done} of {planned} sessions done",
    "plan_week_under": ", {under} shorter than the agreed {quota} minutes",
    "plan_week_agreed": " (agreed: {quota} minutes per session)",
    "plan_advice": (
        "That happens. Try to find out what is behind it: which barriers play a part, and can "
        "you change something about them yourself? Are your goal and build-up schedule "
        "realistic? Adjusting the schedule often helps. If you get stuck, talk it over with "
        "your psychologist or physiotherapist."
    ),
    "nudge_title": "Time for a short break",
    "nudge_body": (
        "You have been on the go for {minutes} minutes without a break. A pause in between "
        "often saves time in the end: have a cup of coffee, or do the rest later."
    ),
    "absent_title": "{device}: no data for {hours} hours",
    "absent_body": (
        "The hub has received nothing from {device} since {when}. Is the device charged, "
        "and are you wearing it near the hub? Without data the weekly overview cannot "
        "count those days."
    ),
    "week_words": "week {week} of {year} ({first} to {last})",
    "week_code": "week {week}",
    "report_title": "Your weekly overview for {week} is ready",
    "report_body": (
        "The overview of {week} is ready: {where}\n"
        "You can go through it with your back-school psychologist or physiotherapist."
    ),
    "therapist_whose": " for {patient}",
    "therapist_report_title": "Weekly overview{whose}: {week}",
    "therapist_report_body": "The overview{whose} of {week} is ready on the hub:\n{where}",
    "therapist_report_attached": "It is attached to this message as well.",
    "import_title": "Your watch's export could not be read",
    "import_body": (
        "The file {name} reached the hub but could not be read, so nothing was taken from "
        "it. Feel free to make a new export. Whoever installed the hub can look up what went "
        "wrong."
    ),
    "ha_steps_today": "Steps today",
    "ha_active_minutes_today": "Active minutes today",
    "ha_usual_minutes": "Your usual level",
    "ha_day_type": "Kind of day",
    "ha_plan_percent": "Build-up schedule this week",
    "ha_alert": "Pacing alert",
    "ha_relax_start": "Start relaxation exercise",
    "ha_relax_stop": "Stop relaxation exercise",
    "ha_relax_running": "Relaxation exercise running",
    "ha_battery": "{device} battery",
    "ha_connected": "{device} connected",
    "ha_day_learning": "learning period",
    "ha_day_no_data": "not enough data",
    "ha_day_normal": "within your limits",
    "ha_day_boom": "boom day",
    "ha_day_bust": "bust day",
}

TEXTS: Final[dict[str, dict[str, str]]] = {"nl": ALERTS_NL, "en": ALERTS_EN}


@dataclass(frozen=True, slots=True)
class AlertText:
    title: str
    body: str
    # A file to attach where the channel carries files (the weekly report); "" = none.
    attachment: str = ""


def text(lang: str, key: str, **values: object) -> str:
    """The words for ``key`` in ``lang``, with ``values`` filled in."""
    words = TEXTS[lang][key]
    return words.format(**values) if values else words


def format_date(day: date, lang: str) -> str:
    """``maandag 16 maart 2026`` / ``Monday 16 March 2026``."""
    return f"{_WEEKDAYS[lang][day.weekday()]} {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def _minutes(value: float) -> int:
    return round(value)


def _day_line(d: DayNumbers, lang: str) -> str:
    pain = "" if d.worst_pain is None else text(lang, "day_line_pain", pain=d.worst_pain)
    return text(
        lang, "day_line", date=format_date(d.day, lang), active=_minutes(d.active_minutes),
        usual=_minutes(d.baseline_minutes),
    ) + pain  # fmt: skip


def _pain_sentence(e: CycleConfirmed, lang: str) -> str:
    """How the worst pain went from the (last) boom day to the bust days, when known:
    'Na de piekdag steeg je pijn van 3 naar 7. ' Empty without check-ins."""
    before = next((d.worst_pain for d in reversed(e.boom_days) if d.worst_pain is not None), None)
    known = [d.worst_pain for d in e.bust_days if d.worst_pain is not None]
    if before is None or not known:
        return ""
    after = max(known)
    key = "pain_up" if after > before else "pain_down" if after < before else "pain_same"
    return text(lang, key, before=before, after=after) + " "


def _count(lang: str, key: str, n: int) -> str:
    return text(lang, f"{key}_one") if n == 1 else text(lang, f"{key}_many", n=n)


def _cycle(e: CycleConfirmed, lang: str) -> AlertText:
    booms = [_day_line(d, lang) for d in e.boom_days]
    busts = [_day_line(d, lang) for d in e.bust_days]
    what = text(
        lang, "cycle_what", busy=_count(lang, "cycle_busy", len(booms)),
        then=_count(lang, "cycle_then", len(busts)),
    )  # fmt: skip
    return AlertText(
        # The title names the first busy day; the body counts them all.
        title=text(lang, "cycle_title", date=format_date(e.boom_days[0].day, lang)),
        body=(
            text(lang, "cycle_busy") + "\n- " + "\n- ".join(booms) + "\n"
            + text(lang, "cycle_less") + "\n- " + "\n- ".join(busts) + "\n\n"
            + f"{what} {_pain_sentence(e, lang)}{text(lang, 'cycle_advice')}"
        ),
    )  # fmt: skip


def _plan(e: PlanStagnating, lang: str) -> AlertText:
    lines = []
    for w in e.weeks:
        quota = _minutes(w.quota_minutes)
        tail = (
            text(lang, "plan_week_under", under=w.under, quota=quota)
            if w.under
            else text(lang, "plan_week_agreed", quota=quota)
        )
        when = format_date(w.start, lang)
        lines.append(
            text(lang, "plan_week", week=w.week, date=when, done=w.done, planned=w.planned) + tail
        )
    return AlertText(
        title=text(lang, "plan_title", n=len(e.weeks)),
        body="- " + "\n- ".join(lines) + "\n\n" + text(lang, "plan_advice"),
    )


def _nudge(e: BreakNudge, lang: str) -> AlertText:
    return AlertText(text(lang, "nudge_title"), text(lang, "nudge_body", minutes=e.minutes))


def _absent(e: DeviceAbsent, lang: str, tz: tzinfo | None) -> AlertText:
    # Without a configured zone: the hub's own clock, where the person lives.
    seen = e.last_seen.astimezone(tz)
    when = f"{format_date(seen.date(), lang)} {seen:%H:%M}"
    return AlertText(
        title=text(lang, "absent_title", device=e.device, hours=_minutes(e.hours)),
        body=text(lang, "absent_body", device=e.device, when=when),
    )


_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def _week_words(week: str, lang: str) -> str:
    """'2026-W12' → 'week 12 van 2026 (maandag 16 maart tot en met zondag 22 maart 2026)'.

    Patients do not read ISO week codes; anything else is shown as it is.
    """
    match = _ISO_WEEK.match(week)
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1) if match else None
    except ValueError:
        monday = None
    if match is None or monday is None:
        return text(lang, "week_code", week=week)
    sunday = monday + timedelta(days=6)
    first = format_date(monday, lang)
    if monday.year == sunday.year:
        first = first.rsplit(" ", 1)[0]  # the year is said once, after the Sunday
    return text(
        lang, "week_words", week=int(match[2]), year=match[1], first=first,
        last=format_date(sunday, lang),
    )  # fmt: skip


def _report(e: WeeklyReportReady, lang: str, audience: Audience) -> AlertText:
    if audience is Audience.THERAPIST:
        return _report_for_therapist(e, lang)
    return AlertText(
        title=text(lang, "report_title", week=e.week),
        body=text(lang, "report_body", week=_week_words(e.week, lang), where=e.url or e.path),
        attachment=e.attachment,
    )


def _report_for_therapist(e: WeeklyReportReady, lang: str) -> AlertText:
    whose = text(lang, "therapist_whose", patient=e.patient) if e.patient else ""
    body = text(
        lang, "therapist_report_body", whose=whose, week=_week_words(e.week, lang),
        where=e.url or e.path,
    )  # fmt: skip
    if e.attachment:
        body += "\n" + text(lang, "therapist_report_attached")
    return AlertText(
        title=text(lang, "therapist_report_title", whose=whose, week=e.week),
        body=body,
        attachment=e.attachment,
    )


def _import_failed(e: ImportFailed, lang: str) -> AlertText:
    # The reason is for whoever installed the hub (tracker status), not for the patient.
    return AlertText(text(lang, "import_title"), text(lang, "import_body", name=e.name))


def render(
    event: AlertEvent,
    lang: str,
    tz: tzinfo | None = None,
    audience: Audience = Audience.PATIENT,
) -> AlertText:
    """Title and body of ``event`` in ``lang`` ("nl" or "en") for ``audience``; times
    shown in ``tz`` (the hub's own zone when None)."""
    if lang not in TEXTS:
        raise ValueError(f"unsupported language {lang!r}")
    match event:
        case CycleConfirmed():
            return _cycle(event, lang)
        case PlanStagnating():
            return _plan(event, lang)
        case BreakNudge():
            return _nudge(event, lang)
        case DeviceAbsent():
            return _absent(event, lang, tz)
        case WeeklyReportReady():
            return _report(event, lang, audience)
        case ImportFailed():
            return _import_failed(event, lang)
