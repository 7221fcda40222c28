"""The BLE collector: finds the person's own wearables, keeps them connected, turns their
notifications into samples.

One task per configured device: scan (allowlist only) → connect with
bleak-retry-connector → subscribe to every supported characteristic found → wait for a
disconnect (or hang up on a link that sent nothing for STALLED_LINK_TIMEOUT_MS) → back
off with capped exponential delays and full jitter → again, forever.
Every timestamp comes from the injected clock, so emulated wearables can run simulated
days; BLE errors never leave a device's task, they show up in :meth:`Collector.status`
and as :class:`~tracker.domain.samples.ConnectionEvent` samples.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from bleak import BleakScanner
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak.exc import BleakError
from bleak_retry_connector import (
    BLEAK_RETRY_EXCEPTIONS,
    BleakClientWithServiceCache,
    establish_connection,
)

from tracker.ble.battery import BATTERY_LEVEL_LABEL, BATTERY_LEVEL_UUID, decode_battery_level
from tracker.ble.const import (
    CANCEL_CLEANUP_TIMEOUT_S,
    ERROR_TEXT_MAX_CHARS,
    GATT_OPERATION_TIMEOUT_S,
    IDLE_CHECK_INTERVAL_S,
    MALFORMED_LOG_INTERVAL_MS,
    NO_ADAPTER_ADVICE,
    STALL_CONFIRM_S,
    STALLED_LINK_TIMEOUT_MS,
)
from tracker.ble.device_information import DEVICE_INFORMATION_STRINGS, decode_string
from tracker.ble.heart_rate import (
    HEART_RATE_MEASUREMENT_LABEL,
    HEART_RATE_MEASUREMENT_UUID,
    HeartRateMeasurement,
)
from tracker.ble.infinitime import (
    STEP_COUNT_LABEL,
    STEP_COUNT_UUID,
    StepCounter,
    decode_step_count,
)
from tracker.ble.params import CollectorParams, DeviceConfig
from tracker.ble.pmd import PMD_DATA_LABEL
from tracker.ble.pmd_session import PmdStepSession, PmdUnavailable
from tracker.ble.reconnect import CadenceIntegrator
from tracker.ble.rsc import RSC_MEASUREMENT_LABEL, RSC_MEASUREMENT_UUID, RSCMeasurement
from tracker.ble.uuids import short_label
from tracker.domain.backoff import Backoff
from tracker.domain.clock import Clock, wait_event, wall_clock_ms
from tracker.domain.errors import MalformedPayload
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    Sample,
    StepSample,
)

if TYPE_CHECKING:
    from bleak import BleakClient

    from tracker.ble.transport import BleTransport

_LOG = logging.getLogger("tracker.ble")

Sink = Callable[[Sample], None]
_T = TypeVar("_T")

# What the radio, BlueZ or the peer can throw at us, as opposed to bugs in this program
# (bleak-retry-connector's list, plus OSError for a vanished adapter or socket).
BLE_ERRORS: tuple[type[BaseException], ...] = (*BLEAK_RETRY_EXCEPTIONS, OSError)


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    """What `tracker status` shows per configured device.

    ``reconnects`` counts connections after the first. ``last_error`` keeps the last
    failure (a drop, a failed scan or connection) even after the device is back, so that
    a flaky link stays visible; ``last_change_ms`` is when ``connected`` last changed or
    the last failure happened. Steps gathered by a watch while it was out of range are
    counted when it reconnects (the counter difference), in one sample at that time.
    """

    device: str  # DeviceConfig.id
    address: str  # "" until found
    name: str
    connected: bool
    last_sample_ms: int | None
    battery_percent: int | None
    reconnects: int
    last_error: str  # "" when none; short human text (the BlueZ/bleak message)
    last_change_ms: int | None
    # Payloads that broke their characteristic's layout since the collector started.
    malformed_payloads: int = 0


def matches(config: DeviceConfig, device: BLEDevice, adv: AdvertisementData) -> bool:
    """Whether an advertiser is this allowlisted wearable.

    By address (case-insensitive) when the config gives one; otherwise by exact
    advertised name. An address beats a name because names repeat between units of the
    same model: a neighbour's strap may advertise the same name, never the same address.
    """
    if config.address:
        return device.address.casefold() == config.address.casefold()
    return config.name in (adv.local_name, device.name)


def error_text(exc: BaseException) -> str:
    """One short line for status and logs: the bleak/BlueZ message, else the type."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, FileNotFoundError | ConnectionRefusedError):
        # bleak's BlueZ backend cannot reach the system D-Bus or bluetoothd.
        text = f"Bluetooth is not available ({text}): {NO_ADAPTER_ADVICE}"
    if len(text) > ERROR_TEXT_MAX_CHARS:
        text = text[: ERROR_TEXT_MAX_CHARS - 1] + "…"
    return text


