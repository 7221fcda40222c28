"""The BLE collector: finds the person's own wearables, keeps them connected, turns their
notifications into samples (the set-up of a connection: :mod:`tracker.ble.gatt_setup`;
decoding into samples: :mod:`tracker.ble.notifications`; a device's state and status:
:mod:`tracker.ble.link`).

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
import logging
import random
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING

from bleak import BleakScanner
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak.exc import BleakError
from bleak_retry_connector import BleakClientWithServiceCache, establish_connection

from tracker.ble.const import (
    CANCEL_CLEANUP_TIMEOUT_S,
    IDLE_CHECK_INTERVAL_S,
    STALL_CONFIRM_S,
    STALLED_LINK_TIMEOUT_MS,
)
from tracker.ble.gatt_setup import GattSetUp
from tracker.ble.link import (
    DeviceNotFoundError,
    DeviceStatus,
    Link,
    error_text,
    is_ble_error,
    matches,
    notifies_continuously,
)
from tracker.ble.notifications import Notifications, Sink
from tracker.ble.params import CollectorParams, DeviceConfig
from tracker.domain.backoff import Backoff
from tracker.domain.clock import Clock, wait_event, wall_clock_ms
from tracker.domain.samples import ConnectionEvent, ConnectionState

if TYPE_CHECKING:
    from bleak import BleakClient

    from tracker.ble.transport import BleTransport

_LOG = logging.getLogger("tracker.ble")


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
        self._notifications = Notifications(clock, sink)
        self._gatt = GattSetUp(params, clock, self._notifications)
        self._scanner_backend = transport.scanner_backend if transport else None
        self._client_backend = transport.client_backend if transport else None
        rng = rng or random.Random()
        self._links = {
            d.id: Link(
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

    async def _keep_connected(self, link: Link) -> None:
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

    async def _session(self, link: Link) -> int | None:
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
            await self._gatt.set_up(link, client, subscribed)
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

    async def _find(self, link: Link) -> BLEDevice:
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
        self, link: Link, client: BleakClient, disconnected: asyncio.Event, *, watch: bool
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
            if self._gatt.battery_due(link):
                await self._gatt.read_battery(link, client)
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
        self, link: Link, client: BleakClient, subscribed: list[BleakGATTCharacteristic]
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

    def _failed(self, link: Link, exc: Exception) -> None:
        error = error_text(exc)
        if error != link.last_error:
            link.failures_in_a_row = 0  # a different failure starts a new count
        link.failures_in_a_row += 1
        link.last_error = error
        if not isinstance(exc, DeviceNotFoundError) and not is_ble_error(exc):
            _LOG.error("%s: unexpected error", link.config.id, exc_info=exc)
        self._change(link, ConnectionState.FAILED, link.last_error)

    def _change(
        self, link: Link, state: ConnectionState, detail: str, time_ms: int | None = None
    ) -> None:
        t = self._notifications.stamp(link, ConnectionEvent, time_ms)
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
