"""What the patient writes on the hub page: the evening check-in, a session the sensors
cannot see, and the therapist's note on a week. Checked here, stored whole or not at all.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from tracker.app.plans import log_plan_session, logged_start
from tracker.domain.units import MINUTES_PER_DAY
from tracker.domain.weeks import EARLIEST_ENTRY_DATE
from tracker.pacing.must_want import ActivityKind
from tracker.pacing.sessions import SOURCE_LOGGED, Session
from tracker.store import audit, checkins, notes
from tracker.store.checkins import CheckIn
from tracker.store.plans import load_plan
from tracker.store.sqlite import Store

# The 0-10 numeric rating scale for pain (and the same for energy).
SCALE_MAX = 10
# A short note: a sentence or two, not a diary (and not an essay of health data).
MAX_NOTE_CHARS = 500
MAX_WEEK_NOTE_CHARS = 2_000
MAX_ACTIVITY_CHARS = 40


class InputError(ValueError):
    """A form field that cannot be stored: ``field`` names it, ``problem`` is a text key.

    ``problems`` holds every field's problem where a form is checked whole (the first is
    ``field``'s): a page marks them all at once, a command line says the first.
    """

    def __init__(
        self, field: str, problem: str, *, others: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
        self.problems = {field: problem, **(others or {})}

    @classmethod
    def of(cls, problems: Mapping[str, str]) -> InputError:
        """One error for several fields' problems (in the form's order)."""
        field, problem = next(iter(problems.items()))
        return cls(field, problem, others=problems)


def _scale(field: str, value: int | None) -> int:
    if value is None:
        raise InputError(field, "choose")
    if not 0 <= value <= SCALE_MAX:
        raise InputError(field, "scale")
    return value


def _clean_note(text: str, limit: int, field: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise InputError(field, "too_long")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise InputError(field, "control")
    return text


@dataclass(frozen=True, slots=True)
class CheckInSaved:
    checkin: CheckIn
    replaced: bool  # an earlier check-in of that day was replaced


def save_checkin(
    store: Store,
    day: date,
    pain: int | None,
    worst_pain: int | None,
    energy: int | None,
    note: str,
    *,
    now_ms: int,
) -> CheckInSaved:
    """Check every field first, then store the day's check-in (a second replaces it)."""
    return store_checked(store, check_checkin(day, pain, worst_pain, energy, note), now_ms=now_ms)


def store_checked(store: Store, checked: CheckIn, *, now_ms: int) -> CheckInSaved:
    """Store a check-in that :func:`check_checkin` passed; says whether it replaced one."""
    return CheckInSaved(checked, checkins.save_checkin(store, checked, now_ms=now_ms))


def check_checkin(
    day: date, pain: int | None, worst_pain: int | None, energy: int | None, note: str
) -> CheckIn:
    """The check-in, or :class:`InputError` naming every impossible field, the first
    first (the rules of the hub page, the command line and an imported check-in list
    alike)."""
    problems: dict[str, str] = {}

    def scale(field: str, value: int | None) -> int:
        try:
            return _scale(field, value)
        except InputError as exc:
            problems[exc.field] = exc.problem
            return 0

    checked_pain = scale("pain", pain)
    checked_worst = scale("worst_pain", worst_pain)
    checked_energy = scale("energy", energy)
    checked_note = ""
    try:
        checked_note = _clean_note(note, MAX_NOTE_CHARS, "note")
    except InputError as exc:
        problems[exc.field] = exc.problem
    if not {"pain", "worst_pain"} & problems.keys() and checked_worst < checked_pain:
        problems["worst_pain"] = "below_now"
    if problems:
        raise InputError.of(problems)
    return CheckIn(day, checked_pain, checked_worst, checked_energy, checked_note)


def recent_checkins(store: Store, first: date, last: date) -> list[CheckIn]:
    return checkins.checkins(store, first, last)


def checkin_of(store: Store, day: date) -> CheckIn | None:
    found = checkins.checkins(store, day, day)
    return found[0] if found else None


def log_manual_session(
    store: Store,
    day: date | None,
    minutes: float | None,
    activity: str,
    *,
    now: datetime,
    kind: str = "",
) -> Session:
    """A session the sensors cannot see, through the store's ``log_session`` (as
    ``tracker log session``); ``now`` is aware, in the hub's zone. ``kind`` "must" or
    "want" marks it a moeten- or mogen-activiteit ("" leaves it unmarked)."""
    if kind not in ("", *ActivityKind):
        raise InputError("kind", "choose_kind")
    if day is None:
        raise InputError("date", "date")
    if day > now.date():
        raise InputError("date", "future")
    if day < EARLIEST_ENTRY_DATE:
        raise InputError("date", "early")
    if minutes is None or not math.isfinite(minutes):
        raise InputError("minutes", "number")
    if not 0 < minutes <= MINUTES_PER_DAY:
        raise InputError("minutes", "minutes_range")
    activity = _clean_note(activity, MAX_ACTIVITY_CHARS, "activity").replace("\n", " ")
    if not activity:
        plan = load_plan(store)
        activity = plan.activity if plan else "walking"
    start = logged_start(day, now)
    session = Session(start=start, minutes=minutes, source=SOURCE_LOGGED, activity=activity)
    log_plan_session(store, session, kind=kind or None)
    return session


def save_week_note(store: Store, week: str, text: str, *, author: str, now_ms: int) -> None:
    notes.save_note(
        store, week, _clean_note(text, MAX_WEEK_NOTE_CHARS, "note"), author=author, now_ms=now_ms
    )


def week_note(store: Store, week: str) -> notes.WeekNote | None:
    return notes.week_note(store, week)


def record(store: Store, now_ms: int, actor: str, action: str, detail: str = "") -> None:
    """An audit entry for a change made elsewhere (a session logged on the page)."""
    audit.add(store, now_ms, actor, action, detail)
