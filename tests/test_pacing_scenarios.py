"""Scenarios at day level: steady pacing, repeated boom-bust, slow avoidance.

Each runs the whole pacing chain: baselines -> day types -> cycles -> capacity trend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest

from tracker.pacing.capacity import CapacityStatus, capacity_trend
from tracker.pacing.cycles import Cycle, find_cycles
from tracker.pacing.day_rules import DayType
from tracker.pacing.daytypes import baselines, classify_days
from tracker.pacing.params import PacingParams

P = PacingParams()
D0 = date(2026, 1, 5)


@dataclass
class Outcome:
    types: list[DayType]
    cycles: list[Cycle]
    status: CapacityStatus
    avoidance: bool
    boom_days: int


def run(active: np.ndarray, valid: np.ndarray | None = None) -> Outcome:
    ok = np.ones(active.size, bool) if valid is None else valid
    dates = [D0 + timedelta(days=i) for i in range(active.size)]
    types = classify_days(active, ok, baselines(active, ok, P), P)
    trend = capacity_trend(dates, active, ok, P)
    return Outcome(
        types, find_cycles(dates, types, P), trend.status, trend.avoidance, trend.boom_days
    )


def steady(days: int, level: float, noise: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(np.round(level + rng.normal(0, noise, days)), 0, None)


@pytest.mark.parametrize("seed", range(5))
def test_steady_pacing_no_cycle_in_ten_weeks(seed: int) -> None:
    out = run(steady(70, 45.0, 5.0, seed))
    assert out.cycles == []
    # An odd low day may happen (a bust), but without a boom there is no cycle.
    assert DayType.BOOM not in out.types
    assert out.status is CapacityStatus.STABLE
    assert not out.avoidance


def test_repeated_boom_bust_is_found_every_time() -> None:
    active = steady(84, 40.0, 3.0, seed=7)
    booms = [20, 34, 48, 62, 76]
    for day in booms:
        active[day] = 90.0  # the garden day
        active[day + 1] = 90.0
        active[day + 2] = 15.0  # the crash
        active[day + 3] = 20.0
    out = run(active)
    assert [c.boom_dates[0] for c in out.cycles] == [D0 + timedelta(days=d) for d in booms]
    for c in out.cycles:
        assert len(c.boom_dates) == 2 and len(c.bust_dates) == 2
    assert not out.avoidance  # crashing is not avoiding


def test_cycles_hidden_by_missing_days_are_not_invented() -> None:
    active = steady(40, 40.0, 3.0, seed=3)
    active[20] = 90.0
    active[21] = 15.0
    valid = np.ones(40, bool)
    valid[21] = False  # the day after the boom was not worn
    out = run(active, valid)
    assert out.types[20] is DayType.BOOM and out.types[21] is DayType.NO_DATA
    assert out.cycles == []


def test_slow_avoidance_is_declining_capacity_with_the_flag() -> None:
    days = 112
    rng = np.random.default_rng(11)
    # From 60 to about 27 active minutes a day over 16 weeks, never a boom.
    active = np.round(60.0 - 0.3 * np.arange(days) + rng.normal(0, 4, days))
    out = run(active)
    assert out.status is CapacityStatus.DECLINING
    assert out.boom_days == 0
    assert out.avoidance
    assert out.cycles == []


def test_rising_capacity() -> None:
    active = np.round(30.0 + 0.25 * np.arange(84) + np.random.default_rng(2).normal(0, 3, 84))
    out = run(active)
    assert out.status is CapacityStatus.RISING
    assert not out.avoidance
