"""Medians of minute values over trailing windows of days (the resting heart rate).

The same medians two ways, chosen by what the values are: heart rates from a CSV carry a
tenth of a bpm (a few hundred distinct values in a year), so a table of counts per day and
value gives every window's median at once; per-minute means from a wearable are nearly all
distinct, and there each window is partitioned on its own (``np.median``). Both give
``np.median``'s result exactly: the middle value, or the mean of the two middle ones.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Days = npt.NDArray[np.intp]

# Above this many cells (days x distinct values) the table of counts costs more memory
# (8 bytes a cell, 8 MB here) than its speed is worth on a Pi: partition per window.
COUNT_TABLE_MAX_CELLS = 1_000_000


def windowed_medians(
    values: Floats,
    day: Days,
    n_days: int,
    window_days: int,
    min_count: int,
    *,
    max_cells: int = COUNT_TABLE_MAX_CELLS,
) -> Floats:
    """Median of ``values`` over the days [d - window_days + 1, d] for each day d; NaN
    where the window holds fewer than ``min_count`` values. ``values`` has no NaN."""
    distinct, which = np.unique(values, return_inverse=True)
    if n_days * distinct.shape[0] <= max_cells:
        return _from_counts(distinct, which, day, n_days, window_days, min_count)
    return _by_partition(values, day, n_days, window_days, min_count)


def _from_counts(
    distinct: Floats,
    which: npt.NDArray[np.intp],
    day: Days,
    n_days: int,
    window_days: int,
    min_count: int,
) -> Floats:
    """Counts per day and distinct value, summed over each window, then the middle."""
    width = distinct.shape[0]
    out = np.full(n_days, np.nan)
    if width == 0:
        return out
    counts = np.bincount(day * width + which, minlength=n_days * width).reshape(n_days, width)
    running = np.zeros((n_days + 1, width), np.int64)
    np.cumsum(counts, axis=0, out=running[1:])
    first = np.maximum(np.arange(n_days) - window_days + 1, 0)
    in_window = running[1:] - running[first]
    total = in_window.sum(axis=1)
    below = np.cumsum(in_window, axis=1)  # values at or below each distinct value
    # The middle positions (0-based) of each sorted window; equal when its count is odd.
    low = (below <= ((total - 1) // 2)[:, None]).sum(axis=1)
    high = (below <= (total // 2)[:, None]).sum(axis=1)
    known = total >= min_count
    low, high = low[known], high[known]
    out[known] = np.where(low == high, distinct[low], (distinct[low] + distinct[high]) / 2)
    return out


def _by_partition(
    values: Floats, day: Days, n_days: int, window_days: int, min_count: int
) -> Floats:
    order = np.argsort(day, kind="stable")
    v, d = values[order], day[order]
    bounds = np.searchsorted(d, np.arange(n_days + 1), "left")
    out = np.full(n_days, np.nan)
    for i in range(n_days):  # per day, not per minute
        lo, hi = int(bounds[max(0, i - window_days + 1)]), int(bounds[i + 1])
        if hi - lo >= min_count:
            out[i] = float(np.median(v[lo:hi]))
    return out
