"""A Gadgetbridge device's samples as sums per minute, and how one sample travels out of
SQLite as a single packed integer (the SELECT expression and its unpacking side by side).

Per minute: the minute's start (s), steps (NaN = no valid sample), and the sum and count
of the valid heart rates, so that several tables of one device can be pooled.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tracker.domain.minutes import MAX_STEPS_PER_MINUTE, MIN_HEART_RATE_BPM, sorted_together
from tracker.domain.units import SECONDS_PER_MINUTE

# Gadgetbridge's HeartRateUtils.MAX_HEART_RATE_VALUE: 250 and above is not a heart rate
# (255 is the Mi Band's "not measured").
GADGETBRIDGE_MAX_HEART_RATE_BPM = 250.0

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
# Per minute: minute start (s), steps (NaN = none), heart-rate sum, heart-rate count.
Sums = tuple[I64, F64, F64, F64]


def combine_sums(base: Sums, other: Sums) -> Sums:
    """Two tables' sums per minute as one: the larger step count, heart rates pooled."""
    minute = base[0]
    steps, hr_sum, hr_n = base[1].copy(), base[2].copy(), base[3].copy()
    at = np.minimum(np.searchsorted(minute, other[0]), len(minute) - 1)
    same = minute[at] == other[0]
    i = at[same]
    steps[i] = np.fmax(steps[i], other[1][same])
    hr_sum[i] += other[2][same]
    hr_n[i] += other[3][same]
    new = ~same
    if not new.any():
        return minute, steps, hr_sum, hr_n
    minute = np.concatenate([minute, other[0][new]])
    order = np.argsort(minute, kind="stable")
    return (
        minute[order],
        np.concatenate([steps, other[1][new]])[order],
        np.concatenate([hr_sum, other[2][new]])[order],
        np.concatenate([hr_n, other[3][new]])[order],
    )


# A sample comes out of SQLite as one integer: minute since the epoch << 22 | steps << 11 |
# heart rate, with the validity rules applied on the way (steps 2047 and heart rate 0 stand
# for "no value"). One int per row instead of a three-int tuple makes the fetch cheaper than
# a bare SELECT of the three columns.
_STEPS_SHIFT = 11
_MINUTE_SHIFT = 22
_FIELD_MASK = (1 << _STEPS_SHIFT) - 1
_NO_STEPS = _FIELD_MASK
_NO_HEART_RATE = 0


def packed_row_select(has_steps: bool, has_heart_rate: bool, per_s: int) -> str:
    """``SELECT <one packed integer per row>`` for a table with these columns, whose
    TIMESTAMP counts ``per_s`` units a second; the caller adds FROM and WHERE."""
    steps = (
        f"CASE WHEN STEPS BETWEEN 0 AND {MAX_STEPS_PER_MINUTE} THEN CAST(STEPS AS INTEGER) "
        f"ELSE {_NO_STEPS} END"
        if has_steps
        else str(_NO_STEPS)
    )
    hr = (
        f"CASE WHEN HEART_RATE >= {MIN_HEART_RATE_BPM:g} "
        f"AND HEART_RATE < {GADGETBRIDGE_MAX_HEART_RATE_BPM:g} "
        f"THEN CAST(HEART_RATE AS INTEGER) ELSE {_NO_HEART_RATE} END"
        if has_heart_rate
        else str(_NO_HEART_RATE)
    )
    minute = f"CAST(TIMESTAMP AS INTEGER) / {SECONDS_PER_MINUTE * per_s}"
    return f"SELECT ({minute}) * {1 << _MINUTE_SHIFT} + ({steps}) * {1 << _STEPS_SHIFT} + ({hr})"


def no_sums() -> Sums:
    return np.empty(0, np.int64), np.empty(0), np.empty(0), np.empty(0)


def concat_sums(parts: list[Sums]) -> Sums:
    if not parts:
        return no_sums()
    if len(parts) == 1:
        return parts[0]
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
    )


def unpack_sums(packed: I64) -> Sums:
    """Per minute (sorted): steps (NaN = no valid sample), heart-rate sum and count of the
    valid samples; minutes without any valid sample are left out."""
    minute = (packed >> _MINUTE_SHIFT) * SECONDS_PER_MINUTE
    steps = (packed >> _STEPS_SHIFT) & _FIELD_MASK
    hr = packed & _FIELD_MASK
    steps_ok = steps != _NO_STEPS
    hr_ok = hr != _NO_HEART_RATE
    keep = steps_ok | hr_ok
    if not keep.all():
        minute, steps, hr, steps_ok, hr_ok = (
            minute[keep],
            steps[keep],
            hr[keep],
            steps_ok[keep],
            hr_ok[keep],
        )
    if len(minute) > 1 and bool((minute[1:] < minute[:-1]).any()):
        minute, steps, hr, steps_ok, hr_ok = sorted_together(minute, steps, hr, steps_ok, hr_ok)
    if len(minute) == 0:
        return no_sums()
    if bool((minute[1:] > minute[:-1]).all()):  # one sample a minute: nothing to add up
        step_sum = np.where(steps_ok, steps, np.nan)
        return minute, step_sum, hr.astype(np.float64), hr_ok.astype(np.float64)
    minute, starts = _runs(minute)
    step_sum = np.add.reduceat(np.where(steps_ok, steps, 0), starts).astype(np.float64)
    step_n = np.add.reduceat(steps_ok.astype(np.int64), starts)
    step_sum[(step_n == 0) | (step_sum > MAX_STEPS_PER_MINUTE)] = np.nan
    hr_sum = np.add.reduceat(hr, starts).astype(np.float64)
    hr_n = np.add.reduceat(hr_ok.astype(np.int64), starts).astype(np.float64)
    return minute, step_sum, hr_sum, hr_n


def _runs(
    sorted_minute: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """The distinct minutes of a sorted array and where each run of equal values starts."""
    if len(sorted_minute) == 0:
        return sorted_minute, np.empty(0, np.intp)
    starts = np.flatnonzero(np.r_[True, sorted_minute[1:] != sorted_minute[:-1]])
    return sorted_minute[starts], starts
