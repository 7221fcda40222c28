"""Capacity trend: rolling band and Theil-Sen status rules."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import theilslopes

from tests.hypothesis_budget import examples
from tracker.pacing.capacity import CapacityStatus, capacity_trend, rolling_band
from tracker.pacing.params import PacingParams

P = PacingParams()
D0 = date(2026, 1, 5)


def dates(n: int) -> list[date]:
    return [D0 + timedelta(days=i) for i in range(n)]


def test_rolling_band_is_median_and_percentiles_of_the_last_28_valid_days() -> None:
    active = np.arange(60, dtype=np.float64)
    valid = np.ones(60, bool)
    valid[40] = False
    median, lower, upper = rolling_band(active, valid, P)
    # Day 50's window is days 23..50 without day 40.
    window = np.array([d for d in range(23, 51) if d != 40], dtype=np.float64)
    assert median[50] == np.median(window)
    assert lower[50] == np.percentile(window, 10)
    assert upper[50] == np.percentile(window, 90)
    # Fewer than 7 valid days: no band yet.
    assert np.isnan(median[5]) and median[6] == 3.0


def test_insufficient_data() -> None:
    active = np.full(40, 30.0)
    valid = np.zeros(40, bool)
    valid[-20:] = True
    trend = capacity_trend(dates(40), active, valid, P)
    assert trend.status is CapacityStatus.INSUFFICIENT_DATA
    assert trend.slope_per_week is None and not trend.avoidance
    assert trend.slope_days == 20


def test_slope_matches_scipy_over_the_last_eight_weeks_only() -> None:
    rng = np.random.default_rng(5)
    n = 100
    active = np.round(50 + rng.normal(0, 5, n))
    active[:44] = 500.0  # before the 8-week window: must not influence the slope
    valid = np.ones(n, bool)
    trend = capacity_trend(dates(n), active, valid, P)
    x = np.array([d.toordinal() for d in dates(n)], dtype=np.float64)[-56:]
    ref = theilslopes(active[-56:], x, alpha=0.95)
    assert trend.slope_per_week == ref[0] * 7
    assert trend.slope_low_per_week == ref[2] * 7
    assert trend.slope_high_per_week == ref[3] * 7
    assert trend.slope_days == 56
    assert trend.status is CapacityStatus.STABLE


def test_declining_needs_the_whole_interval_below_zero() -> None:
    # A small downward drift inside big noise: the interval straddles zero -> stable.
    rng = np.random.default_rng(9)
    n = 56
    noisy = 50 - 0.05 * np.arange(n) + rng.normal(0, 15, n)
    trend = capacity_trend(dates(n), noisy, np.ones(n, bool), P)
    assert trend.slope_low_per_week is not None and trend.slope_high_per_week is not None
    assert trend.slope_low_per_week < 0 < trend.slope_high_per_week
    assert trend.status is CapacityStatus.STABLE


def test_declining_with_booms_is_not_avoidance() -> None:
    n = 112
    active = 80.0 - 0.4 * np.arange(n, dtype=np.float64)
    for day in range(60, n, 7):
        active[day] = active[day - 1] * 2 + 25  # a boom every week
    trend = capacity_trend(dates(n), active, np.ones(n, bool), P)
    assert trend.status is CapacityStatus.DECLINING
    assert trend.boom_days > P.avoidance_max_boom_days
    assert not trend.avoidance


def test_to_json_is_plain_json() -> None:
    n = 60
    trend = capacity_trend(dates(n), np.full(n, 30.0), np.ones(n, bool), P)
    out = json.loads(json.dumps(trend.to_json()))
    assert out["status"] == "stable"
    assert out["days"][0]["median"] is None
    assert out["days"][-1] == {"date": dates(n)[-1].isoformat(), "median": 30.0,
                               "lower": 30.0, "upper": 30.0}  # fmt: skip


@settings(max_examples=examples(150), deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 600, allow_subnormal=False), st.booleans()),
        min_size=1,
        max_size=70,
    )
)
def test_rolling_band_equals_numpy_nanpercentile(days: list[tuple[float, bool]]) -> None:
    active = np.array([a for a, _ in days])
    valid = np.array([v for _, v in days])
    median, lower, upper = rolling_band(active, valid, P)
    for i in range(len(days)):
        lo = max(0, i - P.capacity_window_days + 1)
        window = active[lo : i + 1][valid[lo : i + 1]]
        if window.size < P.baseline_min_days:
            assert np.isnan(median[i]) and np.isnan(lower[i]) and np.isnan(upper[i])
        else:
            assert median[i] == np.median(window)
            assert lower[i] == np.percentile(window, 10)
            assert upper[i] == np.percentile(window, 90)
