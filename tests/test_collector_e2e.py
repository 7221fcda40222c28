"""The collector end to end through the emulated stack: bumble peripherals on a LocalLink,
the bumble-backed bleak backend, bleak-retry-connector, the collector, the SQLite store.

Nothing is mocked: advertising, connections, discovery, CCCD writes, notifications and
disconnects all pass through bleak's API exactly as with a real adapter. Only the clock
is injected, so the tests decide what time every sample carries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from bumble import core, gatt
from bumble.device import Connection
from bumble.link import LocalLink

from tracker.ble.bumble_backend import bumble_transport
from tracker.ble.bumble_radio import BumbleRadio, new_link
from tracker.ble.collector import Collector
from tracker.ble.const import (
    CANCEL_CLEANUP_TIMEOUT_S,
    IDLE_CHECK_INTERVAL_S,
    MALFORMED_LOG_INTERVAL_MS,
    STALL_CONFIRM_S,
    STALLED_LINK_TIMEOUT_MS,
)
from tracker.ble.emulated.peripherals import (
    ChestStrap,
    EmulatedPeripheral,
    Footpod,
    Identity,
    Watch,
)
from tracker.ble.emulated.world import EmulatedWorld
from tracker.ble.params import CollectorParams, DeviceConfig
from tracker.daemon.writer import StoreWriter
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    Sample,
    StepSample,
)
from tracker.store.sqlite import Store

# Slow: the collector through the emulated Bluetooth stack.
pytestmark = pytest.mark.slow

STRAP = Identity("Polar H10 0E1A2B3C", "C4:7E:5A:00:00:01", "Polar", "H10", "0E1A2B3C", "3.1")
# The neighbour's strap: same model, same advertised name pattern, another address.
STRANGER = Identity("Polar H10 0E1A2B3C", "C4:7E:5A:00:00:66", "Polar", "H10", "0E1A2B3C", "3.1")
WATCH = Identity("InfiniTime", "C4:7E:5A:00:00:03", "Pine64", "PineTime", "1", "1.14.0")
FOOTPOD = Identity("Stryd 4F21", "C4:7E:5A:00:00:02", "Stryd", "Footpod", "4F21", "1.2")

# Reconnect quickly: the tests are about behaviour, not about waiting.
FAST = CollectorParams(
    reconnect_initial_backoff_s=0.001,
    reconnect_max_backoff_s=0.01,
    scan_timeout_s=2.0,
    battery_interval_s=600.0,
)
# Wall-time bound on any single wait in these tests.
WAIT_S = 5.0
START_MS = 1_795_500_000_000  # 2026-11-24 (UTC), an ordinary day

P = TypeVar("P", bound=EmulatedPeripheral)


@dataclass
class ManualClock:
    """The injected clock: the test moves it, the collector stamps samples with it."""

    now_ms: int = START_MS

    def __call__(self) -> int:
        return self.now_ms

    def advance(self, ms: int) -> None:
        self.now_ms += ms


@dataclass
class Air:
    link: LocalLink
    radio: BumbleRadio
    clock: ManualClock = field(default_factory=ManualClock)
    samples: list[Sample] = field(default_factory=list)

    async def peripheral(self, cls: type[P], identity: Identity) -> P:
        p = cls(self.link, identity)
        await p.start()
        return p

    def collector(self, devices: list[DeviceConfig], params: CollectorParams = FAST) -> Collector:
        return Collector(
            devices,
            params,
            self.samples.append,
            clock=self.clock,
            transport=bumble_transport(self.radio),
            rng=random.Random(42),
        )

    def of(self, kind: type[Sample], device: str) -> list[Sample]:
        return [s for s in self.samples if isinstance(s, kind) and s.device == device]


@pytest.fixture
async def air() -> AsyncIterator[Air]:
    link = new_link()
    yield Air(link, BumbleRadio(link))


async def until(condition: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.002)


async def subscribed(p: EmulatedPeripheral, connections: int) -> None:
    """Wait until the collector's ``connections``-th connection has subscribed."""
    await until(
        lambda: p.connections_accepted >= connections and p.subscribed(p.data_characteristics()),
        f"{p.identity.name} subscribed on connection {connections}",
    )


