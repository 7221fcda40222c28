"""The minute table as CSV: the exchange format of export, import and analyze.

CSV form (``tracker export`` / ``import`` / ``analyze --input``)::

    time,steps,heart_rate_bpm
    2026-03-16T08:00:00+01:00,112,93.5

``time`` is the minute's start in ISO 8601 with its UTC offset, ``steps`` the steps in
that minute, ``heart_rate_bpm`` the mean heart rate in it; blank where unknown; minutes
without any data are left out.

Reading is strict, so that what is read is what ``export`` writes back: steps are ASCII
digits, a heart rate an ASCII decimal (``72`` or ``72.5``), a UTC offset whole minutes, a
line at most :data:`MAX_LINE_CHARS` long. A time without an offset is local time in the
zone the caller gives, else refused. The first bad line is named in one short line.

In memory it is a :class:`~tracker.domain.minutes.MinuteTable`.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO

import numpy as np

from tracker.domain.errors import MinuteCsvError
from tracker.domain.localtime import zone_name
from tracker.domain.minutes import (
    MAX_HEART_RATE_BPM,
    MAX_STEPS_PER_MINUTE,
    MIN_HEART_RATE_BPM,
    MinuteTable,
    format_time,
)
from tracker.domain.text import cut
from tracker.domain.units import SECONDS_PER_MINUTE
from tracker.formats.minute_csv_fast import parse_fast

HEADER = ("time", "steps", "heart_rate_bpm")
# The longest line a minute table may hold, in characters. A row is at most about 60 (a
# 42-character time, 4 digits of steps, a heart rate like 72.25); the rest is room for
# spaces around values. A longer line is refused before it is split or parsed.
MAX_LINE_CHARS = 256
# The largest minute table read: ten years of minutes (5.26 million rows) at about 60
# bytes a row. The file is read whole (columns parse fast that way), so a bigger file, or a
# huge file dropped by mistake, is refused before a byte is read rather than filling memory.
MAX_FILE_BYTES = 320_000_000
# The fallback reads the bytes in chunks of whole lines this big: large enough that the
# per-chunk work vanishes, small enough that no copy of a big file is made.
_CHUNK_BYTES = 1 << 20
# Plain ASCII numbers only: int() and float() also take "1_0", "inf", "1e2" and digits of
# other scripts ("١٢"), none of which a tracker writes. A minus sign is matched only to
# give the clearer "outside 0-1000" message.
_STEPS = re.compile(r"-?[0-9]+")
_HEART_RATE = re.compile(r"(-?)[0-9]+(?:\.[0-9]+)?")
_MINUTE = timedelta(minutes=1)
# What spreadsheets put between columns instead of commas (a Dutch one: semicolons, with
# decimal commas), in words.
_OTHER_SEPARATORS = {";": "semicolons (;)", "\t": "tabs"}


def _format_number(value: float, decimals: int) -> str:
    if math.isnan(value):
        return ""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def iter_csv_lines(table: MinuteTable) -> Iterator[str]:
    """The CSV text, line by line, header first (each line ends with a newline)."""
    yield ",".join(HEADER) + "\n"
    for t, off, steps, hr in zip(
        table.time_s.tolist(),
        table.offset_s.tolist(),
        table.steps.tolist(),
        table.heart_rate_bpm.tolist(),
        strict=True,
    ):
        if math.isnan(steps) and math.isnan(hr):
            continue
        yield f"{format_time(t, off)},{_format_number(steps, 0)},{_format_number(hr, 2)}\n"


def write_csv(table: MinuteTable, out: IO[str]) -> int:
    """Write the table as CSV; returns the number of data rows."""
    rows = -1
    for line in iter_csv_lines(table):
        out.write(line)
        rows += 1
    return rows


def _shown(value: str) -> str:
    """``value`` cut and quoted (so that blanks and odd characters show)."""
    return repr(cut(value))


def _format_offset(offset: timedelta) -> str:
    """``+01:00``, or ``+00:00:30`` for an offset that is not whole minutes."""
    sign = "-" if offset < timedelta(0) else "+"
    hours, rest = divmod(abs(offset), timedelta(hours=1))
    minutes, rest = divmod(rest, _MINUTE)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    if rest:
        text += f":{rest.seconds:02d}"
        if rest.microseconds:
            text += f".{rest.microseconds:06d}"
    return text


def _other_separator(text: str, where: str) -> str | None:
    """Plain words for a line that separates its values with something else than commas."""
    if "," in text:
        return None
    counts = {sep: text.count(sep) for sep in _OTHER_SEPARATORS}
    sep = max(counts, key=counts.__getitem__)
    if not counts[sep]:
        return None
    decimals = " and a point in decimals (72.5)" if sep == ";" else ""
    return (
        f"{where} puts {_OTHER_SEPARATORS[sep]} between the columns, but the tracker needs "
        f"commas (,){decimals}; save it again as CSV with commas"
    )


def _check_length(path: str, line_no: int, line: str) -> None:
    n = len(line)
    # The line end does not count; rstrip copies, so only near the bound.
    if n > MAX_LINE_CHARS and (n > MAX_LINE_CHARS + 2 or len(line.rstrip("\r\n")) > MAX_LINE_CHARS):
        raise MinuteCsvError(path, line_no, _too_long())


def _too_long() -> str:
    return (
        f"line is longer than {MAX_LINE_CHARS} characters, far more than a minute row; "
        "is this a minute table (time,steps,heart_rate_bpm)?"
    )


def _in_zone(path: str, line_no: int, when: datetime, tz: tzinfo, shown: str) -> datetime:
    """A local time without offset placed in ``tz``; refused where the clocks change."""
    earlier = when.replace(tzinfo=tz, fold=0)
    later = when.replace(tzinfo=tz, fold=1)
    first, second = earlier.utcoffset(), later.utcoffset()
    if first == second:
        return earlier
    zone = zone_name(tz)
    # In a gap the round trip lands on another wall time; in a fold it comes back.
    if earlier.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != when:
        raise MinuteCsvError(
            path,
            line_no,
            f"time {shown} does not exist in {zone} (the clocks jump over it); "
            "check the time, or write it with its UTC offset",
        )
    assert first is not None and second is not None
    raise MinuteCsvError(
        path,
        line_no,
        f"time {shown} happens twice in {zone} (the clocks are put back); write it with "
        f"its UTC offset: {_format_offset(first)} the first time, "
        f"{_format_offset(second)} the second",
    )


def _parse_time(path: str, line_no: int, text: str, tz: tzinfo | None) -> tuple[int, int]:
    try:
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise MinuteCsvError(
            path, line_no, f"time {_shown(text)} is not ISO 8601 (like 2026-03-16T08:00:00+01:00)"
        ) from exc
    offset = when.utcoffset()
    if offset is None:
        if tz is None:
            raise MinuteCsvError(
                path,
                line_no,
                f"time {_shown(text)} has no UTC offset: add one (e.g. +01:00) or give "
                "the zone the times are in with --timezone (e.g. --timezone Europe/Brussels)",
            )
        when = _in_zone(path, line_no, when, tz, _shown(text))
        offset = when.utcoffset()
        assert offset is not None
    offset_s = offset.total_seconds()
    if offset_s % SECONDS_PER_MINUTE:
        raise MinuteCsvError(
            path,
            line_no,
            f"time {_shown(text)} has a UTC offset of {_format_offset(offset)}, not a whole "
            "number of minutes; write it like +01:00",
        )
    if when.second or when.microsecond:
        raise MinuteCsvError(path, line_no, f"time {_shown(text)} is not the start of a minute")
    return int(when.timestamp()), int(offset_s)


def _parse_steps(path: str, line_no: int, text: str) -> float:
    if not text:
        return math.nan
    # [0-9]+ (the only ASCII characters isdigit takes), without a regex: this runs per row.
    if text.isascii() and text.isdigit() and int(text) <= MAX_STEPS_PER_MINUTE:
        return float(int(text))
    if _STEPS.fullmatch(text) is None:
        raise MinuteCsvError(
            path, line_no, f"steps {_shown(text)} is not a whole number (digits 0-9 only)"
        )
    raise MinuteCsvError(
        path, line_no, f"steps {cut(text)} is outside 0-{MAX_STEPS_PER_MINUTE} per minute"
    )


def _parse_heart_rate(path: str, line_no: int, text: str) -> float:
    if not text:
        return math.nan
    match = _HEART_RATE.fullmatch(text)
    if match is None:
        raise MinuteCsvError(
            path,
            line_no,
            f"heart_rate_bpm {_shown(text)} is not a number like 72 or 72.5 (digits 0-9 "
            "and a point)",
        )
    value = float(text)
    if match.group(1) or not MIN_HEART_RATE_BPM <= value <= MAX_HEART_RATE_BPM:
        raise MinuteCsvError(
            path,
            line_no,
            f"heart_rate_bpm {cut(text)} is outside {MIN_HEART_RATE_BPM:g}-{MAX_HEART_RATE_BPM:g}",
        )
    return value


def _parse_row(
    path: str, line_no: int, fields: list[str], tz: tzinfo | None
) -> tuple[int, int, float, float]:
    if len(fields) != 3:
        problem = f"expected 3 fields (time,steps,heart_rate_bpm), got {len(fields)}"
        hint = _other_separator(",".join(fields), "this line")
        raise MinuteCsvError(path, line_no, f"{problem}: {hint}" if hint else problem)
    time_text, steps_text, hr_text = fields
    t, offset = _parse_time(path, line_no, time_text.strip(), tz)
    return (
        t,
        offset,
        _parse_steps(path, line_no, steps_text.strip()),
        _parse_heart_rate(path, line_no, hr_text.strip()),
    )


def parse_csv_lines(
    lines: Iterable[str], path: str = "<input>", tz: tzinfo | None = None
) -> MinuteTable:
    """Parse and check every row; the first bad row raises :class:`MinuteCsvError`.

    ``tz``: the zone of times written without a UTC offset (else such a time is an error).
    """
    it = iter(lines)
    header = next(it, None)
    if header is None:
        raise MinuteCsvError(path, 1, "file is empty (expected header time,steps,heart_rate_bpm)")
    _check_length(path, 1, header)
    names = header.lstrip("\ufeff").strip()
    if tuple(h.strip() for h in names.split(",")) != HEADER:
        problem = _other_separator(names, "this file")
        raise MinuteCsvError(path, 1, problem or "header must be time,steps,heart_rate_bpm")
    times: list[int] = []
    offsets: list[int] = []
    steps: list[float] = []
    hrs: list[float] = []
    first_line: dict[int, int] = {}
    for line_no, line in enumerate(it, start=2):
        _check_length(path, line_no, line)
        text = line.strip()
        if not text:
            continue
        fields = text.split(",")
        t, off, s, h = _parse_row(path, line_no, fields, tz)
        if t in first_line:
            raise MinuteCsvError(
                path,
                line_no,
                f"minute {cut(fields[0].strip())} appears twice (also on line {first_line[t]})",
            )
        first_line[t] = line_no
        times.append(t)
        offsets.append(off)
        steps.append(s)
        hrs.append(h)
    return _sorted_table(times, offsets, steps, hrs)


def _sorted_table(
    times: list[int], offsets: list[int], steps: list[float], hrs: list[float]
) -> MinuteTable:
    t = np.asarray(times, dtype=np.int64)
    order = np.argsort(t, kind="stable")
    return MinuteTable(
        t[order],
        np.asarray(offsets, dtype=np.int32)[order],
        np.asarray(steps, dtype=np.float64)[order],
        np.asarray(hrs, dtype=np.float64)[order],
    )


def distinct_offsets(table: MinuteTable) -> list[int]:
    """The UTC offsets (seconds) the rows carry, sorted: more than one and no zone given
    leaves the calendar days of the file open."""
    return [int(v) for v in np.unique(table.offset_s).tolist()]


def read_csv(path: str | Path, tz: tzinfo | None = None) -> MinuteTable:
    """Read a minute-table CSV file, checking every row (``tz`` as in :func:`parse_csv_lines`)."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            too_big = os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES
            data = b"" if too_big else fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise MinuteCsvError(str(p), 0, f"cannot read: {exc.strerror or exc}") from exc
    if too_big or len(data) > MAX_FILE_BYTES:
        raise MinuteCsvError(
            str(p), 0, "is larger than ten years of minutes can be (320 MB); is it a minute table?"
        )
    return parse_csv_bytes(data, str(p), tz)


