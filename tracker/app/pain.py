"""Check-ins from the command line and from a paper diary, by the hub page's rules.

A check-in is checked whole before anything is written (:func:`tracker.app.checkins.
check_checkin`), for a day that is not in the future; a second check-in of a day replaces
the first and says so. A check-in list (``tracker import``) is checked line by line, all
of it before any of it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.app.checkins import CheckInSaved, InputError, check_checkin, store_checked
from tracker.domain.errors import ImportFileError
from tracker.domain.weeks import EARLIEST_ENTRY_DATE
from tracker.formats.checkin_csv import read_checkin_csv
from tracker.store.checkins import CheckIn
from tracker.store.pain_entries import save_checkins, worst_pain_by_day
from tracker.store.sqlite import Store
from tracker.store.web_tables import ensure_web_tables

# No diary of a wearable's person predates this; an earlier date is a typo.

# What each field problem of app.checkins means on the command line and in a file.
PROBLEM_WORDS = {
    "choose": "is missing",
    "scale": "must be a whole number from 0 to 10",
    "below_now": "cannot be lower than the pain now",
    "too_long": "is too long (500 characters at most)",
    "control": "holds control characters",
    "future": "is in the future; a check-in is about a day that has begun",
    "early": "is before 2000",
}


def problem_text(error: InputError, names: dict[str, str] | None = None) -> str:
    """``--worst must be a whole number from 0 to 10``, with the field as the caller names it."""
    field = (names or {}).get(error.field, error.field)
    return f"{field} {PROBLEM_WORDS.get(error.problem, error.problem)}"


def check_day(day: date, today: date) -> None:
    if day > today:
        raise InputError("date", "future")
    if day < EARLIEST_ENTRY_DATE:
        raise InputError("date", "early")


def check_entry(
    day: date, pain: int | None, worst: int | None, energy: int | None, note: str, *, today: date
) -> CheckIn:
    """A check-in typed on the command line or in a list: the hub page's rules
    (:func:`check_checkin`) for a day that has begun; :class:`InputError` otherwise."""
    check_day(day, today)
    return check_checkin(day, pain, worst, energy, note)


def record_checkin(store: Store, checked: CheckIn, *, now_ms: int) -> CheckInSaved:
    """Store one check-in that :func:`check_entry` passed (``tracker checkin``), so the
    store is only touched when every field is right."""
    ensure_web_tables(store)
    return store_checked(store, checked, now_ms=now_ms)


@dataclass(frozen=True, slots=True)
class CheckinImport:
    path: Path
    checkins: tuple[CheckIn, ...]
    replaced: int = 0  # check-ins of those days that were stored before

    @property
    def first(self) -> date:
        return min(c.date for c in self.checkins)

    @property
    def last(self) -> date:
        return max(c.date for c in self.checkins)


def check_checkin_file(path: Path, *, today: date) -> CheckinImport:
    """Read and check a check-in list; one :class:`ImportFileError` line naming the first
    bad line, before any store is opened."""
    rows = read_checkin_csv(path)
    out: list[CheckIn] = []
    for row in rows:
        try:
            out.append(
                check_entry(row.date, row.pain, row.worst_pain, row.energy, row.note, today=today)
            )
        except InputError as exc:
            raise ImportFileError(
                f"{path}:{row.line}", problem_text(exc) + "; nothing was imported"
            ) from exc
    return CheckinImport(path, tuple(out))


def store_checkin_file(store: Store, checked: CheckinImport, *, now_ms: int) -> CheckinImport:
    """Store a checked list in one transaction; says how many it replaced."""
    replaced = save_checkins(store, checked.checkins, now_ms=now_ms)
    return CheckinImport(checked.path, checked.checkins, replaced)


def worst_pain(
    store: Store, first: date | None = None, last: date | None = None
) -> dict[date, int]:
    """The check-ins' worst pain by day (the analysis's view of them)."""
    return worst_pain_by_day(store, first, last)
