"""Personal baseline and day types (issue 3; shared/DESIGN.md §4).

Days are consecutive calendar days: index ``i`` of every array is day ``first + i``.
A day is judged against its own past only: the baseline of day ``i`` is the median
active minutes of the *valid* days among days ``i - 28 … i - 1``, never day ``i`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from tracker.pacing.day_rules import DayType, classify_day
from tracker.pacing.params import PacingParams


def baselines(
    active_minutes: NDArray[np.float64], valid: NDArray[np.bool_], params: PacingParams
) -> NDArray[np.float64]:
    """Baseline active minutes per day; NaN while fewer than ``baseline_min_days`` valid days
    lie among the previous ``baseline_window_days``."""
    active = np.asarray(active_minutes, dtype=np.float64)
    ok = np.asarray(valid, dtype=np.bool_)
    if active.shape != ok.shape or active.ndim != 1:
        raise ValueError("active_minutes and valid must be 1-D arrays of the same length")
    n = active.size
    window = params.baseline_window_days
    out = np.full(n, np.nan)
    if n == 0:
        return out
    # Row i of the window view holds days i - window … i - 1 (the padding is "no data").
    past = np.where(ok & np.isfinite(active), active, np.nan)
    padded = (
        np.concatenate([np.full(window, np.nan), past[:-1]]) if n > 1 else np.full(window, np.nan)
    )
    views = sliding_window_view(padded, window)[:n]
    counts = np.count_nonzero(~np.isnan(views), axis=1)
    enough = counts >= params.baseline_min_days
    if enough.any():
        # Only rows with data go to nanmedian: an all-NaN row would warn.
        out[enough] = np.nanmedian(views[enough], axis=1)
    return out


def classify_days(
    active_minutes: NDArray[np.float64] | Sequence[float],
    valid: NDArray[np.bool_] | Sequence[bool],
    baseline: NDArray[np.float64] | Sequence[float],
    params: PacingParams,
) -> list[DayType]:
    """Day type per day (the rule table in shared/DESIGN.md §4)."""
    active = np.asarray(active_minutes, dtype=np.float64)
    ok = np.asarray(valid, dtype=np.bool_)
    base = np.asarray(baseline, dtype=np.float64)
    if not active.shape == ok.shape == base.shape:
        raise ValueError("active_minutes, valid and baseline must have the same length")
    return [
        classify_day(float(a), bool(v), float(b), params)
        for a, v, b in zip(active.tolist(), ok.tolist(), base.tolist(), strict=True)
    ]
