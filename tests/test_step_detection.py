"""Step detection: a table of synthesised recordings with known step counts, and the
streaming contract (any frame boundaries give the same steps, none counted twice)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.ble.emulated.walk_signal import Stretch, WalkSynth, synthesize
from tracker.ble.step_detection import (
    StepDetectorParams,
    StepDetectorState,
    StepStream,
    count_steps,
    detect_steps,
)

WALK_TOLERANCE = 0.05  # within 5 % of the truth

PAUSES = [
    Stretch(5, 0),
    Stretch(30, 50),
    Stretch(10, 0),
    Stretch(40, 72),
    Stretch(8, 0),
    Stretch(20, 30),
    Stretch(4, 0),
]
# Household stepping: a few steps at a time, with still stretches between them.
POTTERING = [Stretch(10, 4), Stretch(10, 0), Stretch(10, 7), Stretch(10, 2), Stretch(10, 0)] * 4


def _noise_only(sample_rate_hz: float, seconds: float, sd_mg: float) -> np.ndarray:
    rng = np.random.default_rng(7)
    acc = rng.normal(0.0, sd_mg, (round(sample_rate_hz * seconds), 3))
    acc[:, 1] += 1000.0
    return acc


@pytest.mark.parametrize(
    ("stretches", "sample_rate_hz"),
    [
        pytest.param([Stretch(120, 200), Stretch(1, 0)], 50, id="walk-100spm-50Hz"),
        pytest.param([Stretch(120, 220), Stretch(1, 0)], 52, id="walk-110spm-52Hz"),
        pytest.param([Stretch(120, 160), Stretch(1, 0)], 52, id="slow-walk-80spm-52Hz"),
        pytest.param([Stretch(60, 120), Stretch(1, 0)], 50, id="brisk-walk-120spm-50Hz"),
        pytest.param(PAUSES, 50, id="walk-with-pauses-50Hz"),
        pytest.param(PAUSES, 52, id="walk-with-pauses-52Hz"),
        pytest.param(POTTERING, 52, id="pottering-52Hz"),
    ],
)
def test_walks_are_counted_within_5_percent(stretches: list[Stretch], sample_rate_hz: int) -> None:
    acc, truth = synthesize(stretches, sample_rate_hz, seed=11)
    counted = count_steps(acc, sample_rate_hz)
    assert abs(counted - truth) <= WALK_TOLERANCE * truth, (counted, truth)


@pytest.mark.parametrize("sample_rate_hz", [50, 52])
def test_standing_still_is_no_steps(sample_rate_hz: int) -> None:
    acc, truth = synthesize([Stretch(300, 0)], sample_rate_hz)
    assert truth == 0
    assert count_steps(acc, sample_rate_hz) == 0


@pytest.mark.parametrize("sample_rate_hz", [50, 52])
def test_noise_only_is_no_steps(sample_rate_hz: int) -> None:
    # White noise three times a still sensor's on every axis: the walk gate keeps it out.
    assert count_steps(_noise_only(sample_rate_hz, 300, 12.0), sample_rate_hz) == 0


def test_walk_detection_is_what_keeps_noise_out() -> None:
    """Without the gate, windowed peak detection counts the largest bumps of the noise
    (the reason Brajdic & Harle put walk detection in front of step counting)."""
    acc = _noise_only(50, 60, 12.0)
    ungated = dataclasses.replace(StepDetectorParams(50), walk_sd_min_mg=0.0)
    _, batch = detect_steps(StepDetectorState.start(ungated), acc)
    assert batch.steps > 30


def test_the_peaks_found_are_the_steps() -> None:
    """Not just the count: every true step is found once, within the post-processing window
    of its peak. The one extra is the stream's very first candidate, found while the running
    statistics are still cold (the paper notes the same: "almost always, the first peak it
    encounters will be marked as a potential step")."""
    synth = WalkSynth(52, seed=5)
    acc = np.concatenate([synth.render(s) for s in PAUSES])
    _, batch = detect_steps(StepDetectorState.start(StepDetectorParams(52)), acc)
    truth_s = np.array(synth.peak_times_s)
    found_s = np.array(batch.peak_indices) / 52
    distance = np.abs(found_s[:, None] - truth_s[None, :])
    assert distance[0].min() > 0.2 and found_s[0] < truth_s[0]  # the cold-start extra
    nearest = distance[1:].argmin(axis=1)
    assert distance[1:].min(axis=1).max() < 0.2
    assert sorted(nearest.tolist()) == list(range(truth_s.shape[0]))


def test_windows_are_the_papers_at_100_hz() -> None:
    p = StepDetectorParams(100)
    assert (p.filter_samples, p.score_samples, p.step_window_samples) == (13, 27, 20)
    # At the PMD rates they keep their length in seconds.
    assert StepDetectorParams(50).filter_samples == 7
    assert StepDetectorParams(52).score_samples == 15


# -- streaming -----------------------------------------------------------------------------

RECORDING, RECORDING_STEPS = synthesize(PAUSES, 50, seed=3)
ONE_PIECE = detect_steps(StepDetectorState.start(StepDetectorParams(50)), RECORDING)[1]


def _fed(chunks: list[int]) -> tuple[int, ...]:
    state = StepDetectorState.start(StepDetectorParams(50))
    peaks: list[int] = []
    start = 0
    for size in chunks:
        state, batch = detect_steps(state, RECORDING[start : start + size])
        peaks += batch.peak_indices
        start += size
    state, batch = detect_steps(state, RECORDING[start:])
    return (*peaks, *batch.peak_indices)


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.integers(0, 120), max_size=200))
def test_any_frame_boundaries_give_the_same_steps(chunks: list[int]) -> None:
    assert _fed(chunks) == ONE_PIECE.peak_indices


def test_sample_by_sample_gives_the_same_steps() -> None:
    assert _fed([1] * RECORDING.shape[0]) == ONE_PIECE.peak_indices


@pytest.mark.parametrize("offset", [-2, -1, 0, 1, 2])
def test_a_step_across_two_frames_is_counted_once(offset: int) -> None:
    """Cut the recording right at (and around) every step's peak."""
    cuts = [peak + offset for peak in ONE_PIECE.peak_indices]
    sizes = np.diff([0, *cuts]).tolist()
    peaks = _fed(sizes)
    assert peaks == ONE_PIECE.peak_indices
    assert len(set(peaks)) == len(peaks)


def test_detect_steps_is_pure() -> None:
    state = StepDetectorState.start(StepDetectorParams(50))
    state, _ = detect_steps(state, RECORDING[:500])
    tail = state.tail.copy()
    snapshot = dataclasses.replace(state)
    again_a = detect_steps(state, RECORDING[500:900])
    again_b = detect_steps(state, RECORDING[500:900])
    assert np.array_equal(state.tail, tail)
    assert (state.seen, state.steps, state.score_count) == (
        snapshot.seen,
        snapshot.steps,
        snapshot.score_count,
    )
    assert again_a[1] == again_b[1]


def test_step_stream_counts_like_the_function() -> None:
    stream = StepStream(50)
    total = sum(stream.feed(RECORDING[i : i + 37]) for i in range(0, RECORDING.shape[0], 37))
    assert total == stream.state.steps
    assert abs(total - RECORDING_STEPS) <= WALK_TOLERANCE * RECORDING_STEPS


def test_bad_input_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="sample_rate_hz"):
        StepDetectorParams(0)
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        count_steps(np.zeros((10, 2)), 50)
    assert count_steps(np.zeros((0, 3)), 50) == 0
