"""Scenario tests (steady pacing, repeated boom-bust, slow avoidance) and the day-end job
against a real store."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.scenarios import (
    BRUSSELS,
    repeated_boom_bust,
    slow_avoidance,
    steady_pacing,
)
from tracker.app.judging import judge_completed_days
from tracker.config import Config
from tracker.domain.samples import HeartRateSample
from tracker.pacing.day_rules import DayType
from tracker.pacing.pipeline import analyze
from tracker.pacing.plan import make_plan
from tracker.store.derived import stored_cycles, stored_days
from tracker.store.plans import save_plan
from tracker.store.sqlite import Store


def test_steady_pacing_has_no_cycle_in_ten_weeks() -> None:
    sc = steady_pacing(weeks=10)
    r = analyze(sc.table, Config(), tz=BRUSSELS)
    assert len(r.days) == 70
    assert [d.active_minutes for d in r.days] == list(sc.active_minutes)
    assert all(d.valid and d.worn_minutes == 900 for d in r.days)
    assert r.cycles == ()
    assert not any(d.day_type in (DayType.BOOM, DayType.BUST) for d in r.days)
    assert r.capacity is not None and str(r.capacity.status) != "declining"


def test_repeated_boom_bust_finds_every_cycle() -> None:
    sc = repeated_boom_bust(weeks=10)
    r = analyze(sc.table, Config(), tz=BRUSSELS)
    assert [c.boom_dates for c in r.cycles] == [(d,) for d in sc.boom_dates]
    assert [c.bust_dates for c in r.cycles] == [(d,) for d in sc.bust_dates]
    by_date = {d.date: d for d in r.days}
    for boom in sc.boom_dates:
        day = by_date[boom]
        assert day.baseline_active_minutes is not None
        assert day.active_minutes >= 1.5 * day.baseline_active_minutes


def test_slow_avoidance_shows_declining_capacity_without_booms() -> None:
    sc = slow_avoidance(weeks=12)
    r = analyze(sc.table, Config(), tz=BRUSSELS)
    assert r.cycles == ()
    assert not any(d.day_type == DayType.BOOM for d in r.days)
    assert r.capacity is not None
    assert str(r.capacity.status) == "declining" and r.capacity.avoidance


def test_scenario_csv_round_trip_gives_the_same_analysis(tmp_path: Path) -> None:
    from tracker.formats.minute_csv import read_csv

    sc = repeated_boom_bust(weeks=4)
    path = sc.write_csv(tmp_path / "s.csv")
    again = analyze(read_csv(path), Config(), tz=BRUSSELS)
    assert again.to_json() == analyze(sc.table, Config(), tz=BRUSSELS).to_json()


def test_timezone_and_row_offsets_agree_for_local_data() -> None:
    sc = steady_pacing(weeks=2)
    by_rows = analyze(sc.table, Config())
    by_zone = analyze(sc.table, Config(), tz=BRUSSELS)
    assert [d.to_json() for d in by_rows.days] == [d.to_json() for d in by_zone.days]


# -- day-end job -------------------------------------------------------------------------


def _store(tmp_path: Path, weeks: int = 6) -> tuple[Store, date, int]:
    sc = repeated_boom_bust(weeks=weeks)
    store = Store.create(tmp_path / "data", tz=BRUSSELS)
    store.import_minutes(sc.table)
    return store, sc.dates[-1], len(sc.boom_dates)


def _ms(day: date, hour: int = 0) -> int:
    return int(datetime.combine(day, time(hour), BRUSSELS).timestamp() * 1000)


def test_day_end_stores_complete_days_and_reports_new_cycles_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store, last, n_cycles = _store(tmp_path)
    with store:
        # Just after midnight following the last day: every day is complete.
        with caplog.at_level(logging.INFO, "tracker.app.judging"):
            out = judge_completed_days(
                store, Config(zone=BRUSSELS), now_ms=_ms(last + timedelta(days=1), 1)
            )
        assert out.judged_until == last
        assert len(out.new_cycles) == n_cycles == 3
        assert "new boom-bust cycle" in caplog.text
        days = stored_days(store)
        assert len(days) == 42 and days[0].date == date(2026, 1, 5)
        assert {str(d.day_type) for d in days} >= {"boom", "bust", "learning", "normal"}
        assert [c.boom_dates for c in stored_cycles(store)] == [
            c.boom_dates for c in out.new_cycles
        ]
        n_bouts = store.db.execute("SELECT count(*) FROM analysis_bouts").fetchone()[0]
        assert out.result is not None and n_bouts == len(out.result.bouts)
        before = store.db.execute("SELECT * FROM analysis_days ORDER BY date").fetchall()
        # Again: the same rows (bar the computation time), nothing new.
        again = judge_completed_days(
            store, Config(zone=BRUSSELS), now_ms=_ms(last + timedelta(days=1), 2)
        )
        assert again.new_cycles == ()
        after = store.db.execute("SELECT * FROM analysis_days ORDER BY date").fetchall()
        assert [r[:-1] for r in after] == [r[:-1] for r in before]
        assert store.db.execute("SELECT count(*) FROM analysis_bouts").fetchone()[0] == n_bouts


def test_day_end_judges_only_complete_days(tmp_path: Path) -> None:
    store, last, _ = _store(tmp_path, weeks=3)
    with store:
        # During the last day: it is not complete yet.
        out = judge_completed_days(store, Config(zone=BRUSSELS), now_ms=_ms(last, 23))
        assert out.judged_until == last - timedelta(days=1)
        assert stored_days(store)[-1].date == last - timedelta(days=1)
        # First cycle (boom on day 15, bust on day 17) is confirmed only once day 17 ended.
        store2 = Store.create(tmp_path / "other", tz=BRUSSELS)
        sc = repeated_boom_bust(weeks=3)
        store2.import_minutes(sc.table)
        bust = sc.bust_dates[0]
        with store2:
            early = judge_completed_days(store2, Config(zone=BRUSSELS), now_ms=_ms(bust, 20))
            assert early.new_cycles == ()
            done = judge_completed_days(
                store2, Config(zone=BRUSSELS), now_ms=_ms(bust + timedelta(days=1))
            )
            assert [c.bust_dates for c in done.new_cycles] == [(bust,)]


def test_day_end_without_data_does_nothing(tmp_path: Path) -> None:
    with Store.create(tmp_path / "empty") as store:
        out = judge_completed_days(store, Config(zone=BRUSSELS), now_ms=_ms(date(2026, 3, 1)))
        assert out.judged_until is None and out.new_cycles == () and out.result is None


def test_day_end_stores_the_plan_check(tmp_path: Path) -> None:
    store, last, _ = _store(tmp_path, weeks=3)
    with store:
        plan = make_plan(start=20, goal=40, weeks=5, start_date=last - timedelta(days=13))
        save_plan(store, plan)
        out = judge_completed_days(
            store, Config(zone=BRUSSELS), now_ms=_ms(last + timedelta(days=1), 3)
        )
        assert out.result is not None and out.result.plan_check is not None
        weeks = store.db.execute("SELECT week, done FROM analysis_plan_weeks").fetchall()
        # Two plan weeks, each day with a 20-minute walk (quota 20, then 24): 7 sessions each.
        assert weeks == [(0, 7), (1, 7)]
        row = store.db.execute("SELECT today, stagnating FROM analysis_plan_check").fetchone()
        assert row == (last.isoformat(), 0)


def test_rr_intervals_from_the_store_feed_rmssd(tmp_path: Path) -> None:
    start = datetime(2026, 3, 16, 3, 0, tzinfo=BRUSSELS)
    t0 = int(start.timestamp() * 1000)
    rr = [(0.80, 0.84), (0.82, 0.79), (0.81,)] * 20
    samples = [
        HeartRateSample("strap", t0 + 1000 * i, 60.0, contact=True, rr_s=beats)
        for i, beats in enumerate(rr)
    ]
    with Store.create(tmp_path / "d", tz=BRUSSELS) as store:
        store.write(samples)
        got = store.rr_intervals()
        flat = [b for beats in rr for b in beats]
        assert got.rr_s.tolist() == pytest.approx(flat)
        assert np.all(np.diff(got.time_s) >= 0) and set(got.stream.tolist()) == {0}
        r = analyze(store.minute_table(), Config(), tz=BRUSSELS, rr=got)
        diffs = np.diff(np.array(flat))
        assert r.days[0].rmssd_ms == pytest.approx(float(np.sqrt(np.mean(diffs**2)) * 1000))
