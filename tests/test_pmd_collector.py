"""Steps from a Polar strap's accelerometer, end to end: the emulated H10 (bumble GATT
server with HR and PMD) through the bumble-backed bleak backend, the real collector and
the SQLite store; plus the settings the collector picks and what `tracker scan` says."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bumble.device import Connection

from tests.air import WAIT_S, Air, Running, until, world_collector
from tests.air import running as running  # a fixture
from tracker.ble import pmd
from tracker.ble.bumble_radio import BumbleRadio, new_link
from tracker.ble.emulated.peripherals import ChestStrap, EmulatedPeripheral
from tracker.ble.emulated.polar import ACC_SETTINGS, PolarStrap
from tracker.ble.emulated.world import IDENTITIES, EmulatedWorld
from tracker.ble.params import DeviceConfig
from tracker.ble.pmd_control import PmdSettings, ResponseStatus
from tracker.ble.pmd_session import PmdUnavailable, choose_settings
from tracker.commands.scan import ScanResult, as_json, toml_snippet
from tracker.daemon.writer import StoreWriter
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    StepSample,
)
from tracker.store.sqlite import Store

POLAR = IDENTITIES["polar"]
WALK_TOLERANCE = 0.05
# What the collector asks an H10 for: the offered rate nearest 52 Hz, 16 bits, ±8 G.
H10_START = bytes.fromhex("02 02 00 01 3200 01 01 1000 02 01 0800")
GET_ACC_SETTINGS = bytes.fromhex("01 02")


class PolarAir(Air):
    def steps(self, device: str = "polar") -> int:
        return sum(
            s.steps for s in self.samples if isinstance(s, StepSample) and s.device == device
        )

    async def tick(self, strap: PolarStrap, steps: int, seconds: float = 1.0) -> int:
        """One second (by default) of walking ``steps`` steps, heart rate included; returns
        the frames the strap streamed (0 while no stream runs)."""
        self.clock.advance(round(seconds * 1000))
        delivered = self.radio.notifications_delivered
        frames = await strap.send_walk(steps, seconds, self.clock.now_ms)
        sent = frames + await strap.send_heart_rate(70 + steps)
        assert await self.radio.wait_delivered(delivered + sent, WAIT_S)
        return frames


@pytest.fixture
async def air() -> AsyncIterator[PolarAir]:
    link = new_link()
    yield PolarAir(link, BumbleRadio(link), seed=7)


async def set_up(air: PolarAir, p: EmulatedPeripheral, device: str, connection: int) -> None:
    """Wait until the ``connection``-th connection finished its set-up (battery read last)."""
    await until(lambda: p.connections_accepted >= connection, f"connection {connection}")

    def battery_read() -> bool:
        connected = 0
        for s in air.samples:
            if s.device == device and isinstance(s, ConnectionEvent):
                connected += s.state is ConnectionState.CONNECTED
        return connected >= connection and any(
            isinstance(s, BatterySample) and s.device == device
            for s in air.samples[_last_connect(air, device) :]
        )

    await until(battery_read, f"{device} set up on connection {connection}")


def _last_connect(air: PolarAir, device: str) -> int:
    for i in range(len(air.samples) - 1, -1, -1):
        s = air.samples[i]
        connected = isinstance(s, ConnectionEvent) and s.state is ConnectionState.CONNECTED
        if s.device == device and connected:
            return i
    return 0


async def polar(air: PolarAir, cls: type[PolarStrap] = PolarStrap) -> PolarStrap:
    strap = cls(air.link, POLAR, seed=4)
    await strap.start()
    return strap


# -- the strap through the collector into the store ----------------------------------------


@pytest.mark.slow
async def test_steps_reach_the_store_and_the_stream_restarts_after_a_drop(
    air: PolarAir, running: Running, tmp_path: Path
) -> None:
    strap = await polar(air)
    collector = air.collector([DeviceConfig("polar", address=POLAR.address, pmd_steps=True)])
    running(collector)
    # A walk of 2 steps/s with a pause, cut by a drop; the steps walked while the strap is
    # away are not seen (no stream runs) and must not be invented.
    plan = [2] * 60 + [0] * 10 + [2, 1] * 30
    seen = unseen = 0
    for connection in (1, 2):
        await set_up(air, strap, "polar", connection)
        assert strap.streaming
        for steps in plan:
            if await air.tick(strap, steps):
                seen += steps
            else:
                unseen += steps
        for _ in range(2):  # standing: the last steps are confirmed
            await air.tick(strap, 0)
        if connection == 1:
            await strap.drop_connection()
            for _ in range(5):
                await air.tick(strap, 2)  # walked on out of range: unseen
                unseen += 2

    assert strap.starts == 2  # started again on the new connection
    assert strap.requests == [GET_ACC_SETTINGS, H10_START] * 2
    assert unseen == 10 and seen == 2 * sum(plan)
    with Store.create(tmp_path / "data") as store:
        store.write(air.samples)
        (stored,) = store.db.execute(
            "SELECT SUM(steps) FROM steps WHERE device = 'polar'"
        ).fetchone()
        table = store.minute_table()
    assert abs(stored - seen) <= WALK_TOLERANCE * seen, (stored, seen)
    assert stored == air.steps()
    assert int(sum(table.steps[table.steps == table.steps])) == stored
    status = collector.status()["polar"]
    assert status.connected and status.reconnects == 1
    assert status.malformed_payloads == 0
    # The strap's heart rate is recorded as for any strap.
    hr = [s for s in air.samples if isinstance(s, HeartRateSample)]
    assert len(hr) == 2 * (len(plan) + 2)  # none while away: no central listens


@pytest.mark.slow
async def test_the_polar_strap_in_the_emulated_world(tmp_path: Path) -> None:
    """The optional Polar strap plugs into the world like the other wearables: the
    collector counts the scripted morning's steps from its accelerometer, across a drop."""
    start = datetime(2026, 11, 16, 7, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    async with EmulatedWorld(seed=3, start=start, wearables=("polar",)) as world:
        assert world.device_configs == (
            DeviceConfig("polar", address=POLAR.address, pmd_steps=True),
        )
        store = Store.create(tmp_path / "data", tz=world.tz)
        writer = StoreWriter(store, commit_interval_s=0.05)
        collector = world_collector(world, writer.sink)
        stop = asyncio.Event()

        async def commit_until_stopped() -> None:  # the daemon's commit loop
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), writer.commit_interval_s)
                await writer.flush()
            await writer.flush()

        task = asyncio.create_task(collector.run())
        committer = asyncio.create_task(commit_until_stopped())
        try:
            await world.run(days=1 / 72)  # 07:00-07:20
            await world.drop("polar")
            await world.run(days=2 / 72)  # back before the next tick, till 07:40
            status = collector.status()["polar"]
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            stop.set()
            await committer
        truth = sum(m.steps for m in world.truth())
        strap = world.peripheral("polar")
        assert isinstance(strap, PolarStrap)
    with store:
        (stored,) = store.db.execute("SELECT SUM(steps) FROM steps").fetchone()
    assert truth > 300  # the morning has walking in it
    assert abs(stored - truth) <= WALK_TOLERANCE * truth, (stored, truth)
    assert strap.starts == 2 and status.reconnects == 1
    assert world.notifications("polar").lost == 0


