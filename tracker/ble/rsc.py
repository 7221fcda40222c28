"""Running Speed and Cadence service (0x1814): RSC Measurement (0x2A53).

Layout (RSCS 1.0, 3.1; little-endian)::

    flags u8 · speed u16 (1/256 m/s) · cadence u8 (steps/min)
    · [instantaneous stride length u16, 1/100 m] · [total distance u32, 1/10 m]

Flags: bit 0 stride length present, bit 1 total distance present, bit 2 walking (0) or
running (1). Bits 3-7 are reserved and ignored, as the spec asks of receivers.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass

from tracker.ble.codec import (
    UINT8_MAX,
    UINT16_MAX,
    UINT32_MAX,
    byte_count,
    bytes_left,
    flags_where,
    slot_setter,
)
from tracker.ble.uuids import uuid16
from tracker.domain.errors import MalformedPayload

RUNNING_SPEED_AND_CADENCE_SERVICE_UUID = uuid16(0x1814)
RSC_MEASUREMENT_UUID = uuid16(0x2A53)
RSC_MEASUREMENT_LABEL = "2A53"

SPEED_UNITS_PER_MPS = 256  # instantaneous speed is in 1/256 m/s
STRIDE_UNITS_PER_M = 100  # instantaneous stride length is in 1/100 m
DISTANCE_UNITS_PER_M = 10  # total distance is in 1/10 m
_DEFINED_FLAGS_MASK = 0x07


class RSCFlags(enum.IntFlag):
    """The flag bits of RSC Measurement, spec names."""

    INSTANTANEOUS_STRIDE_LENGTH_PRESENT = 1 << 0
    TOTAL_DISTANCE_PRESENT = 1 << 1
    WALKING_OR_RUNNING_STATUS = 1 << 2  # set: running


_F_STRIDE = int(RSCFlags.INSTANTANEOUS_STRIDE_LENGTH_PRESENT)
_F_DISTANCE = int(RSCFlags.TOTAL_DISTANCE_PRESENT)
_F_RUNNING = int(RSCFlags.WALKING_OR_RUNNING_STATUS)

_FIXED_PART_SIZE = 4  # flags, speed, cadence
_STRIDE_SIZE = 2
_DISTANCE_SIZE = 4

# One precompiled Struct per combination of the two optional fields, indexed by flags & 3.
_UNPACKERS = (
    struct.Struct("<BHB"),
    struct.Struct("<BHBH"),
    struct.Struct("<BHBI"),
    struct.Struct("<BHBHI"),
)


def _malformed(problem: str) -> MalformedPayload:
    return MalformedPayload(RSC_MEASUREMENT_LABEL, problem)


def _length_problem(flags: int, size: int) -> str:
    """Say what is wrong with a payload whose length does not match its flags."""
    if size < _FIXED_PART_SIZE:
        return (
            f"a payload of {byte_count(size)} is too short for flags, speed and cadence (4 bytes)"
        )
    left = size - _FIXED_PART_SIZE
    if flags & _F_STRIDE:
        if left < _STRIDE_SIZE:
            return f"flags announce a stride length but {bytes_left(left)}"
        left -= _STRIDE_SIZE
    if flags & _F_DISTANCE:
        if left < _DISTANCE_SIZE:
            return f"flags announce a total distance but {bytes_left(left)}"
        left -= _DISTANCE_SIZE
    return f"{byte_count(left)} left over after the last field the flags announce"


@dataclass(frozen=True, slots=True)
class RSCMeasurement:
    """One RSC Measurement notification, in wire units (exact); properties give SI units.

    ``speed_raw`` is in 1/256 m/s, ``stride_length_cm`` in cm (None if absent),
    ``total_distance_dm`` in dm (None if absent); ``running`` is False when walking.
    """

    speed_raw: int
    cadence_spm: int
    stride_length_cm: int | None = None
    total_distance_dm: int | None = None
    running: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.speed_raw <= UINT16_MAX:
            raise ValueError(f"speed_raw {self.speed_raw} is outside 0..{UINT16_MAX}")
        if not 0 <= self.cadence_spm <= UINT8_MAX:
            raise ValueError(f"cadence_spm {self.cadence_spm} is outside 0..{UINT8_MAX}")
        if self.stride_length_cm is not None and not 0 <= self.stride_length_cm <= UINT16_MAX:
            raise ValueError(f"stride_length_cm {self.stride_length_cm} is outside 0..{UINT16_MAX}")
        if self.total_distance_dm is not None and not 0 <= self.total_distance_dm <= UINT32_MAX:
            raise ValueError(
                f"total_distance_dm {self.total_distance_dm} is outside 0..{UINT32_MAX}"
            )

    @classmethod
    def from_si(
        cls,
        speed_mps: float,
        cadence_spm: int,
        *,
        stride_length_m: float | None = None,
        total_distance_m: float | None = None,
        running: bool = False,
    ) -> RSCMeasurement:
        """Build from SI values, rounded to the wire's resolution."""
        return cls(
            round(speed_mps * SPEED_UNITS_PER_MPS),
            cadence_spm,
            None if stride_length_m is None else round(stride_length_m * STRIDE_UNITS_PER_M),
            None if total_distance_m is None else round(total_distance_m * DISTANCE_UNITS_PER_M),
            running,
        )

    @property
    def speed_mps(self) -> float:
        return self.speed_raw / SPEED_UNITS_PER_MPS

    @property
    def stride_length_m(self) -> float | None:
        cm = self.stride_length_cm
        return None if cm is None else cm / STRIDE_UNITS_PER_M

    @property
    def total_distance_m(self) -> float | None:
        dm = self.total_distance_dm
        return None if dm is None else dm / DISTANCE_UNITS_PER_M

    @property
    def flags(self) -> RSCFlags:
        return flags_where(
            RSCFlags(0),
            (RSCFlags.INSTANTANEOUS_STRIDE_LENGTH_PRESENT, self.stride_length_cm is not None),
            (RSCFlags.TOTAL_DISTANCE_PRESENT, self.total_distance_dm is not None),
            (RSCFlags.WALKING_OR_RUNNING_STATUS, self.running),
        )

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> RSCMeasurement:
        """Decode a notification; raises MalformedPayload if it breaks the layout."""
        if not data:
            raise _malformed("the payload is empty (expected flags, speed and cadence)")
        flags = data[0] & _DEFINED_FLAGS_MASK
        unpacker = _UNPACKERS[flags & (_F_STRIDE | _F_DISTANCE)]
        if len(data) != unpacker.size:
            raise _malformed(_length_problem(flags, len(data)))
        values = unpacker.unpack(data)
        # Wire values are in range by construction: skip __init__ (see codec.slot_setter).
        self = _new(cls)
        _set_speed(self, values[1])
        _set_cadence(self, values[2])
        if flags & _F_STRIDE:
            _set_stride(self, values[3])
            _set_distance(self, values[4] if flags & _F_DISTANCE else None)
        else:
            _set_stride(self, None)
            _set_distance(self, values[3] if flags & _F_DISTANCE else None)
        _set_running(self, bool(flags & _F_RUNNING))
        return self

    def __bytes__(self) -> bytes:
        flags = self.flags
        fields: list[int] = [flags, self.speed_raw, self.cadence_spm]
        if self.stride_length_cm is not None:
            fields.append(self.stride_length_cm)
        if self.total_distance_dm is not None:
            fields.append(self.total_distance_dm)
        return _UNPACKERS[flags & (_F_STRIDE | _F_DISTANCE)].pack(*fields)


_new = object.__new__
_set_speed = slot_setter(RSCMeasurement, "speed_raw")
_set_cadence = slot_setter(RSCMeasurement, "cadence_spm")
_set_stride = slot_setter(RSCMeasurement, "stride_length_cm")
_set_distance = slot_setter(RSCMeasurement, "total_distance_dm")
_set_running = slot_setter(RSCMeasurement, "running")