def notifies_continuously(subscribed: Sequence[BleakGATTCharacteristic]) -> bool:
    """Whether silence means a stalled link: a heart-rate strap notifies about once a
    second while worn, but a watch (InfiniTime's step counter beside its HR) notifies only
    on change and may rightly stay quiet all night; reconnecting it every few minutes
    would drain its battery.
    """
    uuids = {c.uuid.lower() for c in subscribed}
    return HEART_RATE_MEASUREMENT_UUID in uuids and STEP_COUNT_UUID not in uuids


class DeviceNotFoundError(Exception):
    """The wearable did not advertise within the scan window."""


@dataclass(slots=True)
class _Link:
    """Mutable per-device state, owned by the device's task and its callbacks."""

    config: DeviceConfig
    rng: random.Random
    backoff: Backoff
    address: str = ""
    name: str = ""
    connected: bool = False
    last_sample_ms: int | None = None
    battery_percent: int | None = None
    connections: int = 0
    last_error: str = ""
    last_change_ms: int | None = None
    malformed_payloads: int = 0
    # One per device for the collector's lifetime: the first reading after a reconnect
    # then yields the steps taken while the link was down (a drop is a midnight reset).
    counter: StepCounter = field(default_factory=StepCounter)
    cadence: CadenceIntegrator = field(default_factory=CadenceIntegrator)
    has_step_counter: bool = False
    # The Polar accelerometer stream of the current connection (pmd_steps devices).
    pmd: PmdStepSession | None = None
    battery_char: BleakGATTCharacteristic | None = None
    battery_read_ms: int | None = None
    # Clock time of the last notification (or of the connection): see _supervise.
    last_notification_ms: int | None = None
    device_info_read: bool = False
    # Bypass the OS's GATT cache on the next connection (see _session).
    fresh_discovery: bool = False
    # Last timestamp per sample kind: the store keys rows by (device, time_ms), so two
    # samples of one kind in the same millisecond are spread by 1 ms instead of lost.
    last_ms: dict[type, int] = field(default_factory=dict)
    malformed_logged_ms: dict[str, int] = field(default_factory=dict)
    # The last failure logged as a warning: a new kind of failure is a warning, its
    # repetitions on every reconnect attempt are info (journald is not a flood sink).
    last_warned_failure: str = ""
    # Failed attempts since the last connection, the same error each time.
    failures_in_a_row: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    # Set by bleak's disconnected_callback; a new one for every connection.
    disconnected: asyncio.Event = field(default_factory=asyncio.Event)

    def snapshot(self) -> DeviceStatus:
        return DeviceStatus(
            device=self.config.id,
            address=self.address,
            name=self.name or self.config.name,
            connected=self.connected,
            last_sample_ms=self.last_sample_ms,
            battery_percent=self.battery_percent,
            reconnects=max(self.connections - 1, 0),
            last_error=self.last_error,
            last_change_ms=self.last_change_ms,
            malformed_payloads=self.malformed_payloads,
        )


