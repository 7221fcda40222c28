"""One connection's accelerometer stream from a Polar sensor, turned into steps.

The collector subscribes to the PMD control point (indications) and data (notifications)
through its own notification path, then :meth:`PmdStepSession.start` asks the sensor what
it offers and starts the accelerometer with the settings below. Every data frame then goes
through :meth:`PmdStepSession.on_data`, which returns the steps it confirmed. A sensor
streams only while the central that started it stays connected, so the collector makes a
new session, and starts the stream again, on every connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

from tracker.ble.pmd import PMD_CONTROL_POINT_UUID, PMD_DATA_UUID, MeasurementType
from tracker.ble.pmd_control import (
    ControlPointResponse,
    MeasurementStopped,
    OpCode,
    PmdSettings,
    ResponseStatus,
    decode_control_point_indication,
    get_measurement_settings_request,
    start_measurement_request,
)
from tracker.ble.pmd_data import decode_acc_frame
from tracker.ble.step_detection import StepStream
from tracker.domain.errors import MalformedPayload

if TYPE_CHECKING:
    from bleak import BleakClient
    from bleak.backends.characteristic import BleakGATTCharacteristic

_LOG = logging.getLogger("tracker.ble")
_T = TypeVar("_T")


class Operation(Protocol):
    """Runs one GATT operation, bounded (:func:`tracker.ble.gatt_setup.gatt_operation`)."""

    def __call__(self, operation: Awaitable[_T], /) -> Awaitable[_T]: ...


# The offered sample rate nearest this is asked for: a Verity Sense offers 52 Hz, an H10
# 25-200 Hz (it gets 50). Steps are below 3 Hz (the step detector's low-pass filter is
# built for that), so a higher rate only costs the sensor's battery.
PREFERRED_SAMPLE_RATE_HZ = 52
# ±8 G: what Polar's SDK asks of the Verity Sense; a chest or arm that walks stays within.
PREFERRED_RANGE_G = 8
ACC_CHANNELS = 3


class PmdUnavailable(Exception):
    """The sensor will not stream its accelerometer (it said why, or said nonsense)."""


def choose_settings(offered: PmdSettings) -> PmdSettings:
    """One value per setting the sensor offers, for step detection."""
    if not offered.sample_rates_hz or not offered.resolutions_bits:
        raise PmdUnavailable("the sensor offers no accelerometer sample rate or resolution")
    rate = min(offered.sample_rates_hz, key=lambda r: (abs(r - PREFERRED_SAMPLE_RATE_HZ), r))
    ranges = offered.ranges
    range_g = PREFERRED_RANGE_G if PREFERRED_RANGE_G in ranges else max(ranges, default=None)
    return PmdSettings(
        sample_rates_hz=(rate,),
        resolutions_bits=(max(offered.resolutions_bits),),
        ranges=() if range_g is None else (range_g,),
        channels=(ACC_CHANNELS,) if ACC_CHANNELS in offered.channels else (),
    )


class PmdStepSession:
    """The PMD accelerometer of one connection: control point exchange, frames to steps."""

    def __init__(
        self, control_point: BleakGATTCharacteristic, data: BleakGATTCharacteristic
    ) -> None:
        self.control_point = control_point
        self.data = data
        self.settings: PmdSettings | None = None  # what the stream runs with, once started
        self.factor: float | None = None
        self._steps: StepStream | None = None
        self._pending: asyncio.Future[ControlPointResponse] | None = None
        self._pending_op = 0

    @classmethod
    def offered_by(cls, chars: Mapping[str, BleakGATTCharacteristic]) -> PmdStepSession | None:
        """A session if the device has the PMD control point and data, else None."""
        cp, data = chars.get(PMD_CONTROL_POINT_UUID), chars.get(PMD_DATA_UUID)
        if cp is None or data is None:
            return None
        return cls(cp, data)

    @property
    def description(self) -> str:
        """``50 Hz, 16 bits, ±8 G``: what the stream runs with (empty before it started)."""
        s = self.settings
        if s is None:
            return ""
        text = f"{s.sample_rates_hz[0]} Hz, {s.resolutions_bits[0]} bits"
        return text + (f", ±{s.ranges[0]} G" if s.ranges else "")

    @property
    def streaming(self) -> bool:
        return self._steps is not None

    async def start(self, client: BleakClient, operation: Operation) -> None:
        """Ask for the settings, start the stream. ``operation`` bounds each GATT step
        (the collector's: it gives up when the link drops or hangs). Raises PmdUnavailable
        when the sensor refuses; BLE errors pass through."""
        offered = await self._request(
            client, operation, OpCode.GET_MEASUREMENT_SETTINGS, get_measurement_settings_request()
        )
        try:
            chosen = choose_settings(offered.settings())
        except MalformedPayload as exc:
            raise PmdUnavailable(str(exc)) from exc
        request = start_measurement_request(
            MeasurementType.ACC,
            sample_rate_hz=chosen.sample_rates_hz[0],
            resolution_bits=chosen.resolutions_bits[0],
            range_g=chosen.ranges[0] if chosen.ranges else None,
            channels=chosen.channels[0] if chosen.channels else None,
        )
        started = await self._request(client, operation, OpCode.REQUEST_MEASUREMENT_START, request)
        try:
            self.factor = started.settings().factor
        except MalformedPayload:
            self.factor = None  # parameters we cannot read: Polar's SDK then uses 1.0 too
        self.settings = chosen
        self._steps = StepStream(chosen.sample_rates_hz[0])

    async def _request(
        self, client: BleakClient, operation: Operation, op: int, payload: bytes
    ) -> ControlPointResponse:
        future: asyncio.Future[ControlPointResponse] = asyncio.get_running_loop().create_future()
        self._pending, self._pending_op = future, op
        try:
            await operation(client.write_gatt_char(self.control_point, payload, response=True))
            response = await operation(future)
        finally:
            self._pending = None
        if response.status == ResponseStatus.ERROR_ALREADY_IN_STATE and op == (
            OpCode.REQUEST_MEASUREMENT_START
        ):
            return response  # still streaming from before: as good as started
        if not response.ok:
            raise PmdUnavailable(f"{OpCode(op).name} answered {response.status_name}")
        return response

    def on_control_point(self, data: bytes) -> None:
        """An indication of the control point."""
        try:
            message = decode_control_point_indication(data)
        except MalformedPayload as exc:
            if self._pending is not None and not self._pending.done():
                self._pending.set_exception(PmdUnavailable(str(exc)))
            return
        if isinstance(message, MeasurementStopped):
            if MeasurementType.ACC in message.measurement_types:
                _LOG.info("PMD: the sensor stopped its accelerometer stream")
                self._steps = None
            return
        pending = self._pending
        if pending is not None and not pending.done() and message.op_code == self._pending_op:
            pending.set_result(message)

    def on_data(self, data: bytes) -> int | None:
        """Steps confirmed by one data frame; None before the stream started. Raises
        MalformedPayload for a frame that breaks its layout."""
        steps = self._steps
        if steps is None:
            return None
        frame = decode_acc_frame(data)
        return steps.feed(frame.samples_mg(self.factor))
