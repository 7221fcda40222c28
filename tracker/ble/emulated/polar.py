"""An emulated Polar H10: the chest strap's heart rate plus the PMD service streaming a
synthesised walk from its accelerometer.

The PMD control point answers as Polar's specification and SDK describe: a read gives the
feature bits (ECG and ACC, as an H10 answers), a write is answered by an indication
(settings, start, stop, with the specification's error codes), and the sensor streams
only while a central that started it stays connected; a new connection must start it
again. Frames are encoded with :mod:`tracker.ble.pmd`, alternating the compressed (delta)
frame type and the raw 16-bit one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from bumble import gatt
from bumble.device import Connection
from bumble.link import LocalLink

from tracker.ble import pmd, pmd_control, pmd_data
from tracker.ble.emulated.peripherals import ChestStrap, Identity, _notify_characteristic, _uuid
from tracker.ble.emulated.walk_signal import Stretch, WalkSynth
from tracker.ble.pmd import MeasurementType
from tracker.ble.pmd_control import (
    ControlPointRequest,
    ControlPointResponse,
    OpCode,
    PmdSettings,
    ResponseStatus,
)
from tracker.domain.errors import MalformedPayload
from tracker.domain.units import NS_PER_MS

logger = logging.getLogger(__name__)

# What an H10 offers for the accelerometer (25-200 Hz, 16 bits, ±2/4/8 G) and the ECG.
ACC_SETTINGS = PmdSettings(
    sample_rates_hz=(25, 50, 100, 200), resolutions_bits=(16,), ranges=(2, 4, 8)
)
ECG_SETTINGS = PmdSettings(sample_rates_hz=(130,), resolutions_bits=(14,))
OFFERED = {MeasurementType.ACC: ACC_SETTINGS, MeasurementType.ECG: ECG_SETTINGS}
# The start response names the stream's factor; raw and compressed type 1 are then mG.
ACC_FACTOR = 1.0
# PMD needs an ATT MTU of at least 232 (polar-ble-sdk issue #287); smaller is refused.
PMD_MIN_ATT_MTU = 232
# An H10 sends up to 36 ACC samples a frame at that MTU: (232 - 3 - 10) // 6.
FRAME_MAX_SAMPLES = 36
# Frame types in turn: compressed (delta) type 1, raw type 1.
FRAME_CYCLE = ((1, True), (1, False))


@dataclass(slots=True)
class _AccStream:
    """A running accelerometer stream: its rate and the next frame's type."""

    sample_rate_hz: int
    frames_sent: int = 0


