"""Baseline and day-type rules, with hand-made tables at every edge."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.pacing.day_rules import DayType, classify_day
from tracker.pacing.daytypes import baselines, classify_days
from tracker.pacing.params import PacingParams

P = PacingParams()
B, N, L, X, Z = DayType.BOOM, DayType.NORMAL, DayType.LEARNING, DayType.BUST, DayType.NO_DATA


def arr(values: list[float]) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def test_learning_until_seven_valid_days() -> None:
    active = arr([30.0] * 8)
    base = baselines(active, np.ones(8, bool), P)
    # Days 0-6 have 0-6 previous valid days: no baseline. Day 7 has seven.
    assert np.isnan(base[:7]).all()
    assert base[7] == 30.0
    assert classify_days(active, np.ones(8, bool), base, P) == [L] * 7 + [N]


def test_invalid_days_do_not_count_towards_the_baseline() -> None:
    active = arr([30, 30, 999, 30, 30, 30, 30, 30, 30])
    valid = np.array([True, True, False, True, True, True, True, True, True])
    base = baselines(active, valid, P)
    # Day 7 has only six valid predecessors (day 2 is not valid): still learning.
    assert np.isnan(base[7])
    assert base[8] == 30.0
    types = classify_days(active, valid, base, P)
    assert types[2] is Z
    assert types[7] is L and types[8] is N


def test_baseline_is_the_median_of_the_previous_28_only() -> None:
    # 40 days: values 0..39. Day 35's window is days 7..34 -> median of 7..34 = 20.5.
    active = arr(list(range(40)))
    base = baselines(active, np.ones(40, bool), P)
    assert base[35] == np.median(np.arange(7, 35))
    assert base[28] == np.median(np.arange(0, 28))
    # The day itself never counts: a huge value on day 10 leaves day 10's baseline alone.
    spiked = active.copy()
    spiked[10] = 10_000
    assert baselines(spiked, np.ones(40, bool), P)[10] == base[10]


def test_boom_needs_both_ratio_and_excess_inclusive() -> None:
    # Baseline 40: 1.5x = 60 and +20 = 60. Exactly 60 is a boom, 59 is not.
    assert classify_day(60.0, True, 40.0, P) is B
    assert classify_day(59.0, True, 40.0, P) is N
    # Baseline 20: 1.5x = 30 but +20 = 40; the floor decides. 39 normal, 40 boom.
    assert classify_day(39.0, True, 20.0, P) is N
    assert classify_day(40.0, True, 20.0, P) is B
    # Baseline 100: +20 = 120 but 1.5x = 150; the ratio decides.
    assert classify_day(149.0, True, 100.0, P) is N
    assert classify_day(150.0, True, 100.0, P) is B


def test_bust_at_exactly_seven_tenths() -> None:
    assert classify_day(35.0, True, 50.0, P) is X
    assert classify_day(35.5, True, 50.0, P) is N
    # 0.7 x 30 is 20.999999999999996 in floats; 21 minutes is still a bust by the rule.
    assert classify_day(21.0, True, 30.0, P) is X
    assert classify_day(21.5, True, 30.0, P) is N


def test_no_data_and_learning_come_first() -> None:
    assert classify_day(0.0, False, 40.0, P) is Z
    assert classify_day(500.0, True, float("nan"), P) is L
    assert classify_day(float("nan"), True, 40.0, P) is Z


def test_configured_thresholds_are_used() -> None:
    params = PacingParams(boom_ratio=2.0, boom_min_excess_minutes=0.0, bust_ratio=0.5)
    assert classify_day(79.0, True, 40.0, params) is N
    assert classify_day(80.0, True, 40.0, params) is B
    assert classify_day(20.0, True, 40.0, params) is X
    assert classify_day(21.0, True, 40.0, params) is N


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 300), st.booleans()), min_size=1, max_size=80),
    st.integers(0, 79),
    st.integers(0, 300),
)
def test_baseline_only_from_previous_days(
    days: list[tuple[int, bool]], at: int, new_value: int
) -> None:
    """Changing day ``at`` (its value or validity) never changes the baseline of day ``at``
    or any earlier day, and the baseline equals a direct median of the previous window."""
    active = arr([float(a) for a, _ in days])
    valid = np.array([v for _, v in days])
    at = at % len(days)
    base = baselines(active, valid, P)
    changed = active.copy()
    changed[at] = new_value
    flipped = valid.copy()
    flipped[at] = not flipped[at]
    for other in (baselines(changed, valid, P), baselines(active, flipped, P)):
        np.testing.assert_array_equal(other[: at + 1], base[: at + 1])
    for i in range(len(days)):
        lo = max(0, i - P.baseline_window_days)
        prev = active[lo:i][valid[lo:i]]
        if prev.size >= P.baseline_min_days:
            assert base[i] == np.median(prev)
        else:
            assert np.isnan(base[i])


def test_mismatched_lengths_are_rejected() -> None:
    with pytest.raises(ValueError):
        baselines(arr([1.0, 2.0]), np.ones(3, bool), P)
