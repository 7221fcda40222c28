"""Emulated wearables: bumble GATT servers that serve the real services and advertise.

Each peripheral is a full bumble device (controller + host) on the world's ``LocalLink``.
It advertises its name and service UUIDs, accepts connections, serves GATT, notifies
only centrals that wrote the CCCD, can be told to drop the connection, and advertises
again after any disconnect, as a real strap or watch does. Values are encoded with the
project's own codecs (``tracker.ble.heart_rate`` etc.); battery and device information
use bumble's profiles.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bumble import core, gatt, hci
from bumble.controller import Controller
from bumble.core import AdvertisingData
from bumble.device import Connection, Device
from bumble.host import Host
from bumble.link import LocalLink
from bumble.profiles.battery_service import BatteryService
from bumble.profiles.device_information_service import DeviceInformationService
from bumble.transport.common import AsyncPipeSink

from tracker.ble.heart_rate import (
    BODY_SENSOR_LOCATION_UUID,
    HEART_RATE_MEASUREMENT_UUID,
    HEART_RATE_SERVICE_UUID,
    BodySensorLocation,
    HeartRateMeasurement,
    encode_body_sensor_location,
)
from tracker.ble.infinitime import MOTION_SERVICE_UUID, STEP_COUNT_UUID, encode_step_count
from tracker.ble.rsc import (
    RSC_MEASUREMENT_UUID,
    RUNNING_SPEED_AND_CADENCE_SERVICE_UUID,
    RSCMeasurement,
)
from tracker.ble.uuids import BLUETOOTH_BASE_UUID_SUFFIX

# Advertising interval of the emulated wearables. Real straps advertise every 100-1000 ms;
# on the virtual link a short interval only makes discovery and reconnection quick.
ADVERTISING_INTERVAL_MS = 20.0
# ATT notification header (opcode + handle): a notification carries at most MTU - 3 bytes.
ATT_NOTIFICATION_HEADER_BYTES = 3
# Heart Rate Measurement without energy: flags (1) + 8-bit rate (1), then 2 bytes per RR.
HRM_FIXED_BYTES = 2
RR_BYTES = 2
# RSC Measurement feature bits (RSC 1.0, 3.2): stride length + total distance + walking/running.
RSC_FEATURES = 0b0000_0111
RSC_FEATURE_UUID = "00002a54-0000-1000-8000-00805f9b34fb"
# Core 5.4 Vol 3 Part C 11: an AD structure is a length byte and a type byte, then data.
AD_STRUCTURE_HEADER_BYTES = 2
LEGACY_ADVERTISING_DATA_MAX_BYTES = 31
_CCCD_NOTIFY_OR_INDICATE = 0x03
_HCI_REMOTE_USER_TERMINATED = 0x13


@dataclass(frozen=True, slots=True)
class Identity:
    """What a wearable shows the world: advertised name, address, device information."""

    name: str
    address: str  # random static address, "C4:..." (two top bits set)
    manufacturer: str
    model: str
    serial: str
    firmware: str


def _is_sig_uuid(text: str) -> bool:
    return text.startswith("0000") and text.endswith(BLUETOOTH_BASE_UUID_SUFFIX)


def _uuid(text: str) -> core.UUID:
    """A bumble UUID; SIG UUIDs in their 16-bit form, as they go on the air."""
    return core.UUID(text[4:8] if _is_sig_uuid(text) else text)


class EmulatedPeripheral:
    """A bumble device with GATT services on a ``LocalLink``; subclasses add the services."""

    def __init__(self, link: LocalLink, identity: Identity, battery_percent: int = 100) -> None:
        self.identity = identity
        self.battery_percent = battery_percent
        controller = Controller(identity.name, link=link, public_address=identity.address)
        self.device = Device(
            name=identity.name,
            address=hci.Address(identity.address),
            host=Host(controller, AsyncPipeSink(controller)),
        )
        self.battery = BatteryService(lambda _connection: self.battery_percent)
        self.device.add_service(
            DeviceInformationService(
                manufacturer_name=identity.manufacturer,
                model_number=identity.model,
                serial_number=identity.serial,
                firmware_revision=identity.firmware,
            )
        )
        self.device.add_service(self.battery)
        self._changed = asyncio.Event()
        self.device.gatt_server.on("characteristic_subscription", self._on_change)
        self.device.on(Device.EVENT_CONNECTION, self._on_connection)
        self.connections_accepted = 0

    # Subclasses: advertised service UUIDs (16-bit in the advertisement, 128-bit too).
    advertised_services: Sequence[str] = ()

    def data_characteristics(self) -> tuple[gatt.Characteristic[bytes], ...]:
        """The characteristics a collector subscribes to for this wearable's data."""
        return ()

    def _on_connection(self, connection: Connection) -> None:
        self.connections_accepted += 1
        connection.on(Connection.EVENT_DISCONNECTION, self._on_change)
        self._on_change()

    def _on_change(self, *_args: object) -> None:
        self._changed.set()

    def advertising_data(self) -> tuple[bytes, bytes]:
        """(advertisement, scan response). A legacy advertisement holds 31 bytes: flags,
        the name and the service UUID lists go in it while they fit, the rest in the scan
        response (which bumble's emulated controller does not deliver, so a wearable with
        a long list advertises only what fits, like real ones)."""
        short = [_uuid(u) for u in self.advertised_services if _is_sig_uuid(u)]
        full = [_uuid(u) for u in self.advertised_services if not _is_sig_uuid(u)]
        structures: list[tuple[int, bytes]] = [
            (AdvertisingData.FLAGS, bytes([0x06])),  # LE general discoverable, no BR/EDR
            (AdvertisingData.COMPLETE_LOCAL_NAME, self.identity.name.encode()),
        ]
        if short:
            structures.append(
                (
                    AdvertisingData.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
                    b"".join(bytes(u) for u in short),
                )
            )
        if full:
            structures.append(
                (
                    AdvertisingData.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
                    b"".join(bytes(u) for u in full),
                )
            )
        advertisement: list[tuple[int, bytes]] = []
        scan_response: list[tuple[int, bytes]] = []
        used = 0
        for structure in structures:
            size = AD_STRUCTURE_HEADER_BYTES + len(structure[1])
            if used + size <= LEGACY_ADVERTISING_DATA_MAX_BYTES:
                advertisement.append(structure)
                used += size
            else:
                scan_response.append(structure)
        return bytes(AdvertisingData(advertisement)), bytes(AdvertisingData(scan_response))

    async def start(self) -> None:
        """Power on and advertise; bumble restarts advertising after each disconnect."""
        await self.device.power_on()
        advertisement, scan_response = self.advertising_data()
        await self.device.start_advertising(
            auto_restart=True,
            advertising_data=advertisement,
            scan_response_data=scan_response,
            advertising_interval_min=ADVERTISING_INTERVAL_MS,
            advertising_interval_max=ADVERTISING_INTERVAL_MS,
        )

    @property
    def connected(self) -> bool:
        return bool(self.device.connections)

    def subscriber_count(self, characteristic: gatt.Characteristic[Any]) -> int:
        """How many connected centrals enabled notifications on ``characteristic``."""
        return sum(
            1
            for cccds in self.device.gatt_server.subscribers.values()
            if cccds.get(characteristic.handle, b"\0\0")[0] & _CCCD_NOTIFY_OR_INDICATE
        )

    def subscribed(self, characteristics: Sequence[gatt.Characteristic[bytes]]) -> bool:
        return all(self.subscriber_count(c) > 0 for c in characteristics)

    async def wait_subscribed(
        self, characteristics: Sequence[gatt.Characteristic[bytes]], timeout_s: float
    ) -> bool:
        """Wait (wall time) until a central subscribed to all of ``characteristics``."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                while not self.subscribed(characteristics):
                    self._changed.clear()
                    await self._changed.wait()
        return self.subscribed(characteristics)

    async def notify(self, characteristic: gatt.Characteristic[bytes], value: bytes) -> int:
        """Notify every subscribed central; returns how many were sent (0 = lost, as on
        real hardware when no central listens)."""
        count = self.subscriber_count(characteristic)
        if count:
            await self.device.notify_subscribers(characteristic, value)
        return count

    async def notify_battery(self) -> int:
        characteristic = self.battery.battery_level_characteristic
        count = self.subscriber_count(characteristic)
        if count:
            await self.device.notify_subscribers(characteristic)
        return count

    def max_notification_bytes(self) -> int:
        """The smallest payload any connected central can take (ATT MTU - 3)."""
        mtus = [c.att_mtu for c in self.device.connections.values()]
        return (min(mtus) if mtus else 23) - ATT_NOTIFICATION_HEADER_BYTES

    async def drop_connection(self, reason: int = _HCI_REMOTE_USER_TERMINATED) -> None:
        """Disconnect every central, as when a strap is taken off or walks out of range."""
        for connection in list(self.device.connections.values()):
            with contextlib.suppress(core.BaseBumbleError):
                await connection.disconnect(reason)


def _notify_characteristic(uuid: str, *, readable: bool = False) -> gatt.Characteristic[bytes]:
    properties = gatt.Characteristic.Properties.NOTIFY
    permissions = gatt.Characteristic.Permissions(0)
    if readable:
        properties |= gatt.Characteristic.Properties.READ
        permissions = gatt.Characteristic.READABLE
    return gatt.Characteristic(_uuid(uuid), properties, permissions, b"")


class HeartRateSensor(EmulatedPeripheral):
    """Heart Rate service (0x180D); ``contact`` False for a watch that sends flags 0."""

    def __init__(
        self,
        link: LocalLink,
        identity: Identity,
        *,
        contact_supported: bool,
        location: BodySensorLocation,
    ) -> None:
        super().__init__(link, identity)
        self.contact_supported = contact_supported
        self.heart_rate_measurement = _notify_characteristic(HEART_RATE_MEASUREMENT_UUID)
        location_characteristic = gatt.Characteristic(
            _uuid(BODY_SENSOR_LOCATION_UUID),
            gatt.Characteristic.Properties.READ,
            gatt.Characteristic.READABLE,
            encode_body_sensor_location(location),
        )
        self.device.add_service(
            gatt.Service(
                _uuid(HEART_RATE_SERVICE_UUID),
                [self.heart_rate_measurement, location_characteristic],
            )
        )

    async def send_heart_rate(self, bpm: int, rr_raw: Sequence[int] = ()) -> int:
        """Notify one measurement; RR values beyond what the MTU holds are left out,
        as real straps do when more beats fall in one notification than fit."""
        room = (self.max_notification_bytes() - HRM_FIXED_BYTES) // RR_BYTES
        measurement = HeartRateMeasurement(
            bpm,
            sensor_contact=True if self.contact_supported else None,
            rr_intervals_raw=tuple(rr_raw[: max(room, 0)]),
        )
        return await self.notify(self.heart_rate_measurement, bytes(measurement))

    def data_characteristics(self) -> tuple[gatt.Characteristic[bytes], ...]:
        return (self.heart_rate_measurement,)


class ChestStrap(HeartRateSensor):
    """A chest strap: HR with RR intervals and skin contact, battery, device information."""

    advertised_services = (HEART_RATE_SERVICE_UUID,)

    def __init__(self, link: LocalLink, identity: Identity) -> None:
        super().__init__(link, identity, contact_supported=True, location=BodySensorLocation.CHEST)


class Footpod(EmulatedPeripheral):
    """A footpod: Running Speed and Cadence (0x1814), battery, device information."""

    advertised_services = (RUNNING_SPEED_AND_CADENCE_SERVICE_UUID,)

    def __init__(self, link: LocalLink, identity: Identity) -> None:
        super().__init__(link, identity)
        self.rsc_measurement = _notify_characteristic(RSC_MEASUREMENT_UUID)
        feature = gatt.Characteristic(
            _uuid(RSC_FEATURE_UUID),
            gatt.Characteristic.Properties.READ,
            gatt.Characteristic.READABLE,
            RSC_FEATURES.to_bytes(2, "little"),
        )
        self.device.add_service(
            gatt.Service(
                _uuid(RUNNING_SPEED_AND_CADENCE_SERVICE_UUID), [self.rsc_measurement, feature]
            )
        )

    async def send_rsc(
        self, cadence_spm: int, speed_mps: float, stride_m: float | None, distance_m: float
    ) -> int:
        measurement = RSCMeasurement.from_si(
            speed_mps,
            cadence_spm,
            stride_length_m=stride_m,
            total_distance_m=distance_m,
            running=False,
        )
        return await self.notify(self.rsc_measurement, bytes(measurement))

    def data_characteristics(self) -> tuple[gatt.Characteristic[bytes], ...]:
        return (self.rsc_measurement,)


class Watch(HeartRateSensor):
    """An InfiniTime-like watch: HR with flags 0, Motion step counter, battery, DIS."""

    advertised_services = (HEART_RATE_SERVICE_UUID, MOTION_SERVICE_UUID)

    def __init__(self, link: LocalLink, identity: Identity) -> None:
        super().__init__(link, identity, contact_supported=False, location=BodySensorLocation.WRIST)
        self.step_count = _notify_characteristic(STEP_COUNT_UUID, readable=True)
        self.step_count.value = encode_step_count(0)
        self.device.add_service(gatt.Service(_uuid(MOTION_SERVICE_UUID), [self.step_count]))

    def set_step_count(self, count: int) -> None:
        """Set the counter a central reads, without notifying."""
        self.step_count.value = encode_step_count(count)

    async def send_step_count(self, count: int) -> int:
        """Set the counter (readable too) and notify it."""
        value = encode_step_count(count)
        self.step_count.value = value
        return await self.notify(self.step_count, value)

    def data_characteristics(self) -> tuple[gatt.Characteristic[bytes], ...]:
        return (self.heart_rate_measurement, self.step_count)
