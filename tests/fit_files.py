"""FIT files for the tests, written by the FIT SDK's own Encoder.

Messages are plain dicts in the SDK's form (field names from the profile, enums by name or
number, times in FIT seconds); the helpers below build the common ones. ``encode`` writes
them in order, which matters: hrv beats and 16-bit timestamps depend on what came before.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from garmin_fit_sdk import CrcCalculator, Encoder, Profile

FIT_EPOCH_S = 631_065_600
MESG = Profile["mesg_num"]
Mesg = dict[str, Any]

# A Forerunner 255 and its serial number, as in the README's example.
GARMIN = {"manufacturer": "garmin", "product": 3992, "serial_number": 3412345678}
GARMIN_NAME = "Garmin Forerunner 255 (3412345678)"


def fit_s(when: datetime) -> int:
    """FIT seconds (since 1989-12-31 UTC) of an aware datetime."""
    return int(when.timestamp()) - FIT_EPOCH_S


def unix_s(fit_time: float) -> float:
    return fit_time + FIT_EPOCH_S


def encode(messages: Iterable[Mesg]) -> bytes:
    encoder = Encoder()
    for message in messages:
        encoder.write_mesg(message)
    data: bytes = encoder.close()
    return data


def file_id(kind: str = "activity", **device: Any) -> Mesg:
    return {"mesg_num": MESG["FILE_ID"], "type": kind, **(device or GARMIN)}


def device_info(t: int, index: int = 0, **device: Any) -> Mesg:
    return {"mesg_num": MESG["DEVICE_INFO"], "timestamp": t, "device_index": index, **device}


def record(t: int, **fields: Any) -> Mesg:
    return {"mesg_num": MESG["RECORD"], "timestamp": t, **fields}


def timer_start(t: int) -> Mesg:
    return {"mesg_num": MESG["EVENT"], "timestamp": t, "event": "timer", "event_type": "start"}


def session(start: int, end: int, sport: str, sub_sport: str = "generic", **fields: Any) -> Mesg:
    return {
        "mesg_num": MESG["SESSION"],
        "timestamp": end,
        "start_time": start,
        "total_elapsed_time": end - start,
        "total_timer_time": end - start,
        "sport": sport,
        "sub_sport": sub_sport,
        **fields,
    }


def activity(end: int, local_offset_s: int | None) -> Mesg:
    message: Mesg = {"mesg_num": MESG["ACTIVITY"], "timestamp": end, "num_sessions": 1}
    if local_offset_s is not None:
        message["local_timestamp"] = end + local_offset_s
    return message


def hrv(rr_s: Sequence[float]) -> Mesg:
    """RR intervals in seconds; 65.535 is the field's 'invalid' (0xFFFF)."""
    return {"mesg_num": MESG["HRV"], "time": list(rr_s)}


def monitoring_info(t: int, local_offset_s: int | None) -> Mesg:
    message: Mesg = {"mesg_num": MESG["MONITORING_INFO"], "timestamp": t}
    if local_offset_s is not None:
        message["local_timestamp"] = t + local_offset_s
    return message


def monitoring(
    *,
    t: int | None = None,
    t16: int | None = None,
    activity_type: str | None = None,
    steps: int | None = None,
    heart_rate: int | None = None,
    packed_type: tuple[int, int] | None = None,
) -> Mesg:
    """A monitoring message; ``steps`` is the cumulative counter, written the way watches
    write it, as ``cycles`` (whole steps through the profile's steps sub-field).
    ``packed_type`` (activity type, intensity) goes into current_activity_type_intensity,
    the byte in which many Garmin watches write the type instead of activity_type."""
    message: Mesg = {"mesg_num": MESG["MONITORING"]}
    if packed_type is not None:
        message["current_activity_type_intensity"] = packed_type[0] | packed_type[1] << 5
    if t is not None:
        message["timestamp"] = t
    if t16 is not None:
        message["timestamp_16"] = t16 & 0xFFFF
    if activity_type is not None:
        message["activity_type"] = activity_type
    if steps is not None:
        message["cycles"] = steps / 2  # the cycles field has scale 2: raw = steps
    if heart_rate is not None:
        message["heart_rate"] = heart_rate
    return message


