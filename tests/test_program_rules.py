"""The program's other rules by table: the fear ladder, the relaxation response, the
night's measures and the body's signals, must and want activities."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tracker.analysis.days import build_grid
from tracker.analysis.heart import RrIntervals, daily_rmssd
from tracker.analysis.night import NightMeasures, night_measures
from tracker.analysis.params import AnalysisParams
from tracker.analysis.relaxation import (
    RelaxationSession,
    day_relaxation,
    exercise_minutes_by_day,
    relaxation_response,
    window_rmssd,
)
from tracker.analysis.results import Bout
from tracker.domain.minutes import MinuteTable
from tracker.pacing.exposure import Exposure, LadderItem, ladder_progress, next_item, ranked
from tracker.pacing.must_want import ActivityKind, MarkedActivity, must_want_balance
from tracker.pacing.params import PacingParams
from tracker.pacing.signals import SignalKind, body_signals, personal_band

A = AnalysisParams()
P = PacingParams()
BXL = ZoneInfo("Europe/Brussels")


# -- the ladder ----------------------------------------------------------------------------


def item(i: int, name: str, fear: int, done: bool = False) -> LadderItem:
    return LadderItem(i, name, fear, done, added_ms=i)


def test_ranks_follow_fear_and_ties_keep_the_order_of_adding() -> None:
    items = [item(1, "bukken", 40), item(2, "tillen", 70), item(3, "strijken", 40),
             item(4, "fietsen", 10)]  # fmt: skip
    assert [(r, i.name) for r, i in ranked(items)] == [
        (1, "fietsen"), (2, "bukken"), (3, "strijken"), (4, "tillen"),
    ]  # fmt: skip


def test_next_item_is_the_least_feared_not_done() -> None:
    items = [item(1, "bukken", 40, done=True), item(2, "tillen", 70), item(3, "fietsen", 10,
             done=True)]  # fmt: skip
    assert next_item(items) == items[1]
    assert next_item([item(1, "x", 5, done=True)]) is None
    assert next_item([]) is None


def test_progress_lists_fear_over_sessions_and_expected_against_actual_pain() -> None:
    items = [item(1, "bukken", 40), item(2, "tillen", 70)]
    t0 = datetime(2026, 3, 16, 10, tzinfo=BXL)
    exposures = [
        Exposure(2, 1, t0 + timedelta(days=2), 6, 50, 3, 30),
        Exposure(1, 1, t0, 7, 60, 4, 45),
        Exposure(3, 2, t0, 8, 80, 8, 70),
    ]
    progress = ladder_progress(items, exposures)
    first = progress[0]
    assert first.item.name == "bukken" and first.rank == 1 and first.suggested
    assert first.fear_after == (45, 30)  # oldest first
    assert first.mean_pain_difference == pytest.approx(((7 - 4) + (6 - 3)) / 2)
    assert progress[1].mean_pain_difference == 0 and not progress[1].suggested
    j = first.to_json()
    assert {k: j[k] for k in ("name", "rank", "fear", "sessions", "done")} == {
        "name": "bukken", "rank": 1, "fear": 40, "sessions": 2, "done": False,
    }  # fmt: skip


# -- relaxation ------------------------------------------------------------------------------


def minute_table(start: datetime, hr: list[float], steps: float = 0.0) -> MinuteTable:
    t0 = int(start.timestamp())
    n = len(hr)
    return MinuteTable(
        np.arange(n, dtype=np.int64) * 60 + t0,
        np.full(n, 3600, np.int32),
        np.full(n, steps),
        np.array(hr, dtype=float),
    )


def test_heart_rate_before_during_and_after() -> None:
    start = datetime(2026, 3, 18, 20, 0, tzinfo=BXL)
    # 19:40 .. 20:45: 20 minutes at 80 (only the last 10 are "before"), 15 during at 64,
    # then 30 minutes at 70 (the first 10 are "after").
    hr = [90.0] * 10 + [80.0] * 10 + [60.0, 68.0] * 7 + [64.0] + [70.0] * 10 + [99.0] * 20
    table = minute_table(start - timedelta(minutes=20), hr)
    r = relaxation_response(
        table, RrIntervals.empty(), RelaxationSession(start, 15, "mindfulness"), A
    )
    assert r.hr_before == pytest.approx(80.0)
    assert r.hr_during == pytest.approx(np.mean([60.0, 68.0] * 7 + [64.0]))
    assert r.hr_after == pytest.approx(70.0)
    assert r.hr_during is not None and r.hr_change == pytest.approx(r.hr_during - 80.0)
    assert r.rmssd_before is None and r.rmssd_during is None
    j = r.to_json()
    assert (
        j["start"] == "2026-03-18T20:00:00+01:00"
        and j["minutes"] == 15
        and j["kind"] == "mindfulness"
    )


def test_no_heart_rate_in_a_window_is_null() -> None:
    start = datetime(2026, 3, 18, 20, 0, tzinfo=BXL)
    table = minute_table(start, [float("nan")] * 5 + [70.0] * 20)
    r = relaxation_response(table, RrIntervals.empty(), RelaxationSession(start, 5, "other"), A)
    assert r.hr_before is None and r.hr_during is None and r.hr_after == 70.0
    empty = relaxation_response(MinuteTable.empty(), RrIntervals.empty(),
                                RelaxationSession(start, 5, "other"), A)  # fmt: skip
    assert (empty.hr_before, empty.hr_during, empty.hr_after) == (None, None, None)


def test_rmssd_of_a_window_is_the_day_rule_over_those_beats() -> None:
    rng = np.random.default_rng(1)
    start = datetime(2026, 3, 18, 20, 0, tzinfo=BXL).timestamp()
    rr = 0.9 + rng.normal(0, 0.03, 1200)
    times = start - 600 + np.cumsum(rr)
    beats = RrIntervals(times, rr, np.zeros(rr.size, np.int64))
    # The reference: the whole day's RMSSD over a real grid whose only minutes are the window.
    table = minute_table(datetime.fromtimestamp(start, BXL), [60.0] * 10)
    grid = build_grid(table, BXL)
    inside = (times >= start) & (times < start + 600)
    only = RrIntervals(times[inside], rr[inside], np.zeros(int(inside.sum()), np.int64))
    expected = daily_rmssd(grid, np.ones(len(grid), np.bool_), only, A)[0]
    assert window_rmssd(beats, start, start + 600, A) == pytest.approx(expected)
    # By hand: clean successive differences inside the window.
    d = np.diff(rr[inside])
    assert expected == pytest.approx(np.sqrt(np.mean(d * d)) * 1000)
    # Too few beats: None.
    assert window_rmssd(beats, start + 10_000, start + 10_060, A) is None


def test_exercise_minutes_split_at_midnight_and_count_once_on_the_relaxation_side() -> None:
    late = RelaxationSession(datetime(2026, 3, 18, 23, 50, tzinfo=BXL), 20, "autogenic")
    assert exercise_minutes_by_day([late], BXL) == {
        date(2026, 3, 18): pytest.approx(10.0), date(2026, 3, 19): pytest.approx(10.0),
    }  # fmt: skip
    day = date(2026, 3, 18)

    def bout(h: int, m: int, minutes: int) -> Bout:
        s = datetime(2026, 3, 18, h, m, tzinfo=BXL)
        return Bout(s, s + timedelta(minutes=minutes), minutes, minutes, 100, None, day)

    # Bouts 10:00-10:30 and 11:00-11:20: a 30-minute pause. An exercise 10:50-11:10 lies
    # 10 minutes in the pause and 10 in the second bout; one at 15:00 for 15 minutes lies
    # outside any pause.
    bouts = [bout(10, 0, 30), bout(11, 0, 20)]
    sessions = [
        RelaxationSession(datetime(2026, 3, 18, 10, 50, tzinfo=BXL), 20, "breathing"),
        RelaxationSession(datetime(2026, 3, 18, 15, 0, tzinfo=BXL), 15, "progressive"),
    ]
    r = day_relaxation(day, 50, 30, bouts, sessions, BXL)
    assert r.exercise_minutes == pytest.approx(35.0)
    assert r.relaxation_minutes == pytest.approx(30 + 10 + 15)


# -- nights and the body's signals -------------------------------------------------------------


def test_night_measures_use_the_still_minutes_of_the_night() -> None:
    morning = date(2026, 3, 18)
    midnight = datetime(2026, 3, 18, 0, 0, tzinfo=BXL)
    hr = [52.0] * 300 + [75.0] * 60 + [90.0] * 60  # 00:00-07:00; the night ends at 06:00
    table = minute_table(midnight, hr)
    steps = table.steps.copy()
    steps[100:110] = 60.0  # ten minutes up and walking: not still
    table = MinuteTable(table.time_s, table.offset_s, steps, table.heart_rate_bpm)
    night = night_measures(morning, table, RrIntervals.empty(), BXL, A)
    assert night.resting_hr_bpm == pytest.approx(np.median([52.0] * 290 + [75.0] * 60))
    assert night.rmssd_ms is None
    too_short = minute_table(midnight, [52.0] * 29)
    assert night_measures(morning, too_short, RrIntervals.empty(), BXL, A).resting_hr_bpm is None


def nights(
    values: list[float | None], last: date, field: str = "resting_hr_bpm"
) -> list[NightMeasures]:
    first = last - timedelta(days=len(values) - 1)
    out = []
    for k, v in enumerate(values):
        d = first + timedelta(days=k)
        out.append(
            NightMeasures(d, v, None) if field == "resting_hr_bpm" else NightMeasures(d, None, v)
        )
    return out


def test_band_is_median_plus_minus_one_and_a_half_mad() -> None:
    values = [50, 52, 53, 55, 58, 60, 51, 54, 52, 56, 53, 57, 59, 50]
    band = personal_band(values, P)
    assert band is not None
    med = float(np.median(values))
    mad = float(np.median(np.abs(np.array(values) - med)))
    assert (band.median, band.mad) == (med, mad)
    assert (band.low, band.high) == pytest.approx((med - 1.5 * mad, med + 1.5 * mad))
    assert personal_band(values[:13], P) is None


def test_a_morning_above_the_band_is_a_signal_and_thirteen_nights_are_too_few() -> None:
    last = date(2026, 3, 31)
    history = [55.0 + (k % 5) - 2 for k in range(28)]  # 53..57: median 55, MAD 1
    found = body_signals(nights([*history, 62.0], last), last, last, P)
    assert [(s.date, s.kind) for s in found.signals] == [(last, SignalKind.RESTING_HR_HIGH)]
    assert found.signals[0].band.high == pytest.approx(56.5)
    assert found.sufficient
    # Exactly at the edge is not above it.
    assert body_signals(nights([*history, 56.5], last), last, last, P).signals == ()
    # Only 13 nights before: no band, no signal.
    few = body_signals(nights([None] * 15 + history[:13] + [80.0], last), last, last, P)
    assert few.signals == () and not few.sufficient
    # Missing nights are skipped, not zeros: 14 known among 28.
    gappy = [v if k % 2 else None for k, v in enumerate(history)]
    assert body_signals(nights([*gappy, 62.0], last), last, last, P).signals != ()


def test_a_night_with_low_rmssd_is_a_signal() -> None:
    last = date(2026, 3, 31)
    history = [40.0, 42.0, 38.0, 41.0, 39.0, 43.0, 37.0] * 4
    found = body_signals(nights([*history, 25.0], last, "rmssd_ms"), last, last, P)
    assert [s.kind for s in found.signals] == [SignalKind.RMSSD_LOW]
    assert found.signals[0].to_json()["value"] == 25.0


# -- must and want -------------------------------------------------------------------------------


def test_must_and_want_per_day_and_week() -> None:
    monday = date(2026, 3, 16)
    acts = [
        MarkedActivity(monday, 30, "strijken", ActivityKind.MUST),
        MarkedActivity(monday, 20, "tuin", ActivityKind.WANT),
        MarkedActivity(monday + timedelta(days=2), 45, "poetsen", ActivityKind.MUST),
        MarkedActivity(monday + timedelta(days=7), 60, "volgende week", ActivityKind.WANT),
    ]
    week = must_want_balance(acts, monday, monday + timedelta(days=6))
    assert (week.must.count, week.must.minutes) == (2, 75.0)
    assert (week.want.count, week.want.minutes) == (1, 20.0)
    assert len(week.days) == 7 and week.days[2].must.count == 1 and week.days[1].must.count == 0
    assert week.to_json()["want"] == {"count": 1, "minutes": 20.0}