def test_the_default_world_is_unchanged() -> None:
    start = datetime(2026, 11, 16, 7, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    world = EmulatedWorld(start=start)
    assert [d.id for d in world.device_configs] == ["strap", "footpod", "watch"]
    assert not any(d.pmd_steps for d in world.device_configs)
    with pytest.raises(ValueError, match="polar"):
        EmulatedWorld(start=start, wearables=("walkman",))


# -- when there are no steps to have --------------------------------------------------------


async def test_without_pmd_steps_the_accelerometer_is_left_alone(
    air: PolarAir, running: Running
) -> None:
    strap = await polar(air)
    running(air.collector([DeviceConfig("polar", address=POLAR.address)]))
    await set_up(air, strap, "polar", 1)
    await air.tick(strap, 2)
    assert strap.requests == [] and not strap.streaming
    assert strap.subscriber_count(strap.pmd_data) == 0
    assert air.steps() == 0
    assert any(isinstance(s, HeartRateSample) for s in air.samples)


async def test_a_strap_without_pmd_is_recorded_as_before(
    air: PolarAir, running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tracker.ble")
    strap = ChestStrap(air.link, POLAR)
    await strap.start()
    running(air.collector([DeviceConfig("polar", address=POLAR.address, pmd_steps=True)]))
    await set_up(air, strap, "polar", 1)
    await strap.send_heart_rate(66)
    await until(lambda: any(isinstance(s, HeartRateSample) for s in air.samples), "heart rate")
    assert "pmd_steps is set but the device has no PMD service" in caplog.text


class RefusingStrap(PolarStrap):
    """Answers every start with ERROR_INVALID_STATE (as a sensor on its charger might)."""

    def _start(self, connection: Connection, chosen: PmdSettings) -> tuple[int, bytes]:
        return ResponseStatus.ERROR_INVALID_STATE, b""


async def test_a_refused_start_keeps_the_heart_rate(
    air: PolarAir, running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="tracker.ble")
    strap = await polar(air, RefusingStrap)
    collector = air.collector([DeviceConfig("polar", address=POLAR.address, pmd_steps=True)])
    running(collector)
    await set_up(air, strap, "polar", 1)
    await air.tick(strap, 2)
    await until(lambda: any(isinstance(s, HeartRateSample) for s in air.samples), "heart rate")
    assert "REQUEST_MEASUREMENT_START answered ERROR_INVALID_STATE" in caplog.text
    status = collector.status()["polar"]
    assert status.connected and status.reconnects == 0 and status.last_error == ""
    assert air.steps() == 0


async def test_malformed_frames_are_counted_and_survived(air: PolarAir, running: Running) -> None:
    strap = await polar(air)
    collector = air.collector([DeviceConfig("polar", address=POLAR.address, pmd_steps=True)])
    running(collector)
    await set_up(air, strap, "polar", 1)
    for bad in (b"\x02\x00", bytes.fromhex("02 0000000000000000 81 0100 0200"), b""):
        delivered = air.radio.notifications_delivered
        assert await strap.notify(strap.pmd_data, bad) == 1
        assert await air.radio.wait_delivered(delivered + 1, WAIT_S)
    for _ in range(20):
        await air.tick(strap, 2)
    for _ in range(2):
        await air.tick(strap, 0)
    status = collector.status()["polar"]
    assert status.malformed_payloads == 3
    assert status.connected and status.reconnects == 0
    assert abs(air.steps() - 40) <= 2  # the stream goes on


# -- the settings the collector asks for ----------------------------------------------------


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [
        # An H10 (ACC_SETTINGS): 50 Hz is nearest 52 Hz; ±8 G; no channel setting offered.
        (ACC_SETTINGS, PmdSettings((50,), (16,), (8,))),
        # A Verity Sense outside SDK mode: 52 Hz, 16 bits, ±8 G, 3 channels.
        (PmdSettings((52,), (16,), (8,), (), (3,)), PmdSettings((52,), (16,), (8,), (), (3,))),
        # SDK mode rates (26-416 Hz) and ranges without 8 G: the widest range.
        (PmdSettings((26, 52, 104), (16,), (2, 4)), PmdSettings((52,), (16,), (4,))),
        # Equally near: the lower rate.
        (PmdSettings((50, 54), (16,)), PmdSettings((50,), (16,))),
    ],
)
def test_choose_settings(offered: PmdSettings, chosen: PmdSettings) -> None:
    assert choose_settings(offered) == chosen


def test_choose_settings_needs_a_rate_and_a_resolution() -> None:
    with pytest.raises(PmdUnavailable, match="no accelerometer sample rate"):
        choose_settings(PmdSettings(resolutions_bits=(16,)))


# -- tracker scan ---------------------------------------------------------------------------

HR = "0000180d-0000-1000-8000-00805f9b34fb"


@pytest.mark.parametrize(
    ("name", "uuids", "offers"),
    [
        ("Polar H10 0E1A2B3C", (HR,), True),
        ("Polar OH1 1A2B3C4D", (HR,), True),
        ("Polar Sense B5C3D2E1", (HR,), True),
        ("Polar H9 1A2B3C4D", (HR,), False),  # no PMD on the H9
        ("Strap", (HR, pmd.PMD_SERVICE_UUID), True),  # advertised outright
        ("InfiniTime", (HR,), False),
        (None, (HR,), False),
    ],
)
def test_scan_says_which_devices_offer_pmd(
    name: str | None, uuids: tuple[str, ...], offers: bool
) -> None:
    result = ScanResult("C4:7E:5A:00:00:04", name, -60, uuids)
    assert result.offers_pmd is offers
    snippet = toml_snippet(result, "strap")
    assert ("pmd_steps = true" in snippet) is offers
    assert as_json(result, "strap")["pmd"] is offers
