"""Steps from a stream of accelerometer samples: windowed peak detection, fed frame by frame.

The method is windowed peak detection (WPD), the step counter that came out best in
Brajdic & Harle's comparison (A. Brajdic, R. Harle, "Walk detection and step counting on
unconstrained smartphones", UbiComp 2013, doi:10.1145/2493432.2493449), in the optimised
form of Salvi et al. (D. Salvi, C. Velardo, J. Brynes, L. Tarassenko, "An optimised
algorithm for accurate steps counting from smart-phone accelerometry", IEEE EMBC 2018,
pp. 4423-4427, doi:10.1109/EMBC.2018.8513319), whose stages and parameters this module
follows:

1. magnitude ``m = sqrt(x² + y² + z²)`` (the sensor's orientation is unknown);
2. a Gaussian low-pass FIR filter;
3. scoring: mean difference between each point and its neighbours in a window;
4. detection: a point whose score is at least ``threshold_sd`` running standard
   deviations above the running mean is a candidate;
5. post-processing: of candidates closer than ``step_window_s`` to the current maximum,
   only the largest is kept; each kept maximum is one step.

Two things are this module's own:

- Brajdic & Harle put walk detection in front of step counting (their best was
  thresholding the standard deviation of the magnitude). Without it, WPD counts the
  largest bumps of any signal, sensor noise included. Here a sample can only be a
  candidate, and only enters the running statistics, while the standard deviation of the
  magnitude over ``walk_window_s`` around it is at least ``walk_sd_min_mg``.
- The samples come from the sensor at a fixed rate (PMD frames are sensor-timed), so the
  paper's interpolation to 100 Hz is left out and every window is given in seconds and
  turned into samples at the stream's own rate.

Streaming: :func:`detect_steps` takes a :class:`StepDetectorState` and the next frame and
returns the new state and the steps confirmed in it. Every sample passes each stage
exactly once whatever the frame boundaries, so a step whose peak straddles two frames is
counted once; feeding a signal in one piece or in any number of pieces gives the same
steps. A step is confirmed ``step_window_s`` plus the filter and scoring half-windows
after its peak (about 0.5 s).

Known behaviour, as in the paper: the running statistics start cold, so the first walk of
a stream may gain one step (its first candidate passes a threshold that is still low).
Movement other than walking that shakes the sensor by more than ``walk_sd_min_mg`` is
counted like walking.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

# -- parameters (Salvi et al. 2018, overall optimum; windows given at the paper's 100 Hz) --

# Gaussian filter of N = 13 points at 100 Hz: 0.13 s. sigma is relative to the half
# window, as in the paper: g_k = exp(-1/2 ((k - (N-1)/2) / (sigma (N-1)/2))^2).
FILTER_WINDOW_S = 0.13
FILTER_SIGMA_REL = 0.35
# Mean-difference scoring over N = 27 points at 100 Hz: 0.27 s.
SCORE_WINDOW_S = 0.27
# A candidate is at least this many running standard deviations above the running mean.
THRESHOLD_SD = 1.2
# Post-processing window: 200 ms, i.e. at most 5 steps/s.
STEP_WINDOW_S = 0.2
# Scores seen before detection starts, so that mean and deviation mean something
# (the authors' DetectionStage.java: count > 15).
WARMUP_SCORES = 15

# -- walk detection (standard deviation thresholding, Brajdic & Harle 2013) ----------------

# Window of the standard deviation: one second holds at least one step at 60 steps/min.
WALK_WINDOW_S = 1.0
# This project's choice, not the papers': a still sensor reads its own noise and the
# wearer's breathing, a few mG; the trunk of a person walking, even slowly, moves by
# tens to hundreds of mG.
WALK_SD_MIN_MG = 20.0

MIN_WINDOW_SAMPLES = 3


def _odd_samples(seconds: float, sample_rate_hz: float) -> int:
    """A window of ``seconds`` in samples, odd (so that it has a centre), at least 3."""
    n = max(round(seconds * sample_rate_hz), MIN_WINDOW_SAMPLES)
    return n if n % 2 else n + 1


@dataclass(frozen=True, slots=True)
class StepDetectorParams:
    """The detector's parameters; see the module constants for their sources."""

    sample_rate_hz: float
    filter_window_s: float = FILTER_WINDOW_S
    filter_sigma_rel: float = FILTER_SIGMA_REL
    score_window_s: float = SCORE_WINDOW_S
    threshold_sd: float = THRESHOLD_SD
    step_window_s: float = STEP_WINDOW_S
    warmup_scores: int = WARMUP_SCORES
    walk_window_s: float = WALK_WINDOW_S
    walk_sd_min_mg: float = WALK_SD_MIN_MG

    def __post_init__(self) -> None:
        if not math.isfinite(self.sample_rate_hz) or self.sample_rate_hz <= 0:
            raise ValueError(f"sample_rate_hz must be > 0, got {self.sample_rate_hz}")

    @property
    def filter_samples(self) -> int:
        return _odd_samples(self.filter_window_s, self.sample_rate_hz)

    @property
    def score_samples(self) -> int:
        return _odd_samples(self.score_window_s, self.sample_rate_hz)

    @property
    def walk_samples(self) -> int:
        return _odd_samples(self.walk_window_s, self.sample_rate_hz)

    @property
    def step_window_samples(self) -> int:
        return round(self.step_window_s * self.sample_rate_hz)

    def filter_coefficients(self) -> npt.NDArray[np.float64]:
        """Gaussian weights, normalised to sum 1 so that the output stays in mG."""
        n = self.filter_samples
        half = (n - 1) / 2
        k = np.arange(n, dtype=np.float64)
        g = np.exp(-0.5 * ((k - half) / (self.filter_sigma_rel * half)) ** 2)
        weights: npt.NDArray[np.float64] = g / g.sum()
        return weights

    @property
    def lookback_samples(self) -> int:
        """Raw samples needed before (and after) a point to score and gate it."""
        return max(
            (self.filter_samples - 1) // 2 + (self.score_samples - 1) // 2,
            (self.walk_samples - 1) // 2,
        )


