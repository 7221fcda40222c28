"""Heart Rate service (0x180D): Heart Rate Measurement (0x2A37), Body Sensor Location (0x2A38).

Encoding and decoding side by side, after bumble's ``profiles/heart_rate_service.py``,
but strict: a payload whose flags announce a field that is missing or cut short, or that
leaves a stray byte, raises :class:`~tracker.domain.errors.MalformedPayload` and nothing else.

Layout (Heart Rate Service 1.0, 3.1.1; little-endian)::

    flags u8 · rate u8 | u16 · [energy expended u16 kJ] · [RR-interval u16 × n, 1/1024 s]

InfiniTime sends flags 0: ``00 48`` is 72 bpm with contact detection not supported.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass

from tracker.ble.codec import (
    UINT8_MAX,
    UINT16_MAX,
    byte_count,
    bytes_left,
    flags_where,
    slot_setter,
)
from tracker.ble.uuids import uuid16
from tracker.domain.errors import MalformedPayload

HEART_RATE_SERVICE_UUID = uuid16(0x180D)
HEART_RATE_MEASUREMENT_UUID = uuid16(0x2A37)
BODY_SENSOR_LOCATION_UUID = uuid16(0x2A38)

HEART_RATE_MEASUREMENT_LABEL = "2A37"
BODY_SENSOR_LOCATION_LABEL = "2A38"

# RR-intervals are sent in units of 1/1024 s (HRS 1.0, 3.1.1.5).
RR_INTERVAL_UNITS_PER_S = 1024
# Bits 5-7 of the flags are reserved for future use; receivers ignore them (Core spec
# "RFU" rule), so a future strap still decodes.
_DEFINED_FLAGS_MASK = 0x1F


class HeartRateFlags(enum.IntFlag):
    """The flag bits of Heart Rate Measurement, spec names."""

    HEART_RATE_VALUE_FORMAT_UINT16 = 1 << 0
    SENSOR_CONTACT_DETECTED = 1 << 1
    SENSOR_CONTACT_SUPPORTED = 1 << 2
    ENERGY_EXPENDED_PRESENT = 1 << 3
    RR_INTERVAL_PRESENT = 1 << 4


# Plain ints for the hot path: IntFlag arithmetic is several times slower than int's.
_F_UINT16 = int(HeartRateFlags.HEART_RATE_VALUE_FORMAT_UINT16)
_F_CONTACT_DETECTED = int(HeartRateFlags.SENSOR_CONTACT_DETECTED)
_F_CONTACT_SUPPORTED = int(HeartRateFlags.SENSOR_CONTACT_SUPPORTED)
_F_ENERGY = int(HeartRateFlags.ENERGY_EXPENDED_PRESENT)
_F_RR = int(HeartRateFlags.RR_INTERVAL_PRESENT)


def _malformed(problem: str) -> MalformedPayload:
    return MalformedPayload(HEART_RATE_MEASUREMENT_LABEL, problem)


@dataclass(frozen=True, slots=True)
class _Layout:
    """How one (flags, payload length) pair unpacks: a whole-payload Struct, built once."""

    unpacker: struct.Struct
    sensor_contact: bool | None
    energy_index: int  # index of energy expended in the unpacked tuple, 0 if absent
    rr_index: int  # index of the first RR-interval in the unpacked tuple
    uint16_format: bool


# Valid layouts seen so far, keyed by ``size << 5 | flags``. A strap uses a handful; the
# bound only matters when fuzzing throws every length at the decoder.
_LAYOUT_CACHE_MAX_ENTRIES = 1024
_layouts: dict[int, _Layout] = {}


def _layout(flags: int, size: int) -> _Layout:
    """Check a payload's length against its flags; raises MalformedPayload if they disagree."""
    layout = _build_layout(flags, size)
    if len(_layouts) < _LAYOUT_CACHE_MAX_ENTRIES:
        _layouts[size << 5 | flags] = layout
    return layout


def _build_layout(flags: int, size: int) -> _Layout:
    left = size - 1
    fmt = "<B"
    if flags & _F_UINT16:
        if left < 2:
            raise _malformed(f"flags announce a uint16 heart rate but {bytes_left(left)}")
        fmt += "H"
        left -= 2
    else:
        if left < 1:
            raise _malformed("no heart rate value after the flags")
        fmt += "B"
        left -= 1
    energy_index = 0
    if flags & _F_ENERGY:
        if left < 2:
            raise _malformed(f"flags announce energy expended but {bytes_left(left)}")
        energy_index = 2
        fmt += "H"
        left -= 2
    rr_index = len(fmt) - 1  # one unpacked value per format letter after "<"
    if flags & _F_RR:
        if left == 0:
            raise _malformed("flags announce RR intervals but none follow")
        if left % 2:
            raise _malformed(
                f"flags announce RR intervals but {bytes_left(left)} "
                "(each RR interval takes 2 bytes)"
            )
        fmt += f"{left // 2}H"
        left = 0
    if left:
        raise _malformed(f"{byte_count(left)} left over after the last field the flags announce")
    contact = bool(flags & _F_CONTACT_DETECTED) if flags & _F_CONTACT_SUPPORTED else None
    return _Layout(struct.Struct(fmt), contact, energy_index, rr_index, bool(flags & _F_UINT16))


