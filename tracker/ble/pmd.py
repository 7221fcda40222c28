"""Polar Measurement Data (PMD) service: control point and data frames (H10, OH1, Verity Sense).

Encoding and decoding side by side, after bumble's profiles, strict: any bytes either
decode or raise :class:`~tracker.domain.errors.MalformedPayload`, nothing else.

Sources: Polar's "Polar Measurement Data Specification for 3rd Party" and the Polar BLE
SDK (``BlePMDClient.kt``, ``PmdControlPointResponse.kt``, ``PmdSetting.kt``,
``PmdDataFrame.kt``, ``model/AccData.kt`` and their unit tests), which this module follows
byte for byte. Every multi-byte field is little-endian.

Control point (``…5C81``; read, write, indicate)::

    read      0x0F · supported types, bit field (bit n = measurement type n) · RFU…
    request   op code u8 · [recording type (bit 7: offline) | measurement type] · settings
    settings  (setting type u8 · count u8 · value × count)…   value: 2 bytes, except
              RANGE_MILLIUNIT (4, signed), CHANNELS (1) and FACTOR (4, IEEE-754 float)
    response  0xF0 · op code · measurement type · status · [more u8] · [parameters]
    from the sensor on its own: 0x01 (measurement stopped) · measurement types…

Data (``…5C82``; notify)::

    measurement type u8 · timestamp u64 (ns since 2000-01-01T00:00:00Z, of the frame's
    last sample) · frame type u8 (bit 7: compressed) · content

Accelerometer content, three channels (x, y, z). Raw frame types 0, 1, 2: signed 8-, 16-
or 24-bit samples in mG. Compressed ("delta") frame types: a reference sample (16-bit
signed per channel), then blocks of ``delta width u8 · sample count u8 ·
ceil(width × count × 3 / 8) bytes``; the block's bits are read least significant bit
first, byte after byte, as ``count × 3`` signed ``width``-bit deltas (x, y, z, x, …), each
added to the previous sample. Compressed type 1 is in mG (times the stream's factor when
the sensor gave one), compressed type 0 in G times the factor (``AccData.kt``).
"""

from __future__ import annotations

import enum
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from tracker.domain.errors import MalformedPayload

PMD_SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
PMD_CONTROL_POINT_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
PMD_DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"
PMD_CONTROL_POINT_LABEL = "PMD control point"
PMD_DATA_LABEL = "PMD data"

# Sensor time is nanoseconds since 2000-01-01T00:00:00Z (Polar's TimeSystemExplained.md).
POLAR_EPOCH_UNIX_NS = 946_684_800_000_000_000

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
MEASUREMENT_TYPE_MASK = 0x3F
# Frame type byte: bit 7 set = compressed (delta) frame, the rest is the frame type.
COMPRESSED_FRAME_BIT = 0x80
FRAME_TYPE_MASK = 0x7F

FRAME_HEADER = struct.Struct("<BQB")  # measurement type, timestamp, frame type
ACC_CHANNELS = 3
# Compressed ACC frames carry 16-bit reference samples (AccData.kt, TYPE_1_SAMPLE_SIZE).
ACC_COMPRESSED_RESOLUTION_BITS = 16
# Bytes per channel of the raw ACC frame types 0, 1 and 2.
ACC_RAW_SAMPLE_BYTES: Final = {0: 1, 1: 2, 2: 3}
ACC_COMPRESSED_FRAME_TYPES = (0, 1)
# A delta block header is its delta width (bits) and its sample count, one byte each.
DELTA_BLOCK_HEADER_BYTES = 2
# Polar's parser keeps samples in 32-bit ints: wider deltas cannot come from a sensor.
DELTA_WIDTH_MAX_BITS = 32
DELTA_BLOCK_MAX_SAMPLES = 0xFF
MG_PER_G = 1000.0
BITS_PER_BYTE = 8
UINT8_MAX = 0xFF


class MeasurementType(enum.IntEnum):
    """PMD measurement types (``PmdMeasurementType.kt``)."""

    ECG = 0
    PPG = 1
    ACC = 2
    PPI = 3
    GYRO = 5
    MAGNETOMETER = 6
    SKIN_TEMPERATURE = 7
    SDK_MODE = 9
    LOCATION = 10
    PRESSURE = 11
    TEMPERATURE = 12
    OFFLINE_RECORDING = 13
    OFFLINE_HR = 14


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


