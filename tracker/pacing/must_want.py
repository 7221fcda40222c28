"""Must and want activities (moeten-activiteiten, mogen-activiteiten).

The brochure: "Eerst de plicht dan de lol" often leaves no time or energy for the
activities that give energy and satisfaction, so alternate what you must do with what
you want to do. A logged activity (or plan session) can be marked ``must`` or ``want``;
a week shows how many of each, and their minutes, per day and in total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class ActivityKind(StrEnum):
    MUST = "must"  # moeten-activiteit
    WANT = "want"  # mogen-activiteit: what you like doing


@dataclass(frozen=True, slots=True)
class MarkedActivity:
    day: date
    minutes: float
    activity: str
    kind: ActivityKind


@dataclass(frozen=True, slots=True)
class KindTotals:
    count: int
    minutes: float


@dataclass(frozen=True, slots=True)
class MustWantDay:
    date: date
    must: KindTotals
    want: KindTotals


@dataclass(frozen=True, slots=True)
class MustWantBalance:
    first: date
    last: date
    must: KindTotals
    want: KindTotals
    days: tuple[MustWantDay, ...]  # every day of [first, last]

    @property
    def any(self) -> bool:
        return bool(self.must.count or self.want.count)

    def to_json(self) -> dict[str, Any]:
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "must": {"count": self.must.count, "minutes": self.must.minutes},
            "want": {"count": self.want.count, "minutes": self.want.minutes},
        }


def _totals(items: Sequence[MarkedActivity]) -> KindTotals:
    return KindTotals(len(items), float(sum(a.minutes for a in items)))


def must_want_balance(
    activities: Sequence[MarkedActivity], first: date, last: date
) -> MustWantBalance:
    """Must and want activities of ``[first, last]``, per day and in total."""
    inside = [a for a in activities if first <= a.day <= last]
    days = []
    for k in range((last - first).days + 1):
        day = date.fromordinal(first.toordinal() + k)
        today = [a for a in inside if a.day == day]
        days.append(
            MustWantDay(
                day,
                _totals([a for a in today if a.kind is ActivityKind.MUST]),
                _totals([a for a in today if a.kind is ActivityKind.WANT]),
            )
        )
    return MustWantBalance(
        first,
        last,
        _totals([a for a in inside if a.kind is ActivityKind.MUST]),
        _totals([a for a in inside if a.kind is ActivityKind.WANT]),
        tuple(days),
    )
