"""Shared pieces of the FIT reader (:mod:`tracker.formats.fit`): field values as the SDK's
decoder hands them over, and what each kind of message adds before it becomes minutes.

The decoder runs with types left as numbers and times left as FIT seconds, so a field is
an ``int`` or a ``float`` — but a damaged or hostile file can define any field with any
base type and size, so a "heart rate" may arrive as a list or a string. Every value is
checked here before it is used, and values out of their field's own range are treated as
missing: nothing downstream has to guard against them again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tracker.domain.units import SECONDS_PER_MINUTE

# A decoded message: field name (an int for fields the profile does not know) -> value.
Message = dict[Any, Any]
# The decoder's messages in file order, as (global message number, message).
Messages = list[tuple[int, Message]]

# FIT time zero, 1989-12-31T00:00:00Z, in Unix seconds (the SDK's FIT_EPOCH_S).
FIT_EPOCH_S = 631_065_600
# FIT's date_time values below this are seconds since the device powered up, not dates
# (the profile's date_time type, "min").
FIT_MIN_DATE_TIME = 0x10000000
UINT32_LIMIT = 1 << 32
# The largest uint8, the type of heart-rate and cadence fields: a larger value is not one.
UINT8_MAX = 255.0
# The creator of the file: the device that recorded it (profile type device_index).
CREATOR = 0
MAX_DEVICE_INDEX = 0xFE


def number(value: object, low: float = 0.0, high: float = float(UINT32_LIMIT)) -> float | None:
    """A numeric field value within ``[low, high]``; None for missing, lists, text, NaN."""
    # Exact types: the decoder makes plain ints and floats (and a bool is no number here).
    if type(value) is int or type(value) is float:
        result = float(value)
        return result if low <= result <= high else None
    return None


def whole(value: object) -> int | None:
    """An integer field (an enum, a count, a 16-bit time); None for anything else."""
    return value if type(value) is int else None


def fit_time(value: object) -> int | None:
    """A ``date_time`` field (FIT seconds) that is a real date, else None."""
    if type(value) is int and FIT_MIN_DATE_TIME <= value < UINT32_LIMIT:
        return value
    return None


def device_index(message: Message) -> int:
    """The device a message's data comes from; the creator unless it says otherwise (in
    the range of the profile's device_index, a uint8)."""
    index = whole(message.get("device_index"))
    return index if index is not None and 0 <= index <= MAX_DEVICE_INDEX else CREATOR


def values(value: object) -> list[object]:
    """An array field as a list: the decoder gives a one-element array as a scalar."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


@dataclass(frozen=True, slots=True, eq=False)
class Samples:
    """One device's data from one kind of message, before it becomes minutes: steps
    already per minute (not yet whole numbers), heart rate as single readings."""

    step_minute_s: npt.NDArray[np.int64]  # minute start, Unix seconds, one per step count
    steps: npt.NDArray[np.float64]  # steps counted in that minute
    hr_time_s: npt.NDArray[np.float64]  # when a heart-rate reading was taken, Unix seconds
    hr_bpm: npt.NDArray[np.float64]  # the reading

    @staticmethod
    def of(
        step_minute_s: list[int] | npt.NDArray[np.int64],
        steps: list[float] | npt.NDArray[np.float64],
        hr_time_s: list[float] | npt.NDArray[np.float64],
        hr_bpm: list[float] | npt.NDArray[np.float64],
    ) -> Samples:
        return Samples(
            np.asarray(step_minute_s, np.int64),
            np.asarray(steps, np.float64),
            np.asarray(hr_time_s, np.float64),
            np.asarray(hr_bpm, np.float64),
        )

    @staticmethod
    def join(parts: list[Samples]) -> Samples:
        return Samples.of(
            np.concatenate([p.step_minute_s for p in parts]),
            np.concatenate([p.steps for p in parts]),
            np.concatenate([p.hr_time_s for p in parts]),
            np.concatenate([p.hr_bpm for p in parts]),
        )


def unix_s(fit_s: float) -> float:
    return fit_s + FIT_EPOCH_S


def minute_of(unix_time_s: float) -> int:
    """The start of the minute an instant falls in, Unix seconds."""
    return math.floor(unix_time_s / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE
