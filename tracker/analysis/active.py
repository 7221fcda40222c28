"""Active minutes and the heart-rate references they use.

Active: worn and steps >= ``active_steps_per_min`` (Tudor-Locke's purposeful stepping), or,
when resting and maximum heart rate are known, heart rate >= HRrest + fraction x (HRmax -
HRrest) (Karvonen's heart-rate reserve). HRmax is configured or Tanaka's 208 - 0.7 x age.
HRrest is configured or, per day, the median heart rate of still minutes over the last
``hr_rest_window_days`` days ending with that day (after the DBDP resting-HR method).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracker.analysis.days import MinuteGrid
from tracker.analysis.medians import windowed_medians
from tracker.analysis.params import AnalysisParams
from tracker.analysis.rules import active_by_steps, heart_rate_active_threshold
from tracker.analysis.runs import window_sum

# Fewer still minutes than this (half an hour) give no trustworthy resting heart rate.
RESTING_HR_MIN_MINUTES = 30

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class HeartReference:
    still: npt.NDArray[np.bool_]  # per minute: heart rate known and the person has been still
    rest_by_day: Floats  # HRrest used on each day, NaN = unknown
    hr_max: float | None

    @property
    def last_rest(self) -> float | None:
        known = self.rest_by_day[~np.isnan(self.rest_by_day)]
        return float(known[-1]) if known.shape[0] else None


def still_mask(grid: MinuteGrid, params: AnalysisParams) -> npt.NDArray[np.bool_]:
    """Minutes with heart rate whose trailing step window is known and (near) zero."""
    width = params.hr_rest_still_minutes
    low = (~np.isnan(grid.steps)) & (grid.steps <= params.hr_rest_max_steps)
    low_count = window_sum(low.astype(np.float64), width)
    step_sum = window_sum(np.nan_to_num(grid.steps), width)
    still: npt.NDArray[np.bool_] = (
        (low_count == width)
        & (step_sum <= params.hr_rest_max_steps * width)
        & ~np.isnan(grid.heart_rate_bpm)
    )
    return still


def daily_medians(values: Floats, day: npt.NDArray[np.intp], n_days: int, min_count: int) -> Floats:
    return windowed_medians(values, day, n_days, 1, min_count)


def heart_reference(grid: MinuteGrid, params: AnalysisParams) -> HeartReference:
    still = still_mask(grid, params)
    if params.hr_rest_bpm:
        rest = np.full(grid.n_days, params.hr_rest_bpm)
    else:
        rest = windowed_medians(
            grid.heart_rate_bpm[still],
            grid.day[still],
            grid.n_days,
            params.hr_rest_window_days,
            RESTING_HR_MIN_MINUTES,
        )
    hr_max = params.hr_max
    if hr_max is not None:
        # An estimate at or above HRmax is a data problem; do not use it for the threshold.
        rest = np.where(rest < hr_max, rest, np.nan)
    return HeartReference(still, rest, hr_max)


def active_mask(
    grid: MinuteGrid,
    worn: npt.NDArray[np.bool_],
    ref: HeartReference,
    params: AnalysisParams,
) -> npt.NDArray[np.bool_]:
    by_steps = active_by_steps(grid.steps, params)  # NaN compares False
    if ref.hr_max is None:
        return worn & by_steps
    rest = ref.rest_by_day[grid.day]
    threshold = heart_rate_active_threshold(rest, ref.hr_max, params)  # NaN when unknown
    by_heart = grid.heart_rate_bpm >= threshold
    active: npt.NDArray[np.bool_] = worn & (by_steps | by_heart)
    return active
