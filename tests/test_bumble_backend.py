"""bleak's public API over the bumble backend, against emulated peripherals on a LocalLink.

Everything here is real: bumble controllers and hosts, advertising PDUs, LE connections,
GATT discovery, CCCD writes and notifications. Nothing is mocked.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from bleak import BleakClient, BleakScanner
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.exc import BleakError
from bleak_retry_connector import BleakClientWithServiceCache, establish_connection
from bumble import core, gatt
from bumble.device import Connection
from bumble.link import LocalLink

from tests.air import FOOTPOD, STRAP, find, scanner
from tracker.ble.battery import BATTERY_LEVEL_UUID, decode_battery_level
from tracker.ble.bumble_backend import bumble_transport
from tracker.ble.bumble_radio import BumbleRadio, new_link
from tracker.ble.device_information import MANUFACTURER_NAME, decode_string
from tracker.ble.emulated.peripherals import ChestStrap, Footpod, Identity
from tracker.ble.heart_rate import (
    HEART_RATE_MEASUREMENT_UUID,
    HEART_RATE_SERVICE_UUID,
    HeartRateMeasurement,
)
from tracker.ble.rsc import RUNNING_SPEED_AND_CADENCE_SERVICE_UUID
from tracker.ble.transport import BleTransport

# Slow: the emulated Bluetooth stack.
pytestmark = pytest.mark.slow

CCCD_UUID = "00002902-0000-1000-8000-00805f9b34fb"
DELIVERY_TIMEOUT_S = 2.0


def connected(client: BleakClient) -> bool:
    """``client.is_connected`` read through a call: mypy would keep the narrowing of an
    ``assert client.is_connected`` inside ``async with`` past the exit that disconnects."""
    return client.is_connected


@dataclass
class Air:
    transport: BleTransport
    radio: BumbleRadio
    strap: ChestStrap
    footpod: Footpod


@pytest.fixture
async def air() -> AsyncIterator[Air]:
    link = new_link()
    radio = BumbleRadio(link)
    strap = ChestStrap(link, STRAP)
    footpod = Footpod(link, FOOTPOD)
    await strap.start()
    await footpod.start()
    yield Air(bumble_transport(radio), radio, strap, footpod)


async def _find(air: Air, name: str) -> BLEDevice:
    return await find(air.transport, name)


async def _wait_for(condition: asyncio.Event) -> None:
    async with asyncio.timeout(DELIVERY_TIMEOUT_S):
        await condition.wait()


async def test_scan_reports_name_rssi_and_service_uuids(air: Air) -> None:
    seen = await BleakScanner.discover(timeout=0.2, return_adv=True, backend=scanner(air.transport))
    assert set(seen) == {STRAP.address, FOOTPOD.address}
    device, adv = seen[STRAP.address]
    assert device.name == STRAP.name
    assert adv.local_name == STRAP.name
    assert adv.service_uuids == [HEART_RATE_SERVICE_UUID]
    assert isinstance(adv.rssi, int) and adv.rssi < 0
    assert seen[FOOTPOD.address][1].service_uuids == [RUNNING_SPEED_AND_CADENCE_SERVICE_UUID]


async def test_scan_filters_on_service_uuid(air: Air) -> None:
    seen = await BleakScanner.discover(
        timeout=0.2,
        service_uuids=[HEART_RATE_SERVICE_UUID],
        return_adv=True,
        backend=scanner(air.transport),
    )
    assert list(seen) == [STRAP.address]


async def test_connect_discovers_services_and_reads(air: Air) -> None:
    device = await _find(air, STRAP.name)
    async with BleakClient(device, backend=air.transport.client_backend) as client:
        assert client.is_connected
        # MTU exchanged at connection, as BlueZ does.
        assert client.mtu_size > 23
        hrm = client.services.get_characteristic(HEART_RATE_MEASUREMENT_UUID)
        assert hrm is not None
        assert hrm.service_uuid == HEART_RATE_SERVICE_UUID
        assert hrm.properties == ["notify"]
        assert [d.uuid for d in hrm.descriptors] == [CCCD_UUID]
        assert decode_battery_level(await client.read_gatt_char(BATTERY_LEVEL_UUID)) == 100
        air.strap.battery_percent = 57
        assert decode_battery_level(await client.read_gatt_char(BATTERY_LEVEL_UUID)) == 57
        manufacturer = await client.read_gatt_char(MANUFACTURER_NAME.uuid)
        assert decode_string(MANUFACTURER_NAME.label, bytes(manufacturer)) == "Polar"
    assert not connected(client)
    assert not air.strap.connected


async def test_notifications_follow_the_cccd(air: Air) -> None:
    device = await _find(air, STRAP.name)
    received: list[HeartRateMeasurement] = []
    arrived = asyncio.Event()

    def on_notify(characteristic: BleakGATTCharacteristic, data: bytearray) -> None:
        assert characteristic.uuid == HEART_RATE_MEASUREMENT_UUID
        received.append(HeartRateMeasurement.from_bytes(bytes(data)))
        arrived.set()

    async with BleakClient(device, backend=air.transport.client_backend) as client:
        hrm = air.strap.heart_rate_measurement
        # Before the CCCD write the strap has no subscriber and sends nothing.
        assert await air.strap.send_heart_rate(70) == 0
        await client.start_notify(HEART_RATE_MEASUREMENT_UUID, on_notify)
        assert air.strap.subscriber_count(hrm) == 1
        rr = tuple(range(700, 740))  # 40 RR values: needs the exchanged MTU
        assert await air.strap.send_heart_rate(72, rr) == 1
        await _wait_for(arrived)
        assert received == [HeartRateMeasurement(72, sensor_contact=True, rr_intervals_raw=rr)]
        await client.stop_notify(HEART_RATE_MEASUREMENT_UUID)
        assert air.strap.subscriber_count(hrm) == 0
        assert await air.strap.send_heart_rate(90) == 0
    assert len(received) == 1


async def test_remote_drop_calls_back_and_reconnect_works(air: Air) -> None:
    device = await _find(air, STRAP.name)
    dropped = asyncio.Event()
    arrived = asyncio.Event()
    values: list[int] = []

    def on_disconnect(_client: BleakClient) -> None:
        dropped.set()

    def on_notify(_c: BleakGATTCharacteristic, data: bytearray) -> None:
        values.append(HeartRateMeasurement.from_bytes(bytes(data)).heart_rate_bpm)
        arrived.set()

    client = BleakClient(device, on_disconnect, backend=air.transport.client_backend)
    for round_ in range(3):
        dropped.clear()
        arrived.clear()
        await client.connect()
        await client.start_notify(HEART_RATE_MEASUREMENT_UUID, on_notify)
        await air.strap.send_heart_rate(60 + round_)
        await _wait_for(arrived)
        await air.strap.drop_connection()
        await _wait_for(dropped)
        assert not client.is_connected
        with pytest.raises(BleakError):
            await client.read_gatt_char(BATTERY_LEVEL_UUID)
    assert values == [60, 61, 62]
    assert air.strap.connections_accepted == 3


async def test_establish_connection_passes_the_backend_through(air: Air) -> None:
    device = await _find(air, FOOTPOD.name)
    client = await establish_connection(
        BleakClientWithServiceCache, device, "footpod", backend=air.transport.client_backend
    )
    try:
        assert client.is_connected
        assert client.services.get_service(RUNNING_SPEED_AND_CADENCE_SERVICE_UUID) is not None
    finally:
        await client.disconnect()


async def test_connecting_to_a_silent_address_times_out(air: Air) -> None:
    client = BleakClient("C4:00:00:00:00:99", backend=air.transport.client_backend, timeout=0.2)
    with pytest.raises(TimeoutError):
        await client.connect()
    # The radio is usable afterwards.
    device = await _find(air, STRAP.name)
    async with BleakClient(device, backend=air.transport.client_backend) as again:
        assert again.is_connected


async def test_worlds_do_not_share_a_radio() -> None:
    link_a, link_b = new_link(), new_link()
    transport_a = bumble_transport(BumbleRadio(link_a))
    transport_b = bumble_transport(BumbleRadio(link_b))
    await ChestStrap(link_a, STRAP).start()
    await Footpod(link_b, FOOTPOD).start()
    seen_a = await BleakScanner.discover(timeout=0.2, backend=scanner(transport_a))
    seen_b = await BleakScanner.discover(timeout=0.2, backend=scanner(transport_b))
    assert [d.address for d in seen_a] == [STRAP.address]
    assert [d.address for d in seen_b] == [FOOTPOD.address]
    assert transport_a.client_backend is not transport_b.client_backend


async def test_cancelling_at_any_point_leaves_the_radio_usable(air: Air) -> None:
    """Timeouts and shutdowns cancel bleak calls mid-flight; the radio must survive it
    (bumble's host stalls if an HCI command is cancelled before its response)."""
    backend = air.transport.client_backend

    async def scan() -> None:
        await BleakScanner.find_device_by_name(
            "nobody", timeout=0.05, backend=scanner(air.transport)
        )

    async def connect_silent() -> None:
        await BleakClient("C4:00:00:00:00:99", backend=backend, timeout=0.5).connect()

    device = await _find(air, STRAP.name)

    async def connect_and_read() -> None:
        async with BleakClient(device, backend=backend) as client:
            await client.read_gatt_char(BATTERY_LEVEL_UUID)

    for operation in (scan, connect_silent, connect_and_read):
        for steps in range(12):  # cancel after 0, 1, ... 11 turns of the event loop
            task = asyncio.create_task(operation())
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    async with asyncio.timeout(DELIVERY_TIMEOUT_S * 2):
        device = await _find(air, STRAP.name)
        async with BleakClient(device, backend=backend) as client:
            level = await client.read_gatt_char(BATTERY_LEVEL_UUID)
    assert decode_battery_level(level) == 100


class HangUpOnConnect(ChestStrap):
    """Hangs up the moment a central connects, before the ATT MTU exchange."""

    def _on_connection(self, connection: Connection) -> None:
        super()._on_connection(connection)
        asyncio.get_running_loop().create_task(connection.disconnect())


async def test_a_peer_that_hangs_up_at_once_fails_the_connect_promptly() -> None:
    link = new_link()
    transport = bumble_transport(BumbleRadio(link))
    strap = HangUpOnConnect(link, STRAP)
    await strap.start()
    device = await find(transport, STRAP.name)
    for _ in range(3):
        client = BleakClient(device, backend=transport.client_backend, timeout=20.0)
        started = time.monotonic()
        # Not the connect's own 20 s timeout, and no hang in the clean-up disconnect.
        async with asyncio.timeout(DELIVERY_TIMEOUT_S):
            with pytest.raises(BleakError):
                await client.connect()
        assert time.monotonic() - started < DELIVERY_TIMEOUT_S
        assert not client.is_connected
    assert strap.connections_accepted == 3


async def test_disconnect_returns_while_the_peer_hangs_up_too(air: Air) -> None:
    """Whatever the order in which the peer's hang-up and our own disconnect meet,
    ``disconnect`` returns (bumble waits for a Disconnection Complete that a link
    already gone never sends)."""
    device = await _find(air, STRAP.name)
    for steps in range(8):  # the peer's hang-up 0, 1, ... 7 loop turns ahead of ours
        client = BleakClient(device, backend=air.transport.client_backend)
        await client.connect()
        drop = asyncio.create_task(air.strap.drop_connection())
        for _ in range(steps):
            await asyncio.sleep(0)
        async with asyncio.timeout(DELIVERY_TIMEOUT_S):
            await client.disconnect()
            await drop
        assert not client.is_connected
    async with BleakClient(device, backend=air.transport.client_backend) as client:
        assert decode_battery_level(await client.read_gatt_char(BATTERY_LEVEL_UUID)) == 100


SLOW_UUID = "6e400099-b5a3-f393-e0a9-e50e24dcca9e"


class SlowReadStrap(ChestStrap):
    """A strap with a characteristic whose read is answered only when ``release`` is
    set: a request that is still pending when the link drops."""

    def __init__(self, link: LocalLink, identity: Identity) -> None:
        super().__init__(link, identity)
        self.read_requested = asyncio.Event()
        self.release = asyncio.Event()

        async def read(_connection: object) -> bytes:
            self.read_requested.set()
            await self.release.wait()
            return b"\x01"

        slow = gatt.Characteristic[bytes](
            core.UUID(SLOW_UUID),
            gatt.Characteristic.Properties.READ,
            gatt.Characteristic.READABLE,
            gatt.CharacteristicValue[bytes](read=read),
        )
        self.device.add_service(
            gatt.Service(core.UUID("6e400098-b5a3-f393-e0a9-e50e24dcca9e"), [slow])
        )


async def test_a_request_pending_when_the_link_drops_fails_with_a_bleak_error() -> None:
    link = new_link()
    transport = bumble_transport(BumbleRadio(link))
    strap = SlowReadStrap(link, STRAP)
    await strap.start()
    device = await find(transport, STRAP.name)
    client = BleakClient(device, backend=transport.client_backend)
    await client.connect()
    try:
        read = asyncio.create_task(client.read_gatt_char(SLOW_UUID))
        await _wait_for(strap.read_requested)
        await strap.drop_connection()
        async with asyncio.timeout(DELIVERY_TIMEOUT_S):
            # bleak's own backends raise BleakError here, never a bare CancelledError.
            with pytest.raises(BleakError, match="disconnected"):
                await read
    finally:
        strap.release.set()
        await client.disconnect()
