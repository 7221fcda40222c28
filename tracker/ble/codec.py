"""What the characteristic codecs share: the bounds of unsigned wire fields, the wording
of a payload's length problems, the flags byte of an encoded value, and the raw slot
setter of their fast decoders."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

Flags = TypeVar("Flags", bound=enum.IntFlag)

UINT8_MAX = 0xFF
UINT16_MAX = 0xFFFF
UINT32_MAX = 0xFFFF_FFFF


def byte_count(count: int) -> str:
    """``1 byte``, ``3 bytes``."""
    return f"{count} byte" if count == 1 else f"{count} bytes"


def bytes_left(count: int) -> str:
    """``"1 byte is left"``, ``"3 bytes are left"``: for messages about what follows."""
    return (
        "no byte is left"
        if count == 0
        else f"{byte_count(count)} {'is' if count == 1 else 'are'} left"
    )


def flags_where(none: Flags, *conditions: tuple[Flags, bool]) -> Flags:
    """The flags byte that announces a value's fields: each flag whose condition holds
    (a field that is present, a status that is set)."""
    flags = none
    for flag, holds in conditions:
        if holds:
            flags |= flag
    return flags


def slot_setter(cls: type, name: str) -> Callable[[object, object], None]:
    """The raw slot setter of a frozen, slotted dataclass field.

    Decoders use it to build results from wire values that are in range by construction,
    skipping ``__init__``'s checks and the frozen ``__setattr__`` (the bulk of a decode's
    cost, see bench/decode.py). Never use it for values that come from anywhere else.
    """
    setter: Callable[[object, object], None] = vars(cls)[name].__set__
    return setter
