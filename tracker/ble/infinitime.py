"""InfiniTime (PineTime) Motion service: step count and raw motion values.

From InfiniTime's ``doc/MotionService.md``: step count ``00030001-…`` is a uint32 (LE),
read + notify, and resets to 0 at the watch's midnight; motion values ``00030002-…`` are
x, y, z as three int16 (LE), notify. Because the counter resets, steps are counter
deltas and a drop is a reset: see :class:`StepCounter`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from tracker.ble.codec import byte_count
from tracker.domain.errors import MalformedPayload

MOTION_SERVICE_UUID = "00030000-78fc-48fe-8e23-433b3a1942d0"
STEP_COUNT_UUID = "00030001-78fc-48fe-8e23-433b3a1942d0"
MOTION_VALUES_UUID = "00030002-78fc-48fe-8e23-433b3a1942d0"

STEP_COUNT_LABEL = "InfiniTime step count"
MOTION_VALUES_LABEL = "InfiniTime motion values"

_STEP_COUNT = struct.Struct("<I")
_MOTION_VALUES = struct.Struct("<3h")
INT16_MIN = -0x8000
INT16_MAX = 0x7FFF


def decode_step_count(data: bytes | bytearray) -> int:
    """The watch's cumulative step count since its midnight (uint32 LE, exactly 4 bytes)."""
    if len(data) != _STEP_COUNT.size:
        raise MalformedPayload(STEP_COUNT_LABEL, f"expected 4 bytes, got {byte_count(len(data))}")
    count: int = _STEP_COUNT.unpack(data)[0]
    return count


def encode_step_count(count: int) -> bytes:
    return _STEP_COUNT.pack(count)  # struct.error for a count outside uint32: a bug


@dataclass(frozen=True, slots=True)
class MotionValues:
    """Raw accelerometer values as InfiniTime sends them (device units)."""

    x: int
    y: int
    z: int

    def __post_init__(self) -> None:
        for name, value in (("x", self.x), ("y", self.y), ("z", self.z)):
            if not INT16_MIN <= value <= INT16_MAX:
                raise ValueError(f"motion value {name}={value} is outside int16")

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> MotionValues:
        if len(data) != _MOTION_VALUES.size:
            raise MalformedPayload(
                MOTION_VALUES_LABEL, f"expected 6 bytes, got {byte_count(len(data))}"
            )
        return cls(*_MOTION_VALUES.unpack(data))

    def __bytes__(self) -> bytes:
        return _MOTION_VALUES.pack(self.x, self.y, self.z)


def step_delta(previous: int | None, current: int) -> int | None:
    """Steps taken between two successive readings of a cumulative counter.

    None for the first reading (it is only a baseline). A drop means the counter was
    reset (midnight, or the watch rebooted), so the new value is the steps taken since
    the reset; steps between the last reading and the reset are unknowable. Never negative.
    """
    if previous is None:
        return None
    if current < previous:
        return current
    return current - previous


class StepCounter:
    """Turns successive step-counter readings of one device into step deltas.

    Keep one per device for the daemon's lifetime (not per connection): the first reading
    after a reconnect then yields the steps taken while disconnected.
    """

    __slots__ = ("_last",)

    def __init__(self, last: int | None = None) -> None:
        self._last = last

    @property
    def last(self) -> int | None:
        """The last counter value seen, None before the first."""
        return self._last

    def update(self, count: int) -> int | None:
        """Feed a reading; returns the steps since the previous one (None for the first)."""
        delta = step_delta(self._last, count)
        self._last = count
        return delta