def parse_csv_bytes(data: bytes, path: str = "<input>", tz: tzinfo | None = None) -> MinuteTable:
    """Parse a whole CSV file: column-wise when it is plain, else row by row."""
    table = parse_fast(data)
    if table is not None:
        return table
    return parse_csv_lines(_decoded_lines(data, path), path, tz)


def _decoded_lines(data: bytes, path: str) -> Iterator[str]:
    """Each line of ``data`` as text (universal newlines: LF, CR LF or a lone CR).

    The bytes are decoded a chunk of whole lines at a time, so no copy of the file and no
    index of all its lines is built; a chunk without a line end holds part of a line too
    long for any row, refused before it is copied or decoded.
    """
    size = len(data)
    pos = 0
    line_no = 0  # lines handed out so far
    while pos < size:
        end = min(size, pos + _CHUNK_BYTES)
        if end < size:
            cut = max(data.rfind(b"\n", pos, end), data.rfind(b"\r", pos, end))
            if cut < 0:
                raise MinuteCsvError(path, line_no + 1, _too_long())
            end = cut + 1
            if data.startswith(b"\r\n", cut):  # keep a CR LF in one chunk
                end += 1
        chunk = data[pos:end]
        not_utf8: UnicodeDecodeError | None = None
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            # The whole lines before the bad byte are still checked first: an earlier bad
            # row is the one to name.
            good = chunk[: exc.start]
            text = good[: max(good.rfind(b"\n"), good.rfind(b"\r")) + 1].decode("utf-8")
            not_utf8 = exc
        for line in io.StringIO(text, newline=""):
            line_no += 1
            yield line
        if not_utf8 is not None:
            raise MinuteCsvError(
                path, line_no + 1, "not UTF-8 text; save the file as CSV UTF-8"
            ) from not_utf8
        pos = end


def line_of_minute(path: str | Path, time_s: int, tz: tzinfo | None = None) -> int | None:
    """The line of a (readable, already checked) minute CSV whose row is the minute that
    starts at ``time_s``; None when no row is. For messages about one row of a good file."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        next(fh, None)
        for line_no, line in enumerate(fh, start=2):
            text = line.split(",", 1)[0].strip()
            if text and _parse_time(str(path), line_no, text, tz)[0] == time_s:
                return line_no
    return None
