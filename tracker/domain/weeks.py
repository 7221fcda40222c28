"""ISO weeks: the report's unit, named like ``2026-W12``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain.errors import UsageError

# ASCII digits only: \d also matches "２０２６", which int() reads but no URL or header holds.
_WEEK_RE = re.compile(r"^(\d{4})-[Ww](\d{2})$", re.ASCII)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
# Reports cover years a person can have worn a tracker; outside this a week is a typo.
FIRST_YEAR = 2000
LAST_YEAR = 2200
# The first day an entry (a check-in, a session, an exercise) or a plan may fall on: an
# earlier one is a typo of the year (0206 for 2026), as for the minutes an import takes.
EARLIEST_ENTRY_DATE = date(FIRST_YEAR, 1, 1)


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    year: int
    week: int

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.monday + timedelta(days=k) for k in range(7))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def previous(self) -> IsoWeek:
        return week_of(self.monday - timedelta(days=7))

    def next(self) -> IsoWeek:
        return week_of(self.monday + timedelta(days=7))


def week_of(day: date) -> IsoWeek:
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def parse_week(text: str) -> IsoWeek:
    """'2026-W12' (any case), or a date inside the week ('2026-03-18') → IsoWeek;
    a :class:`UsageError` (exit 2) for anything else."""
    raw = text.strip()
    match = _WEEK_RE.match(raw)
    if match is None:
        try:
            if not _DATE_RE.match(raw):
                raise ValueError(raw)
            return week_of(date.fromisoformat(raw))
        except ValueError:
            raise UsageError(
                f"week {text[:40]!r} is not an ISO week: use YYYY-Www (e.g. 2026-W12) "
                "or a date in the week (e.g. 2026-03-18)"
            ) from None
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"week {text!r}: the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise UsageError(f"week {text!r} does not exist: {year} has no week {week}") from exc
    return IsoWeek(year, week)
