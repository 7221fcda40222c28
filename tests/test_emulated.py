"""The emulated wearables, their scripted day and the world's simulated clock.

A small bleak "hub" subscribes through the bumble backend (no mocks) and records every
notification with the world's clock; the tests decode them with the project's decoders
and compare with the truth the script produced.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bleak import BleakClient, BleakScanner
from bleak.backends.characteristic import BleakGATTCharacteristic

from tests.air import scanner, world_collector
from tracker.ble.emulated.day_script import (
    HOUSEHOLD_CADENCE_MAX_SPM,
    WALK_CADENCE_MAX_SPM,
    WALK_CADENCE_MIN_SPM,
    Activity,
    Person,
    script_day,
)
from tracker.ble.emulated.world import IDENTITIES, EmulatedWorld
from tracker.ble.heart_rate import HEART_RATE_MEASUREMENT_UUID, HeartRateMeasurement
from tracker.ble.infinitime import STEP_COUNT_UUID, decode_step_count
from tracker.ble.params import DeviceConfig
from tracker.ble.rsc import RSC_MEASUREMENT_UUID, RSCMeasurement

# Slow: the emulated Bluetooth stack.
pytestmark = pytest.mark.slow

BRUSSELS = ZoneInfo("Europe/Brussels")
START = datetime(2026, 11, 16, 7, 0, tzinfo=BRUSSELS)  # a Monday morning: people move
SUBSCRIPTIONS = {
    "strap": (HEART_RATE_MEASUREMENT_UUID,),
    "footpod": (RSC_MEASUREMENT_UUID,),
    "watch": (HEART_RATE_MEASUREMENT_UUID, STEP_COUNT_UUID),
}
WAIT_S = 5.0
MS_PER_MIN = 60_000


# The script.


def test_a_day_is_a_function_of_seed_and_date() -> None:
    day = date(2026, 11, 16)
    assert script_day(7, day) == script_day(7, day)
    assert script_day(7, day) != script_day(8, day)
    assert script_day(7, day).steps != script_day(7, day + timedelta(days=1)).steps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_days_are_plausible(seed: int) -> None:
    person = Person.from_seed(seed)
    assert 60 <= person.resting_hr_bpm <= 70
    totals = []
    for offset in range(14):
        day = script_day(seed, date(2026, 11, 1) + timedelta(days=offset))
        assert len(day.steps) == len(day.heart_rate_bpm) == len(day.activity) == 1440
        totals.append(day.total_steps)
        by_kind: dict[Activity, list[int]] = {a: [] for a in Activity}
        hr_by_kind: dict[Activity, list[int]] = {a: [] for a in Activity}
        for activity, steps, hr in zip(day.activity, day.steps, day.heart_rate_bpm, strict=True):
            by_kind[activity].append(steps)
            hr_by_kind[activity].append(hr)
        # Asleep at midnight and in the small hours, awake by 08:00 at the latest.
        assert day.activity[0] is Activity.SLEEP and day.activity[3 * 60] is Activity.SLEEP
        assert day.activity[8 * 60] is not Activity.SLEEP
        assert 7 * 60 <= day.minutes_of(Activity.SLEEP) <= 10 * 60
        walking = by_kind[Activity.WALK]
        if walking:
            assert max(walking) <= WALK_CADENCE_MAX_SPM
            assert statistics.median(walking) >= WALK_CADENCE_MIN_SPM
            # Heart rate rises with effort: walking > resting > asleep.
            assert statistics.mean(hr_by_kind[Activity.WALK]) > statistics.mean(
                hr_by_kind[Activity.REST]
            )
        assert max(by_kind[Activity.HOUSEHOLD], default=0) <= HOUSEHOLD_CADENCE_MAX_SPM
        assert statistics.median(by_kind[Activity.SLEEP]) == 0
        assert statistics.mean(hr_by_kind[Activity.REST]) > statistics.mean(
            hr_by_kind[Activity.SLEEP]
        )
        assert all(40 <= hr <= 180 for hr in day.heart_rate_bpm)
    assert min(totals) >= 1_000 and max(totals) <= 35_000
    # Busy and quiet days: the boom and bust the pacing rules look for.
    assert max(totals) >= 1.5 * statistics.median(totals)


# A minimal hub over the emulated stack.


@dataclass
class Hub:
    world: EmulatedWorld
    received: dict[str, list[tuple[int, str, bytes]]] = field(default_factory=dict)
    clients: dict[str, BleakClient] = field(default_factory=dict)
    reconnect: bool = False
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def connect(self, config: DeviceConfig) -> None:
        def wanted(device: object, adv: object) -> bool:
            address = getattr(device, "address", "")
            name = getattr(adv, "local_name", None)
            return address == config.address if config.address else name == config.name

        device = await BleakScanner.find_device_by_filter(
            wanted, timeout=WAIT_S, backend=scanner(self.world.transport)
        )
        assert device is not None
        client = BleakClient(
            device,
            lambda _c: self._on_disconnect(config),
            backend=self.world.transport.client_backend,
        )
        await client.connect()
        self.clients[config.id] = client
        log = self.received.setdefault(config.id, [])
        for uuid in SUBSCRIPTIONS[config.id]:
            await client.start_notify(uuid, self._recorder(log))

    def _recorder(self, log: list[tuple[int, str, bytes]]) -> Callable[..., None]:
        def record(characteristic: BleakGATTCharacteristic, data: bytearray) -> None:
            log.append((self.world.clock(), characteristic.uuid, bytes(data)))

        return record

    def _on_disconnect(self, config: DeviceConfig) -> None:
        if self.reconnect:
            task = asyncio.create_task(self.connect(config))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)


async def _hub(world: EmulatedWorld) -> Hub:
    hub = Hub(world)
    for config in world.device_configs:
        await hub.connect(config)
    return hub


async def test_notifications_decode_to_the_scripted_truth() -> None:
    async with EmulatedWorld(seed=3, start=START) as world:
        hub = await _hub(world)
        await world.run(days=1 / 24)  # one simulated hour
        truth = {m.time_ms: m for m in world.truth()}
        assert len(truth) == 60
        start_ms = world.start_ms

        # Strap: every tick, HR of the minute, skin contact, RR intervals of the tick.
        strap = hub.received["strap"]
        assert len(strap) == 360
        rr_total_s = 0.0
        for time_ms, _uuid, data in strap:
            hrm = HeartRateMeasurement.from_bytes(data)
            assert hrm.heart_rate_bpm == truth[time_ms - time_ms % MS_PER_MIN].heart_rate_bpm
            assert hrm.sensor_contact is True
            rr_total_s += sum(hrm.rr_intervals_s)
        # RR intervals add up to the elapsed time (within a couple of beats).
        assert rr_total_s == pytest.approx(3600, abs=3)

        # Watch: HR with flags 0 (InfiniTime), step counter deltas sum to the truth.
        watch_hr = [d for _t, u, d in hub.received["watch"] if u == HEART_RATE_MEASUREMENT_UUID]
        assert len(watch_hr) == 360 and all(d[0] == 0 and len(d) == 2 for d in watch_hr)
        counts = [
            decode_step_count(d) for _t, u, d in hub.received["watch"] if u == STEP_COUNT_UUID
        ]
        assert counts == sorted(counts)  # no midnight in this hour
        assert counts[-1] == sum(m.steps for m in truth.values())
        minute_steps: dict[int, int] = {}
        previous = 0
        for time_ms, uuid, data in hub.received["watch"]:
            if uuid == STEP_COUNT_UUID:
                count = decode_step_count(data)
                minute = time_ms - time_ms % MS_PER_MIN
                minute_steps[minute] = minute_steps.get(minute, 0) + count - previous
                previous = count
        assert minute_steps == {t: m.steps for t, m in truth.items()}

        # Footpod: cadence of the minute, total distance never decreasing.
        distances = []
        for time_ms, _uuid, data in hub.received["footpod"]:
            rsc = RSCMeasurement.from_bytes(data)
            assert rsc.cadence_spm == truth[time_ms - time_ms % MS_PER_MIN].steps
            distance = rsc.total_distance_m
            assert distance is not None  # the emulated footpod always sends it
            distances.append(distance)
        assert distances == sorted(distances) and distances[-1] > 0

        # Timestamps are exactly the ticks: start, start + 10 s, ...
        assert [t for t, _u, _d in strap] == [start_ms + 10_000 * i for i in range(360)]
        assert world.notifications("strap").lost == 0


async def test_runs_are_deterministic() -> None:
    logs = []
    for _ in range(2):
        async with EmulatedWorld(seed=5, start=START, wearables=("strap",)) as world:
            hub = await _hub(world)
            await world.run(days=1 / 96)
            logs.append(hub.received["strap"])
    assert logs[0] == logs[1] and len(logs[0]) == 90


async def test_watch_counter_resets_at_its_midnight() -> None:
    before_midnight = datetime(2026, 11, 16, 23, 50, tzinfo=BRUSSELS)
    async with EmulatedWorld(seed=1, start=before_midnight, wearables=("watch",)) as world:
        hub = await _hub(world)
        await world.run(days=20 / 1440)
        counts = [
            (t, decode_step_count(d)) for t, u, d in hub.received["watch"] if u == STEP_COUNT_UUID
        ]
    # Switched on late in the evening, the counter holds the day's steps so far.
    day_total = script_day(1, date(2026, 11, 16)).total_steps
    midnight_ms = round(datetime(2026, 11, 17, tzinfo=BRUSSELS).timestamp() * 1000)
    before = [c for t, c in counts if t < midnight_ms]
    after = [c for t, c in counts if t >= midnight_ms]
    assert before[-1] == day_total > 1000
    assert after[0] == world.minute(midnight_ms).steps // 6  # first tick of the new day
    assert after[-1] == sum(m.steps for m in world.truth(midnight_ms))


async def test_world_waits_for_the_central_after_a_drop() -> None:
    async with EmulatedWorld(seed=2, start=START, wearables=("strap", "watch")) as world:
        hub = await _hub(world)
        hub.reconnect = True
        for _ in range(5):
            await world.drop("strap")
            await world.run(days=(world.clock() - world.start_ms + 60_000) / 86_400_000)
        assert world.peripheral("strap").connections_accepted == 6
        # The clock stood still while the hub reconnected: nothing was lost.
        assert world.notifications("strap").lost == 0
        assert len(hub.received["strap"]) == 30
        times = [t for t, _u, _d in hub.received["strap"]]
        assert times == [world.start_ms + 10_000 * i for i in range(30)]


async def test_world_carries_on_when_no_central_comes_back() -> None:
    async with EmulatedWorld(
        seed=2, start=START, wearables=("strap",), resubscribe_timeout_s=0.05
    ) as world:
        hub = await _hub(world)
        await world.run(days=1 / 1440)
        await world.drop("strap")
        await world.run(days=3 / 1440)
        counts = world.notifications("strap")
    assert len(hub.received["strap"]) == counts.sent == 6
    assert counts.lost == 12  # lost like on real hardware, not queued


async def test_stranger_advertises_but_is_not_on_the_allowlist() -> None:
    async with EmulatedWorld(start=START, stranger=True) as world:
        seen = await BleakScanner.discover(timeout=0.2, backend=scanner(world.transport))
        assert {d.address for d in seen} == {
            IDENTITIES[k].address for k in ("strap", "footpod", "watch", "stranger")
        }
        configs = world.device_configs
        assert [c.id for c in configs] == ["strap", "footpod", "watch"]
        stranger = IDENTITIES["stranger"]
        assert all(stranger.address not in (c.address,) for c in configs)
        assert all(c.name != stranger.name for c in configs)


def test_world_rejects_impossible_settings() -> None:
    with pytest.raises(ValueError, match="aware"):
        EmulatedWorld(start=datetime(2026, 11, 16))
    with pytest.raises(ValueError, match="divide 60"):
        EmulatedWorld(start=START, notify_interval_s=7)
    with pytest.raises(ValueError, match="wearables"):
        EmulatedWorld(start=START, wearables=("strap", "toaster"))


async def test_the_real_collector_records_the_script_through_drops() -> None:
    """World + the project's Collector: every scripted minute arrives, drops included."""
    from tracker.ble.params import CollectorParams
    from tracker.domain.samples import HeartRateSample, Sample, StepSample

    samples: list[Sample] = []
    params = CollectorParams(reconnect_initial_backoff_s=0.001, reconnect_max_backoff_s=0.01)
    async with EmulatedWorld(seed=4, start=START, stranger=True) as world:
        collector = world_collector(world, samples.append, params)
        task = asyncio.create_task(collector.run())
        try:
            for minute in range(1, 11):
                await world.run(days=minute / 1440)
                if minute % 3 == 0:
                    await world.drop("strap")
                    await world.drop("watch")
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        truth = {m.time_ms: m for m in world.truth()}
        assert world.notifications("strap").lost == world.notifications("watch").lost == 0
        assert world.peripheral("stranger").connections_accepted == 0
    hr = [s for s in samples if isinstance(s, HeartRateSample) and s.device == "strap"]
    assert len(hr) == 60
    for sample in hr:
        assert sample.bpm == truth[sample.time_ms - sample.time_ms % MS_PER_MIN].heart_rate_bpm
    watch_steps = [s for s in samples if isinstance(s, StepSample) and s.device == "watch"]
    assert sum(s.steps for s in watch_steps) == sum(m.steps for m in truth.values())
    assert {s.device for s in samples} == {"strap", "footpod", "watch"}
