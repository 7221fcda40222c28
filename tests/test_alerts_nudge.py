"""The live break nudge (limit, hysteresis, quiet hours, off-body) and absent devices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tracker.alerts.alerter import Alerter
from tracker.alerts.events import BreakNudge, DeviceAbsent
from tracker.alerts.nudge import AbsenceMonitor, BreakMonitor, in_quiet_hours, quiet_end_ms
from tracker.analysis.params import AnalysisParams
from tracker.config import parse_config
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    StepSample,
)
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tracker.domain.samples import Sample

BRUSSELS = ZoneInfo("Europe/Brussels")
MIN_MS = 60_000
# Tuesday 17 March 2026, 10:00 in Brussels (09:00 UTC).
MORNING_MS = int(datetime(2026, 3, 17, 10, 0, tzinfo=BRUSSELS).timestamp() * 1000)


def monitor(**kw: object) -> BreakMonitor:
    args: dict[str, object] = dict(
        person="An",
        limit_minutes=20,
        rearm_rest_minutes=5,
        params=AnalysisParams(),
        active_hr_bpm=None,
        quiet_hours=(time(22, 0), time(8, 0)),
        tz=BRUSSELS,
    )
    args.update(kw)
    return BreakMonitor(**args)  # type: ignore[arg-type]


def walk(
    start_ms: int, minutes: int, steps_per_min: int = 60, device: str = "watch"
) -> Iterator[Sample]:
    """A watch reporting steps every 10 s, as InfiniTime's counter does while walking."""
    for m in range(minutes):
        for k in range(6):
            yield StepSample(device, start_ms + m * MIN_MS + k * 10_000, steps_per_min // 6)


def feed(mon: BreakMonitor, samples: Iterator[Sample]) -> list[tuple[int, BreakNudge]]:
    fired = []
    for s in samples:
        nudge = mon.observe(s)
        if nudge is not None:
            fired.append((s.time_ms, nudge))
    return fired


def test_nudge_fires_once_when_continuous_exertion_reaches_the_limit() -> None:
    mon = monitor()
    fired = feed(mon, walk(MORNING_MS, 45))
    assert len(fired) == 1
    at, nudge = fired[0]
    assert nudge == BreakNudge("An", MORNING_MS, 20)
    # It fires during the 20th minute, as soon as that minute counts as active.
    assert MORNING_MS + 19 * MIN_MS <= at < MORNING_MS + 20 * MIN_MS


def test_slow_pottering_is_not_exertion() -> None:
    assert feed(monitor(), walk(MORNING_MS, 60, steps_per_min=30)) == []


def test_a_one_minute_stop_does_not_break_the_run() -> None:
    mon = monitor()
    samples = [*walk(MORNING_MS, 12), *walk(MORNING_MS + 13 * MIN_MS, 10)]
    fired = feed(mon, iter(samples))
    assert [n.minutes for _, n in fired] == [20]
    assert fired[0][1].start_ms == MORNING_MS


def test_hysteresis_rearms_only_after_enough_rest() -> None:
    mon = monitor()
    t = MORNING_MS
    assert len(feed(mon, walk(t, 25))) == 1
    # 3 minutes of rest (less than rearm_rest_minutes = 5), then another long run: quiet.
    t += 28 * MIN_MS
    assert feed(mon, walk(t, 25)) == []
    # 6 minutes of rest: rearmed, the next long run gets its own nudge.
    t += 31 * MIN_MS
    fired = feed(mon, walk(t, 25))
    assert [n.start_ms for _, n in fired] == [t]


def test_rest_with_data_flowing_rearms_and_ends_runs() -> None:
    # The watch keeps reporting (0 steps) while resting: rest minutes have data too.
    mon = monitor()
    t = MORNING_MS
    samples: list[Sample] = []
    for _ in range(4):
        samples += walk(t, 25)
        samples += walk(t + 25 * MIN_MS, 10, steps_per_min=0)
        t += 35 * MIN_MS
    fired = feed(mon, iter(samples))
    assert [n.start_ms for _, n in fired] == [MORNING_MS + b * 35 * MIN_MS for b in range(4)]
    # Only 3 minutes of (data-carrying) rest between runs: one nudge for all of them.
    mon = monitor()
    t = MORNING_MS
    samples = []
    for _ in range(4):
        samples += walk(t, 25)
        samples += walk(t + 25 * MIN_MS, 3, steps_per_min=0)
        t += 28 * MIN_MS
    assert len(feed(mon, iter(samples))) == 1


def test_no_nudge_in_quiet_hours() -> None:
    evening = int(datetime(2026, 3, 17, 21, 50, tzinfo=BRUSSELS).timestamp() * 1000)
    # 21:50-22:30: the limit is reached at 22:09, inside the quiet hours.
    assert feed(monitor(), walk(evening, 40)) == []
    early = int(datetime(2026, 3, 18, 7, 30, tzinfo=BRUSSELS).timestamp() * 1000)
    # 07:30-08:15: the limit passes at 07:49 (quiet); it fires once at 08:00 instead.
    fired = feed(monitor(), walk(early, 45))
    assert len(fired) == 1
    at = datetime.fromtimestamp(fired[0][0] / 1000, BRUSSELS)
    assert at.time() >= time(8, 0) and at.time() < time(8, 1)
    assert fired[0][1].minutes == 31


def test_quiet_window_wraps_midnight() -> None:
    window = (time(22, 0), time(8, 0))

    def at(h: int, m: int) -> datetime:
        return datetime(2026, 3, 17, h, m, tzinfo=UTC)

    assert in_quiet_hours(at(23, 0), window)
    assert in_quiet_hours(at(3, 0), window)
    assert not in_quiet_hours(at(8, 0), window)
    assert not in_quiet_hours(at(12, 0), window)
    assert in_quiet_hours(at(13, 0), (time(12, 30), time(14, 0)))
    assert not in_quiet_hours(at(3, 0), None)


def test_off_body_never_nudges() -> None:
    # A strap that reports no skin contact, with a high heart rate: not data.
    mon = monitor(active_hr_bpm=100.0)
    off = (
        HeartRateSample("strap", MORNING_MS + i * 1000, 130.0, contact=False)
        for i in range(40 * 60)
    )
    assert feed(mon, off) == []
    # No data at all for a long stretch breaks any run: 15 + (gap) + 15 minutes is not 30.
    mon = monitor()
    gap = [*walk(MORNING_MS, 15), *walk(MORNING_MS + 45 * MIN_MS, 15)]
    assert feed(mon, iter(gap)) == []


def test_heart_rate_counts_when_the_threshold_is_known() -> None:
    mon = monitor(active_hr_bpm=100.0)
    worn = (HeartRateSample("strap", MORNING_MS + i * 1000, 112.0, contact=True)
            for i in range(25 * 60))  # fmt: skip
    fired = feed(mon, worn)
    assert [n.minutes for _, n in fired] == [20]
    # Without a known threshold, heart rate alone never triggers (steps only).
    mon = monitor(active_hr_bpm=None)
    worn = (HeartRateSample("strap", MORNING_MS + i * 1000, 150.0) for i in range(25 * 60))
    assert feed(mon, worn) == []


def test_two_step_sources_are_not_added_together() -> None:
    # A watch and a footpod each report 25 steps/min of the same walking: still 25, not 50.
    mon = monitor()
    both = sorted(
        [*walk(MORNING_MS, 30, 25, "watch"), *walk(MORNING_MS, 30, 25, "pod")],
        key=lambda s: s.time_ms,
    )
    assert feed(mon, iter(both)) == []


def test_absence_monitor_alerts_once_per_absence() -> None:
    mon = AbsenceMonitor({"watch": MORNING_MS, "strap": MORNING_MS}, hours=6.0)
    mon.observe(StepSample("watch", MORNING_MS + 3_600_000, 10))
    # A failed connection attempt is not a sign of life.
    mon.observe(ConnectionEvent("strap", MORNING_MS + 3_600_000, ConnectionState.FAILED))
    assert mon.check(MORNING_MS + 5 * 3_600_000) == []
    six_h = MORNING_MS + 6 * 3_600_000
    assert mon.check(six_h) == [DeviceAbsent("strap", 6.0, MORNING_MS)]
    assert mon.check(six_h + 3_600_000) == [DeviceAbsent("watch", 6.0, MORNING_MS + 3_600_000)]
    assert mon.check(six_h + 2 * 3_600_000) == []  # already told
    mon.observe(BatterySample("strap", six_h + 10, 80))  # back
    assert mon.check(six_h + 3 * 3_600_000) == []
    assert mon.check(six_h + 10 + 6 * 3_600_000) == [DeviceAbsent("strap", 6.0, six_h + 10)]
    assert AbsenceMonitor({"watch": 0}, hours=0.0).check(10**13) == []  # 0 = off


def test_alerter_wires_the_monitors_to_the_queue(store: Store) -> None:
    store.write([StepSample("watch", MORNING_MS - 7 * 3_600_000, 5)])
    config = parse_config(
        {
            "tracker": {"person": "An", "timezone": "Europe/Brussels"},
            "devices": [{"id": "watch", "name": "InfiniTime"}, {"id": "strap", "name": "H10"}],
            "analysis": {"max_continuous_minutes": 15},
            "alerts": {"device_absent_hours": 6, "break_nudge": {"enabled": True}},
        }
    )
    clock = [MORNING_MS]
    alerter = Alerter(store, config, clock=lambda: clock[0])
    for s in walk(MORNING_MS, 20):
        alerter.observe(s)
    nudge_key = BreakNudge("An", MORNING_MS, 15).key
    assert alerter.queue.known(nudge_key)  # limit 0 follows [analysis] max_continuous_minutes
    nudge = alerter.queue.get(nudge_key)
    assert nudge.expires_ms == MORNING_MS + 15 * MIN_MS  # stale reminders are not sent
    # The watch was last stored 7 h ago, but it just sent steps: not absent. The strap was
    # never seen: its absence counts from start-up.
    assert alerter.absence.check(clock[0]) == []
    assert alerter.absence.check(MORNING_MS + 6 * 3_600_000) == [
        DeviceAbsent("strap", 6.0, MORNING_MS)
    ]


def test_nudge_off_by_default(store: Store) -> None:
    config = parse_config({"alerts": {}})
    alerter = Alerter(store, config, clock=lambda: MORNING_MS)
    for s in walk(MORNING_MS, 40):
        alerter.observe(s)
    assert alerter.queue.deliveries() == []
    assert alerter.break_monitor is None


def test_quiet_hours_end_is_the_next_local_morning_across_dst() -> None:
    window = (time(22, 0), time(8, 0))

    def at(year: int, month: int, day: int, hour: int, minute: int) -> int:
        return int(datetime(year, month, day, hour, minute, tzinfo=BRUSSELS).timestamp() * 1000)

    assert quiet_end_ms(at(2026, 3, 17, 23, 0), window, BRUSSELS) == at(2026, 3, 18, 8, 0)
    assert quiet_end_ms(at(2026, 3, 18, 6, 0), window, BRUSSELS) == at(2026, 3, 18, 8, 0)
    assert quiet_end_ms(at(2026, 3, 18, 8, 0), window, BRUSSELS) is None
    assert quiet_end_ms(at(2026, 3, 18, 12, 0), window, BRUSSELS) is None
    # The night the clocks go forward (29 March 2026): still 08:00 local, 7 h after 00:00.
    end = quiet_end_ms(at(2026, 3, 28, 23, 0), window, BRUSSELS)
    assert end == at(2026, 3, 29, 8, 0)
    assert end is not None and end - at(2026, 3, 29, 0, 0) == 7 * 3_600_000
    assert quiet_end_ms(at(2026, 3, 18, 23, 0), None, BRUSSELS) is None
