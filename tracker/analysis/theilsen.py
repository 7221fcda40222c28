"""Theil–Sen slope with Sen's confidence interval, in numpy.

The median of the slopes of all pairs of points with different x (Theil 1950, Sen 1968),
robust to the odd boom or bust day. The interval is Sen's (1968, eq. 2.6): the ranks of
the sorted pairwise slopes at ``(N ∓ z·σ) / 2``, with σ² corrected for ties in x and y,
as ``scipy.stats.theilslopes`` computes it (the tests compare the two); scipy itself costs
1.5 s to import, which a command a person types should not pay for one slope.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TheilSen:
    slope: float
    low: float  # the interval's bounds; NaN when too few pairs to have one
    high: float


def _tie_term(values: Floats) -> float:
    """Σ t(t−1)(2t+5) over groups of equal values (Sen's correction for ties)."""
    _, counts = np.unique(values, return_counts=True)
    t = counts[counts > 1].astype(np.float64)
    return float(np.sum(t * (t - 1) * (2 * t + 5)))


def theil_sen(y: Floats, x: Floats, confidence: float = 0.95) -> TheilSen:
    """Slope of ``y`` against ``x`` with its ``confidence`` interval (both 1-D, same size)."""
    y = np.asarray(y, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if y.shape != x.shape or y.ndim != 1:
        raise ValueError("x and y must be 1-D arrays of the same length")
    dx = x[:, None] - x[None, :]
    dy = y[:, None] - y[None, :]
    pairs = dx > 0
    slopes = np.sort(dy[pairs] / dx[pairs])
    if slopes.size == 0:
        raise ValueError("all x values are equal: no slope")
    slope = float(np.median(slopes))
    n, count = y.size, slopes.size
    sigma_sq = (n * (n - 1) * (2 * n + 5) - _tie_term(x) - _tie_term(y)) / 18.0
    z = NormalDist().inv_cdf((1 - confidence) / 2)  # negative: the lower tail
    if sigma_sq <= 0:
        return TheilSen(slope, float("nan"), float("nan"))
    sigma = float(np.sqrt(sigma_sq))
    upper_rank = min(round((count - z * sigma) / 2), count - 1)
    lower_rank = max(round((count + z * sigma) / 2) - 1, 0)
    return TheilSen(slope, float(slopes[lower_rank]), float(slopes[upper_rank]))
