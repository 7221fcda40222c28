"""The PMD control point (``…5C81``; read, write, indicate)::

    read      0x0F · supported types, bit field (bit n = measurement type n) · RFU…
    request   op code u8 · [recording type (bit 7: offline) | measurement type] · settings
    settings  (setting type u8 · count u8 · value × count)…   value: 2 bytes, except
              RANGE_MILLIUNIT (4, signed), CHANNELS (1) and FACTOR (4, IEEE-754 float)
    response  0xF0 · op code · measurement type · status · [more u8] · [parameters]
    from the sensor on its own: 0x01 (measurement stopped) · measurement types…

Sources and conventions: :mod:`tracker.ble.pmd`.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass, field
from typing import Final

from tracker.ble.codec import UINT8_MAX, byte_count
from tracker.ble.pmd import (
    BITS_PER_BYTE,
    MEASUREMENT_TYPE_MASK,
    PMD_CONTROL_POINT_LABEL,
    MeasurementType,
)
from tracker.domain.errors import MalformedPayload

# First byte of a control point read (the feature bit field follows) and of a response.
FEATURE_READ_CODE = 0x0F
CONTROL_POINT_RESPONSE_CODE = 0xF0
# First byte of an indication the sensor sends on its own: these measurements stopped.
MEASUREMENT_STOPPED_CODE = 0x01
# A control point read is 17 bytes on the H10 and the Verity Sense (code, two bytes of
# bits, the rest reserved).
FEATURE_READ_BYTES = 17
# Bit 7 of the request's measurement byte: 1 = offline recording, 0 = online stream.
OFFLINE_RECORDING_BIT = 0x80


class OpCode(enum.IntEnum):
    """Control point op codes, client to sensor (``PmdControlPointCommand.kt``)."""

    GET_MEASUREMENT_SETTINGS = 1
    REQUEST_MEASUREMENT_START = 2
    STOP_MEASUREMENT = 3
    GET_SDK_MODE_MEASUREMENT_SETTINGS = 4
    GET_MEASUREMENT_STATUS = 5
    GET_SDK_MODE_STATUS = 6
    GET_OFFLINE_RECORDING_TRIGGER_STATUS = 7
    SET_OFFLINE_RECORDING_TRIGGER_MODE = 8
    SET_OFFLINE_RECORDING_TRIGGER_SETTINGS = 9


class ResponseStatus(enum.IntEnum):
    """Control point response status ("Control Point Error Codes" in the specification)."""

    SUCCESS = 0
    ERROR_INVALID_OP_CODE = 1
    ERROR_INVALID_MEASUREMENT_TYPE = 2
    ERROR_NOT_SUPPORTED = 3
    ERROR_INVALID_LENGTH = 4
    ERROR_INVALID_PARAMETER = 5
    ERROR_ALREADY_IN_STATE = 6
    ERROR_INVALID_RESOLUTION = 7
    ERROR_INVALID_SAMPLE_RATE = 8
    ERROR_INVALID_RANGE = 9
    ERROR_INVALID_MTU = 10
    ERROR_INVALID_NUMBER_OF_CHANNELS = 11
    ERROR_INVALID_STATE = 12
    ERROR_DEVICE_IN_CHARGER = 13
    ERROR_DISK_FULL = 14


class SettingType(enum.IntEnum):
    """Measurement setting types (``PmdSetting.kt``)."""

    SAMPLE_RATE = 0
    RESOLUTION = 1
    RANGE = 2
    RANGE_MILLIUNIT = 3
    CHANNELS = 4
    FACTOR = 5


# One value's struct per setting type (PmdSetting.typeToFieldSize).
_SETTING_VALUE: Final = {
    SettingType.SAMPLE_RATE: struct.Struct("<H"),
    SettingType.RESOLUTION: struct.Struct("<H"),
    SettingType.RANGE: struct.Struct("<H"),
    SettingType.RANGE_MILLIUNIT: struct.Struct("<i"),
    SettingType.CHANNELS: struct.Struct("<B"),
    SettingType.FACTOR: struct.Struct("<f"),
}


def status_name(status: int) -> str:
    """The specification's name of a response status (``ERROR_INVALID_SAMPLE_RATE``)."""
    try:
        return ResponseStatus(status).name
    except ValueError:
        return f"unknown status {status}"


