"""What an alert says, in Dutch (the default) or English.

The words are the back-school's own (shared/seed/): kind and concrete, never blaming,
no advice beyond the program. Each text names the days and the numbers that triggered
it, so the patient and the therapist can check it against the weekly report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

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


@dataclass(frozen=True, slots=True)
class AlertText:
    title: str
    body: str
    # A file to attach where the channel carries files (the weekly report); "" = none.
    attachment: str = ""


def format_date(day: date, lang: str) -> str:
    """``maandag 16 maart 2026`` / ``Monday 16 March 2026``."""
    return f"{_WEEKDAYS[lang][day.weekday()]} {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def _minutes(value: float) -> int:
    return round(value)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = " en " if lang == "nl" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def _day_line(d: DayNumbers, lang: str) -> str:
    if lang == "nl":
        pain = "" if d.worst_pain is None else f", pijn op zijn ergst {d.worst_pain}"
        return (
            f"{format_date(d.day, lang)}: {_minutes(d.active_minutes)} actieve minuten "
            f"(je gewone niveau: {_minutes(d.baseline_minutes)} minuten){pain}"
        )
    pain = "" if d.worst_pain is None else f", worst pain {d.worst_pain}"
    return (
        f"{format_date(d.day, lang)}: {_minutes(d.active_minutes)} active minutes "
        f"(your usual level: {_minutes(d.baseline_minutes)} minutes){pain}"
    )


def _pain_sentence(e: CycleConfirmed, lang: str) -> str:
    """How the worst pain went from the (last) boom day to the bust days, when known:
    'Na de piekdag steeg je pijn van 3 naar 7.' Empty without check-ins."""
    before = next((d.worst_pain for d in reversed(e.boom_days) if d.worst_pain is not None), None)
    known = [d.worst_pain for d in e.bust_days if d.worst_pain is not None]
    if before is None or not known:
        return ""
    after = max(known)
    if lang == "nl":
        if after > before:
            return f"Na de piekdag steeg je pijn van {before} naar {after}. "
        if after < before:
            return f"Na de piekdag daalde je pijn van {before} naar {after}. "
        return f"Na de piekdag bleef je pijn even sterk ({before}). "
    if after > before:
        return f"After the boom day your pain went up from {before} to {after}. "
    if after < before:
        return f"After the boom day your pain went down from {before} to {after}. "
    return f"After the boom day your pain stayed the same ({before}). "


def _cycle(e: CycleConfirmed, lang: str) -> AlertText:
    booms = [_day_line(d, lang) for d in e.boom_days]
    busts = [_day_line(d, lang) for d in e.bust_days]
    first_boom = format_date(e.boom_days[0].day, lang)
    n_boom, n_bust = len(booms), len(busts)
    if lang == "nl":
        after = "een drukke dag" if n_boom == 1 else f"{n_boom} drukke dagen"
        less = "volgde een dag" if n_bust == 1 else f"volgden {n_bust} dagen"
        return AlertText(
            # The title names the first busy day; the body counts them all.
            title=f"Een drukke dag en daarna een mindere: {first_boom}",
            body=(
                "Veel gedaan:\n- " + "\n- ".join(booms) + "\n"
                "Daarna minder:\n- " + "\n- ".join(busts) + "\n\n"
                f"Na {after} {less} waarop je veel minder actief was. "
                f"{_pain_sentence(e, lang)}Dat "
                "overkomt veel mensen met rugpijn: op een betere dag wil je graag de schade "
                "inhalen. "
                "Wat kan helpen: verdeel je activiteiten over de dag en de week, en wissel "
                "inspanning af met ontspanning. Doe op een goede dag iets minder dan je zou "
                "kunnen, en op een mindere dag toch iets. Je kan dit bespreken met je "
                "psycholoog of kinesist van de rugschool."
            ),
        )
    before = "A busy day was" if n_boom == 1 else f"{n_boom} busy days were"
    less = "a day" if n_bust == 1 else f"{n_bust} days"
    return AlertText(
        title=f"A busy day, then a harder one: {first_boom}",
        body=(
            "A lot done:\n- " + "\n- ".join(booms) + "\n"
            "Then less:\n- " + "\n- ".join(busts) + "\n\n"
            f"{before} followed by {less} on which you were much less active. "
            f"{_pain_sentence(e, lang)}This "
            "happens to many people with back pain: on a better day you want to catch up on "
            "what was left undone. What can help: spread your activities over the day and "
            "the week, and alternate exertion and relaxation. On a good day do a little less than "
            "you could, and on a harder day still do something. You can talk this over with your "
            "back-school psychologist or physiotherapist."
        ),
    )


def _plan(e: PlanStagnating, lang: str) -> AlertText:
    n = len(e.weeks)
    if lang == "nl":
        lines = [
            f"week {w.week} (vanaf {format_date(w.start, lang)}): {w.done} van de "
            f"{w.planned} sessies gedaan"
            + (
                f", {w.under} korter dan de afgesproken {_minutes(w.quota_minutes)} minuten"
                if w.under
                else f" (afgesproken: {_minutes(w.quota_minutes)} minuten per keer)"
            )
            for w in e.weeks
        ]
        return AlertText(
            title=f"Je opbouwschema liep {n} weken anders dan gepland",
            body=(
                "- " + "\n- ".join(lines) + "\n\n"
                "Dat kan gebeuren. Probeer na te gaan wat de oorzaak is: welke drempels "
                "spelen mee, en kun je daar zelf iets aan veranderen? Zijn je einddoel en "
                "opbouwschema realistisch? Vaak helpt het om je schema aan te passen. Loop "
                "je vast, bespreek het dan met je psycholoog of kinesist."
            ),
        )
    lines = [
        f"week {w.week} (from {format_date(w.start, lang)}): {w.done} of {w.planned} "
        "sessions done"
        + (
            f", {w.under} shorter than the agreed {_minutes(w.quota_minutes)} minutes"
            if w.under
            else f" (agreed: {_minutes(w.quota_minutes)} minutes per session)"
        )
        for w in e.weeks
    ]
    return AlertText(
        title=f"Your build-up plan went differently than planned for {n} weeks",
        body=(
            "- " + "\n- ".join(lines) + "\n\n"
            "That happens. Try to find out what is behind it: which barriers play a part, "
            "and can you change something about them yourself? Are your goal and build-up "
            "plan realistic? Adjusting the plan often helps. If you get stuck, talk it "
            "over with your psychologist or physiotherapist."
        ),
    )


def _nudge(e: BreakNudge, lang: str) -> AlertText:
    if lang == "nl":
        return AlertText(
            title="Tijd voor een korte pauze",
            body=(
                f"Je bent al {e.minutes} minuten onafgebroken in de weer. Een pauze "
                "tussendoor levert vaak tijdswinst op: drink een kopje koffie, of doe de "
                "rest straks."
            ),
        )
    return AlertText(
        title="Time for a short break",
        body=(
            f"You have been on the go for {e.minutes} minutes without a break. A pause in "
            "between often saves time in the end: have a cup of coffee, or do the rest later."
        ),
    )


def _absent(e: DeviceAbsent, lang: str, tz: tzinfo | None) -> AlertText:
    seen = e.last_seen.astimezone(tz or UTC)
    # Without a known zone the time is UTC: say so rather than pass it off as local.
    when = f"{format_date(seen.date(), lang)} {seen:%H:%M}" + ("" if tz else " UTC")
    hours = _minutes(e.hours)
    if lang == "nl":
        return AlertText(
            title=f"{e.device}: al {hours} uur geen gegevens",
            body=(
                f"De hub ontving niets meer van {e.device} sinds {when}. Is het toestel "
                "opgeladen, en draag je het in de buurt van de hub? Zonder gegevens kan het "
                "weekoverzicht die dagen niet meetellen."
            ),
        )
    return AlertText(
        title=f"{e.device}: no data for {hours} hours",
        body=(
            f"The hub has received nothing from {e.device} since {when}. Is the device "
            "charged, and are you wearing it near the hub? Without data the weekly "
            "overview cannot count those days."
        ),
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
        return f"week {week}"
    sunday = monday + timedelta(days=6)
    first = format_date(monday, lang)
    if monday.year == sunday.year:
        first = first.rsplit(" ", 1)[0]  # the year is said once, after the Sunday
    if lang == "nl":
        return (
            f"week {int(match[2])} van {match[1]} ({first} tot en met {format_date(sunday, lang)})"
        )
    return f"week {int(match[2])} of {match[1]} ({first} to {format_date(sunday, lang)})"


def _report(e: WeeklyReportReady, lang: str, audience: Audience) -> AlertText:
    if audience is Audience.THERAPIST:
        return _report_for_therapist(e, lang)
    week = _week_words(e.week, lang)
    if lang == "nl":
        return AlertText(
            title=f"Je weekoverzicht van {e.week} staat klaar",
            body=(
                f"Het overzicht van {week} staat klaar: {e.url or e.path}\n"
                "Je kan het samen met je psycholoog of kinesist van de rugschool bekijken."
            ),
            attachment=e.attachment,
        )
    return AlertText(
        title=f"Your weekly overview for {e.week} is ready",
        body=(
            f"The overview of {week} is ready: {e.url or e.path}\n"
            "You can go through it with your back-school psychologist or physiotherapist."
        ),
        attachment=e.attachment,
    )


def _report_for_therapist(e: WeeklyReportReady, lang: str) -> AlertText:
    week = _week_words(e.week, lang)
    where = e.url or e.path
    if lang == "nl":
        whose = f" van {e.patient}" if e.patient else ""
        attached = "\nHet zit ook als bijlage bij dit bericht." if e.attachment else ""
        return AlertText(
            title=f"Weekoverzicht{whose}: {e.week}",
            body=f"Het overzicht{whose} van {week} staat klaar op de hub:\n{where}{attached}",
            attachment=e.attachment,
        )
    whose = f" for {e.patient}" if e.patient else ""
    attached = "\nIt is attached to this message as well." if e.attachment else ""
    return AlertText(
        title=f"Weekly overview{whose}: {e.week}",
        body=f"The overview{whose} of {week} is ready on the hub:\n{where}{attached}",
        attachment=e.attachment,
    )


def _import_failed(e: ImportFailed, lang: str) -> AlertText:
    if lang == "nl":
        return AlertText(
            title="De export van je horloge kon niet gelezen worden",
            body=(
                f"Het bestand {e.name} kwam aan op de hub, maar kon niet gelezen worden. "
                "Er is niets van overgenomen. Maak gerust een nieuwe export; wie de hub "
                "installeerde, ziet de reden met `tracker status`."
            ),
        )
    return AlertText(
        title="Your watch's export could not be read",
        body=(
            f"The file {e.name} reached the hub but could not be read, so nothing was taken "
            "from it. Feel free to make a new export; whoever installed the hub can see why "
            "with `tracker status`."
        ),
    )


def render(
    event: AlertEvent,
    lang: str,
    tz: tzinfo | None = None,
    audience: Audience = Audience.PATIENT,
) -> AlertText:
    """Title and body of ``event`` in ``lang`` ("nl" or "en") for ``audience``; times
    shown in ``tz``."""
    if lang not in _WEEKDAYS:
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
