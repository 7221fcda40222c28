"""Bluetooth UUIDs: the SIG base UUID, one normal form, and how people write them.

The normal form is the one bleak reports (``BleakGATTCharacteristic.uuid``): the full
128-bit UUID in lower case with dashes, so a registry keyed by it matches what the
collector sees without any further conversion.
"""

from __future__ import annotations

import functools
import re
import uuid

from tracker.domain.errors import UsageError

# Bluetooth Core Specification 5.4, Vol 3, Part B, 2.5.1: a 16- or 32-bit UUID is
# shorthand for this base UUID with its first 32 bits replaced.
BLUETOOTH_BASE_UUID_SUFFIX = "-0000-1000-8000-00805f9b34fb"

_SHORT_UUID = re.compile(r"(?:0x)?([0-9a-f]{4}|[0-9a-f]{8})", re.IGNORECASE)


def uuid16(value: int) -> str:
    """The normal (128-bit) form of a 16-bit SIG UUID such as ``0x2A37``."""
    return f"{value:08x}{BLUETOOTH_BASE_UUID_SUFFIX}"


# Distinct spellings a process meets: a dozen characteristics, a few spellings each.
_NORMALIZE_CACHE_SIZE = 256


@functools.lru_cache(maxsize=_NORMALIZE_CACHE_SIZE)
def normalize_uuid(text: str) -> str:
    """Return ``text`` as a full, lower-case 128-bit UUID.

    Accepts the 16-bit short form (``2a37``, ``2A37``, ``0x2A37``), the 32-bit short
    form (``00002a37``) and any 128-bit spelling :class:`uuid.UUID` accepts (with or
    without dashes or braces, any case). Anything else raises :class:`UsageError`.
    """
    stripped = text.strip()
    short = _SHORT_UUID.fullmatch(stripped)
    if short is not None:
        return f"{int(short.group(1), 16):08x}{BLUETOOTH_BASE_UUID_SUFFIX}"
    try:
        return str(uuid.UUID(stripped))
    except ValueError:
        raise UsageError(
            f"not a Bluetooth UUID: {text!r} (give a 16-bit form like 2a37 or a full 128-bit UUID)"
        ) from None


def short_label(normal_uuid: str) -> str:
    """How people write a UUID: ``2A37`` for SIG 16-bit UUIDs, else the full form."""
    if normal_uuid.endswith(BLUETOOTH_BASE_UUID_SUFFIX) and normal_uuid.startswith("0000"):
        return normal_uuid[4:8].upper()
    return normal_uuid
