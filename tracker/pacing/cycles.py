"""Boom-bust cycles (issue 3): a run of boom days, then a crash within a few days.

A cycle is a maximal run of consecutive boom days (consecutive *calendar* days: a day
without data between two boom days splits the run) followed, on one of the days
``last + 1 … last + cycle_window_days``, by at least one bust day.

``bust_dates`` lists every bust day in that window, in order, and stops at the next boom
day: a new boom opens a run (and possibly a cycle) of its own, so no bust day is ever
claimed by two cycles. Only boom and bust days can be part of a cycle; ``no_data`` and
``learning`` days never are (nothing is flagged while the baseline is being learnt).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.pacing.day_rules import DayType
from tracker.pacing.params import PacingParams

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Cycle:
    boom_dates: tuple[date, ...]
    bust_dates: tuple[date, ...]

    @property
    def first_boom(self) -> date:
        """The cycle's identity: its first boom day."""
        return self.boom_dates[0]

    def to_json(self) -> dict[str, list[str]]:
        return {
            "boom_dates": [d.isoformat() for d in self.boom_dates],
            "bust_dates": [d.isoformat() for d in self.bust_dates],
        }


def find_cycles(
    dates: Sequence[date], day_types: Sequence[DayType], params: PacingParams
) -> list[Cycle]:
    """Every boom-bust cycle, in date order. ``dates`` need not be gap-free; a date
    that is missing is treated as a day without data."""
    if len(dates) != len(day_types):
        raise ValueError("dates and day_types must have the same length")
    by_date = dict(zip(dates, day_types, strict=True))
    ordered = sorted(by_date)
    cycles: list[Cycle] = []
    i = 0
    while i < len(ordered):
        if by_date[ordered[i]] is not DayType.BOOM:
            i += 1
            continue
        run = [ordered[i]]
        i += 1
        while (
            i < len(ordered)
            and ordered[i] == run[-1] + ONE_DAY
            and by_date[ordered[i]] is DayType.BOOM
        ):
            run.append(ordered[i])
            i += 1
        busts: list[date] = []
        for offset in range(1, params.cycle_window_days + 1):
            day = run[-1] + offset * ONE_DAY
            kind = by_date.get(day, DayType.NO_DATA)
            if kind is DayType.BOOM:
                break
            if kind is DayType.BUST:
                busts.append(day)
        if busts:
            cycles.append(Cycle(boom_dates=tuple(run), bust_dates=tuple(busts)))
    return cycles