class _Geometry(NamedTuple):
    """The windows of one parameter set in samples, computed once per set."""

    filter_n: int
    score_n: int
    walk_n: int
    lookback: int
    step_window: int
    coefficients: npt.NDArray[np.float64]


@functools.lru_cache(maxsize=16)
def _geometry(params: StepDetectorParams) -> _Geometry:
    return _Geometry(
        params.filter_samples,
        params.score_samples,
        params.walk_samples,
        params.lookback_samples,
        params.step_window_samples,
        params.filter_coefficients(),
    )


_EMPTY = np.zeros(0, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class StepDetectorState:
    """Everything carried from one frame to the next (treat as immutable).

    Sample indices count from the first sample of the stream. ``tail`` holds the raw
    magnitudes from index ``next_index - lookback`` on, as far as they were seen.
    """

    params: StepDetectorParams
    seen: int = 0  # raw samples fed so far
    next_index: int = -1  # the next sample to detect on (-1: set from the lookback)
    tail: npt.NDArray[np.float64] = field(default_factory=lambda: _EMPTY)
    # Running statistics of the scores of walking samples (Welford: count, mean, M2).
    score_count: int = 0
    score_mean: float = 0.0
    score_m2: float = 0.0
    # The current maximum of a cluster of candidates, not yet confirmed as a step.
    peak_index: int = -1
    peak_score: float = 0.0
    steps: int = 0  # steps confirmed since the stream started

    @classmethod
    def start(cls, params: StepDetectorParams) -> StepDetectorState:
        return cls(params, next_index=params.lookback_samples)


@dataclass(frozen=True, slots=True)
class StepBatch:
    """The steps confirmed by one call: how many, and the sample index of each peak."""

    steps: int
    peak_indices: tuple[int, ...]


def _window_sums(x: npt.NDArray[np.float64], n: int) -> npt.NDArray[np.float64]:
    """Sums of every run of ``n`` consecutive values ('valid' positions)."""
    c = np.concatenate(([0.0], np.cumsum(x)))
    sums: npt.NDArray[np.float64] = c[n:] - c[:-n]
    return sums


def _magnitudes(acc_mg: npt.ArrayLike) -> npt.NDArray[np.float64]:
    a = np.asarray(acc_mg, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != 3:
        raise ValueError(f"expected samples of shape (n, 3), got {a.shape}")
    m: npt.NDArray[np.float64] = np.sqrt(np.einsum("ij,ij->i", a, a))
    return m


def detect_steps(
    state: StepDetectorState, acc_mg: npt.ArrayLike
) -> tuple[StepDetectorState, StepBatch]:
    """Feed the next samples (n × 3, x y z in mG); return the new state and the steps
    confirmed by them. Pure: ``state`` is not changed."""
    p = state.params
    g = _geometry(p)
    mag = _magnitudes(acc_mg)
    seen = state.seen + mag.shape[0]
    # The tail holds the raw samples just before this frame: buf[k] is sample buf_start + k.
    buf = np.concatenate((state.tail, mag)) if state.tail.size else mag
    buf_start = seen - buf.shape[0]
    first = state.next_index
    last = seen - 1 - g.lookback  # the last sample with its whole look-ahead
    if last < first:
        keep = buf[first - g.lookback - buf_start :]
        return replace(state, seen=seen, tail=keep.copy()), StepBatch(0, ())

    lo, hi = first - buf_start, last - buf_start + 1  # samples first..last in buf
    score, walking = _scores(buf, lo, hi, g, p)
    s = score[walking]
    n, mean, m2, is_candidate = _running_stats(s, state)
    candidates = np.flatnonzero(walking)[is_candidate] + first
    confirmed, peak_index, peak_score = _confirm_peaks(
        candidates, s[is_candidate], state, g.step_window, last
    )
    n0, mean0, m2_0 = state.score_count, state.score_mean, state.score_m2
    if s.shape[0]:
        n0, mean0, m2_0 = int(n[-1]), float(mean[-1]), float(m2[-1])
    next_index = last + 1
    new_state = replace(
        state,
        seen=seen,
        next_index=next_index,
        tail=buf[next_index - g.lookback - buf_start :].copy(),
        score_count=n0,
        score_mean=mean0,
        score_m2=m2_0,
        peak_index=peak_index,
        peak_score=peak_score,
        steps=state.steps + len(confirmed),
    )
    return new_state, StepBatch(len(confirmed), tuple(confirmed))


def _scores(
    buf: npt.NDArray[np.float64], lo: int, hi: int, g: _Geometry, p: StepDetectorParams
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """The score of each sample ``buf[lo:hi]`` and whether the person walks there."""
    f_n, s_n, w_n = g.filter_n, g.score_n, g.walk_n
    hf, hs, hw = (f_n - 1) // 2, (s_n - 1) // 2, (w_n - 1) // 2
    # Filter: filtered[j] is centred on buf[lo - hs + j].
    filtered = np.convolve(buf[lo - hs - hf : hi + hs + hf], g.coefficients, "valid")
    # Score (mean difference to the N - 1 neighbours): (N x_mid - window sum) / (N - 1).
    mid = filtered[hs : filtered.shape[0] - hs]
    score = (s_n * mid - _window_sums(filtered, s_n)) / (s_n - 1)
    # Walk gate: standard deviation of the raw magnitude over the window centred on each
    # point (shifted by the segment mean against cancellation).
    seg = buf[lo - hw : hi + hw]
    seg = seg - seg.mean()
    centred = _window_sums(seg, w_n)
    var = np.maximum(_window_sums(seg * seg, w_n) - centred * centred / w_n, 0.0) / (w_n - 1)
    walking: npt.NDArray[np.bool_] = np.sqrt(var) >= p.walk_sd_min_mg
    return score, walking


def _running_stats(
    s: npt.NDArray[np.float64], state: StepDetectorState
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.bool_],
]:
    """Running statistics over walking samples' scores ``s``, as of each of them (the
    paper updates the mean and deviation with a point before testing it): count, mean,
    M2, and whether the score stands out as a step candidate."""
    p = state.params
    n0, mean0, m2_0 = state.score_count, state.score_mean, state.score_m2
    d = s - mean0
    s1, s2 = np.cumsum(d), np.cumsum(d * d)
    n = n0 + np.arange(1, s.shape[0] + 1)
    mean = mean0 + s1 / n
    m2 = m2_0 + s2 - s1 * s1 / n
    sd = np.sqrt(np.maximum(m2, 0.0) / np.maximum(n - 1, 1))
    is_candidate = (n > p.warmup_scores) & (s - mean >= p.threshold_sd * sd)
    return n, mean, m2, is_candidate


def _confirm_peaks(
    candidates: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    state: StepDetectorState,
    window: int,
    last: int,
) -> tuple[list[int], int, float]:
    """Post-processing: keep the largest candidate within the step window. Returns the
    confirmed peaks and the maximum still open (-1 when none)."""
    peak_index, peak_score = state.peak_index, state.peak_score
    confirmed: list[int] = []
    for index, value in zip(candidates.tolist(), scores.tolist(), strict=True):
        if peak_index < 0:
            peak_index, peak_score = index, value
        elif index - peak_index > window:
            confirmed.append(peak_index)
            peak_index, peak_score = index, value
        elif value > peak_score:
            peak_index, peak_score = index, value
    # No later candidate can join the current maximum once the window has passed it.
    if peak_index >= 0 and last - peak_index > window:
        confirmed.append(peak_index)
        peak_index, peak_score = -1, 0.0
    return confirmed, peak_index, peak_score


def count_steps(acc_mg: npt.ArrayLike, sample_rate_hz: float) -> int:
    """Steps in a whole recording (one call of :func:`detect_steps`)."""
    _, batch = detect_steps(StepDetectorState.start(StepDetectorParams(sample_rate_hz)), acc_mg)
    return batch.steps


class StepStream:
    """A convenience holder of a :class:`StepDetectorState` for one sensor stream."""

    __slots__ = ("state",)

    def __init__(self, sample_rate_hz: float) -> None:
        self.state = StepDetectorState.start(StepDetectorParams(sample_rate_hz))

    def feed(self, acc_mg: npt.ArrayLike) -> int:
        """Feed a frame's samples (mG); returns the steps confirmed by them."""
        self.state, batch = detect_steps(self.state, acc_mg)
        return batch.steps