@dataclass(frozen=True, slots=True)
class HeartRateMeasurement:
    """One Heart Rate Measurement notification.

    ``sensor_contact`` is None when the strap does not support contact detection.
    ``rr_intervals_raw`` are in 1/1024 s as on the wire (exact); ``rr_intervals_s`` gives
    seconds. ``uint16_format`` keeps a sender's choice of a 16-bit rate below 256 so that
    decoding and re-encoding give the same bytes; encoding uses 16 bits when needed anyway.
    """

    heart_rate_bpm: int
    sensor_contact: bool | None = None
    energy_expended_kj: int | None = None
    rr_intervals_raw: tuple[int, ...] = ()
    uint16_format: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.heart_rate_bpm <= UINT16_MAX:
            raise ValueError(f"heart_rate_bpm {self.heart_rate_bpm} is outside 0..{UINT16_MAX}")
        if self.energy_expended_kj is not None and not (0 <= self.energy_expended_kj <= UINT16_MAX):
            raise ValueError(
                f"energy_expended_kj {self.energy_expended_kj} is outside 0..{UINT16_MAX}"
            )
        for rr in self.rr_intervals_raw:
            if not 0 <= rr <= UINT16_MAX:
                raise ValueError(f"RR interval {rr}/1024 s is outside 0..{UINT16_MAX}")

    @classmethod
    def from_values(
        cls,
        heart_rate_bpm: int,
        *,
        sensor_contact: bool | None = None,
        energy_expended_kj: int | None = None,
        rr_intervals_s: tuple[float, ...] = (),
    ) -> HeartRateMeasurement:
        """Build from RR-intervals in seconds, rounded to the wire's 1/1024 s."""
        return cls(
            heart_rate_bpm,
            sensor_contact,
            energy_expended_kj,
            tuple(round(rr * RR_INTERVAL_UNITS_PER_S) for rr in rr_intervals_s),
        )

    @property
    def rr_intervals_s(self) -> tuple[float, ...]:
        """RR-intervals in seconds: raw / 1024, exact in binary floating point."""
        return tuple(rr / RR_INTERVAL_UNITS_PER_S for rr in self.rr_intervals_raw)

    @property
    def flags(self) -> HeartRateFlags:
        uint16 = self.uint16_format or self.heart_rate_bpm > UINT8_MAX
        return flags_where(
            HeartRateFlags(0),
            (HeartRateFlags.HEART_RATE_VALUE_FORMAT_UINT16, uint16),
            (HeartRateFlags.SENSOR_CONTACT_SUPPORTED, self.sensor_contact is not None),
            (HeartRateFlags.SENSOR_CONTACT_DETECTED, self.sensor_contact is True),
            (HeartRateFlags.ENERGY_EXPENDED_PRESENT, self.energy_expended_kj is not None),
            (HeartRateFlags.RR_INTERVAL_PRESENT, bool(self.rr_intervals_raw)),
        )

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> HeartRateMeasurement:
        """Decode a notification; raises MalformedPayload if it breaks the layout."""
        if not data:
            raise _malformed("the payload is empty (expected flags and a heart rate)")
        flags = data[0] & _DEFINED_FLAGS_MASK
        size = len(data)
        layout = _layouts.get(size << 5 | flags) or _layout(flags, size)
        values = layout.unpacker.unpack(data)
        # Every wire value is in range by construction (u16 at most), so skip __init__'s
        # checks and frozen __setattr__: this halves the cost of a decode (bench/decode.py).
        self = _new(cls)
        _set_rate(self, values[1])
        _set_contact(self, layout.sensor_contact)
        _set_energy(self, values[layout.energy_index] if layout.energy_index else None)
        _set_rr(self, values[layout.rr_index :])
        _set_uint16(self, layout.uint16_format)
        return self

    def __bytes__(self) -> bytes:
        flags = self.flags
        rate_format = "H" if flags & HeartRateFlags.HEART_RATE_VALUE_FORMAT_UINT16 else "B"
        fields: list[int] = [flags, self.heart_rate_bpm]
        fmt = "<B" + rate_format
        if self.energy_expended_kj is not None:
            fmt += "H"
            fields.append(self.energy_expended_kj)
        fmt += f"{len(self.rr_intervals_raw)}H"
        fields.extend(self.rr_intervals_raw)
        return struct.pack(fmt, *fields)


# Slot setters of HeartRateMeasurement, for from_bytes's fast path.
_new = object.__new__
_set_rate = slot_setter(HeartRateMeasurement, "heart_rate_bpm")
_set_contact = slot_setter(HeartRateMeasurement, "sensor_contact")
_set_energy = slot_setter(HeartRateMeasurement, "energy_expended_kj")
_set_rr = slot_setter(HeartRateMeasurement, "rr_intervals_raw")
_set_uint16 = slot_setter(HeartRateMeasurement, "uint16_format")


class BodySensorLocation(enum.IntEnum):
    """Body Sensor Location (0x2A38) values; 7-255 are reserved for future use."""

    OTHER = 0
    CHEST = 1
    WRIST = 2
    FINGER = 3
    HAND = 4
    EAR_LOBE = 5
    FOOT = 6


def decode_body_sensor_location(data: bytes | bytearray) -> int:
    """The location code (see :class:`BodySensorLocation`); exactly one byte."""
    if len(data) != 1:
        raise MalformedPayload(
            BODY_SENSOR_LOCATION_LABEL, f"expected 1 byte, got {byte_count(len(data))}"
        )
    return data[0]


def encode_body_sensor_location(location: int) -> bytes:
    if not 0 <= location <= UINT8_MAX:
        raise ValueError(f"body sensor location {location} is outside 0..{UINT8_MAX}")
    return bytes((location,))
