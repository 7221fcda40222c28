"""Derived results (day-end job tables) and minute rollups into InfluxDB."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tracker.analysis.results import Bout
from tracker.config.influx import InfluxConfig
from tracker.domain.samples import HeartRateSample, StepSample
from tracker.mirror.shipper import InfluxShipper
from tracker.pacing.cycles import Cycle
from tracker.pacing.day_rules import DayType
from tracker.pacing.days import DaySummary
from tracker.pacing.sessions import PlanCheck, WeekCheck
from tracker.store.derived import save_results
from tracker.store.influx import result_lines
from tracker.store.outbox import Outbox, enqueue_results
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer


TZ = ZoneInfo("Europe/Brussels")
D0 = date(2026, 3, 2)
D0_MS = int(datetime(2026, 3, 2, tzinfo=TZ).timestamp() * 1000)
DAY_MS = 86_400_000


def day(d: date, active: int, baseline: float | None, kind: DayType) -> DaySummary:
    return DaySummary(
        date=d,
        day_minutes=1440,
        data_minutes=900,
        worn_minutes=800,
        active_minutes=active,
        steps=active * 70,
        bouts=2,
        longest_bout_minutes=20,
        baseline_active_minutes=baseline,
        day_type=kind,
        valid=True,
        trimp=None,
        resting_hr_bpm=58.0,
        rmssd_ms=None,
        longest_exertion_minutes=25,
        long_bouts=0,
        pause_minutes=30,
        morning_active_share=0.5,
        afternoon_active_share=0.5,
        evening_active_share=0.0,
        within_day_booms=0,
        active_by_hour=(0,) * 24,
    )


def save(store: Store, now_ms: int) -> None:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    bout = Bout(start, start + timedelta(minutes=12), 12, 11, 900, 98.5, D0)
    week = WeekCheck(1, D0, 24.5, 3, 2, 1, 1, 0, False, 2 / 3, False)
    check = PlanCheck(D0 + timedelta(days=1), 1, (), (week,), False, None)
    save_results(
        store,
        [
            day(D0, 60, 30.0, DayType.BOOM),
            day(D0 + timedelta(days=1), 15, 30.0, DayType.BUST),
        ],
        [bout],
        [Cycle((D0,), (D0 + timedelta(days=1),))],
        check,
        now_ms=now_ms,
    )


async def test_results_and_minutes_reach_the_server(store: Store, victoria: VictoriaServer) -> None:
    now = [D0_MS + 3 * DAY_MS]
    save(store, now[0])
    store.write([StepSample("watch", D0_MS + 2 * DAY_MS + 60_000, 42)])
    store.write([HeartRateSample("strap", D0_MS + 2 * DAY_MS + 61_000, 88.0)])
    n = enqueue_results(store, "an", clock=lambda: now[0])
    # 2 days + 1 bout + 1 cycle + 1 plan week + 1 minute
    assert n == 6
    cfg = InfluxConfig(url=victoria.url, bucket="tracker")
    assert await InfluxShipper(store, cfg, person="an").drain(30) == 0
    me = (("person", "an"),)
    assert victoria.points("day_active_minutes") == {me: {D0_MS: 60, D0_MS + DAY_MS: 15}}
    assert victoria.points("day_baseline_active_minutes") == {
        me: {D0_MS: 30.0, D0_MS + DAY_MS: 30.0}
    }
    assert victoria.points("day_day_type_code") == {me: {D0_MS: 3, D0_MS + DAY_MS: 4}}
    assert victoria.points("day_valid") == {me: {D0_MS: 1, D0_MS + DAY_MS: 1}}
    bout_ms = D0_MS + 9 * 3_600_000
    assert victoria.points("bout_minutes") == {me: {bout_ms: 12}}
    assert victoria.points("bout_mean_hr_bpm") == {me: {bout_ms: 98.5}}
    assert victoria.points("cycle_boom_days") == {me: {D0_MS: 1}}
    assert victoria.points("cycle_bust_days") == {me: {D0_MS: 1}}
    assert victoria.points("plan_check_quota_minutes") == {me: {D0_MS: 24.5}}
    assert victoria.points("plan_check_stagnating") == {me: {D0_MS: 0}}
    minute = D0_MS + 2 * DAY_MS + 60_000
    assert victoria.points("minute_steps") == {me: {minute: 42}}
    assert victoria.points("minute_heart_rate_bpm") == {me: {minute: 88.0}}


def test_enqueue_results_is_idempotent_and_only_sends_changes(store: Store) -> None:
    now = [D0_MS + 3 * DAY_MS]
    save(store, now[0])
    assert enqueue_results(store, "an", clock=lambda: now[0]) == 5
    now[0] += 60_000
    # Nothing recomputed: only the few cycle and plan-week points again (and no minutes).
    assert enqueue_results(store, "an", clock=lambda: now[0]) == 2
    now[0] += DAY_MS
    save(store, now[0])  # the next day-end job rewrites its window
    assert enqueue_results(store, "an", clock=lambda: now[0]) == 5
    texts = Outbox(store, "an").peek(100)[1]
    assert sum(t.startswith("day,") for t in texts) == 4  # twice the same 2 day points


def test_result_lines_since_keeps_later_days_and_bouts(store: Store) -> None:
    save(store, D0_MS)
    lines = result_lines(store, "an", D0_MS + DAY_MS)
    kinds = sorted(line.split(",", 1)[0] for _, line in lines)
    # The first day and its bout are before --since; cycles and plan weeks always go.
    assert kinds == ["cycle", "day", "plan_check"]
    (day_line,) = [line for _, line in lines if line.startswith("day,")]
    assert 'day_type="bust"' in day_line and "day_type_code=4i" in day_line
    (cycle_line,) = [line for _, line in lines if line.startswith("cycle,")]
    assert 'text="boom 2026-03-02; bust 2026-03-03"' in cycle_line
