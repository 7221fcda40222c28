"""Run-length helpers over boolean minute masks (the vectorised core of wear and bouts)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Index = npt.NDArray[np.intp]


def runs(mask: npt.NDArray[np.bool_]) -> tuple[Index, Index]:
    """Start and exclusive end of each run of True values, in order."""
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return edges[0::2].astype(np.intp), edges[1::2].astype(np.intp)


def join_runs(starts: Index, ends: Index, max_gap: int) -> tuple[Index, Index]:
    """Merge consecutive runs separated by at most ``max_gap`` minutes."""
    if starts.shape[0] == 0:
        return starts, ends
    breaks = (starts[1:] - ends[:-1]) > max_gap
    keep_start = np.concatenate(([True], breaks))
    keep_end = np.concatenate((breaks, [True]))
    return starts[keep_start], ends[keep_end]


def cover(starts: Index, ends: Index, n: int) -> npt.NDArray[np.bool_]:
    """Boolean mask of length ``n`` that is True inside the given (disjoint) runs."""
    marks = np.zeros(n + 1, np.int32)
    np.add.at(marks, starts, 1)
    np.add.at(marks, ends, -1)
    return np.cumsum(marks[:n]) > 0


def window_sum(values: npt.NDArray[np.float64], width: int) -> npt.NDArray[np.float64]:
    """Sum over the ``width`` positions ending at each position (fewer at the start)."""
    total = np.cumsum(np.concatenate(([0.0], values)))
    lo = np.maximum(np.arange(values.shape[0]) + 1 - width, 0)
    out: npt.NDArray[np.float64] = total[1:] - total[lo]
    return out
