"""Device Information service (0x180A): the UTF-8 string characteristics.

Each is a ``utf8s`` value. Some firmwares pad it with NUL bytes (fixed-size buffers), so
trailing NULs are stripped; bytes that are not valid UTF-8 are malformed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.ble.uuids import uuid16
from tracker.domain.errors import MalformedPayload

DEVICE_INFORMATION_SERVICE_UUID = uuid16(0x180A)


@dataclass(frozen=True, slots=True)
class DeviceInformationString:
    """One string characteristic: its UUID, how people write it and its JSON key."""

    uuid: str
    label: str
    key: str  # snake_case spec name; the key ``tracker decode`` prints


MANUFACTURER_NAME = DeviceInformationString(uuid16(0x2A29), "2A29", "manufacturer_name")
MODEL_NUMBER = DeviceInformationString(uuid16(0x2A24), "2A24", "model_number")
SERIAL_NUMBER = DeviceInformationString(uuid16(0x2A25), "2A25", "serial_number")
FIRMWARE_REVISION = DeviceInformationString(uuid16(0x2A26), "2A26", "firmware_revision")
HARDWARE_REVISION = DeviceInformationString(uuid16(0x2A27), "2A27", "hardware_revision")
SOFTWARE_REVISION = DeviceInformationString(uuid16(0x2A28), "2A28", "software_revision")

DEVICE_INFORMATION_STRINGS: tuple[DeviceInformationString, ...] = (
    MANUFACTURER_NAME,
    MODEL_NUMBER,
    SERIAL_NUMBER,
    FIRMWARE_REVISION,
    HARDWARE_REVISION,
    SOFTWARE_REVISION,
)


def decode_string(label: str, data: bytes | bytearray) -> str:
    """Decode a ``utf8s`` value; ``label`` (e.g. ``"2A29"``) names it in the error."""
    try:
        return data.rstrip(b"\0").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedPayload(
            label, f"byte {exc.start} is not valid UTF-8 ({exc.reason})"
        ) from exc


def encode_string(text: str) -> bytes:
    return text.encode("utf-8")
