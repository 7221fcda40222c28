"""FIT files (Garmin, Coros, Wahoo, Polar, Suunto) as imported minutes.

``read_fit`` turns an activity file or a monitoring (daily wellness) file into one
:class:`ImportedMinutes` per device whose data the file holds (normally just the watch
that wrote it), named from ``file_id`` / ``device_info``: "Garmin Forerunner 255
(3412345678)" (:mod:`tracker.formats.fit_device`). What the messages mean is in
:mod:`tracker.formats.fit_activity` and :mod:`tracker.formats.fit_monitoring`; this module
reads the file and turns each device's readings into a minute table.

**Decoder: Garmin's own ``garmin-fit-sdk``**, not ``fitdecode``. It is generated from the
FIT profile by the format's owner with every profile release, so new devices, sports and
fields arrive with it; it checks the file's CRC; it expands sub-fields and packed
components the way the profile defines them (``monitoring.cycles`` → ``steps``,
``hr.event_timestamp_12``); and it has an Encoder, so the tests build their files with the
code that defines the format. Nothing here needed ``fitdecode``. The one gap: the SDK does
not read records with a compressed timestamp header, which a few older devices write; such
a file is refused with a message that says so. The decoder keeps enums as numbers and
times as FIT seconds (no ``datetime`` per record) and leaves ``hr`` messages to us rather
than spreading them over the records.

**Times**: FIT timestamps are UTC, seconds since 1989-12-31. A row's UTC offset is the
file's own where it states one (``activity`` or ``monitoring_info``: ``local_timestamp``
minus ``timestamp``, rounded to whole minutes; the latest statement at or before the
minute, else the first; an offset beyond ±14 h is a wrong clock and ignored), else the
offset of ``tz`` at that minute.

**Rows**: steps per minute are whole numbers, rounded with the fraction carried from minute
to minute so the total is not lost; heart rate is the mean of the minute's readings.
Readings outside 20-300 bpm and minutes of more than 1000 steps are sensor garbage and left
out; minutes without data are left out.

**Errors**: anything the reader cannot use — not a FIT file, a damaged header, a file cut
short, a checksum mismatch, a record the decoder cannot read, a file without steps or heart
rate — raises :class:`ImportFileError`: one line naming the file, saying what is wrong and
what to do. No other error escapes, whatever the bytes (the tests fuzz it).
"""

from __future__ import annotations

import os
import re
import struct
from datetime import tzinfo
from pathlib import Path

import numpy as np
import numpy.typing as npt
from garmin_fit_sdk import CrcCalculator, Decoder, Profile, Stream

from tracker.domain.errors import ImportFileError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.localtime import offset_s_at
from tracker.domain.minutes import (
    MAX_HEART_RATE_BPM,
    MAX_STEPS_PER_MINUTE,
    MIN_HEART_RATE_BPM,
    MinuteTable,
)
from tracker.domain.sources import Source, SourceKind
from tracker.domain.units import SECONDS_PER_HOUR, SECONDS_PER_MINUTE
from tracker.formats.fit_activity import read_activity
from tracker.formats.fit_device import device_names
from tracker.formats.fit_monitoring import read_monitoring
from tracker.formats.fit_values import CREATOR, Messages, Samples, fit_time, unix_s

HEADER_SIZES = (12, 14)  # without and with the header's own CRC
HEADER_SIGNATURE = b".FIT"
_HEADER = struct.Struct("<BBHI4s")  # size, protocol, profile version, data size, ".FIT"
CRC_SIZE = 2
# The widest UTC offsets in use are -12 h and +14 h; a file claiming more has a wrong clock.
MAX_UTC_OFFSET_S = 14 * SECONDS_PER_HOUR
_MESG = Profile["mesg_num"]
_OFFSET_MESSAGES = frozenset((_MESG["ACTIVITY"], _MESG["MONITORING_INFO"]))
_DECODER_ERROR_PREFIX = re.compile(r"^FIT Runtime Error( at byte: (\d+))?")
# The largest FIT file read (it is decoded whole): a day-long activity recorded every
# second is about 10 MB; a bigger file is no watch's, and is refused before it is read.
MAX_FILE_BYTES = 100_000_000
# What a person can do about a damaged file: the watch or its app still has a good copy.
COPY_AGAIN = "copy it from the watch or its app again"


