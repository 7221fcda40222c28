"""The hub's emulated radio: a bumble controller and host on a ``LocalLink``, acting as
the central that :mod:`tracker.ble.bumble_backend` hands to bleak.

bumble's host cannot take an operation cancelled mid-flight, so every radio operation
runs to its end in its own task (:meth:`BumbleRadio.complete`). Connection attempts are
serialised, as the controller allows one pending LE connection at a time (BlueZ queues
them too). The radio also counts notifications handed to bleak callbacks, so that an
emulated world can advance its clock only after what it sent has been delivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any, Protocol, TypeVar

from bleak.exc import BleakError
from bumble import core, hci
from bumble.controller import Controller
from bumble.device import Advertisement, Connection, Device
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# The hub's own (random static) address on the virtual link.
CENTRAL_ADDRESS = "F0:00:00:00:00:01"
# Bumble's controller scans continuously; these only have to be legal HCI values.
SCAN_INTERVAL_MS = 60.0
SCAN_WINDOW_MS = 60.0


def new_link() -> LocalLink:
    """A fresh virtual link: the air that one emulated world's devices share."""
    link: LocalLink = LocalLink()  # type: ignore[no-untyped-call]
    return link


def address_text(address: hci.Address) -> str:
    """``AA:BB:CC:DD:EE:FF``, as bleak shows addresses on Linux."""
    text: str = address.to_string(with_type_qualifier=False)
    return text


class AdvertisementListener(Protocol):
    """A scanner the radio hands every advertising report it hears."""

    def on_advertisement(self, adv: Advertisement) -> None: ...


class _HubController(Controller):
    """bumble's emulated controller, ending a cancelled LE connection attempt as the
    Core specification requires (5.4, Vol 4, Part E, 7.8.13): with an LE Connection
    Complete event whose status is Unknown Connection Identifier. bumble's controller
    answers the cancel but leaves the attempt pending, which would hang the host's
    ``connect`` after a timeout and refuse every later connection."""

    def on_hci_le_create_connection_cancel_command(
        self, command: hci.HCI_LE_Create_Connection_Cancel_Command
    ) -> hci.HCI_StatusReturnParameters:
        pending = self.pending_le_connection
        if pending is None:
            return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.COMMAND_DISALLOWED_ERROR)
        self.pending_le_connection = None
        event = hci.HCI_LE_Connection_Complete_Event(
            status=hci.HCI_ErrorCode.UNKNOWN_CONNECTION_IDENTIFIER_ERROR,
            connection_handle=0,
            role=hci.Role.CENTRAL,
            peer_address_type=pending.peer_address_type,
            peer_address=pending.peer_address,
            connection_interval=0,
            peripheral_latency=0,
            supervision_timeout=0,
            central_clock_accuracy=0,
        )
        # The event follows the command's own Command Complete.
        asyncio.get_running_loop().call_soon(self.send_hci_packet, event)
        return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.SUCCESS)