# -- settings ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PmdSettings:
    """Measurement settings: what a sensor offers (a settings response), what a start
    request selects (one value each), or what a start response adds (the factor).

    Units: sample rate Hz, resolution bits, range ±G (ACC) or ±deg/s (gyro),
    range in milli-units, channel count, factor per least significant bit.
    """

    sample_rates_hz: tuple[int, ...] = ()
    resolutions_bits: tuple[int, ...] = ()
    ranges: tuple[int, ...] = ()
    ranges_milliunit: tuple[int, ...] = ()
    channels: tuple[int, ...] = ()
    factors: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        for setting, values in self._by_type():
            if len(values) > UINT8_MAX:
                raise ValueError(f"{setting.name}: at most {UINT8_MAX} values")
            for value in values:
                try:
                    _SETTING_VALUE[setting].pack(value)
                except struct.error:
                    raise ValueError(
                        f"{setting.name} value {value} does not fit its field"
                    ) from None

    def _by_type(self) -> tuple[tuple[SettingType, tuple[float, ...]], ...]:
        return (
            (SettingType.SAMPLE_RATE, self.sample_rates_hz),
            (SettingType.RESOLUTION, self.resolutions_bits),
            (SettingType.RANGE, self.ranges),
            (SettingType.RANGE_MILLIUNIT, self.ranges_milliunit),
            (SettingType.CHANNELS, self.channels),
            (SettingType.FACTOR, self.factors),
        )

    @property
    def factor(self) -> float | None:
        """The factor a start response gave, if any (the last one, as Polar's SDK takes)."""
        return self.factors[-1] if self.factors else None

    @classmethod
    def from_bytes(
        cls, data: bytes | bytearray, label: str = PMD_CONTROL_POINT_LABEL
    ) -> PmdSettings:
        """Parse ``(type · count · values)…``; a type given twice keeps its last list."""
        found: dict[SettingType, tuple[float, ...]] = {}
        offset = 0
        size = len(data)
        while offset < size:
            if size - offset < 2:
                raise MalformedPayload(label, f"a setting at byte {offset} has no value count")
            code, count = data[offset], data[offset + 1]
            try:
                setting = SettingType(code)
            except ValueError:
                raise MalformedPayload(
                    label, f"unknown setting type {code} at byte {offset}"
                ) from None
            value = _SETTING_VALUE[setting]
            offset += 2
            end = offset + count * value.size
            if end > size:
                raise MalformedPayload(
                    label,
                    f"{setting.name} announces {count} values of {byte_count(value.size)} but "
                    f"{byte_count(size - offset)} follow",
                )
            found[setting] = tuple(v for (v,) in value.iter_unpack(bytes(data[offset:end])))
            offset = end
        return cls(
            tuple(int(v) for v in found.get(SettingType.SAMPLE_RATE, ())),
            tuple(int(v) for v in found.get(SettingType.RESOLUTION, ())),
            tuple(int(v) for v in found.get(SettingType.RANGE, ())),
            tuple(int(v) for v in found.get(SettingType.RANGE_MILLIUNIT, ())),
            tuple(int(v) for v in found.get(SettingType.CHANNELS, ())),
            found.get(SettingType.FACTOR, ()),
        )

    def __bytes__(self) -> bytes:
        out = bytearray()
        for setting, values in self._by_type():
            if values:
                out += bytes((setting, len(values)))
                for v in values:
                    out += _SETTING_VALUE[setting].pack(v)
        return bytes(out)


# -- control point -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ControlPointRequest:
    """A control point write. ``measurement_type`` None: an op code without parameters
    (``GET_MEASUREMENT_STATUS``, ``GET_SDK_MODE_STATUS``)."""

    op_code: int
    measurement_type: int | None = None
    settings: PmdSettings = field(default_factory=PmdSettings)
    offline: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.op_code <= UINT8_MAX:
            raise ValueError(f"op code {self.op_code} is outside 0..{UINT8_MAX}")
        if self.measurement_type is not None and not (
            0 <= self.measurement_type <= MEASUREMENT_TYPE_MASK
        ):
            raise ValueError(f"measurement type {self.measurement_type} is outside 0..63")
        if self.measurement_type is None and (bytes(self.settings) or self.offline):
            raise ValueError("settings or offline need a measurement type")

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> ControlPointRequest:
        if not data:
            raise MalformedPayload(PMD_CONTROL_POINT_LABEL, "the request is empty")
        if len(data) == 1:
            return cls(data[0])
        measurement = data[1]
        settings = PmdSettings.from_bytes(data[2:])
        return cls(
            data[0],
            measurement & MEASUREMENT_TYPE_MASK,
            settings,
            bool(measurement & OFFLINE_RECORDING_BIT),
        )

    def __bytes__(self) -> bytes:
        if self.measurement_type is None:
            return bytes((self.op_code,))
        measurement = self.measurement_type | (OFFLINE_RECORDING_BIT if self.offline else 0)
        return bytes((self.op_code, measurement)) + bytes(self.settings)


