"""RMSSD's artefact rule at its edge: a beat changing exactly 20 % is kept, over 20 % is
dropped (Malik), whether RR came in milliseconds or in 1/1024 s."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from tracker.analysis.heart import RrIntervals
from tracker.config import Config
from tracker.domain.minutes import MinuteTable
from tracker.pacing.pipeline import analyze

MORNING = datetime(2026, 3, 16, 8, 0, tzinfo=timezone(timedelta(hours=1)))
BEATS_EACH_SIDE = 20  # 40 beats, 39 differences: above the 30 RMSSD needs either way


def rest_minutes() -> MinuteTable:
    t0 = int(MORNING.timestamp())
    n = 10
    return MinuteTable(
        np.array([t0 + 60 * i for i in range(n)], np.int64),
        np.full(n, 3600, np.int32),
        np.zeros(n),
        np.full(n, 70.0),
    )


def rmssd_ms(before: int, after: int, units_per_s: int) -> float | None:
    """RMSSD of 20 beats of ``before`` then 20 of ``after`` (in 1/units_per_s s)."""
    raw = [before] * BEATS_EACH_SIDE + [after] * BEATS_EACH_SIDE
    rr = np.array(raw, np.float64) / units_per_s
    times = MORNING.timestamp() + np.cumsum(rr)
    beats = RrIntervals(times, rr, np.zeros(rr.shape[0], np.int64))
    return analyze(rest_minutes(), Config(), rr=beats).days[0].rmssd_ms


# Before and after in whole units: exactly 20 % up or down from ``before``.
EXACT_CHANGES = [
    (1000, 700, 840),
    (1000, 820, 984),  # 0.984 - 0.820 > 0.2 x 0.820 in floating point
    (1000, 850, 1020),
    (1000, 900, 1080),
    (1000, 1000, 1200),
    (1000, 1000, 800),
    (1000, 1250, 1000),
    (1000, 820, 656),
    (1000, 1400, 1680),
    (1024, 840, 1008),
    (1024, 700, 840),
    (1024, 1000, 800),
    (1024, 1280, 1536),
    (1024, 1100, 880),
]


@pytest.mark.parametrize(("units", "before", "after"), EXACT_CHANGES)
def test_a_change_of_exactly_20_percent_is_kept(units: int, before: int, after: int) -> None:
    assert abs(after - before) * 5 == before  # exactly 20 %, in whole units
    one_difference = (after - before) / units
    expected = math.sqrt(one_difference**2 / (2 * BEATS_EACH_SIDE - 1)) * 1000
    assert rmssd_ms(before, after, units) == pytest.approx(expected)


@pytest.mark.parametrize(("units", "before", "after"), EXACT_CHANGES)
def test_one_unit_over_20_percent_is_dropped(units: int, before: int, after: int) -> None:
    over = after + (1 if after > before else -1)
    # The first beat after the jump is dropped with both its differences: the rest is steady.
    assert rmssd_ms(before, over, units) == 0.0