class Collector:
    """Keeps every configured wearable connected and feeds its samples to ``sink``.

    ``sink`` must be synchronous and non-blocking (the store writer queues samples).
    """

    def __init__(
        self,
        devices: Sequence[DeviceConfig],
        params: CollectorParams,
        sink: Sink,
        *,
        clock: Clock = wall_clock_ms,
        transport: BleTransport | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._params = params
        self._sink = sink
        self._clock = clock
        self._scanner_backend = transport.scanner_backend if transport else None
        self._client_backend = transport.client_backend if transport else None
        rng = rng or random.Random()
        self._links = {
            d.id: _Link(
                d,
                rng,
                Backoff(params.reconnect_initial_backoff_s, params.reconnect_max_backoff_s, rng),
            )
            for d in devices
        }
        # One scan at a time: concurrent discovery sessions on one adapter are what BlueZ
        # answers with "Operation already in progress".
        self._scan_lock = asyncio.Lock()

    def status(self) -> dict[str, DeviceStatus]:
        return {device: link.snapshot() for device, link in self._links.items()}

    def ever_connected(self) -> bool:
        """Whether any wearable was connected since the collector started."""
        return any(link.connections for link in self._links.values())

    async def run(self) -> None:
        """One task per configured device; runs until cancelled."""
        if not self._links:
            await asyncio.Event().wait()
        async with asyncio.TaskGroup() as tasks:
            for link in self._links.values():
                tasks.create_task(self._keep_connected(link), name=f"ble-{link.config.id}")

    # -- connection lifecycle ------------------------------------------------------------

    async def _keep_connected(self, link: _Link) -> None:
        while True:
            started_ms: int | None = None
            try:
                started_ms = await self._session(link)
            except asyncio.CancelledError:
                if _cancelled():
                    raise
                # Not us being stopped: the stack cancelled an operation under our feet
                # (bumble cancels pending requests when the link drops).
                self._failed(link, BleakError("operation cancelled by the Bluetooth stack"))
            except Exception as exc:  # a device task must never die: see module docstring
                self._failed(link, exc)
            if started_ms is not None:
                link.backoff.after_connection(self._clock() - started_ms)
            delay_s = link.backoff.next_delay_s()
            if link.failures_in_a_row == 0:
                _LOG.info("%s: reconnecting in %.2f s", link.config.id, delay_s)
            elif link.failures_in_a_row == 1 or link.last_error != link.last_warned_failure:
                # A new kind of failure: the whole message (with its advice), once.
                link.last_warned_failure = link.last_error
                _LOG.warning(
                    "%s: failed: %s; trying again in %.2f s",
                    link.config.id,
                    link.last_error,
                    delay_s,
                )
            else:
                # The same failure again: counted, not repeated (journald is not a flood sink).
                _LOG.info(
                    "%s: failed again (%d times in a row, same error); trying again in %.2f s",
                    link.config.id,
                    link.failures_in_a_row,
                    delay_s,
                )
            await asyncio.sleep(delay_s)

    async def _session(self, link: _Link) -> int | None:
        """Find, connect, subscribe and wait for the disconnect.

        Returns the clock time the connection was established (None if it never was).
        Raises whatever the scan, connection or GATT set-up raised.
        """
        device = await self._find(link)
        link.address = device.address
        link.name = device.name or link.name
        disconnected = link.disconnected = asyncio.Event()

        def on_disconnect(_client: BleakClient) -> None:
            disconnected.set()
            link.wake.set()

        client = await _bounded_on_cancel(
            establish_connection(
                BleakClientWithServiceCache,
                device,
                link.config.id,
                disconnected_callback=on_disconnect,
                # After a failed set-up, discover afresh: a stale GATT cache (firmware
                # update) shows up as failed discovery or missing characteristics.
                use_services_cache=not link.fresh_discovery,
                # Passed through to BleakClient; None means the platform's backend (BlueZ).
                backend=self._client_backend,
            )
        )
        started_ms = self._clock()
        link.connections += 1
        link.cadence.interrupt()
        self._change(link, ConnectionState.CONNECTED, f"address {device.address}", started_ms)
        subscribed: list[BleakGATTCharacteristic] = []
        link.last_notification_ms = started_ms
        try:
            link.fresh_discovery = True  # until the set-up has worked
            await self._set_up(link, client, subscribed)
            link.fresh_discovery = False
            reason = await self._supervise(
                link, client, disconnected, watch=notifies_continuously(subscribed)
            )
        except asyncio.CancelledError:
            if _cancelled():
                self._change(link, ConnectionState.DISCONNECTED, "collector stopped")
            await self._tear_down(link, client, subscribed)
            raise
        except Exception:
            await self._tear_down(link, client, subscribed)
            raise
        self._change(link, ConnectionState.DISCONNECTED, reason)
        await self._tear_down(link, client, subscribed)
        return started_ms

    async def _find(self, link: _Link) -> BLEDevice:
        config = link.config
        timeout_s = self._params.scan_timeout_s

        def wanted(device: BLEDevice, adv: AdvertisementData) -> bool:
            return matches(config, device, adv)

        async with self._scan_lock:
            if self._scanner_backend is None:
                found = await BleakScanner.find_device_by_filter(wanted, timeout=timeout_s)
            else:
                found = await BleakScanner.find_device_by_filter(
                    wanted, timeout=timeout_s, backend=self._scanner_backend
                )
        if found is None:
            raise DeviceNotFoundError(f"not seen advertising in a {timeout_s:g} s scan")
        return found

    async def _supervise(
        self, link: _Link, client: BleakClient, disconnected: asyncio.Event, *, watch: bool
    ) -> str:
        """Wait for the disconnect; read the battery whenever the clock says it is due.

        With ``watch`` (something was subscribed), also hang up on a stalled link: no
        notification for STALLED_LINK_TIMEOUT_MS of clock time, still so after
        STALL_CONFIRM_S of wall time. Returns why the connection ended.
        """
        loop = asyncio.get_running_loop()
        stall_seen_at: float | None = None  # loop time
        while not disconnected.is_set() and client.is_connected:
            # Clear before checking, so that a wake-up arriving during the check or the
            # read is not lost.
            link.wake.clear()
            if self._battery_due(link):
                await self._read_battery(link, client)
            last = link.last_notification_ms
            if watch and last is not None and self._clock() - last >= STALLED_LINK_TIMEOUT_MS:
                if stall_seen_at is None:
                    stall_seen_at = loop.time()
                elif loop.time() - stall_seen_at >= STALL_CONFIRM_S:
                    return (
                        f"no notification for {STALLED_LINK_TIMEOUT_MS // 60_000} min: "
                        "link stalled, reconnecting"
                    )
            else:
                stall_seen_at = None
            await wait_event(link.wake, IDLE_CHECK_INTERVAL_S)
        return "link lost"

    async def _tear_down(
        self, link: _Link, client: BleakClient, subscribed: list[BleakGATTCharacteristic]
    ) -> None:
        """Unsubscribe and disconnect, bounded in time, never raising."""
        link.connected = False
        link.cadence.interrupt()
        try:
            async with asyncio.timeout(CANCEL_CLEANUP_TIMEOUT_S):
                if client.is_connected:
                    for char in subscribed:
                        with contextlib.suppress(Exception):
                            await client.stop_notify(char)
                await client.disconnect()
        except Exception as exc:  # the link is gone either way; note why for the log
            _LOG.info("%s: disconnect did not finish cleanly: %s", link.config.id, error_text(exc))

    def _failed(self, link: _Link, exc: Exception) -> None:
        error = error_text(exc)
        if error != link.last_error:
            link.failures_in_a_row = 0  # a different failure starts a new count
        link.failures_in_a_row += 1
        link.last_error = error
        if not isinstance(exc, DeviceNotFoundError) and not _is_ble_error(exc):
            _LOG.error("%s: unexpected error", link.config.id, exc_info=exc)
        self._change(link, ConnectionState.FAILED, link.last_error)

    def _change(
        self, link: _Link, state: ConnectionState, detail: str, time_ms: int | None = None
    ) -> None:
        t = self._stamp(link, ConnectionEvent, time_ms)
        was = link.connected
        link.connected = state is ConnectionState.CONNECTED
        if was != link.connected or state is ConnectionState.FAILED:
            link.last_change_ms = t
        if state is ConnectionState.DISCONNECTED and detail != "collector stopped":
            link.last_error = detail
        if state is not ConnectionState.FAILED:
            # Failures are logged with their retry delay by _keep_connected.
            _LOG.info("%s: %s: %s", link.config.id, state, detail)
        if state is ConnectionState.CONNECTED:
            link.last_warned_failure = ""
            link.failures_in_a_row = 0
        self._sink(ConnectionEvent(link.config.id, t, state, detail))

    # -- GATT set-up ---------------------------------------------------------------------

    async def _set_up(
        self, link: _Link, client: BleakClient, subscribed: list[BleakGATTCharacteristic]
    ) -> None:
        """Subscribe to every supported characteristic the device has; read battery/info."""
        chars = {c.uuid: c for s in client.services for c in s.characteristics}
        link.has_step_counter = STEP_COUNT_UUID in chars
        if link.has_step_counter:
            # Read the counter before subscribing: after a reconnect the difference to
            # the last value seen is the steps taken while the link was down.
            raw = await self._gatt(link, client.read_gatt_char(chars[STEP_COUNT_UUID]))
            self._on_step_count(link, bytes(raw))
        handlers: tuple[tuple[str, Callable[[_Link, bytes], None]], ...] = (
            (HEART_RATE_MEASUREMENT_UUID, self._on_heart_rate),
            (RSC_MEASUREMENT_UUID, self._on_rsc),
            (STEP_COUNT_UUID, self._on_step_count),
        )
        for uuid, handler in handlers:
            char = chars.get(uuid)
            if char is None or not {"notify", "indicate"} & set(char.properties):
                continue
            callback = functools.partial(self._notified, handler, link)
            await self._gatt(link, client.start_notify(char, callback))
            subscribed.append(char)
        if link.config.pmd_steps:
            await self._start_pmd(link, client, chars, subscribed)
        _LOG.info(
            "%s: subscribed to %s",
            link.config.id,
            ", ".join(short_label(c.uuid) for c in subscribed) or "nothing supported",
        )
        if not link.device_info_read:
            await self._read_device_info(link, client, chars)
        link.battery_char = chars.get(BATTERY_LEVEL_UUID)
        if link.battery_char is not None:
            await self._read_battery(link, client)

    async def _start_pmd(
        self,
        link: _Link,
        client: BleakClient,
        chars: dict[str, BleakGATTCharacteristic],
        subscribed: list[BleakGATTCharacteristic],
    ) -> None:
        """Start the Polar accelerometer stream of this connection (see pmd_session)."""
        session = link.pmd = PmdStepSession.offered_by(chars)
        if session is None:
            _LOG.info("%s: pmd_steps is set but the device has no PMD service", link.config.id)
            return
        handlers: tuple[tuple[BleakGATTCharacteristic, Callable[[_Link, bytes], None]], ...] = (
            (session.control_point, lambda _link, data: session.on_control_point(data)),
            (session.data, self._on_pmd_data),
        )
        for char, handler in handlers:
            callback = functools.partial(self._notified, handler, link)
            await self._gatt(link, client.start_notify(char, callback))
            subscribed.append(char)

        async def gatt(operation: Awaitable[_T]) -> _T:
            return await self._gatt(link, operation)

        try:
            await session.start(client, gatt)
        except PmdUnavailable as exc:
            _LOG.warning("%s: no steps from the accelerometer: %s", link.config.id, exc)
            return
        _LOG.info("%s: accelerometer streaming at %s", link.config.id, session.description)

    async def _gatt(self, link: _Link, operation: Awaitable[_T]) -> _T:
        """One GATT operation, abandoned when the link drops or the operation hangs.

        A disconnect in the middle of set-up must not leave the task waiting on a reply
        that will never come (some stacks only time pending requests out after 30 s).
        """
        op = asyncio.ensure_future(operation)
        gone = asyncio.ensure_future(link.disconnected.wait())
        try:
            done, _ = await asyncio.wait(
                (op, gone), timeout=GATT_OPERATION_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED
            )
            if op in done:
                if op.cancelled():  # by the stack, e.g. bumble when the link drops
                    raise BleakError("GATT operation cancelled by the Bluetooth stack")
                return op.result()
            if gone in done:
                raise BleakError("disconnected during GATT set-up")
            raise TimeoutError(f"GATT operation took over {GATT_OPERATION_TIMEOUT_S:g} s")
        finally:
            for task in (op, gone):
                task.cancel()

    def _battery_due(self, link: _Link) -> bool:
        if link.battery_char is None or link.battery_read_ms is None:
            return False
        due_ms = link.battery_read_ms + round(self._params.battery_interval_s * 1000)
        return self._clock() >= due_ms

    async def _read_battery(self, link: _Link, client: BleakClient) -> None:
        assert link.battery_char is not None
        raw = await self._gatt(link, client.read_gatt_char(link.battery_char))
        link.battery_read_ms = self._clock()
        try:
            percent = decode_battery_level(bytes(raw))
        except MalformedPayload as exc:
            self._malformed(link, BATTERY_LEVEL_LABEL, exc)
            return
        t = self._stamp(link, BatterySample)
        link.battery_percent = percent
        link.last_sample_ms = t
        self._sink(BatterySample(link.config.id, t, percent))

    async def _read_device_info(
        self, link: _Link, client: BleakClient, chars: dict[str, BleakGATTCharacteristic]
    ) -> None:
        """Log the Device Information strings once: firmware matters when a strap acts up."""
        info: list[str] = []
        for entry in DEVICE_INFORMATION_STRINGS:
            char = chars.get(entry.uuid)
            if char is None or "read" not in char.properties:
                continue
            raw = await self._gatt(link, client.read_gatt_char(char))
            try:
                info.append(f"{entry.key}={decode_string(entry.label, bytes(raw))!r}")
            except MalformedPayload as exc:
                self._malformed(link, entry.label, exc)
        link.device_info_read = True
        if info:
            _LOG.info("%s: device information: %s", link.config.id, " ".join(info))

    # -- notifications -------------------------------------------------------------------

    def _notified(
        self,
        handler: Callable[[_Link, bytes], None],
        link: _Link,
        _char: BleakGATTCharacteristic,
        data: bytearray,
    ) -> None:
        link.last_notification_ms = self._clock()
        handler(link, bytes(data))
        if self._battery_due(link):
            link.wake.set()

    def _on_heart_rate(self, link: _Link, data: bytes) -> None:
        try:
            m = HeartRateMeasurement.from_bytes(data)
        except MalformedPayload as exc:
            self._malformed(link, HEART_RATE_MEASUREMENT_LABEL, exc)
            return
        t = self._stamp(link, HeartRateSample)
        link.last_sample_ms = t
        self._sink(
            HeartRateSample(
                link.config.id,
                t,
                float(m.heart_rate_bpm),
                m.sensor_contact,
                m.energy_expended_kj,
                m.rr_intervals_s,
            )
        )

    def _on_rsc(self, link: _Link, data: bytes) -> None:
        try:
            m = RSCMeasurement.from_bytes(data)
        except MalformedPayload as exc:
            self._malformed(link, RSC_MEASUREMENT_LABEL, exc)
            return
        if link.has_step_counter:
            return  # the device counts its own steps; the counter wins over cadence
        now = self._clock()
        steps = link.cadence.update(now, m.cadence_spm)
        t = self._stamp(link, StepSample, now)
        link.last_sample_ms = t
        self._sink(StepSample(link.config.id, t, steps, float(m.cadence_spm)))

    def _on_step_count(self, link: _Link, data: bytes) -> None:
        try:
            count = decode_step_count(data)
        except MalformedPayload as exc:
            self._malformed(link, STEP_COUNT_LABEL, exc)
            return
        steps = link.counter.update(count)
        if steps is None:
            return  # the first reading is only the baseline
        t = self._stamp(link, StepSample)
        link.last_sample_ms = t
        self._sink(StepSample(link.config.id, t, steps))

    def _on_pmd_data(self, link: _Link, data: bytes) -> None:
        if link.pmd is None:
            return
        try:
            steps = link.pmd.on_data(data)
        except MalformedPayload as exc:
            self._malformed(link, PMD_DATA_LABEL, exc)
            return
        if steps is None:
            return  # a frame before the stream was started: nothing to count yet
        t = self._stamp(link, StepSample)
        link.last_sample_ms = t
        self._sink(StepSample(link.config.id, t, steps))

    def _malformed(self, link: _Link, label: str, exc: MalformedPayload) -> None:
        link.malformed_payloads += 1
        now = self._clock()
        logged = link.malformed_logged_ms.get(label)
        if logged is None or now - logged >= MALFORMED_LOG_INTERVAL_MS:
            link.malformed_logged_ms[label] = now
            _LOG.warning(
                "%s: %s (%d malformed so far; logged once per %d min)",
                link.config.id,
                exc,
                link.malformed_payloads,
                MALFORMED_LOG_INTERVAL_MS // 60_000,
            )

    def _stamp(self, link: _Link, kind: type, time_ms: int | None = None) -> int:
        """The clock's time, made unique per device and sample kind (see _Link.last_ms)."""
        t = self._clock() if time_ms is None else time_ms
        last = link.last_ms.get(kind)
        if last is not None and t <= last:
            t = last + 1
        link.last_ms[kind] = t
        return t


async def _bounded_on_cancel(connecting: Awaitable[BleakClient]) -> BleakClient:
    """Await a connection attempt; when cancelled, let it wind down for at most
    CANCEL_CLEANUP_TIMEOUT_S and then abandon it, so that an adapter that hangs in the
    middle of connecting cannot hold up a daemon that is told to stop."""
    attempt = asyncio.ensure_future(connecting)
    # Retrieve the outcome even of an abandoned attempt (no "never retrieved" noise).
    attempt.add_done_callback(lambda t: t.cancelled() or t.exception())
    try:
        return await asyncio.shield(attempt)
    except asyncio.CancelledError:
        attempt.cancel()
        await asyncio.wait((attempt,), timeout=CANCEL_CLEANUP_TIMEOUT_S)
        if attempt.done() and not attempt.cancelled() and attempt.exception() is None:
            # It connected just as we were stopped: hang up again.
            with contextlib.suppress(Exception):
                async with asyncio.timeout(CANCEL_CLEANUP_TIMEOUT_S):
                    await attempt.result().disconnect()
        raise


def _cancelled() -> bool:
    """Whether the running task itself is being cancelled (the collector is stopping),
    as opposed to a CancelledError leaking out of an operation the stack abandoned."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _is_ble_error(exc: Exception) -> bool:
    """Errors the radio, BlueZ or the peer cause, as opposed to bugs in this program."""
    return isinstance(exc, BLE_ERRORS) or type(exc).__module__.split(".")[0] in (
        "bleak",
        "bleak_retry_connector",
        "bumble",
        "dbus_fast",
    )