def looks_like_fit(head: bytes) -> bool:
    """Whether a file's first bytes (14 are enough) are a FIT header."""
    return (
        len(head) >= HEADER_SIZES[0] and head[0] in HEADER_SIZES and head[8:12] == HEADER_SIGNATURE
    )


def read_fit(path: Path, tz: tzinfo) -> list[ImportedMinutes]:
    """One :class:`ImportedMinutes` per device source in a FIT file; raises
    :class:`ImportFileError` for a file it cannot use."""
    name = str(path)
    try:
        with path.open("rb") as fh:
            too_big = os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES
            data = b"" if too_big else fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(name, f"cannot read the file: {exc.strerror or exc}") from exc
    if too_big or len(data) > MAX_FILE_BYTES:
        raise ImportFileError(name, "is larger than a watch's FIT file can be (100 MB)")
    messages = _decode(name, data)

    activity = read_activity(messages)
    monitoring = read_monitoring(messages)
    names = device_names(messages)
    offsets = _local_offsets(messages)
    result = []
    for device in sorted(activity.samples.keys() | monitoring.keys()):
        parts = [s[device] for s in (activity.samples, monitoring) if device in s]
        table = _minute_table(Samples.join(parts), offsets, tz)
        if len(table):
            beats = activity.beats if device == CREATOR and activity.beats else None
            source = Source(SourceKind.FIT, names.get(device, ""))
            result.append(ImportedMinutes(source, table, beats))
    if not result:
        raise ImportFileError(name, "holds no steps and no heart rate")
    return result


def _decode(name: str, data: bytes) -> Messages:
    """The file's messages in file order; an ImportFileError for anything unreadable."""
    _check_header(name, data)
    messages: Messages = []
    try:
        _, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
            convert_datetimes_to_dates=False,
            convert_types_to_strings=False,
            merge_heart_rates=False,
            mesg_listener=lambda num, message: messages.append((num, message)),
        )
    except Exception as exc:  # the decoder reports its errors in a list, but only mostly
        errors = [exc]
    if errors:
        raise ImportFileError(name, _decoder_problem(errors[0])) from errors[0]
    return messages


def _check_header(name: str, data: bytes) -> None:
    if len(data) < HEADER_SIZES[0] or data[8:12] != HEADER_SIGNATURE:
        raise ImportFileError(
            name, 'not a FIT file (no ".FIT" mark in its header); choose a .fit file'
        )
    header_size, _, _, data_size, _ = _HEADER.unpack_from(data)
    if header_size not in HEADER_SIZES:
        raise ImportFileError(
            name, f"header damaged (size {header_size}, not 12 or 14); {COPY_AGAIN}"
        )
    if len(data) < header_size:
        raise ImportFileError(name, f"cut short inside its header; {COPY_AGAIN}")
    if header_size == HEADER_SIZES[1]:
        (stored,) = struct.unpack_from("<H", data, HEADER_SIZES[0])
        # A header CRC of 0 means the writer did not compute one.
        if stored and stored != CrcCalculator.calculate_crc(data, 0, HEADER_SIZES[0]):
            raise ImportFileError(name, f"header damaged (its checksum is wrong); {COPY_AGAIN}")
    expected = header_size + data_size + CRC_SIZE
    if len(data) < expected:
        raise ImportFileError(name, f"cut short ({len(data)} of {expected} bytes); {COPY_AGAIN}")


