"""The emulated air the collector tests share: a bumble LocalLink with a radio for the
bleak backend, emulated wearables' identities, quick reconnect parameters, a clock the
test moves, and waiting for something the stack will do."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import pytest
from bleak import BleakScanner
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import BaseBleakScanner
from bumble.link import LocalLink

from tracker.ble.bumble_backend import bumble_transport
from tracker.ble.bumble_radio import BumbleRadio, new_link
from tracker.ble.collector import Collector
from tracker.ble.const import CANCEL_CLEANUP_TIMEOUT_S
from tracker.ble.emulated.peripherals import EmulatedPeripheral, Identity
from tracker.ble.emulated.world import EmulatedWorld
from tracker.ble.notifications import Sink
from tracker.ble.params import CollectorParams, DeviceConfig
from tracker.ble.transport import BleTransport
from tracker.domain.samples import Sample

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
# How often a wait looks again.
POLL_S = 0.002
START_MS = 1_795_500_000_000  # 2026-11-24 (UTC), an ordinary day
SCAN_TIMEOUT_S = 2.0

P = TypeVar("P", bound=EmulatedPeripheral)
Running = Callable[[Collector], "asyncio.Task[None]"]


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
    """One LocalLink: the hub's radio, the peripherals the test starts on it, the samples
    the collector delivers, and the clock the test moves."""

    link: LocalLink
    radio: BumbleRadio
    clock: ManualClock = field(default_factory=ManualClock)
    samples: list[Sample] = field(default_factory=list)
    seed: int = 42  # of the collector's reconnect jitter

    async def peripheral(self, cls: type[P], identity: Identity) -> P:
        p = cls(self.link, identity)
        await p.start()
        return p

    def collector(
        self, devices: Sequence[DeviceConfig], params: CollectorParams = FAST
    ) -> Collector:
        return Collector(
            list(devices),
            params,
            self.samples.append,
            clock=self.clock,
            transport=bumble_transport(self.radio),
            rng=random.Random(self.seed),
        )

    def of(self, kind: type[Sample], device: str) -> list[Sample]:
        return [s for s in self.samples if isinstance(s, kind) and s.device == device]


@pytest.fixture
async def air() -> AsyncIterator[Air]:
    link = new_link()
    yield Air(link, BumbleRadio(link))


def world_collector(
    world: EmulatedWorld,
    sink: Sink,
    params: CollectorParams = FAST,
    seed: int | None = None,
) -> Collector:
    """A collector of the emulated world's own devices, on its clock and transport."""
    return Collector(
        world.device_configs,
        params,
        sink,
        clock=world.clock,
        transport=world.transport,
        rng=None if seed is None else random.Random(seed),
    )


async def until(condition: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(POLL_S)


def scanner(transport: BleTransport) -> type[BaseBleakScanner]:
    """The emulated transport's scanner class (bleak's signatures have no None there)."""
    assert transport.scanner_backend is not None  # bumble_transport always binds one
    return transport.scanner_backend


async def find(transport: BleTransport, name: str) -> BLEDevice:
    device = await BleakScanner.find_device_by_name(
        name, timeout=SCAN_TIMEOUT_S, backend=scanner(transport)
    )
    assert device is not None, f"{name} not found"
    return device


@pytest.fixture
async def running() -> AsyncIterator[Running]:
    """Starts collectors; cancels them after the test, which fails (with the stacks)
    rather than hangs when one does not stop within its clean-up bound."""
    tasks: list[asyncio.Task[None]] = []

    def start(c: Collector) -> asyncio.Task[None]:
        task = asyncio.create_task(c.run())
        tasks.append(task)
        return task

    yield start
    for task in tasks:
        task.cancel()
    try:
        async with asyncio.timeout(CANCEL_CLEANUP_TIMEOUT_S + 1.0):
            await asyncio.gather(*tasks, return_exceptions=True)
    except TimeoutError:
        for task in asyncio.all_tasks():
            task.print_stack()
        raise AssertionError("the collector did not stop when cancelled") from None
