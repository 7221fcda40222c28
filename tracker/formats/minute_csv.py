"""The minute table as CSV: the exchange format of export, import and analyze.

CSV form (``tracker export`` / ``import`` / ``analyze --input``)::

    time,steps,heart_rate_bpm
    2026-03-16T08:00:00+01:00,112,93.5

``time`` is the minute's start in ISO 8601 with its UTC offset, ``steps`` the steps in
that minute, ``heart_rate_bpm`` the mean heart rate in it; blank where unknown; minutes
without any data are left out.

In memory it is a :class:`~tracker.domain.minutes.MinuteTable`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

import numpy as np

from tracker.domain.errors import MinuteCsvError
from tracker.domain.minutes import (
    MAX_HEART_RATE_BPM,
    MAX_STEPS_PER_MINUTE,
    MIN_HEART_RATE_BPM,
    MinuteTable,
    format_time,
)
from tracker.formats.minute_csv_fast import parse_fast

HEADER = ("time", "steps", "heart_rate_bpm")


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


def _parse_row(path: str, line_no: int, fields: list[str]) -> tuple[int, int, float, float]:
    if len(fields) != 3:
        raise MinuteCsvError(
            path, line_no, f"expected 3 fields (time,steps,heart_rate_bpm), got {len(fields)}"
        )
    time_text, steps_text, hr_text = (f.strip() for f in fields)
    try:
        when = datetime.fromisoformat(time_text)
    except ValueError as exc:
        raise MinuteCsvError(path, line_no, f"time {time_text!r} is not ISO 8601") from exc
    offset = when.utcoffset()
    if offset is None:
        raise MinuteCsvError(
            path, line_no, f"time {time_text!r} has no UTC offset (add e.g. +01:00)"
        )
    if when.second or when.microsecond:
        raise MinuteCsvError(path, line_no, f"time {time_text!r} is not the start of a minute")
    steps = math.nan
    if steps_text:
        try:
            steps_int = int(steps_text)
        except ValueError as exc:
            raise MinuteCsvError(
                path, line_no, f"steps {steps_text!r} is not a whole number"
            ) from exc
        if not 0 <= steps_int <= MAX_STEPS_PER_MINUTE:
            raise MinuteCsvError(
                path, line_no, f"steps {steps_int} is outside 0-{MAX_STEPS_PER_MINUTE} per minute"
            )
        steps = float(steps_int)
    hr = math.nan
    if hr_text:
        try:
            hr = float(hr_text)
        except ValueError as exc:
            raise MinuteCsvError(
                path, line_no, f"heart_rate_bpm {hr_text!r} is not a number"
            ) from exc
        if math.isnan(hr):  # "nan" parses as a float but is no heart rate; blank = unknown
            raise MinuteCsvError(path, line_no, f"heart_rate_bpm {hr_text!r} is not a number")
        if not MIN_HEART_RATE_BPM <= hr <= MAX_HEART_RATE_BPM:
            raise MinuteCsvError(
                path,
                line_no,
                f"heart_rate_bpm {hr_text} is outside "
                f"{MIN_HEART_RATE_BPM:g}-{MAX_HEART_RATE_BPM:g}",
            )
    return int(when.timestamp()), int(offset.total_seconds()), steps, hr


def parse_csv_lines(lines: Iterable[str], path: str = "<input>") -> MinuteTable:
    """Parse and check every row; the first bad row raises :class:`MinuteCsvError`."""
    it = iter(lines)
    header = next(it, None)
    if header is None:
        raise MinuteCsvError(path, 1, "file is empty (expected header time,steps,heart_rate_bpm)")
    if tuple(h.strip() for h in header.lstrip("\ufeff").strip().split(",")) != HEADER:
        raise MinuteCsvError(path, 1, "header must be time,steps,heart_rate_bpm")
    times: list[int] = []
    offsets: list[int] = []
    steps: list[float] = []
    hrs: list[float] = []
    first_line: dict[int, int] = {}
    for line_no, line in enumerate(it, start=2):
        text = line.strip()
        if not text:
            continue
        t, off, s, h = _parse_row(path, line_no, text.split(","))
        if t in first_line:
            raise MinuteCsvError(
                path,
                line_no,
                f"minute {text.split(',')[0]} appears twice (also on line {first_line[t]})",
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


def read_csv(path: str | Path) -> MinuteTable:
    """Read a minute-table CSV file, checking every row."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise MinuteCsvError(str(p), 0, f"cannot read: {exc.strerror or exc}") from exc
    return parse_csv_bytes(data, str(p))


def parse_csv_bytes(data: bytes, path: str = "<input>") -> MinuteTable:
    """Parse a whole CSV file: column-wise when it is plain, else row by row."""

    table = parse_fast(data)
    if table is not None:
        return table
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MinuteCsvError(path, 0, "not UTF-8 text") from exc
    return parse_csv_lines(io.StringIO(text, newline=""), path)