def get_measurement_settings_request(measurement: int = MeasurementType.ACC) -> bytes:
    """Ask which settings the sensor offers for ``measurement`` (online stream)."""
    return bytes(ControlPointRequest(OpCode.GET_MEASUREMENT_SETTINGS, measurement))


def start_measurement_request(
    measurement: int,
    *,
    sample_rate_hz: int,
    resolution_bits: int,
    range_g: int | None = None,
    channels: int | None = None,
) -> bytes:
    """Start an online stream with one value per setting (the order Polar's SDK sends)."""
    settings = PmdSettings(
        (sample_rate_hz,),
        (resolution_bits,),
        () if range_g is None else (range_g,),
        (),
        () if channels is None else (channels,),
    )
    return bytes(ControlPointRequest(OpCode.REQUEST_MEASUREMENT_START, measurement, settings))


def stop_measurement_request(measurement: int = MeasurementType.ACC) -> bytes:
    return bytes(ControlPointRequest(OpCode.STOP_MEASUREMENT, measurement))


@dataclass(frozen=True, slots=True)
class ControlPointResponse:
    """An indication answering a request: ``0xF0 · op code · type · status · [more] · …``."""

    op_code: int
    measurement_type: int
    status: int
    more: bool = False
    parameters: bytes = b""

    def __post_init__(self) -> None:
        for name in ("op_code", "measurement_type", "status"):
            value = getattr(self, name)
            if not 0 <= value <= UINT8_MAX:
                raise ValueError(f"{name} {value} is outside 0..{UINT8_MAX}")

    @property
    def ok(self) -> bool:
        return self.status == ResponseStatus.SUCCESS

    @property
    def status_name(self) -> str:
        return status_name(self.status)

    def settings(self) -> PmdSettings:
        """The parameters as settings (settings responses, start responses)."""
        return PmdSettings.from_bytes(self.parameters)

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> ControlPointResponse:
        if len(data) < 4:
            raise MalformedPayload(
                PMD_CONTROL_POINT_LABEL,
                f"a response needs at least 4 bytes (code, op code, type, status), "
                f"got {byte_count(len(data))}",
            )
        if data[0] != CONTROL_POINT_RESPONSE_CODE:
            raise MalformedPayload(
                PMD_CONTROL_POINT_LABEL, f"a response starts with F0, not {data[0]:02X}"
            )
        more = len(data) > 4 and data[4] != 0
        return cls(data[1], data[2], data[3], more, bytes(data[5:]))

    def __bytes__(self) -> bytes:
        head = bytes((CONTROL_POINT_RESPONSE_CODE, self.op_code, self.measurement_type))
        return head + bytes((self.status, int(self.more))) + self.parameters


@dataclass(frozen=True, slots=True)
class MeasurementStopped:
    """The sensor stopped these online streams on its own (``0x01 · types…``)."""

    measurement_types: tuple[int, ...]

    def __bytes__(self) -> bytes:
        return bytes((MEASUREMENT_STOPPED_CODE, *self.measurement_types))


def decode_control_point_indication(
    data: bytes | bytearray,
) -> ControlPointResponse | MeasurementStopped:
    """Any indication of the control point: a response, or a stop the sensor decided."""
    if data and data[0] == MEASUREMENT_STOPPED_CODE:
        return MeasurementStopped(tuple(b & MEASUREMENT_TYPE_MASK for b in data[1:]))
    return ControlPointResponse.from_bytes(data)


def decode_features(data: bytes | bytearray) -> frozenset[int]:
    """The measurement types a control point read says the sensor offers."""
    if len(data) < 3:
        raise MalformedPayload(
            PMD_CONTROL_POINT_LABEL,
            f"a feature read needs at least 3 bytes, got {byte_count(len(data))}",
        )
    if data[0] != FEATURE_READ_CODE:
        raise MalformedPayload(
            PMD_CONTROL_POINT_LABEL, f"a feature read starts with 0F, not {data[0]:02X}"
        )
    bits = data[1] | data[2] << BITS_PER_BYTE
    return frozenset(t for t in range(2 * BITS_PER_BYTE) if bits >> t & 1)


def encode_features(types: frozenset[int] | set[int]) -> bytes:
    bits = 0
    for t in types:
        if not 0 <= t < 2 * BITS_PER_BYTE:
            raise ValueError(f"measurement type {t} has no feature bit")
        bits |= 1 << t
    head = bytes((FEATURE_READ_CODE, bits & UINT8_MAX, bits >> BITS_PER_BYTE))
    return head + bytes(FEATURE_READ_BYTES - len(head))