def _bytes(count: int) -> str:
    return f"{count} byte" if count == 1 else f"{count} bytes"


def _type_name(code: int) -> str:
    try:
        return MeasurementType(code).name
    except ValueError:
        return f"type {code}"


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
                    f"{setting.name} announces {count} values of {_bytes(value.size)} but "
                    f"{_bytes(size - offset)} follow",
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
                f"got {_bytes(len(data))}",
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
            f"a feature read needs at least 3 bytes, got {_bytes(len(data))}",
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


# -- data frames ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameHeader:
    """The 10-byte header of every PMD data notification."""

    measurement_type: int
    timestamp_ns: int  # sensor time of the frame's last sample, ns since 2000-01-01
    frame_type: int  # 0..127, without the compressed bit
    compressed: bool

    @property
    def timestamp_unix_ns(self) -> int:
        return self.timestamp_ns + POLAR_EPOCH_UNIX_NS

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> FrameHeader:
        if len(data) < FRAME_HEADER.size:
            raise MalformedPayload(
                PMD_DATA_LABEL,
                f"a frame needs a {FRAME_HEADER.size}-byte header, got {_bytes(len(data))}",
            )
        measurement, timestamp, frame_type = FRAME_HEADER.unpack_from(data)
        return cls(
            measurement & MEASUREMENT_TYPE_MASK,
            timestamp,
            frame_type & FRAME_TYPE_MASK,
            bool(frame_type & COMPRESSED_FRAME_BIT),
        )

    def __bytes__(self) -> bytes:
        frame_type = self.frame_type | (COMPRESSED_FRAME_BIT if self.compressed else 0)
        return FRAME_HEADER.pack(self.measurement_type, self.timestamp_ns, frame_type)


AccSamples = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class AccFrame:
    """An accelerometer frame: ``samples`` is (n, 3), x y z, in the frame's own units
    (see :meth:`samples_mg`). Compare with :func:`numpy.array_equal` on ``samples``."""

    header: FrameHeader
    samples: AccSamples

    def samples_mg(self, factor: float | None = None) -> npt.NDArray[np.float64]:
        """The samples in mG. ``factor``: what the start response gave (None: 1)."""
        scale = 1.0 if factor is None else float(factor)
        if self.header.compressed and self.header.frame_type == 0:
            scale *= MG_PER_G  # compressed type 0 counts G times the factor
        elif not self.header.compressed:
            scale = 1.0  # raw frames are mG whatever the factor
        return self.samples.astype(np.float64) * scale


def _signed(values: npt.NDArray[np.int64], width: int) -> npt.NDArray[np.int64]:
    """Two's complement sign extension of ``width``-bit unsigned values."""
    sign = 1 << (width - 1)
    result: npt.NDArray[np.int64] = (values ^ sign) - sign
    return result


# Bit weights 1, 2, 4, … of a delta of each width, built once.
_BIT_WEIGHTS = tuple(
    np.left_shift(np.int64(1), np.arange(width, dtype=np.int64))
    for width in range(DELTA_WIDTH_MAX_BITS + 1)
)


def _raw_samples(content: bytes, frame_type: int) -> AccSamples:
    width = ACC_RAW_SAMPLE_BYTES[frame_type]
    stride = width * ACC_CHANNELS
    if not content or len(content) % stride:
        raise MalformedPayload(
            PMD_DATA_LABEL,
            f"raw ACC frame type {frame_type} carries {stride}-byte samples, "
            f"but {_bytes(len(content))} follow the header",
        )
    values = _unsigned_le(content, width)
    return _signed(values, BITS_PER_BYTE * width).reshape(-1, ACC_CHANNELS)