class PolarStrap(ChestStrap):
    """A Polar H10: Heart Rate, Battery, Device Information and PMD (ECG, ACC)."""

    def __init__(self, link: LocalLink, identity: Identity, *, seed: int = 1) -> None:
        super().__init__(link, identity)
        value = gatt.CharacteristicValue[bytes](
            read=self._read_features, write=self._on_control_point
        )
        self.pmd_control_point: gatt.Characteristic[bytes] = gatt.Characteristic(
            _uuid(pmd.PMD_CONTROL_POINT_UUID),
            gatt.Characteristic.Properties.READ
            | gatt.Characteristic.Properties.WRITE
            | gatt.Characteristic.Properties.INDICATE,
            gatt.Characteristic.READABLE | gatt.Characteristic.WRITEABLE,
            value,
        )
        self.pmd_data = _notify_characteristic(pmd.PMD_DATA_UUID)
        self.device.add_service(
            gatt.Service(_uuid(pmd.PMD_SERVICE_UUID), [self.pmd_control_point, self.pmd_data])
        )
        self.seed = seed
        self._synths: dict[int, WalkSynth] = {}
        self.acc: _AccStream | None = None
        self.starts = 0  # streams started since power-on
        self.requests: list[bytes] = []  # every control point write, for tests
        self.steps_rendered = 0  # steps in the signal, streamed or not
        self.frames_sent = 0
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def streaming(self) -> bool:
        return self.acc is not None

    def data_characteristics(self) -> tuple[gatt.Characteristic[bytes], ...]:
        return (self.heart_rate_measurement, self.pmd_data)

    def subscribed(self, characteristics: Sequence[gatt.Characteristic[bytes]]) -> bool:
        """As for any wearable; for PMD data, the accelerometer stream must run too."""
        wants_acc = any(c is self.pmd_data for c in characteristics)
        return super().subscribed(characteristics) and (self.streaming or not wants_acc)

    # -- control point -------------------------------------------------------------------

    def _read_features(self, _connection: Connection) -> bytes:
        return pmd_control.encode_features(set(OFFERED))

    def _on_connection(self, connection: Connection) -> None:
        super()._on_connection(connection)
        connection.on(Connection.EVENT_DISCONNECTION, self._on_disconnection)

    def _on_disconnection(self, *_args: object) -> None:
        # The sensor streams to the central that asked, for as long as it is connected.
        self.acc = None

    def _on_control_point(self, connection: Connection, value: bytes) -> None:
        self.requests.append(bytes(value))
        response = self._answer(connection, bytes(value))
        # Indicate after the ATT write response has gone out, as the sensor does.
        task = asyncio.get_running_loop().create_task(self._indicate(connection, response))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _indicate(self, connection: Connection, response: ControlPointResponse) -> None:
        try:
            await self.device.indicate_subscriber(
                connection, self.pmd_control_point, bytes(response)
            )
        except Exception as exc:  # the central left before confirming: nothing to do
            logger.debug("%s: indication not confirmed: %s", self.identity.name, exc)
        if response.ok and response.op_code == OpCode.REQUEST_MEASUREMENT_START:
            self._on_change()  # the world waits for the stream, not only the CCCDs

    def _answer(self, connection: Connection, value: bytes) -> ControlPointResponse:
        try:
            request = ControlPointRequest.from_bytes(value)
        except MalformedPayload:
            op = value[0] if value else 0
            kind = value[1] & pmd.MEASUREMENT_TYPE_MASK if len(value) > 1 else 0
            return ControlPointResponse(op, kind, ResponseStatus.ERROR_INVALID_PARAMETER)
        kind = request.measurement_type if request.measurement_type is not None else 0
        status, params = self._handle(connection, request, kind)
        return ControlPointResponse(request.op_code, kind, status, False, params)

    def _handle(
        self, connection: Connection, request: ControlPointRequest, kind: int
    ) -> tuple[int, bytes]:
        if request.op_code not in (
            OpCode.GET_MEASUREMENT_SETTINGS,
            OpCode.REQUEST_MEASUREMENT_START,
            OpCode.STOP_MEASUREMENT,
        ):
            return ResponseStatus.ERROR_INVALID_OP_CODE, b""
        offered = next((v for t, v in OFFERED.items() if t == kind), None)
        if offered is None:
            return ResponseStatus.ERROR_NOT_SUPPORTED, b""
        if request.op_code == OpCode.GET_MEASUREMENT_SETTINGS:
            return ResponseStatus.SUCCESS, bytes(offered)
        if kind != MeasurementType.ACC:
            return ResponseStatus.ERROR_NOT_SUPPORTED, b""  # only the accelerometer is emulated
        if request.op_code == OpCode.STOP_MEASUREMENT:
            if self.acc is None:
                return ResponseStatus.ERROR_ALREADY_IN_STATE, b""
            self.acc = None
            return ResponseStatus.SUCCESS, b""
        return self._start(connection, request.settings)

    def _start(self, connection: Connection, chosen: PmdSettings) -> tuple[int, bytes]:
        if self.acc is not None:
            return ResponseStatus.ERROR_ALREADY_IN_STATE, b""
        if connection.att_mtu < PMD_MIN_ATT_MTU:
            return ResponseStatus.ERROR_INVALID_MTU, b""
        if len(chosen.sample_rates_hz) != 1 or chosen.sample_rates_hz[0] not in (
            ACC_SETTINGS.sample_rates_hz
        ):
            return ResponseStatus.ERROR_INVALID_SAMPLE_RATE, b""
        if chosen.resolutions_bits != ACC_SETTINGS.resolutions_bits:
            return ResponseStatus.ERROR_INVALID_RESOLUTION, b""
        if len(chosen.ranges) > 1 or any(r not in ACC_SETTINGS.ranges for r in chosen.ranges):
            return ResponseStatus.ERROR_INVALID_RANGE, b""
        self.acc = _AccStream(chosen.sample_rates_hz[0])
        self.starts += 1
        return ResponseStatus.SUCCESS, bytes(PmdSettings(factors=(ACC_FACTOR,)))

    # -- the accelerometer ---------------------------------------------------------------

    def _synth(self, sample_rate_hz: int) -> WalkSynth:
        synth = self._synths.get(sample_rate_hz)
        if synth is None:
            synth = self._synths[sample_rate_hz] = WalkSynth(sample_rate_hz, seed=self.seed)
        return synth

    async def send_walk(self, steps: int, duration_s: float, end_ms: int) -> int:
        """Walk ``steps`` steps over the ``duration_s`` that end at ``end_ms`` (Unix ms) and
        stream the accelerometer's frames of it; returns how many were sent (0 when no
        stream runs: the steps happen all the same, unseen)."""
        acc = self.acc
        rate = acc.sample_rate_hz if acc is not None else ACC_SETTINGS.sample_rates_hz[1]
        synth = self._synth(rate)
        start_sample = synth.samples_rendered
        samples = np.rint(synth.render(Stretch(duration_s, steps))).astype(np.int64)
        self.steps_rendered += steps
        if acc is None or self.acc is not acc or samples.shape[0] == 0:
            return 0
        per_frame = self._frame_samples()
        sent = 0
        start_ms = end_ms - duration_s * 1000
        for first in range(0, samples.shape[0], per_frame):
            chunk = samples[first : first + per_frame]
            last_sample = start_sample + first + chunk.shape[0] - 1
            frame_type, compressed = FRAME_CYCLE[acc.frames_sent % len(FRAME_CYCLE)]
            acc.frames_sent += 1
            frame = pmd_data.encode_acc_frame(
                self._sensor_time_ns(start_ms, last_sample - start_sample, rate),
                chunk,
                frame_type=frame_type,
                compressed=compressed,
            )
            sent += await self.notify(self.pmd_data, frame)
        self.frames_sent += sent
        return sent

    def _frame_samples(self) -> int:
        """Samples a frame holds: an H10's 36, fewer if the central's MTU is smaller."""
        room = self.max_notification_bytes() - pmd_data.FRAME_HEADER.size
        return max(1, min(FRAME_MAX_SAMPLES, room // (2 * pmd_data.ACC_CHANNELS)))

    @staticmethod
    def _sensor_time_ns(start_ms: float, index: int, sample_rate_hz: int) -> int:
        """The sensor's clock (ns since 2000-01-01) at sample ``index`` of a stretch."""
        unix_ns = round(start_ms * NS_PER_MS + index * 1e9 / sample_rate_hz)
        return max(unix_ns - pmd.POLAR_EPOCH_UNIX_NS, 0)
