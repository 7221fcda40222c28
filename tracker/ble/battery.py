"""Battery service (0x180F): Battery Level (0x2A19), one byte, percent 0-100."""

from __future__ import annotations

from tracker.ble.uuids import uuid16
from tracker.domain.errors import MalformedPayload

BATTERY_SERVICE_UUID = uuid16(0x180F)
BATTERY_LEVEL_UUID = uuid16(0x2A19)
BATTERY_LEVEL_LABEL = "2A19"

BATTERY_LEVEL_MAX_PERCENT = 100  # BAS 1.0, 3.1: values 101-255 are reserved


def decode_battery_level(data: bytes | bytearray) -> int:
    """Battery level in percent; raises MalformedPayload unless it is one byte, 0-100."""
    if len(data) != 1:
        count = len(data)
        raise MalformedPayload(
            BATTERY_LEVEL_LABEL, f"expected 1 byte, got {count} byte{'' if count == 1 else 's'}"
        )
    percent = data[0]
    if percent > BATTERY_LEVEL_MAX_PERCENT:
        raise MalformedPayload(
            BATTERY_LEVEL_LABEL,
            f"battery level {percent} % is above {BATTERY_LEVEL_MAX_PERCENT} %",
        )
    return percent


def encode_battery_level(percent: int) -> bytes:
    if not 0 <= percent <= BATTERY_LEVEL_MAX_PERCENT:
        raise ValueError(f"battery level {percent} is outside 0..{BATTERY_LEVEL_MAX_PERCENT}")
    return bytes((percent,))
