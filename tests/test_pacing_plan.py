"""The graded-activity plan, exactly as the brochure computes it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.domain.errors import UsageError
from tracker.pacing.plan import Quota, make_plan


def test_brochure_example_20_to_40_in_5_weeks_is_4_a_week() -> None:
    plan = make_plan(start=20, goal=40, weeks=5)
    assert plan.increment == 4.0
    assert [q.minutes for q in plan.quotas] == [20.0, 24.0, 28.0, 32.0, 36.0, 40.0]
    assert [q.week for q in plan.quotas] == [0, 1, 2, 3, 4, 5]
    assert plan.baseline is None
    assert plan.sessions_per_week == 3


def test_baseline_is_the_mean_of_the_measurements_start_25_percent_below() -> None:
    plan = make_plan(measurements=[25, 27, 28], goal=40, weeks=5)
    assert plan.baseline == 80 / 3
    assert plan.start == 20.0
    assert plan.increment == 4.0
    assert plan.warnings == ()
    assert plan.to_json() == {
        "baseline": 80 / 3,
        "start": 20.0,
        "increment": 4.0,
        "weeks": [{"week": k, "quota": 20.0 + 4.0 * k} for k in range(6)],
    }


def test_quotas_follow_start_plus_k_times_increment() -> None:
    plan = make_plan(measurements=[13, 17, 19.5], goal=33.3, weeks=7, reduction=0.22)
    base = (13 + 17 + 19.5) / 3
    start = base * (1 - 0.22)
    inc = (33.3 - start) / 7
    assert plan.start == start and plan.increment == inc
    assert plan.quotas == tuple(Quota(k, start + k * inc) for k in range(8))


@pytest.mark.parametrize("reduction", [0.0, 0.1, 0.19, 0.31, 0.5, 0.9])
def test_reduction_outside_advice_warns(reduction: float) -> None:
    plan = make_plan(measurements=[30, 30, 30], goal=60, weeks=4, reduction=reduction)
    assert len(plan.warnings) == 1 and "0.2-0.3" in plan.warnings[0]


@pytest.mark.parametrize("reduction", [0.2, 0.25, 0.3])
def test_reduction_inside_advice_is_quiet(reduction: float) -> None:
    plan = make_plan(measurements=[30, 30, 30], goal=60, weeks=4, reduction=reduction)
    assert plan.warnings == ()


@pytest.mark.parametrize("measurements", [[30], [25, 35]])
def test_fewer_than_three_measurements_warn(measurements: list[float]) -> None:
    plan = make_plan(measurements=measurements, goal=60, weeks=4)
    assert plan.start == 22.5  # the plan is made all the same
    assert len(plan.warnings) == 1 and "three" in plan.warnings[0]
    assert "\n" not in plan.warnings[0]


def test_three_or_more_measurements_are_quiet() -> None:
    assert make_plan(measurements=[25, 27, 28, 30], goal=60, weeks=4).warnings == ()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"measurements": [0, 0, 0], "goal": 40, "weeks": 5}, "baseline"),
        ({"measurements": [0.0], "goal": 0, "weeks": 5}, "baseline"),
        ({"start": 0, "goal": 40, "weeks": 5}, "start level"),
        ({"start": 0, "goal": 0, "weeks": 5}, "start level"),
    ],
)
def test_a_zero_baseline_or_start_level_is_refused(kwargs: dict[str, object], words: str) -> None:
    # A quota of 0 minutes makes every session "over": no plan to build up from.
    with pytest.raises(UsageError) as info:
        make_plan(**kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert info.value.exit_code == 2 and "\n" not in message
    assert words in message and "0 minutes" in message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": 20, "goal": 40, "weeks": 0},
        {"start": 20, "goal": 40, "weeks": -1},
        {"start": 20, "goal": 19, "weeks": 5},
        {"measurements": [40, 40], "goal": 29, "weeks": 5},  # start 30 > goal
        {"measurements": [], "goal": 40, "weeks": 5},
        {"measurements": [20, -1], "goal": 40, "weeks": 5},
        {"measurements": [float("nan")], "goal": 40, "weeks": 5},
        {"measurements": [20], "goal": 40, "weeks": 5, "reduction": -0.1},
        {"measurements": [20], "goal": 40, "weeks": 5, "reduction": 0.91},
        {"start": 20, "goal": 40, "weeks": 5, "reduction": 1.0},
        {"measurements": [20], "start": 20, "goal": 40, "weeks": 5},
        {"goal": 40, "weeks": 5},
        {"start": -5, "goal": 40, "weeks": 5},
        {"start": 20, "goal": float("inf"), "weeks": 5},
        {"start": 20, "goal": 40, "weeks": 5, "sessions_per_week": 0},
        {"start": 20, "goal": 40, "weeks": 5, "activity": "  "},
    ],
)
def test_impossible_input_is_a_usage_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(UsageError) as info:
        make_plan(**kwargs)  # type: ignore[arg-type]
    assert info.value.exit_code == 2
    assert "\n" not in str(info.value)


def test_goal_equal_to_start_is_a_flat_plan() -> None:
    plan = make_plan(start=30, goal=30, weeks=2)
    assert [q.minutes for q in plan.quotas] == [30.0, 30.0, 30.0]


def test_weeks_and_quota_lookup() -> None:
    plan = make_plan(start=20, goal=40, weeks=5, start_date=date(2026, 3, 2))
    assert plan.week_of(date(2026, 3, 1)) is None
    assert plan.week_of(date(2026, 3, 2)) == 0
    assert plan.week_of(date(2026, 3, 8)) == 0
    assert plan.week_of(date(2026, 3, 9)) == 1
    assert plan.quota_for_week(2) == 28.0
    # After the last week the goal is kept.
    assert plan.quota_for_week(9) == 40.0


@settings(max_examples=examples(100), deadline=None)
@given(
    st.lists(st.floats(0, 300), min_size=1, max_size=5),
    st.floats(0, 0.9),
    st.integers(1, 52),
    st.floats(0, 500),
)
def test_plan_properties(ms: list[float], reduction: float, weeks: int, extra: float) -> None:
    base = sum(ms) / len(ms)
    assume(base > 0)  # a zero baseline is refused
    goal = min(base * (1 - reduction) + extra, 1440.0)
    plan = make_plan(measurements=ms, goal=goal, weeks=weeks, reduction=reduction)
    assert len(plan.quotas) == weeks + 1
    assert plan.quotas[0].minutes == plan.start
    assert plan.quotas[-1].minutes == pytest.approx(goal, abs=1e-9)
    assert all(a.minutes <= b.minutes for a, b in zip(plan.quotas, plan.quotas[1:], strict=False))
