"""A new connection's GATT set-up: subscribe to every supported characteristic the
wearable has, start the Polar accelerometer stream where asked, read the battery (again
whenever it is due) and the Device Information strings once.

Every GATT operation is abandoned when the link drops or the operation hangs
(:func:`gatt_operation`), so that a half-finished set-up never holds up a reconnect.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.exc import BleakError

from tracker.ble.battery import BATTERY_LEVEL_UUID
from tracker.ble.const import GATT_OPERATION_TIMEOUT_S
from tracker.ble.device_information import DEVICE_INFORMATION_STRINGS, decode_string
from tracker.ble.heart_rate import HEART_RATE_MEASUREMENT_UUID
from tracker.ble.infinitime import STEP_COUNT_UUID
from tracker.ble.link import Link
from tracker.ble.notifications import Notifications
from tracker.ble.params import CollectorParams
from tracker.ble.pmd_session import PmdStepSession, PmdUnavailable
from tracker.ble.rsc import RSC_MEASUREMENT_UUID
from tracker.ble.uuids import short_label
from tracker.domain.clock import Clock
from tracker.domain.errors import MalformedPayload

if TYPE_CHECKING:
    from bleak import BleakClient

_LOG = logging.getLogger("tracker.ble")

_T = TypeVar("_T")
Handler = Callable[[Link, bytes], None]


async def gatt_operation(link: Link, operation: Awaitable[_T]) -> _T:
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


class GattSetUp:
    """Subscribes a connected wearable and keeps its battery level read."""

    def __init__(self, params: CollectorParams, clock: Clock, notifications: Notifications) -> None:
        self._params = params
        self._clock = clock
        self._notifications = notifications

    async def set_up(
        self, link: Link, client: BleakClient, subscribed: list[BleakGATTCharacteristic]
    ) -> None:
        """Subscribe to every supported characteristic the device has; read battery/info."""
        chars = {c.uuid: c for s in client.services for c in s.characteristics}
        link.has_step_counter = STEP_COUNT_UUID in chars
        if link.has_step_counter:
            # Read the counter before subscribing: after a reconnect the difference to
            # the last value seen is the steps taken while the link was down.
            raw = await gatt_operation(link, client.read_gatt_char(chars[STEP_COUNT_UUID]))
            self._notifications.step_count(link, bytes(raw))
        handlers: tuple[tuple[str, Handler], ...] = (
            (HEART_RATE_MEASUREMENT_UUID, self._notifications.heart_rate),
            (RSC_MEASUREMENT_UUID, self._notifications.rsc),
            (STEP_COUNT_UUID, self._notifications.step_count),
        )
        for uuid, handler in handlers:
            char = chars.get(uuid)
            if char is None or not {"notify", "indicate"} & set(char.properties):
                continue
            await self._subscribe(link, client, char, handler, subscribed)
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
            await self.read_battery(link, client)

    def battery_due(self, link: Link) -> bool:
        if link.battery_char is None or link.battery_read_ms is None:
            return False
        due_ms = link.battery_read_ms + round(self._params.battery_interval_s * 1000)
        return self._clock() >= due_ms

    async def read_battery(self, link: Link, client: BleakClient) -> None:
        assert link.battery_char is not None
        raw = await gatt_operation(link, client.read_gatt_char(link.battery_char))
        link.battery_read_ms = self._clock()
        self._notifications.battery(link, bytes(raw))

    async def _subscribe(
        self,
        link: Link,
        client: BleakClient,
        char: BleakGATTCharacteristic,
        handler: Handler,
        subscribed: list[BleakGATTCharacteristic],
    ) -> None:
        callback = functools.partial(self._notified, handler, link)
        await gatt_operation(link, client.start_notify(char, callback))
        subscribed.append(char)

    async def _start_pmd(
        self,
        link: Link,
        client: BleakClient,
        chars: dict[str, BleakGATTCharacteristic],
        subscribed: list[BleakGATTCharacteristic],
    ) -> None:
        """Start the Polar accelerometer stream of this connection (see pmd_session)."""
        session = link.pmd = PmdStepSession.offered_by(chars)
        if session is None:
            _LOG.info("%s: pmd_steps is set but the device has no PMD service", link.config.id)
            return
        handlers: tuple[tuple[BleakGATTCharacteristic, Handler], ...] = (
            (session.control_point, lambda _link, data: session.on_control_point(data)),
            (session.data, self._notifications.pmd_data),
        )
        for char, handler in handlers:
            await self._subscribe(link, client, char, handler, subscribed)

        async def gatt(operation: Awaitable[_T]) -> _T:
            return await gatt_operation(link, operation)

        try:
            await session.start(client, gatt)
        except PmdUnavailable as exc:
            _LOG.warning("%s: no steps from the accelerometer: %s", link.config.id, exc)
            return
        _LOG.info("%s: accelerometer streaming at %s", link.config.id, session.description)

    async def _read_device_info(
        self, link: Link, client: BleakClient, chars: dict[str, BleakGATTCharacteristic]
    ) -> None:
        """Log the Device Information strings once: firmware matters when a strap acts up."""
        info: list[str] = []
        for entry in DEVICE_INFORMATION_STRINGS:
            char = chars.get(entry.uuid)
            if char is None or "read" not in char.properties:
                continue
            raw = await gatt_operation(link, client.read_gatt_char(char))
            try:
                info.append(f"{entry.key}={decode_string(entry.label, bytes(raw))!r}")
            except MalformedPayload as exc:
                self._notifications.malformed(link, entry.label, exc)
        link.device_info_read = True
        if info:
            _LOG.info("%s: device information: %s", link.config.id, " ".join(info))

    def _notified(
        self,
        handler: Handler,
        link: Link,
        _char: BleakGATTCharacteristic,
        data: bytearray,
    ) -> None:
        link.last_notification_ms = self._clock()
        handler(link, bytes(data))
        if self.battery_due(link):
            link.wake.set()