class BumbleRadio:
    """The hub's central: one bumble controller + host on a ``LocalLink``.

    Also counts notifications handed to bleak callbacks, so that an emulated world can
    advance its clock only after what it sent has been delivered.
    """

    def __init__(self, link: LocalLink, address: str = CENTRAL_ADDRESS) -> None:
        self.link = link
        controller = _HubController("hub", link=link, public_address=address)
        self.device = Device(
            name="tracker-hub",
            address=hci.Address(address),
            host=Host(controller, AsyncPipeSink(controller)),
        )
        self.device.on(Device.EVENT_ADVERTISEMENT, self._on_advertisement)
        self._scanners: list[AdvertisementListener] = []
        self._connect_lock = asyncio.Lock()
        self._scan_lock = asyncio.Lock()
        self._operations: set[asyncio.Future[Any]] = set()
        # Address text -> bumble Address (with its type) of everything heard advertising.
        self.heard: dict[str, hci.Address] = {}
        self.notifications_delivered = 0
        self._delivery_waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._powered = False

    async def power_on(self) -> None:
        if not self._powered:
            await self.complete(self.device.power_on())
            self._powered = True

    # bumble's host and GATT client cannot take an operation cancelled mid-flight: the
    # late response finds no waiter, or the next command's, and the host stalls. bleak's
    # callers cancel freely (timeouts, shutdown), so every radio operation runs to its
    # end in its own task; a cancelled caller just stops waiting for it.
    async def complete(self, operation: Coroutine[Any, Any, _T]) -> _T:
        """Await ``operation`` to its end even if the caller is cancelled."""
        return await asyncio.shield(self.spawn(operation))

    def spawn(self, operation: Coroutine[Any, Any, _T]) -> asyncio.Future[_T]:
        task = asyncio.ensure_future(operation)
        self._operations.add(task)
        task.add_done_callback(self._operation_done)
        return task

    def _operation_done(self, task: asyncio.Future[Any]) -> None:
        self._operations.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # The caller may be gone; its error is logged rather than lost.
            logger.debug("radio operation failed: %r", task.exception())

    # Scanning: one controller scan shared by every active bleak scanner.
    async def add_scanner(self, scanner: AdvertisementListener, *, active: bool) -> None:
        await self.power_on()
        self._scanners.append(scanner)
        try:
            await self.complete(self._update_scanning(active))
        except asyncio.CancelledError:
            # bleak never calls stop() for a scanner whose start() did not finish.
            self._scanners.remove(scanner)
            self.spawn(self._update_scanning(active))
            raise

    async def remove_scanner(self, scanner: AdvertisementListener) -> None:
        if scanner in self._scanners:
            self._scanners.remove(scanner)
        await self.complete(self._update_scanning(active=True))

    async def _update_scanning(self, active: bool) -> None:
        async with self._scan_lock:
            if self._scanners and not self.device.scanning:
                await self.device.start_scanning(
                    active=active,
                    scan_interval=SCAN_INTERVAL_MS,
                    scan_window=SCAN_WINDOW_MS,
                    filter_duplicates=False,
                )
            elif not self._scanners and self.device.scanning:
                await self.device.stop_scanning()

    def _on_advertisement(self, adv: Advertisement) -> None:
        self.heard[address_text(adv.address)] = adv.address
        for scanner in tuple(self._scanners):
            scanner.on_advertisement(adv)

    def resolve(self, address: str) -> hci.Address:
        """The bumble address (with type) of a peripheral we heard, or a random one."""
        known = self.heard.get(address.upper())
        if known is not None:
            return known
        return hci.Address(address.upper(), hci.Address.RANDOM_DEVICE_ADDRESS)

    async def connect(self, address: hci.Address, timeout_s: float) -> Connection:
        await self.power_on()
        async with self._connect_lock:
            attempt = asyncio.ensure_future(self.device.connect(address, timeout=timeout_s))
            try:
                connection: Connection = await self.complete(_wait(attempt))
            except asyncio.CancelledError:
                # Cancel the attempt at the controller (and drop the link if it was made
                # anyway) before the next attempt may start; stop waiting if cancelled
                # again.
                with contextlib.suppress(asyncio.CancelledError):
                    await self.complete(self._abandon(attempt))
                raise
            except core.TimeoutError as exc:
                raise TimeoutError(f"{address_text(address)}: connection timed out") from exc
            except core.BaseBumbleError as exc:
                raise BleakError(f"{address_text(address)}: could not connect: {exc}") from exc
            return connection

    async def _abandon(self, attempt: asyncio.Future[Connection]) -> None:
        if not attempt.done():
            with contextlib.suppress(core.BaseBumbleError):
                await self.device.cancel_connection()  # type: ignore[no-untyped-call]
        try:
            connection = await attempt
        except Exception:
            return
        with contextlib.suppress(core.BaseBumbleError):
            await connection.disconnect()

    # Delivery accounting for deterministic simulated time.
    def note_delivery(self) -> None:
        self.notifications_delivered += 1
        if self._delivery_waiters:
            remaining = []
            for target, future in self._delivery_waiters:
                if self.notifications_delivered >= target and not future.done():
                    future.set_result(None)
                elif not future.done():
                    remaining.append((target, future))
            self._delivery_waiters = remaining

    async def wait_delivered(self, target: int, timeout_s: float) -> bool:
        """Wait until ``target`` notifications in total reached bleak callbacks."""
        if self.notifications_delivered >= target:
            return True
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._delivery_waiters.append((target, future))
        try:
            async with asyncio.timeout(timeout_s):
                await future
        except TimeoutError:
            return False
        return True


async def _wait(future: asyncio.Future[_T]) -> _T:
    return await future