def _delta_samples(content: bytes, channels: int, resolution_bits: int) -> AccSamples:
    """A compressed frame's content: the reference sample, then every delta block."""
    ref_bytes = math.ceil(resolution_bits / BITS_PER_BYTE)
    head = ref_bytes * channels
    if len(content) < head:
        raise MalformedPayload(
            PMD_DATA_LABEL,
            f"a compressed frame starts with a {head}-byte reference sample, "
            f"got {_bytes(len(content))}",
        )
    ref = _signed(_unsigned_le(content[:head], ref_bytes), resolution_bits).reshape(1, channels)
    blocks: list[npt.NDArray[np.int64]] = []
    offset = head
    size = len(content)
    while offset < size:
        if size - offset < DELTA_BLOCK_HEADER_BYTES:
            raise MalformedPayload(
                PMD_DATA_LABEL, f"a delta block at byte {offset} has no sample count"
            )
        width, count = content[offset], content[offset + 1]
        if not 1 <= width <= DELTA_WIDTH_MAX_BITS:
            raise MalformedPayload(
                PMD_DATA_LABEL,
                f"a delta block at byte {offset} has a width of {width} bits "
                f"(1..{DELTA_WIDTH_MAX_BITS})",
            )
        offset += DELTA_BLOCK_HEADER_BYTES
        bits = width * count * channels
        length = -(-bits // BITS_PER_BYTE)
        if offset + length > size:
            raise MalformedPayload(
                PMD_DATA_LABEL,
                f"a delta block of {count} samples × {width} bits needs {_bytes(length)}, "
                f"{_bytes(size - offset)} follow",
            )
        if count:
            block = np.frombuffer(content, dtype=np.uint8, count=length, offset=offset)
            flat = np.unpackbits(block, bitorder="little")[:bits].reshape(-1, width)
            blocks.append(_signed(flat.dot(_BIT_WEIGHTS[width]), width))
        offset += length
    if not blocks:
        return ref
    # The reference, then each delta added to the sample before it: one cumulative sum.
    blocks.insert(0, ref.reshape(-1))
    samples: AccSamples = np.cumsum(np.concatenate(blocks).reshape(-1, channels), axis=0)
    return samples


def _unsigned_le(data: bytes, width: int) -> npt.NDArray[np.int64]:
    """Consecutive ``width``-byte little-endian unsigned integers."""
    if width in _UNSIGNED_DTYPES:
        values: npt.NDArray[np.int64] = np.frombuffer(data, _UNSIGNED_DTYPES[width]).astype(
            np.int64
        )
        return values
    raw = np.frombuffer(data, dtype=np.uint8).reshape(-1, width).astype(np.int64)
    values = raw[:, 0]
    for i in range(1, width):
        values = values | raw[:, i] << (BITS_PER_BYTE * i)
    return values


_UNSIGNED_DTYPES: Final[dict[int, np.dtype[np.unsignedinteger]]] = {
    1: np.dtype("u1"),
    2: np.dtype("<u2"),
    4: np.dtype("<u4"),
}


def decode_acc_frame(data: bytes | bytearray) -> AccFrame:
    """Decode an accelerometer notification; raises MalformedPayload for anything else."""
    header = FrameHeader.from_bytes(data)
    if header.measurement_type != MeasurementType.ACC:
        raise MalformedPayload(
            PMD_DATA_LABEL,
            f"expected an accelerometer frame, got {_type_name(header.measurement_type)}",
        )
    content = bytes(data[FRAME_HEADER.size :])
    if header.compressed:
        if header.frame_type not in ACC_COMPRESSED_FRAME_TYPES:
            raise MalformedPayload(
                PMD_DATA_LABEL, f"compressed ACC frame type {header.frame_type} is not known"
            )
        samples = _delta_samples(content, ACC_CHANNELS, ACC_COMPRESSED_RESOLUTION_BITS)
    else:
        if header.frame_type not in ACC_RAW_SAMPLE_BYTES:
            raise MalformedPayload(
                PMD_DATA_LABEL, f"raw ACC frame type {header.frame_type} is not known"
            )
        samples = _raw_samples(content, header.frame_type)
    return AccFrame(header, samples)


# -- encoding data frames (the emulated sensor, tests) -------------------------------------


def delta_width_bits(deltas: npt.NDArray[np.int64]) -> int:
    """The fewest bits that hold every value of ``deltas`` as two's complement (≥ 1)."""
    if deltas.size == 0:
        return 1
    low, high = int(deltas.min()), int(deltas.max())
    return max(1, (max(high, -low - 1)).bit_length() + 1)


def encode_acc_frame(
    timestamp_ns: int,
    samples: npt.ArrayLike,
    *,
    frame_type: int = 1,
    compressed: bool = True,
    block_samples: int = DELTA_BLOCK_MAX_SAMPLES,
    blocks: Sequence[tuple[int, int]] | None = None,
) -> bytes:
    """An ACC notification holding ``samples`` (n × 3 ints in the frame's units).

    Compressed: a reference sample, then the deltas in blocks of up to ``block_samples``,
    each as narrow as its largest delta allows; or, with ``blocks``, exactly these
    ``(sample count, width in bits)`` blocks (a sensor does not always pick the narrowest
    width). Raises ValueError for values that do not fit (a bug in the caller).
    """
    values = np.asarray(samples, dtype=np.int64).reshape(-1, ACC_CHANNELS)
    if values.shape[0] == 0:
        raise ValueError("a frame needs at least one sample")
    header = FrameHeader(MeasurementType.ACC, timestamp_ns, frame_type, compressed)
    if not compressed:
        width = ACC_RAW_SAMPLE_BYTES[frame_type]
        bits = BITS_PER_BYTE * width
        if values.min() < -(1 << (bits - 1)) or values.max() >= 1 << (bits - 1):
            raise ValueError(f"samples do not fit raw frame type {frame_type}")
        little = (values.reshape(-1, 1) >> (BITS_PER_BYTE * np.arange(width))) & UINT8_MAX
        return bytes(header) + little.astype(np.uint8).tobytes()
    if frame_type not in ACC_COMPRESSED_FRAME_TYPES:
        raise ValueError(f"compressed ACC frame type {frame_type} is not known")
    resolution = ACC_COMPRESSED_RESOLUTION_BITS
    if values.min() < -(1 << (resolution - 1)) or values.max() >= 1 << (resolution - 1):
        raise ValueError("samples do not fit the 16-bit reference sample")
    ref = (values[0].reshape(-1, 1) >> np.array([0, BITS_PER_BYTE])) & UINT8_MAX
    out = bytearray(bytes(header) + ref.astype(np.uint8).tobytes())
    deltas = np.diff(values, axis=0)
    for block, width in _delta_blocks(deltas, block_samples, blocks):
        unsigned = block.reshape(-1, 1) & ((1 << width) - 1)
        flat_bits = ((unsigned >> np.arange(width)) & 1).astype(np.uint8).reshape(-1)
        out += bytes((width, block.shape[0]))
        out += np.packbits(flat_bits, bitorder="little").tobytes()
    return bytes(out)


def _delta_blocks(
    deltas: npt.NDArray[np.int64],
    block_samples: int,
    blocks: Sequence[tuple[int, int]] | None,
) -> list[tuple[npt.NDArray[np.int64], int]]:
    """Cut the deltas into (block, width) pairs, checking that each width holds its block."""
    if blocks is None:
        if not 1 <= block_samples <= DELTA_BLOCK_MAX_SAMPLES:
            raise ValueError(f"block_samples must be 1..{DELTA_BLOCK_MAX_SAMPLES}")
        counts = [block_samples] * -(-deltas.shape[0] // block_samples)
        widths: list[int | None] = [None] * len(counts)
    else:
        counts = [count for count, _ in blocks]
        widths = [width for _, width in blocks]
        if sum(counts) != deltas.shape[0]:
            raise ValueError(
                f"blocks hold {sum(counts)} deltas, the samples have {deltas.shape[0]}"
            )
    out = []
    start = 0
    for count, chosen in zip(counts, widths, strict=True):
        block = deltas[start : start + count]
        start += count
        if not 0 <= block.shape[0] <= DELTA_BLOCK_MAX_SAMPLES:
            raise ValueError(f"a block holds at most {DELTA_BLOCK_MAX_SAMPLES} samples")
        needed = delta_width_bits(block)
        width = needed if chosen is None else chosen
        if not needed <= width <= DELTA_WIDTH_MAX_BITS:
            raise ValueError(f"deltas need {needed} bits, the block has {width}")
        out.append((block, width))
    return out