async def settled(air: Air, p: EmulatedPeripheral, device: str, connections: int) -> None:
    """Wait until the ``connections``-th connection finished its set-up (the battery read
    comes last), so that nothing is cut off mid-request when the test ends."""
    await subscribed(p, connections)

    def battery_read_since_last_connect() -> bool:
        for s in reversed(air.samples):
            if s.device != device:
                continue
            if isinstance(s, BatterySample):
                return True
            if isinstance(s, ConnectionEvent) and s.state is ConnectionState.CONNECTED:
                return False
        return False

    await until(battery_read_since_last_connect, f"{device} set up on connection {connections}")


@pytest.fixture
async def running() -> AsyncIterator[Callable[[Collector], asyncio.Task[None]]]:
    tasks: list[asyncio.Task[None]] = []

    def start(c: Collector) -> asyncio.Task[None]:
        task = asyncio.create_task(c.run())
        tasks.append(task)
        return task

    yield start
    for task in tasks:
        task.cancel()
    # A collector must stop within its clean-up bound; fail (with the stacks) rather
    # than hang the suite if it does not.
    try:
        async with asyncio.timeout(CANCEL_CLEANUP_TIMEOUT_S + 1.0):
            await asyncio.gather(*tasks, return_exceptions=True)
    except TimeoutError:
        for task in asyncio.all_tasks():
            task.print_stack()
        raise AssertionError("the collector did not stop when cancelled") from None


# -- strap and watch into the store ------------------------------------------------------