@dataclass(frozen=True)
class Walk:
    """Records of one activity and what the test expects from them."""

    start: int  # FIT seconds
    records: list[Mesg]
    total_strides: float  # cadence × time, as the watch adds it up

    @property
    def end(self) -> int:
        return int(self.records[-1]["timestamp"])


def walk(
    start: datetime,
    seconds: int,
    *,
    every_s: Sequence[int] = (1,),
    cadence: Sequence[float] = (55.0, 57.25, 60.5, 52.75),
    heart_rate: Sequence[int] = (96, 101, 99, 104, 110),
) -> Walk:
    """Records every ``every_s`` seconds (cycled) for ``seconds``, cadence (strides/min, the
    fraction going to fractional_cadence) and heart rate cycled from the sequences."""
    t0 = fit_s(start)
    records, t, i = [], t0, 0
    strides = 0.0
    while t <= t0 + seconds:
        c = cadence[i % len(cadence)]
        records.append(
            record(
                t,
                heart_rate=heart_rate[i % len(heart_rate)],
                cadence=int(c),
                fractional_cadence=c - int(c),
            )
        )
        if i:
            strides += c * (t - int(records[-2]["timestamp"])) / 60
        t += every_s[i % len(every_s)]
        i += 1
    return Walk(t0, records, strides)


def activity_file(
    w: Walk,
    sport: str = "walking",
    sub_sport: str = "generic",
    *,
    local_offset_s: int | None = 7200,
    total_strides: bool = True,
    device: Mesg | None = None,
    extra: Iterable[Mesg] = (),
) -> bytes:
    """An activity file as a watch writes one: file_id, device_info, timer start, the
    records, then session and activity."""
    fields = {"total_cycles": round(w.total_strides)} if total_strides else {}
    return encode(
        [
            file_id("activity", **(device or GARMIN)),
            device_info(w.start, 0, **(device or GARMIN)),
            timer_start(w.start),
            *w.records,
            *extra,
            session(w.start, w.end, sport, sub_sport, **fields),
            activity(w.end, local_offset_s),
        ]
    )


def with_crc(data: bytes | bytearray) -> bytes:
    """The bytes with the header's size and both CRCs made right again (for fuzzing the
    decoding behind the CRC check)."""
    out = bytearray(data)
    if len(out) < 14:
        return bytes(out)
    header_size = out[0] if out[0] in (12, 14) else 14
    out[0] = header_size
    body = len(out) - header_size - 2
    if body < 0:
        return bytes(out)
    struct.pack_into("<I", out, 4, body)
    out[8:12] = b".FIT"
    if header_size == 14:
        struct.pack_into("<H", out, 12, CrcCalculator.calculate_crc(out, 0, 12))
    struct.pack_into("<H", out, len(out) - 2, CrcCalculator.calculate_crc(out, 0, len(out) - 2))
    return bytes(out)


def at(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- raw files, any field with any base type (for fuzzing) -------------------------------

# FIT base types (without the endian bit, which the decoder masks off): number -> size.
BASE_TYPE_SIZES = {
    0x00: 1,
    0x01: 1,
    0x02: 1,
    0x03: 2,
    0x04: 2,
    0x05: 4,
    0x06: 4,
    0x07: 1,
    0x08: 4,
    0x09: 8,
    0x0A: 1,
    0x0B: 2,
    0x0C: 4,
    0x0D: 1,
    0x0E: 8,
    0x0F: 8,
    0x10: 8,
}
RawField = tuple[int, int, bytes]  # (field number, base type, value bytes)


def raw_file(messages: Iterable[tuple[int, Sequence[RawField]]]) -> bytes:
    """A FIT file of (global message number, fields) written byte by byte, each message
    with its own definition on local message 0, so a field can have any base type and
    size whatever the profile says."""
    body = bytearray()
    for global_num, fields in messages:
        body += struct.pack("<BBBHB", 0x40, 0, 0, global_num, len(fields))
        for num, base_type, value in fields:
            body += bytes([num, len(value), base_type])
        body.append(0x00)
        for _, _, value in fields:
            body += value
    header = bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + bytes(2)
    return with_crc(header + body + bytes(2))
