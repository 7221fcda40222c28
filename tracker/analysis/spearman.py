"""Spearman's rank correlation with average ranks for ties, and its Fisher-z interval.

ρ is Pearson's correlation of the two samples' ranks, tied values sharing the mean of the
ranks they occupy (as ``scipy.stats.spearmanr`` computes it: the tests compare the two).
The 95 % interval transforms ρ with Fisher's z = atanh(ρ) and uses the standard error
1.06 / √(n − 3) that Fieller, Hartley and Pearson (1957) found for rank correlations
(Pearson's own 1 / √(n − 3) is too narrow for them). scipy is not imported here: it costs
1.5 s to start, which a command a person types should not pay for one correlation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]

# Fieller, Hartley & Pearson (1957), "Tests for rank correlation coefficients. I",
# Biometrika 44: the variance of z(ρ_s) is about 1.060 / (n − 3).
FIELLER_SE_FACTOR = 1.06
# The interval needs n > 3 (the standard error divides by √(n − 3)).
MIN_PAIRS_FOR_INTERVAL = 4


@dataclass(frozen=True, slots=True)
class RankCorrelation:
    n: int
    rho: float | None  # None when either sample is constant (no ranks to compare)
    low: float | None  # the interval; None without ρ or with too few pairs
    high: float | None


def average_ranks(values: npt.ArrayLike) -> Floats:
    """Ranks 1..n, tied values sharing the mean of the ranks they occupy."""
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("ranks need a 1-D sample")
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    # The k-th distinct value occupies ranks start+1 .. start+count: their mean.
    start = np.cumsum(counts) - counts
    mean_rank = start + (counts + 1) / 2.0
    return np.asarray(mean_rank[inverse], dtype=np.float64)


def spearman_rho(x: npt.ArrayLike, y: npt.ArrayLike) -> float | None:
    """Spearman's ρ of paired samples; None when either is constant or fewer than 2."""
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("x and y must be 1-D samples of the same length")
    if a.size < 2:
        return None
    ra = average_ranks(a) - (a.size + 1) / 2.0
    rb = average_ranks(b) - (b.size + 1) / 2.0
    denom = math.sqrt(float(np.dot(ra, ra)) * float(np.dot(rb, rb)))
    if denom == 0.0:
        return None
    # Clipped: rounding may put a perfect correlation a hair outside [-1, 1].
    return max(-1.0, min(1.0, float(np.dot(ra, rb)) / denom))


def fisher_interval(
    rho: float, n: int, confidence: float = 0.95, se_factor: float = FIELLER_SE_FACTOR
) -> tuple[float, float] | None:
    """The ``confidence`` interval of a rank correlation ``rho`` over ``n`` pairs:
    tanh(atanh(ρ) ± z · se_factor / √(n − 3)); None for n < 4."""
    if n < MIN_PAIRS_FOR_INTERVAL:
        return None
    if abs(rho) >= 1.0:
        return (rho, rho)  # atanh(±1) is infinite: the interval collapses onto ρ
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    half = z * se_factor / math.sqrt(n - 3)
    centre = math.atanh(rho)
    return (math.tanh(centre - half), math.tanh(centre + half))


def rank_correlation(
    x: npt.ArrayLike, y: npt.ArrayLike, confidence: float = 0.95
) -> RankCorrelation:
    """ρ with its Fisher-z interval (Fieller, Hartley and Pearson's standard error)."""
    a = np.asarray(x, dtype=np.float64)
    rho = spearman_rho(a, y)
    interval = None if rho is None else fisher_interval(rho, int(a.size), confidence)
    low, high = interval if interval is not None else (None, None)
    return RankCorrelation(int(a.size), rho, low, high)