async def test_strap_and_watch_samples_reach_the_store(
    air: Air, running: Callable[[Collector], asyncio.Task[None]], tmp_path: Path
) -> None:
    strap = await air.peripheral(ChestStrap, STRAP)
    watch = await air.peripheral(Watch, WATCH)
    await watch.send_step_count(1200)  # walked before the hub saw the watch: a baseline
    collector = air.collector(
        [
            DeviceConfig("strap", address=STRAP.address.lower()),
            DeviceConfig("watch", name="InfiniTime"),
        ]
    )
    running(collector)
    await settled(air, strap, "strap", 1)
    await settled(air, watch, "watch", 1)

    # Ten simulated minutes, one notification per device every 10 s.
    sent_hr: dict[int, list[int]] = {}
    steps_per_minute = [0, 15, 60, 95, 0, 110, 40, 0, 0, 75]
    count = 1200
    for minute, steps in enumerate(steps_per_minute):
        for tick in range(6):
            air.clock.now_ms = START_MS + minute * 60_000 + tick * 10_000
            bpm = 60 + minute * 3 + tick
            sent_hr.setdefault(minute, []).append(bpm)
            count += steps // 6 + (steps % 6 if tick == 5 else 0)
            delivered = air.radio.notifications_delivered
            await strap.send_heart_rate(bpm, [round(60 / bpm * 1024)])
            await watch.send_heart_rate(bpm + 20)
            await watch.send_step_count(count)
            assert await air.radio.wait_delivered(delivered + 3, WAIT_S)

    with Store.create(tmp_path / "data") as store:
        assert store.write(air.samples) == len(air.samples)
        table = store.minute_table()
        hr_rows = store.db.execute(
            "SELECT device, time_ms, bpm, contact, rr_s FROM heart_rate ORDER BY device, time_ms"
        ).fetchall()

    strap_hr = [s for s in air.of(HeartRateSample, "strap") if isinstance(s, HeartRateSample)]
    assert [s.bpm for s in strap_hr] == [b for m in range(10) for b in sent_hr[m]]
    assert all(s.contact is True and len(s.rr_s) == 1 for s in strap_hr)
    watch_hr = [s for s in air.of(HeartRateSample, "watch") if isinstance(s, HeartRateSample)]
    assert all(s.contact is None and s.rr_s == () for s in watch_hr)
    assert len(hr_rows) == 2 * 60
    assert hr_rows[0][0] == "strap" and hr_rows[0][3] == 1 and float(hr_rows[0][4]) > 0

    # Minute table: steps exactly as walked, heart rate the mean of both sensors.
    minutes = (table.time_s - START_MS // 1000) // 60
    assert list(minutes) == list(range(10))
    assert [int(x) for x in table.steps] == steps_per_minute
    for m in range(10):
        expected = sum(sent_hr[m]) / 6 + 10  # watch reads 20 above the strap
        assert table.heart_rate_bpm[m] == pytest.approx(expected)

    status = collector.status()
    assert status["strap"].connected and status["watch"].connected
    assert status["strap"].address == STRAP.address
    assert status["watch"].address == WATCH.address
    assert status["strap"].battery_percent == 100
    assert status["strap"].last_sample_ms == air.clock.now_ms
    assert status["strap"].reconnects == 0 and status["strap"].last_error == ""


# -- reconnects --------------------------------------------------------------------------


async def test_a_hundred_drops_are_reconnected_and_every_reconnect_stores_samples(
    air: Air, running: Callable[[Collector], asyncio.Task[None]], tmp_path: Path
) -> None:
    drops = 100
    strap = await air.peripheral(ChestStrap, STRAP)
    collector = air.collector([DeviceConfig("strap", address=STRAP.address)])
    running(collector)
    for i in range(drops + 1):
        await subscribed(strap, i + 1)
        air.clock.advance(1000)
        delivered = air.radio.notifications_delivered
        assert await strap.send_heart_rate(40 + i) == 1
        assert await air.radio.wait_delivered(delivered + 1, WAIT_S)
        if i < drops:
            await strap.drop_connection()  # mid-stream, from the strap's side

    with Store.create(tmp_path / "data") as store:
        store.write(air.samples)
        stored = [r[0] for r in store.db.execute("SELECT bpm FROM heart_rate ORDER BY time_ms")]
        events = store.db.execute(
            "SELECT state, count(*) FROM connection GROUP BY state ORDER BY state"
        ).fetchall()
    # One sample from every connection, the first and each of the 100 reconnects.
    assert stored == [float(40 + i) for i in range(drops + 1)]
    # A drop during GATT set-up (before the battery read finished) is a failure rather
    # than a plain disconnect; either way every drop is recorded.
    assert dict(events)["connected"] == drops + 1
    assert sum(n for state, n in events if state != "connected") == drops
    status = collector.status()["strap"]
    assert status.reconnects == drops
    assert status.connected
    assert strap.connections_accepted == drops + 1
    # The drop is visible: the last failure is kept even after the reconnect.
    assert status.last_error
    await settled(air, strap, "strap", drops + 1)


async def test_watch_counter_after_reconnect_counts_the_gap_and_a_reset(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    watch = await air.peripheral(Watch, WATCH)
    await watch.send_step_count(5000)
    running(air.collector([DeviceConfig("watch", address=WATCH.address)]))
    await settled(air, watch, "watch", 1)
    await watch.send_step_count(5040)
    await until(lambda: len(air.of(StepSample, "watch")) == 1, "first step sample")

    # Walked 300 steps while out of range: counted once after the reconnect, not 5340.
    await watch.drop_connection()
    await watch.send_step_count(5340)
    await settled(air, watch, "watch", 2)
    await until(lambda: len(air.of(StepSample, "watch")) == 2, "gap steps")
    # The watch passed its midnight while away: the counter dropped, i.e. it reset.
    await watch.drop_connection()
    await watch.send_step_count(25)
    await settled(air, watch, "watch", 3)
    await until(lambda: len(air.of(StepSample, "watch")) == 3, "steps after reset")
    await watch.send_step_count(30)
    await until(lambda: len(air.of(StepSample, "watch")) == 4, "steps after reset")
    steps = [s.steps for s in air.of(StepSample, "watch") if isinstance(s, StepSample)]
    assert steps == [40, 300, 25, 5]


async def test_absent_device_failure_is_visible_and_retried(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    params = CollectorParams(
        reconnect_initial_backoff_s=0.001, reconnect_max_backoff_s=0.01, scan_timeout_s=0.05
    )
    running(air.collector([DeviceConfig("ghost", address="C4:00:00:00:00:99")], params))
    await until(lambda: len(air.of(ConnectionEvent, "ghost")) >= 3, "three failed attempts")
    status = air.collector([]).status()  # a fresh collector knows nothing
    assert status == {}
    events = [e for e in air.of(ConnectionEvent, "ghost") if isinstance(e, ConnectionEvent)]
    assert {e.state for e in events} == {ConnectionState.FAILED}
    assert "not seen advertising" in events[0].detail


# -- the allowlist -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "allowed",
    [
        pytest.param(DeviceConfig("strap", address=STRAP.address), id="by-address"),
        pytest.param(DeviceConfig("watch", name="InfiniTime"), id="by-name"),
    ],
)
async def test_a_strangers_strap_is_never_connected(
    air: Air, running: Callable[[Collector], asyncio.Task[None]], allowed: DeviceConfig
) -> None:
    stranger = await air.peripheral(ChestStrap, STRANGER)
    own = await air.peripheral(
        ChestStrap if allowed.address else Watch, STRAP if allowed.address else WATCH
    )
    running(air.collector([allowed]))
    # Several scans and connections, with the stranger advertising all along.
    for i in range(5):
        await settled(air, own, allowed.id, i + 1)
        await stranger.send_heart_rate(99)
        await own.send_heart_rate(70)
        await own.drop_connection()
    await settled(air, own, allowed.id, 6)
    assert STRANGER.address in air.radio.heard  # the hub did hear it advertise...
    assert stranger.connections_accepted == 0  # ...and never connected to it
    assert not stranger.connected
    assert all(s.device == allowed.id for s in air.samples)
    assert not any(
        STRANGER.address in s.detail for s in air.samples if isinstance(s, ConnectionEvent)
    )
    assert not any(isinstance(s, HeartRateSample) and s.bpm == 99 for s in air.samples)


# -- a scripted morning through the emulated world ---------------------------------------


async def test_world_strap_watch_and_footpod_through_the_store_match_the_truth(
    tmp_path: Path,
) -> None:
    start = datetime(2026, 11, 16, 7, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    async with EmulatedWorld(seed=3, start=start, stranger=True) as world:
        store = Store.create(tmp_path / "data", tz=world.tz)
        writer = StoreWriter(store, commit_interval_s=0.05)
        collector = Collector(
            world.device_configs,
            FAST,
            writer.sink,
            clock=world.clock,
            transport=world.transport,
            rng=random.Random(3),
        )
        stop = asyncio.Event()

        async def commit_until_stopped() -> None:
            # The daemon's commit loop, stopped by an event rather than cancelled: a
            # flush cancelled while its write waits for the executor loses that batch.
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), writer.commit_interval_s)
                await writer.flush()
            await writer.flush()

        tasks = [asyncio.create_task(collector.run())]
        committer = asyncio.create_task(commit_until_stopped())
        try:
            await world.run(days=2 / 24)  # 07:00-09:00: getting up, breakfast, a walk
            await world.drop("watch")  # the watch drops mid-morning...
            await world.run(days=3 / 24)  # ...and is back before the next tick, till 10:00
            status = collector.status()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            stop.set()
            await committer
        truth = world.truth()
        stranger = world.peripheral("stranger")
    with store:
        table = store.minute_table()
        step_rows = store.db.execute(
            "SELECT device, time_ms / 60000 * 60, SUM(steps) FROM steps GROUP BY 1, 2"
        ).fetchall()

    assert len(truth) == 180 and sum(m.steps for m in truth) > 1000  # the walk happened
    by_minute = dict(
        zip(table.time_s.tolist(), zip(table.steps, table.heart_rate_bpm, strict=True), strict=True)
    )
    assert sorted(by_minute) == [m.time_ms // 1000 for m in truth]
    for m in truth:
        steps, hr = by_minute[m.time_ms // 1000]
        assert steps == m.steps, f"steps at {m.time_ms}"
        assert hr == pytest.approx(m.heart_rate_bpm, abs=0.5), f"heart rate at {m.time_ms}"
    # The footpod integrates cadence to the same steps, minute by minute, except the
    # first tick after connecting, which only starts the integration.
    per_device: dict[str, dict[int, int]] = {}
    for device, minute_s, steps in step_rows:
        per_device.setdefault(device, {})[minute_s] = steps
    footpod = per_device["footpod"]
    assert {t: n for t, n in footpod.items() if t != truth[0].time_ms // 1000} == {
        m.time_ms // 1000: m.steps for m in truth[1:]
    }
    assert per_device["watch"] == {m.time_ms // 1000: m.steps for m in truth}

    assert stranger.connections_accepted == 0
    assert set(per_device) == {"footpod", "watch"}
    assert status["watch"].reconnects == 1
    assert all(s.connected for s in status.values())
    assert status["strap"].battery_percent is not None


# -- bad payloads, battery, cadence, stopping --------------------------------------------


async def test_malformed_notifications_are_counted_logged_once_and_survived(
    air: Air, running: Callable[[Collector], asyncio.Task[None]], caplog: pytest.LogCaptureFixture
) -> None:
    strap = await air.peripheral(ChestStrap, STRAP)
    watch = await air.peripheral(Watch, WATCH)
    collector = air.collector(
        [DeviceConfig("strap", address=STRAP.address), DeviceConfig("watch", name=WATCH.name)]
    )
    running(collector)
    await settled(air, strap, "strap", 1)
    await settled(air, watch, "watch", 1)
    caplog.set_level(logging.WARNING, logger="tracker.ble")

    async def send(p: EmulatedPeripheral, char: gatt.Characteristic[bytes], data: bytes) -> None:
        delivered = air.radio.notifications_delivered
        assert await p.notify(char, data) == 1
        assert await air.radio.wait_delivered(delivered + 1, WAIT_S)

    hrm = strap.heart_rate_measurement
    for bad in (b"\x10\x48", b"\x00", b"\x01\x48", b"\x00\x48\x00"):  # cut short / stray byte
        await send(strap, hrm, bad)
    await send(watch, watch.step_count, b"\x01\x02\x03")  # a uint32 needs 4 bytes
    await send(strap, hrm, b"\x16\x48\x00\x03")  # valid: 72 bpm, contact, one RR
    air.clock.advance(MALFORMED_LOG_INTERVAL_MS)
    await send(strap, hrm, b"\x10")

    status = collector.status()
    assert status["strap"].malformed_payloads == 5
    assert status["watch"].malformed_payloads == 1
    assert status["strap"].connected and status["strap"].reconnects == 0
    hr = [s for s in air.of(HeartRateSample, "strap") if isinstance(s, HeartRateSample)]
    assert [(s.bpm, s.contact, s.rr_s) for s in hr] == [(72.0, True, (0.75,))]
    warnings = [r.getMessage() for r in caplog.records if r.name == "tracker.ble"]
    # Once per device and characteristic, and again once the window has passed.
    assert len(warnings) == 3
    assert sum("2A37" in w for w in warnings) == 2
    assert sum("step count" in w for w in warnings) == 1


async def test_battery_is_read_on_connect_and_every_interval_of_the_clock(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    strap = await air.peripheral(ChestStrap, STRAP)
    params = CollectorParams(
        reconnect_initial_backoff_s=0.001, reconnect_max_backoff_s=0.01, battery_interval_s=60.0
    )
    collector = air.collector([DeviceConfig("strap", address=STRAP.address)], params)
    running(collector)
    await settled(air, strap, "strap", 1)
    strap.battery_percent = 80
    for advance_ms in (30_000, 29_999):  # not yet due
        air.clock.advance(advance_ms)
        await strap.send_heart_rate(70)
        await asyncio.sleep(0.05)
    assert len(air.of(BatterySample, "strap")) == 1
    air.clock.advance(1)  # 60 s after the first read
    await strap.send_heart_rate(70)
    await until(lambda: len(air.of(BatterySample, "strap")) == 2, "second battery read")
    first, second = (s for s in air.of(BatterySample, "strap") if isinstance(s, BatterySample))
    assert (first.percent, first.time_ms) == (100, START_MS)
    assert (second.percent, second.time_ms) == (80, START_MS + 60_000)
    assert collector.status()["strap"].battery_percent == 80


async def test_footpod_cadence_integrates_to_steps_and_restarts_after_a_drop(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    pod = await air.peripheral(Footpod, FOOTPOD)
    running(air.collector([DeviceConfig("footpod", address=FOOTPOD.address)]))
    for connection in (1, 2):
        await settled(air, pod, "footpod", connection)
        for _ in range(61):  # one minute at 1 Hz, 100 steps/min
            air.clock.advance(1000)
            delivered = air.radio.notifications_delivered
            await pod.send_rsc(100, 1.2, 0.72, 10.0)
            assert await air.radio.wait_delivered(delivered + 1, WAIT_S)
        if connection == 1:
            await pod.drop_connection()
            air.clock.advance(5000)  # walked on while disconnected: not invented
    samples = [s for s in air.of(StepSample, "footpod") if isinstance(s, StepSample)]
    assert len(samples) == 122
    assert all(s.cadence_spm == 100.0 for s in samples)
    # Each connection: the first notification starts the integration, then 60 s at
    # 100 steps/min are exactly 100 steps.
    assert sum(s.steps for s in samples[:61]) == 100
    assert sum(s.steps for s in samples[61:]) == 100


class PodWatch(Watch):
    """A watch with a step counter that also serves RSC cadence (as some do)."""

    def __init__(self, link: LocalLink, identity: Identity) -> None:
        super().__init__(link, identity)
        self.rsc_measurement = gatt.Characteristic(
            core.UUID("2A53"),
            gatt.Characteristic.Properties.NOTIFY,
            gatt.Characteristic.Permissions(0),
            b"",
        )
        self.device.add_service(gatt.Service(core.UUID("1814"), [self.rsc_measurement]))

    def data_characteristics(self) -> tuple[gatt.Characteristic[bytes], ...]:
        return (*super().data_characteristics(), self.rsc_measurement)


async def test_the_step_counter_wins_over_cadence_on_the_same_device(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    watch = await air.peripheral(PodWatch, WATCH)
    await watch.send_step_count(700)
    running(air.collector([DeviceConfig("watch", address=WATCH.address)]))
    await settled(air, watch, "watch", 1)
    count = 700
    for _ in range(30):
        air.clock.advance(1000)
        count += 2
        delivered = air.radio.notifications_delivered
        await watch.notify(watch.rsc_measurement, bytes.fromhex("00 00 01 78"))  # 120 spm
        await watch.send_step_count(count)
        assert await air.radio.wait_delivered(delivered + 2, WAIT_S)
    steps = [s for s in air.of(StepSample, "watch") if isinstance(s, StepSample)]
    assert [s.steps for s in steps] == [2] * 30
    assert all(s.cadence_spm is None for s in steps)


async def test_cancelling_unsubscribes_and_disconnects_within_the_bound(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    strap = await air.peripheral(ChestStrap, STRAP)
    watch = await air.peripheral(Watch, WATCH)
    collector = air.collector(
        [DeviceConfig("strap", address=STRAP.address), DeviceConfig("watch", name=WATCH.name)]
    )
    task = running(collector)
    await settled(air, strap, "strap", 1)
    await settled(air, watch, "watch", 1)
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < CANCEL_CLEANUP_TIMEOUT_S
    await until(lambda: not strap.connected and not watch.connected, "peripherals disconnected")
    for p in (strap, watch):
        assert all(p.subscriber_count(c) == 0 for c in p.data_characteristics())
    assert not any(s.connected for s in collector.status().values())
    stopped = [
        s
        for s in air.samples
        if isinstance(s, ConnectionEvent) and s.state is ConnectionState.DISCONNECTED
    ]
    assert sorted(s.device for s in stopped) == ["strap", "watch"]
    assert all(s.detail == "collector stopped" for s in stopped)


class FlakyStrap(ChestStrap):
    """A strap that hangs up on its first ``refuse`` centrals half-way through their
    set-up, as soon as they enable notifications (as with BlueZ's "failed to discover
    services" or le-connection-abort-by-local mid-set-up)."""

    refuse = 5

    def __init__(self, link: LocalLink, identity: Identity) -> None:
        super().__init__(link, identity)
        self.device.gatt_server.on("characteristic_subscription", self._hang_up)

    def _hang_up(self, connection: Connection, *_args: object) -> None:
        if self.connections_accepted <= self.refuse:
            asyncio.get_running_loop().create_task(connection.disconnect())


async def test_failures_half_way_through_connecting_are_retried_and_visible(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    strap = await air.peripheral(FlakyStrap, STRAP)
    collector = air.collector([DeviceConfig("strap", address=STRAP.address)])
    running(collector)
    await settled(air, strap, "strap", FlakyStrap.refuse + 1)
    assert strap.connections_accepted == FlakyStrap.refuse + 1
    await strap.send_heart_rate(66)
    await until(lambda: len(air.of(HeartRateSample, "strap")) == 1, "a sample at last")
    status = collector.status()["strap"]
    assert status.connected
    assert status.last_error  # what went wrong stays visible
    events = [e for e in air.of(ConnectionEvent, "strap") if isinstance(e, ConnectionEvent)]
    failures = [e for e in events if e.state is not ConnectionState.CONNECTED]
    assert len(failures) >= FlakyStrap.refuse
    assert all(e.detail for e in failures)
    assert events[-1].state is ConnectionState.CONNECTED


class MuteOnConnect(ChestStrap):
    """Accepts the connection but never answers the ATT MTU exchange, so that the
    attempt waits for its own timeout (as with a hung adapter)."""

    def __init__(self, link: LocalLink, identity: Identity) -> None:
        super().__init__(link, identity)
        self.device.gatt_server.on_att_exchange_mtu_request = self._ignore  # type: ignore[method-assign,assignment]

    def _ignore(self, *_args: object) -> None:
        pass


async def test_stopping_is_bounded_even_while_a_connection_attempt_hangs(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    strap = await air.peripheral(MuteOnConnect, STRAP)
    task = running(air.collector([DeviceConfig("strap", address=STRAP.address)]))
    await until(lambda: strap.connections_accepted >= 1, "a connection attempt")
    await asyncio.sleep(0.1)  # well inside the attempt's own 20 s timeout
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started <= CANCEL_CLEANUP_TIMEOUT_S + 0.5


async def test_a_strap_that_stops_notifying_is_reconnected_after_the_stall_timeout(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    strap = await air.peripheral(ChestStrap, STRAP)
    collector = air.collector([DeviceConfig("strap", address=STRAP.address)])
    running(collector)
    await settled(air, strap, "strap", 1)
    await strap.send_heart_rate(70)
    await until(lambda: len(air.of(HeartRateSample, "strap")) == 1, "the first sample")

    # Just under the timeout of clock time, for longer than the confirmation in wall time.
    air.clock.advance(STALLED_LINK_TIMEOUT_MS - 1)
    await asyncio.sleep(STALL_CONFIRM_S + IDLE_CHECK_INTERVAL_S + 0.5)
    assert strap.connections_accepted == 1
    # The clock jumps past the timeout and the notification for the new time follows
    # a moment later (a simulated world between two ticks): no reconnect.
    air.clock.advance(STALLED_LINK_TIMEOUT_MS)
    await asyncio.sleep(IDLE_CHECK_INTERVAL_S)
    await strap.send_heart_rate(71)
    await until(lambda: len(air.of(HeartRateSample, "strap")) == 2, "the second sample")
    await asyncio.sleep(STALL_CONFIRM_S + IDLE_CHECK_INTERVAL_S)
    assert strap.connections_accepted == 1
    assert collector.status()["strap"].reconnects == 0

    # Now the strap stays silent: hung up, reconnected, re-subscribed.
    air.clock.advance(STALLED_LINK_TIMEOUT_MS)
    await settled(air, strap, "strap", 2)
    status = collector.status()["strap"]
    assert status.connected and status.reconnects == 1
    assert "no notification for 5 min" in status.last_error
    await strap.send_heart_rate(72)
    await until(lambda: len(air.of(HeartRateSample, "strap")) == 3, "a sample after it")


async def test_a_quiet_watch_is_left_alone(
    air: Air, running: Callable[[Collector], asyncio.Task[None]]
) -> None:
    """A watch notifies only on change and may rightly be quiet all night: reconnecting it
    every few minutes would drain its battery, so the stall rule is for straps only."""
    watch = await air.peripheral(Watch, WATCH)
    collector = air.collector([DeviceConfig("watch", address=WATCH.address)])
    running(collector)
    await settled(air, watch, "watch", 1)
    await watch.send_heart_rate(70)
    await until(lambda: len(air.of(HeartRateSample, "watch")) == 1, "the first sample")
    air.clock.advance(3 * STALLED_LINK_TIMEOUT_MS)  # a still night
    await asyncio.sleep(STALL_CONFIRM_S + 2 * IDLE_CHECK_INTERVAL_S + 0.5)
    assert watch.connections_accepted == 1
    assert collector.status()["watch"].reconnects == 0