def _decoder_problem(error: BaseException) -> str:
    text = " ".join(str(error).split())
    # A record that runs past the end of the data: the stream's IndexError (which fails to
    # format its own message at the very last byte, and surfaces as a TypeError), or a
    # short read that struct cannot unpack.
    if isinstance(error, IndexError | TypeError | struct.error):
        return f"damaged (a record runs past the end of the data); {COPY_AGAIN}"
    if "CRC Error" in text:
        return f"damaged (its checksum is wrong); {COPY_AGAIN}"
    if "Compressed timestamp" in text:
        return (
            "uses compressed timestamps, which this reader cannot read;"
            " save it again with the watch's app or another FIT tool"
        )
    # The decoder's own words name its internals; the byte where it stopped is enough.
    match = _DECODER_ERROR_PREFIX.match(text)
    where = f" at byte {match.group(2)}" if match and match.group(2) else ""
    return f"damaged (unreadable{where}); {COPY_AGAIN}"


def _local_offsets(messages: Messages) -> list[tuple[float, int]]:
    """(Unix time, UTC offset) where the file states its local time, in time order."""
    offsets = []
    for num, message in messages:
        if num not in _OFFSET_MESSAGES:
            continue
        utc, local = fit_time(message.get("timestamp")), fit_time(message.get("local_timestamp"))
        if utc is None or local is None or abs(local - utc) > MAX_UTC_OFFSET_S:
            continue
        minutes = round((local - utc) / SECONDS_PER_MINUTE)
        offsets.append((unix_s(utc), minutes * SECONDS_PER_MINUTE))
    offsets.sort()
    return offsets


def _offsets_at(
    time_s: npt.NDArray[np.int64], stated: list[tuple[float, int]], tz: tzinfo
) -> npt.NDArray[np.int32]:
    if not stated:
        return np.array([offset_s_at(int(t), tz) for t in time_s], np.int32)
    at = np.array([s[0] for s in stated])
    index = np.maximum(np.searchsorted(at, time_s, "right") - 1, 0)
    return np.array([s[1] for s in stated], np.int32)[index]


def _whole_steps(steps: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Whole steps per minute, each minute's fraction carried into the next."""
    rounded = np.floor(np.cumsum(steps) + 0.5)
    return np.diff(rounded, prepend=0.0)


def _per_minute(
    minute_s: npt.NDArray[np.int64], amount: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Distinct minutes, the amounts added up per minute and how many there were."""
    minutes, index = np.unique(minute_s, return_inverse=True)
    total = np.bincount(index, weights=amount, minlength=len(minutes)).astype(np.float64)
    count = np.bincount(index, minlength=len(minutes)).astype(np.int64)
    return minutes, total, count


def _minute_table(samples: Samples, offsets: list[tuple[float, int]], tz: tzinfo) -> MinuteTable:
    step_minutes, step_sum, _ = _per_minute(samples.step_minute_s, samples.steps)
    steps = _whole_steps(step_sum)
    steps[steps > MAX_STEPS_PER_MINUTE] = np.nan

    plausible = (samples.hr_bpm >= MIN_HEART_RATE_BPM) & (samples.hr_bpm <= MAX_HEART_RATE_BPM)
    hr_minute = (samples.hr_time_s[plausible] // SECONDS_PER_MINUTE).astype(np.int64)
    hr_minutes, hr_sum, hr_count = _per_minute(
        hr_minute * SECONDS_PER_MINUTE, samples.hr_bpm[plausible]
    )

    time_s = np.union1d(step_minutes, hr_minutes)
    table_steps = _placed(time_s, step_minutes, steps)
    table_hr = _placed(time_s, hr_minutes, hr_sum / np.maximum(hr_count, 1))
    keep = ~(np.isnan(table_steps) & np.isnan(table_hr))
    time_s = time_s[keep]
    return MinuteTable(time_s, _offsets_at(time_s, offsets, tz), table_steps[keep], table_hr[keep])


def _placed(
    time_s: npt.NDArray[np.int64], at: npt.NDArray[np.int64], value: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``value`` (one per minute ``at``) on the rows ``time_s``, NaN elsewhere."""
    column = np.full(time_s.shape, np.nan)
    column[np.searchsorted(time_s, at)] = value
    return column
