"""One wearable's link as the collector keeps it: its mutable state, what ``tracker
status`` shows of it, how a wearable is recognised, and which failures are the radio's.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak_retry_connector import BLEAK_RETRY_EXCEPTIONS

from tracker.ble.const import ERROR_TEXT_MAX_CHARS, NO_ADAPTER_ADVICE
from tracker.ble.heart_rate import HEART_RATE_MEASUREMENT_UUID
from tracker.ble.infinitime import STEP_COUNT_UUID, StepCounter
from tracker.ble.params import DeviceConfig
from tracker.ble.pmd_session import PmdStepSession
from tracker.ble.reconnect import CadenceIntegrator
from tracker.domain.backoff import Backoff

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
class Link:
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
    # Clock time of the last notification (or of the connection): see
    # Collector._supervise.
    last_notification_ms: int | None = None
    device_info_read: bool = False
    # Bypass the OS's GATT cache on the next connection (see Collector._session).
    fresh_discovery: bool = False
    # Last timestamp per sample kind (Notifications.stamp): the store keys rows by
    # (device, time_ms), so two samples of one kind in the same millisecond are spread by
    # 1 ms instead of lost.
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


def is_ble_error(exc: Exception) -> bool:
    """Errors the radio, BlueZ or the peer cause, as opposed to bugs in this program."""
    return isinstance(exc, BLE_ERRORS) or type(exc).__module__.split(".")[0] in (
        "bleak",
        "bleak_retry_connector",
        "bumble",
        "dbus_fast",
    )
