"""A bleak backend whose radio is an in-process bumble controller on a ``LocalLink``.

The collector talks to emulated wearables through bleak's public API exactly as it talks
to a strap over BlueZ: ``BleakScanner(backend=...)`` and ``BleakClient(backend=...)``.
Underneath, a bumble ``Device`` acts as the hub's central: it scans real advertising PDUs,
opens LE connections, discovers GATT, writes CCCDs and receives notifications from bumble
GATT servers on the same virtual link.

Each :class:`~tracker.ble.bumble_radio.BumbleRadio` gets its own backend classes from
:func:`bumble_transport`, so several emulated worlds in one process never share state.

Semantics follow the BlueZ backend where bleak leaves them open:

- ``disconnected_callback`` runs on every disconnection, remote or local;
- the ATT MTU is exchanged right after connecting (BlueZ does the same), so a
  notification can carry up to ``mtu_size - 3`` bytes;
- connection attempts are serialised, as the controller allows one pending LE
  connection at a time (BlueZ queues them too);
- once the link is gone, every pending or later GATT request fails at once with a
  ``BleakError`` (bumble would cancel it, or leave it waiting for its 30 s timeout), and
  ``disconnect`` returns at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, ClassVar, TypeVar, cast

from bleak.args import SizedBuffer
from bleak.assigned_numbers import CharacteristicPropertyName
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, AdvertisementDataCallback, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakError
from bleak.uuids import normalize_uuid_str
from bumble import core, gatt_client, hci
from bumble.core import AdvertisingData
from bumble.device import Advertisement, Connection, Peer

from tracker.ble.bumble_radio import BumbleRadio, address_text
from tracker.ble.transport import BleTransport

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# Ask for the largest LE ATT MTU, as BlueZ does, so that a heart-rate notification can
# carry a whole interval's RR values.
REQUESTED_ATT_MTU_BYTES = 517
_ADV = AdvertisingData.Type
_UUID_LIST_TYPES = (
    _ADV.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
    _ADV.INCOMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
    _ADV.COMPLETE_LIST_OF_32_BIT_SERVICE_CLASS_UUIDS,
    _ADV.INCOMPLETE_LIST_OF_32_BIT_SERVICE_CLASS_UUIDS,
    _ADV.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
    _ADV.INCOMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
)
_SERVICE_DATA_TYPES = (
    _ADV.SERVICE_DATA_16_BIT_UUID,
    _ADV.SERVICE_DATA_32_BIT_UUID,
    _ADV.SERVICE_DATA_128_BIT_UUID,
)
_PROPERTY_NAMES: tuple[tuple[int, CharacteristicPropertyName], ...] = (
    (0x01, "broadcast"),
    (0x02, "read"),
    (0x04, "write-without-response"),
    (0x08, "write"),
    (0x10, "notify"),
    (0x20, "indicate"),
    (0x40, "authenticated-signed-writes"),
    (0x80, "extended-properties"),
)


def bleak_uuid(uuid: core.UUID) -> str:
    """A bumble UUID in bleak's form: lower-case, 128-bit."""
    return normalize_uuid_str(uuid.to_hex_str("-"))


def advertisement_data(adv: Advertisement) -> AdvertisementData:
    """Translate one bumble advertising report into bleak's ``AdvertisementData``."""
    data = adv.data
    name = data.get(_ADV.COMPLETE_LOCAL_NAME) or data.get(_ADV.SHORTENED_LOCAL_NAME)
    uuids: list[str] = []
    for ad_type in _UUID_LIST_TYPES:
        for uuid_list in cast(list[list[core.UUID]], data.get_all(ad_type)):
            uuids.extend(bleak_uuid(u) for u in uuid_list if bleak_uuid(u) not in uuids)
    service_data: dict[str, bytes] = {}
    for ad_type in _SERVICE_DATA_TYPES:
        for uuid, value in cast(list[tuple[core.UUID, bytes]], data.get_all(ad_type)):
            service_data[bleak_uuid(uuid)] = bytes(value)
    manufacturer: dict[int, bytes] = {
        company: bytes(value) for company, value in data.get_all(_ADV.MANUFACTURER_SPECIFIC_DATA)
    }
    tx_power = data.get(_ADV.TX_POWER_LEVEL)
    return AdvertisementData(
        local_name=str(name) if name is not None else None,
        manufacturer_data=manufacturer,
        service_data=service_data,
        service_uuids=uuids,
        tx_power=int(tx_power) if tx_power is not None else None,
        rssi=int(adv.rssi),
        platform_data=(adv,),
    )


