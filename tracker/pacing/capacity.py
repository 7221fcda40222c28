"""Capacity trend (belastbaarheid): is the person able to do more, less, or the same?

The brochure draws belastbaarheid as a band between an ondergrens and a bovengrens that
sinks with every boom-bust cycle. Here: a 28-day rolling median of daily active minutes
with a 10th-90th percentile band, and a Theil-Sen slope over the last 8 weeks with its
95 % interval (robust to the odd boom or bust day). The status is ``declining`` only when
the whole interval lies below zero, ``rising`` only when it lies above, else ``stable``.

Avoidance ("te weinig doen = vermijden") shows as declining capacity with few or no boom
days: the person is not crashing, just doing less and less. It is reported gently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from tracker.analysis.theilsen import theil_sen
from tracker.domain.units import DAYS_PER_WEEK
from tracker.pacing.day_rules import DayType
from tracker.pacing.daytypes import baselines, classify_days
from tracker.pacing.params import PacingParams

MEDIAN_PERCENTILE = 50.0
LOWER_PERCENTILE = 10.0  # ondergrens of the band
UPPER_PERCENTILE = 90.0  # bovengrens of the band
SLOPE_CONFIDENCE = 0.95  # issue 3: 95 % interval of the Theil-Sen slope


class CapacityStatus(StrEnum):
    INSUFFICIENT_DATA = "insufficient_data"
    DECLINING = "declining"
    STABLE = "stable"
    RISING = "rising"


@dataclass(frozen=True, slots=True)
class CapacityTrend:
    dates: tuple[date, ...]
    median: NDArray[np.float64]  # rolling median active minutes per day, NaN when too few days
    lower: NDArray[np.float64]  # rolling 10th percentile
    upper: NDArray[np.float64]  # rolling 90th percentile
    status: CapacityStatus
    slope_per_week: float | None  # active minutes per day, change per week (Theil-Sen)
    slope_low_per_week: float | None
    slope_high_per_week: float | None
    slope_days: int  # valid days the slope was fitted on
    boom_days: int  # boom days in the slope window
    avoidance: bool

    def to_json(self) -> dict[str, Any]:
        def floats(values: NDArray[np.float64]) -> list[float | None]:
            return [None if np.isnan(v) else float(v) for v in values.tolist()]

        return {
            "status": str(self.status),
            "slope_per_week": self.slope_per_week,
            "slope_low_per_week": self.slope_low_per_week,
            "slope_high_per_week": self.slope_high_per_week,
            "slope_days": self.slope_days,
            "boom_days": self.boom_days,
            "avoidance": self.avoidance,
            "days": [
                {"date": d.isoformat(), "median": m, "lower": lo, "upper": hi}
                for d, m, lo, hi in zip(
                    self.dates,
                    floats(self.median),
                    floats(self.lower),
                    floats(self.upper),
                    strict=True,
                )
            ],
        }


def _row_percentiles(
    rows: NDArray[np.float64], counts: NDArray[np.int64], q: float
) -> NDArray[np.float64]:
    """``numpy.nanpercentile(rows, q, axis=1)`` (linear method) for rows whose NaNs sort
    last; ``counts`` > 0 is the number of values per row. Sorting once and indexing is
    some 30x faster than nanpercentile, which handles each row separately."""
    pos = q / 100.0 * (counts - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, counts - 1)
    t = pos - lo
    idx = np.arange(rows.shape[0])
    a, b = rows[idx, lo], rows[idx, hi]
    diff = b - a
    # numpy's _lerp: from the nearer end, so that the result is exact at t = 0 and t = 1;
    # the median of an even count is the mean of the middle two, as numpy.median has it.
    out: NDArray[np.float64] = np.where(t >= 0.5, b - diff * (1 - t), a + diff * t)
    if q == MEDIAN_PERCENTILE:
        out = np.where(t == 0.5, (a + b) / 2, out)
    return out


def rolling_band(
    active_minutes: NDArray[np.float64], valid: NDArray[np.bool_], params: PacingParams
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Median, 10th and 90th percentile of the valid days among ``i - 27 … i`` per day."""
    n = active_minutes.size
    window = params.capacity_window_days
    values = np.where(valid & np.isfinite(active_minutes), active_minutes, np.nan)
    padded = np.concatenate([np.full(window - 1, np.nan), values])
    views = sliding_window_view(padded, window)[:n]
    counts = np.count_nonzero(~np.isnan(views), axis=1)
    enough = counts >= params.baseline_min_days
    median, lower, upper = (np.full(n, np.nan) for _ in range(3))
    if enough.any():
        rows = np.sort(views[enough], axis=1)  # NaNs sort last
        k = counts[enough]
        median[enough] = _row_percentiles(rows, k, MEDIAN_PERCENTILE)
        lower[enough] = _row_percentiles(rows, k, LOWER_PERCENTILE)
        upper[enough] = _row_percentiles(rows, k, UPPER_PERCENTILE)
    return median, lower, upper


def capacity_trend(
    dates: Sequence[date],
    active_minutes: NDArray[np.float64] | Sequence[float],
    valid: NDArray[np.bool_] | Sequence[bool],
    params: PacingParams,
) -> CapacityTrend:
    """The trend over consecutive calendar days ``dates`` (index-aligned arrays)."""
    active = np.asarray(active_minutes, dtype=np.float64)
    ok = np.asarray(valid, dtype=np.bool_)
    if not len(dates) == active.size == ok.size:
        raise ValueError("dates, active_minutes and valid must have the same length")
    median, lower, upper = rolling_band(active, ok, params)
    day_types = classify_days(active, ok, baselines(active, ok, params), params)

    window_days = params.capacity_slope_weeks * DAYS_PER_WEEK
    in_window = np.zeros(active.size, dtype=np.bool_)
    if dates:
        last = dates[-1]
        in_window = np.array([(last - d).days < window_days for d in dates], dtype=np.bool_)
    fit = in_window & ok & np.isfinite(active)
    slope_days = int(np.count_nonzero(fit))
    boom_days = sum(
        1 for t, w in zip(day_types, in_window.tolist(), strict=True) if w and t is DayType.BOOM
    )
    if slope_days < params.capacity_min_days:
        return CapacityTrend(
            tuple(dates), median, lower, upper, CapacityStatus.INSUFFICIENT_DATA,
            None, None, None, slope_days, boom_days, False,
        )  # fmt: skip
    x = np.array([d.toordinal() for d in dates], dtype=np.float64)[fit]
    result = theil_sen(active[fit], x, SLOPE_CONFIDENCE)
    slope, low, high = (v * DAYS_PER_WEEK for v in (result.slope, result.low, result.high))
    if high < 0:
        status = CapacityStatus.DECLINING
    elif low > 0:
        status = CapacityStatus.RISING
    else:
        status = CapacityStatus.STABLE
    avoidance = status is CapacityStatus.DECLINING and boom_days <= params.avoidance_max_boom_days
    return CapacityTrend(
        dates=tuple(dates),
        median=median,
        lower=lower,
        upper=upper,
        status=status,
        slope_per_week=slope,
        slope_low_per_week=low,
        slope_high_per_week=high,
        slope_days=slope_days,
        boom_days=boom_days,
        avoidance=avoidance,
    )
