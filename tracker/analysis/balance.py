"""Exertion and relaxation: the brochure's alternation, per day and per week.

Per day: the longest continuous exertion, bouts longer than ``max_continuous_minutes``,
pause time between bouts, the share of active minutes per day part, and within-day booms:
a bout of at least ``within_day_boom_min_bout_minutes`` followed by rest at least
``within_day_boom_rest_factor`` times its length (the brochure's hour in the garden
followed by two hours on the couch). Rest after a bout lasts until the next bout starts;
it must fit inside the bout's own day and inside the data, so the end of the data or the
night never counts as rest.

Per ISO week: the coefficient of variation of daily active minutes over valid days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from tracker.analysis.bouts import Spans
from tracker.analysis.days import MinuteGrid
from tracker.analysis.params import AnalysisParams
from tracker.analysis.results import WeekSpread
from tracker.domain.units import HOURS_PER_DAY, MINUTES_PER_HOUR

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class DayBalance:
    """Per-day columns (index = day)."""

    longest_exertion_minutes: Ints
    long_bouts: Ints
    pause_minutes: Ints
    morning_share: Floats  # NaN when the day has no active minutes
    afternoon_share: Floats
    evening_share: Floats
    within_day_booms: Ints


def _per_day_max(day: npt.NDArray[np.intp], values: Ints, n_days: int) -> Ints:
    out = np.zeros(n_days, np.int64)
    np.maximum.at(out, day, values)
    return out


def day_balance(
    grid: MinuteGrid,
    active: npt.NDArray[np.bool_],
    bouts: Spans,
    exertions: Spans,
    params: AnalysisParams,
) -> DayBalance:
    n_days = grid.n_days
    ex_day = grid.day[exertions.start]
    longest = _per_day_max(ex_day, exertions.minutes.astype(np.int64), n_days)

    bout_day = grid.day[bouts.start]
    lengths = bouts.minutes.astype(np.int64)
    long_bouts = np.bincount(
        bout_day, weights=lengths > params.max_continuous_minutes, minlength=n_days
    ).astype(np.int64)

    # Pauses: from one bout's end to the next bout's start on the same day.
    same_day = bout_day[1:] == bout_day[:-1]
    gaps = (bouts.start[1:] - bouts.end[:-1]).astype(np.float64)
    pause = np.bincount(bout_day[1:][same_day], weights=gaps[same_day], minlength=n_days).astype(
        np.int64
    )

    # Within-day boom: rest until the next bout (or the day's end), inside the data.
    n = len(grid)
    day_end = np.searchsorted(grid.day, np.arange(n_days), "right")  # grid index, exclusive
    next_start = np.append(bouts.start[1:], n).astype(np.int64)
    rest_end = np.minimum(next_start, day_end[bout_day])
    needed = np.ceil(params.within_day_boom_rest_factor * lengths).astype(np.int64)
    boom = (
        (lengths >= params.within_day_boom_min_bout_minutes)
        & (rest_end - bouts.end >= needed)
        & (bouts.end + needed <= n)
    )
    within = np.bincount(bout_day, weights=boom, minlength=n_days).astype(np.int64)

    hour = grid.minute_of_day // MINUTES_PER_HOUR
    total = np.bincount(grid.day, weights=active, minlength=n_days)

    def share(lo_hour: int, hi_hour: int) -> Floats:
        part = active & (hour >= lo_hour) & (hour < hi_hour)
        counts = np.bincount(grid.day, weights=part, minlength=n_days)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, counts / np.maximum(total, 1), np.nan)

    return DayBalance(
        longest_exertion_minutes=longest,
        long_bouts=long_bouts,
        pause_minutes=pause,
        morning_share=share(params.morning_start_hour, params.afternoon_start_hour),
        afternoon_share=share(params.afternoon_start_hour, params.evening_start_hour),
        evening_share=share(params.evening_start_hour, HOURS_PER_DAY),
        within_day_booms=within,
    )


def active_by_hour(grid: MinuteGrid, active: npt.NDArray[np.bool_]) -> list[tuple[int, ...]]:
    """Active minutes per local hour of day (24 columns) for each day."""
    hour = grid.minute_of_day // MINUTES_PER_HOUR
    cells = np.bincount(
        grid.day * HOURS_PER_DAY + hour, weights=active, minlength=grid.n_days * HOURS_PER_DAY
    ).astype(np.int64)
    return [tuple(row) for row in cells.reshape(grid.n_days, HOURS_PER_DAY).tolist()]


def week_spread(
    dates: tuple[date, ...],
    active_minutes: Floats,
    valid: npt.NDArray[np.bool_],
    params: AnalysisParams,
) -> tuple[WeekSpread, ...]:
    """Coefficient of variation (sample SD / mean) of active minutes per ISO week."""
    weeks: dict[tuple[int, int], list[float]] = {}
    order: list[tuple[int, int]] = []
    for d, a, ok in zip(dates, active_minutes.tolist(), valid.tolist(), strict=True):
        iso = d.isocalendar()
        key = (iso.year, iso.week)
        if key not in weeks:
            weeks[key] = []
            order.append(key)
        if ok:
            weeks[key].append(a)
    out: list[WeekSpread] = []
    for key in order:
        values = np.asarray(weeks[key], dtype=np.float64)
        monday = date.fromisocalendar(key[0], key[1], 1)
        mean = float(values.mean()) if values.size else None
        cv = None
        if values.size >= params.weekly_spread_min_days and mean:
            cv = float(values.std(ddof=1) / mean)
        out.append(WeekSpread(key[0], key[1], monday, int(values.size), mean, cv))
    return tuple(out)