@contextlib.contextmanager
def _as_bleak_errors(what: str) -> Iterator[None]:
    """Report bumble failures as ``BleakError``, as every bleak backend does."""
    try:
        yield
    except core.TimeoutError as exc:
        raise TimeoutError(f"{what}: timed out") from exc
    except core.BaseBumbleError as exc:
        raise BleakError(f"{what}: {exc}") from exc


class BumbleScanner(BaseBleakScanner):
    """``BaseBleakScanner`` over a :class:`BumbleRadio`; bound by :func:`bumble_transport`."""

    radio: ClassVar[BumbleRadio]

    def __init__(
        self,
        detection_callback: AdvertisementDataCallback | None,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._active = scanning_mode != "passive"

    async def start(self) -> None:
        self.seen_devices = {}
        await self.radio.add_scanner(self, active=self._active)

    async def stop(self) -> None:
        await self.radio.remove_scanner(self)

    def on_advertisement(self, adv: Advertisement) -> None:
        data = advertisement_data(adv)
        if not self.is_allowed_uuid(data.service_uuids):
            return
        address = address_text(adv.address)
        device = self.create_or_update_device(address, address, data.local_name, adv.address, data)
        self.call_detection_callbacks(device, data)


class BumbleClient(BaseBleakClient):
    """``BaseBleakClient`` over a :class:`BumbleRadio`; bound by :func:`bumble_transport`."""

    radio: ClassVar[BumbleRadio]

    def __init__(
        self,
        address_or_ble_device: BLEDevice | str,
        *,
        disconnected_callback: Callable[[], None] | None = None,
        timeout: float = 10.0,
        services: set[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            address_or_ble_device, disconnected_callback=disconnected_callback, timeout=timeout
        )
        self._name = (
            address_or_ble_device.name if isinstance(address_or_ble_device, BLEDevice) else None
        )
        details = (
            address_or_ble_device.details if isinstance(address_or_ble_device, BLEDevice) else None
        )
        self._peer_address = details if isinstance(details, hci.Address) else None
        self._wanted_services = services
        self._connection: Connection | None = None
        self._peer: Peer | None = None
        # Resolved when the current connection is gone: pending requests stop waiting.
        self._gone: asyncio.Future[None] | None = None
        self._subscribers: dict[int, Callable[[bytes], None]] = {}

    @property
    def name(self) -> str:
        return self._name or self.address.replace(":", "-")

    @property
    def mtu_size(self) -> int:
        if self._connection is None:
            return 23
        mtu: int = self._connection.att_mtu
        return mtu

    @property
    def is_connected(self) -> bool:
        return self._connection is not None

    def _require_peer(self) -> Peer:
        if self._peer is None:
            raise BleakError(f"{self.address}: not connected")
        return self._peer

    def _link_alive(self, connection: Connection) -> bool:
        return self.radio.device.connections.get(connection.handle) is connection

    async def _request(self, operation: Coroutine[Any, Any, _T], what: str) -> _T:
        """Run one GATT operation to its end (see :meth:`BumbleRadio.complete`), but stop
        waiting with a ``BleakError`` as soon as the link is gone: bumble cancels a
        pending request when the link drops, and a request sent on a link that is
        already gone is never answered."""
        gone = self._gone
        if gone is None:
            operation.close()
            raise BleakError(f"{self.address}: {what}: not connected")
        task = self.radio.spawn(operation)
        await asyncio.wait((task, gone), return_when=asyncio.FIRST_COMPLETED)
        if task.done() and not task.cancelled():
            with _as_bleak_errors(f"{self.address}: {what}"):
                return task.result()
        raise BleakError(f"{self.address}: {what}: disconnected")

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        if pair:
            logger.info("%s: pairing is not emulated; connecting without it", self.address)
        if self._connection is not None:
            return
        timeout_s = float(kwargs.get("timeout", self._timeout))
        address = self._peer_address or self.radio.resolve(self.address)
        connection = await self.radio.connect(address, timeout_s)
        self._connection = connection
        self._peer = Peer(connection)
        self._gone = asyncio.get_running_loop().create_future()
        connection.on(Connection.EVENT_DISCONNECTION, self._on_disconnection)
        if not self._link_alive(connection):
            # The peer hung up before we could listen for it.
            self._on_disconnection(hci.HCI_REMOTE_USER_TERMINATED_CONNECTION_ERROR)
            raise BleakError(f"{self.address}: disconnected right after connecting")
        try:
            async with asyncio.timeout(timeout_s):
                await self._request(
                    self._peer.request_mtu(REQUESTED_ATT_MTU_BYTES), "ATT MTU exchange"
                )
                self.services = await self._request(self._discover(self._peer), "service discovery")
        except BaseException:
            await self.disconnect()
            raise

    async def _discover(self, peer: Peer) -> BleakGATTServiceCollection:
        wanted = [core.UUID(u) for u in self._wanted_services] if self._wanted_services else []
        collection = BleakGATTServiceCollection()
        for service in await peer.discover_services(wanted):
            bleak_service = BleakGATTService(service, service.handle, bleak_uuid(service.uuid))
            collection.add_service(bleak_service)
            for characteristic in await peer.discover_characteristics(service=service):
                bleak_characteristic = BleakGATTCharacteristic(
                    characteristic,
                    characteristic.handle,
                    bleak_uuid(characteristic.uuid),
                    [name for bit, name in _PROPERTY_NAMES if characteristic.properties & bit],
                    lambda: self.mtu_size - 3,
                    bleak_service,
                )
                collection.add_characteristic(bleak_characteristic)
                for descriptor in await peer.discover_descriptors(characteristic):
                    collection.add_descriptor(
                        BleakGATTDescriptor(
                            descriptor,
                            descriptor.handle,
                            bleak_uuid(descriptor.type),
                            bleak_characteristic,
                        )
                    )
        return collection

    def _on_disconnection(self, reason: int) -> None:
        logger.debug("%s: disconnected (HCI reason 0x%02X)", self.address, reason)
        self._connection = None
        self._peer = None
        self._subscribers.clear()
        if self._gone is not None and not self._gone.done():
            self._gone.set_result(None)
        if self._disconnected_callback is not None:
            self._disconnected_callback()

    async def disconnect(self) -> None:
        connection = self._connection
        if connection is None:
            return
        gone = self._gone
        if self._link_alive(connection) and gone is not None:
            # bumble waits for a Disconnection Complete that a link which went away in
            # the meantime never sends: stop waiting when the disconnection event came.
            done = self.radio.spawn(connection.disconnect())
            await asyncio.shield(asyncio.wait((done, gone), return_when=asyncio.FIRST_COMPLETED))
        # The disconnection event normally cleared this already; make sure.
        if self._connection is connection:
            self._on_disconnection(hci.HCI_REMOTE_USER_TERMINATED_CONNECTION_ERROR)

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        raise BleakError("pairing is not supported by the emulated (bumble) backend")

    async def unpair(self) -> None:
        raise BleakError("pairing is not supported by the emulated (bumble) backend")

    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        return await self._read(characteristic.obj, f"read {characteristic.uuid}")

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        return await self._read(descriptor.obj, f"read descriptor {descriptor.uuid}")

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: SizedBuffer, response: bool
    ) -> None:
        await self._write(characteristic.obj, data, response, f"write {characteristic.uuid}")

    async def write_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, data: SizedBuffer
    ) -> None:
        await self._write(descriptor.obj, data, True, f"write descriptor {descriptor.uuid}")

    async def _read(self, attribute: Any, what: str) -> bytearray:
        """Read a characteristic's or descriptor's value (``attribute``: its bumble proxy)."""
        peer = self._require_peer()
        return bytearray(await self._request(peer.read_value(attribute), what))

    async def _write(self, attribute: Any, data: SizedBuffer, response: bool, what: str) -> None:
        peer = self._require_peer()
        await self._request(peer.write_value(attribute, bytes(data), with_response=response), what)

    async def start_notify(
        self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any
    ) -> None:
        peer = self._require_peer()
        radio = self.radio

        def on_value(value: bytes) -> None:
            try:
                callback(bytearray(value))
            finally:
                radio.note_delivery()

        proxy: gatt_client.CharacteristicProxy[bytes] = characteristic.obj
        # Writes the CCCD (notify preferred over indicate, as bleak asks).
        await self._request(
            peer.subscribe(proxy, on_value, prefer_notify=True), f"subscribe {characteristic.uuid}"
        )
        self._subscribers[characteristic.handle] = on_value

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        peer = self._require_peer()
        subscriber = self._subscribers.pop(characteristic.handle, None)
        # Clears the CCCD once no subscriber is left.
        await self._request(
            peer.unsubscribe(characteristic.obj, subscriber), f"unsubscribe {characteristic.uuid}"
        )


def bumble_transport(radio: BumbleRadio) -> BleTransport:
    """Backend classes bound to ``radio``: pass them to bleak as ``backend=``."""

    class BoundScanner(BumbleScanner):
        pass

    class BoundClient(BumbleClient):
        pass

    BoundScanner.radio = radio
    BoundClient.radio = radio
    BoundScanner.__name__ = "BumbleScanner"
    BoundClient.__name__ = "BumbleClient"
    return BleTransport(scanner_backend=BoundScanner, client_backend=BoundClient, name="emulated")
