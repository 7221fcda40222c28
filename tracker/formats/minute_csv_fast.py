"""The fast path for reading a minute-table CSV: whole columns parsed with numpy.

Python's ``datetime.fromisoformat`` per row costs about 6 x a bare ``csv`` read of the
file; parsing the fixed-width ISO text ``YYYY-MM-DDTHH:MM:SS+HH:MM`` column-wise costs
less than that read. Only the plain form that ``tracker export`` writes is taken here:
anything unusual (a blank line, spaces, a BOM, other time forms, a duplicate minute, a
value out of range, a number that is not plain ASCII) returns None, and the caller runs
the row-by-row checker, which decides and names the first bad line. Whatever is taken
here, the checker would read to the same table.

A file this reader refuses costs it at most a few passes over the bytes: a huge field or
many blank lines are refused before any copy of a field or index of every line is built.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from tracker.domain.minutes import (
    MAX_HEART_RATE_BPM,
    MAX_STEPS_PER_MINUTE,
    MIN_HEART_RATE_BPM,
    MinuteTable,
)

TIME_WIDTH = 25  # YYYY-MM-DDTHH:MM:SS+HH:MM
# Column positions inside the fixed-width time text.
_DATE_OFFSET_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9, 20, 21, 23, 24])
_SEPARATORS = {4: b"-", 7: b"-", 22: b":"}
_CLOCK_DIGITS = np.array([0, 1, 3, 4, 6, 7])  # within HH:MM:SS
_COLON_MINUS_ZERO = (ord(":") - ord("0")) % 256
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
HEADER_BYTES = b"time,steps,heart_rate_bpm"
# Wider fields than these are left to the checker (steps are at most 4 digits).
MAX_STEPS_DIGITS = 4
MAX_HR_CHARS = 12
_ZERO, _NINE, _COMMA, _NEWLINE, _CR = 48, 57, 44, 10, 13
# A data row is at least a 25-byte time, two commas and a line end: a file with more line
# ends than its size allows for is left to the checker before an index of its lines
# (8 bytes a line) is built.
MIN_ROW_BYTES = TIME_WIDTH + 3
# The kind of each byte in a heart-rate value, to count digits and points per row with
# one table look-up: a row is plain when it is all digits but at most one point.
_DIGIT_KIND, _POINT_KIND = 1, 16
_BYTE_KIND = np.zeros(256, np.uint8)
_BYTE_KIND[_ZERO : _NINE + 1] = _DIGIT_KIND
_BYTE_KIND[ord(".")] = _POINT_KIND


def parse_time_rows(
    text: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]] | None:
    """UTC seconds and offsets from an (n, 25) matrix of ISO times; None if any is off.

    Date and offset change only a few times a day, so they are checked and converted at
    the rows where they differ from the row before; the clock part is done for all rows.
    """
    n = text.shape[0]
    if n == 0:
        return np.empty(0, np.int64), np.empty(0, np.int32)
    fields = text.view([("date", "S10"), ("sep", "u1"), ("clock", "S8"), ("offset", "S6")])
    fields = fields.reshape(n)
    changed = np.ones(n, np.bool_)
    changed[1:] = (fields["date"][1:] != fields["date"][:-1]) | (
        fields["offset"][1:] != fields["offset"][:-1]
    )
    heads = np.flatnonzero(changed)
    parsed = _date_and_offset(text[heads])
    if parsed is None:
        return None
    day_s, offset_heads = parsed
    clock = text[:, 11:19] - np.uint8(_ZERO)  # bytes below '0' wrap to > 9
    seps = (text[:, 10] == ord("T")) | (text[:, 10] == ord(" "))
    if not (
        np.all(clock[:, _CLOCK_DIGITS] <= 9)
        and np.all(clock[:, 2] == _COLON_MINUS_ZERO)
        and np.all(clock[:, 5] == _COLON_MINUS_ZERO)
        and np.all(seps)
    ):
        return None
    c = clock.astype(np.int32)
    hour = c[:, 0] * 10 + c[:, 1]
    minute = c[:, 3] * 10 + c[:, 4]
    second = c[:, 6] * 10 + c[:, 7]
    if not (np.all(hour <= 23) and np.all(minute <= 59) and np.all(second == 0)):
        return None
    group = np.cumsum(changed) - 1
    offset = offset_heads[group]
    time_s = day_s[group] + hour * 3600 + minute * 60 - offset
    return time_s.astype(np.int64), offset.astype(np.int32)


def _date_and_offset(
    text: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
    """Epoch seconds of local midnight and the UTC offset for each row, checked."""
    for col, sep in _SEPARATORS.items():
        if not np.all(text[:, col] == sep[0]):
            return None
    sign_byte = text[:, 19]
    plus, minus = sign_byte == ord("+"), sign_byte == ord("-")
    if not np.all(plus | minus):
        return None
    d = text[:, _DATE_OFFSET_DIGITS].astype(np.int64) - _ZERO
    if not np.all((d >= 0) & (d <= 9)):
        return None
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, 4] * 10 + d[:, 5]
    day = d[:, 6] * 10 + d[:, 7]
    off_h = d[:, 8] * 10 + d[:, 9]
    off_m = d[:, 10] * 10 + d[:, 11]
    if not (
        np.all((year >= 1) & (month >= 1) & (month <= 12) & (day >= 1))
        and np.all((off_h <= 23) & (off_m <= 59))
    ):
        return None
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    if not np.all(day <= _MONTH_DAYS[month] + (leap & (month == 2))):
        return None
    # Days since 1970-01-01 from the civil date (H. Hinnant's days_from_civil).
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    offset = np.where(minus, -1, 1) * (off_h * 3600 + off_m * 60)
    return days * 86400, offset


def parse_fast(data: bytes) -> MinuteTable | None:
    """The table, sorted by time, or None when the row-by-row checker must decide."""
    columns = _columns(data)
    if columns is None:
        return None
    time_s, offset_s, steps, hr = columns
    if time_s.shape[0] == 0:
        return None
    known_steps = steps[~np.isnan(steps)]
    known_hr = hr[~np.isnan(hr)]
    if (
        np.any(known_steps > MAX_STEPS_PER_MINUTE)
        or not np.all(known_hr >= MIN_HEART_RATE_BPM)
        or not np.all(known_hr <= MAX_HEART_RATE_BPM)
    ):
        return None
    if np.all(time_s[1:] > time_s[:-1]):
        return MinuteTable(time_s, offset_s, steps, hr)
    order = np.argsort(time_s, kind="stable")
    time_s = time_s[order]
    if np.any(time_s[1:] == time_s[:-1]):
        return None  # a duplicate minute: the checker names both lines
    return MinuteTable(time_s, offset_s[order], steps[order], hr[order])


Columns = tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]
]


def _columns(data: bytes) -> Columns | None:
    if not data.startswith(HEADER_BYTES):
        return None  # also an empty file: the checker says so, naming line 1
    buf = np.frombuffer(data, np.uint8)
    size = buf.shape[0]
    is_newline = buf == _NEWLINE
    if np.count_nonzero(is_newline) > size // MIN_ROW_BYTES + 1:
        return None
    newlines = np.flatnonzero(is_newline)
    del is_newline
    ends = newlines if buf[-1] == _NEWLINE else np.append(newlines, size)
    starts = np.concatenate(([0], ends[:-1] + 1))
    line_end = ends - (buf[np.maximum(ends - 1, 0)] == _CR)
    if int(line_end[0]) != len(HEADER_BYTES):
        return None
    starts, line_end = starts[1:].astype(np.int64), line_end[1:].astype(np.int64)
    n = starts.shape[0]
    if n == 0:
        return None  # no rows: the checker returns the empty table
    is_comma = buf == _COMMA
    if np.count_nonzero(is_comma) != 2 * n + 2:
        return None
    commas = np.flatnonzero(is_comma)
    del is_comma
    c1, c2 = commas[2::2].astype(np.int64), commas[3::2].astype(np.int64)
    if not (np.all(c1 == starts + TIME_WIDTH) and np.all(c2 < line_end)):
        return None
    steps_len = c2 - c1 - 1
    hr_len = line_end - c2 - 1
    steps_width, hr_width = int(steps_len.max()), int(hr_len.max())
    if steps_width > MAX_STEPS_DIGITS or hr_width > MAX_HR_CHARS:
        return None  # before any copy: a huge field never gets past here
    padded = np.concatenate((buf, np.zeros(MAX_HR_CHARS + TIME_WIDTH, np.uint8)))
    times = parse_time_rows(sliding_window_view(padded, TIME_WIDTH)[starts])
    if times is None:
        return None
    steps = _steps(padded, c2, steps_len, steps_width)
    hr = _heart_rates(padded, c2, line_end, hr_len, hr_width)
    if steps is None or hr is None:
        return None
    return times[0], times[1], steps, hr


def _steps(
    buf: npt.NDArray[np.uint8],
    c2: npt.NDArray[np.int64],
    length: npt.NDArray[np.int64],
    width: int,
) -> npt.NDArray[np.float64] | None:
    """Steps from the ``width`` bytes before each second comma; None unless all digits."""
    if width == 0:
        return np.full(length.shape[0], np.nan)
    # Right-aligned on the comma, so that every row's last digit is in the last column.
    digits = sliding_window_view(buf, width)[c2 - width] - np.uint8(_ZERO)
    digits[np.arange(width) < (width - length)[:, None]] = 0  # bytes before the field
    if not np.all(digits <= 9):  # below '0' wraps around to > 9
        return None
    steps = digits.astype(np.float64) @ (10.0 ** np.arange(width - 1, -1, -1))
    steps[length == 0] = np.nan
    return steps


def _heart_rates(
    buf: npt.NDArray[np.uint8],
    c2: npt.NDArray[np.int64],
    line_end: npt.NDArray[np.int64],
    length: npt.NDArray[np.int64],
    width: int,
) -> npt.NDArray[np.float64] | None:
    """Heart rates after each second comma; None unless each is like 72 or 72.5."""
    if width == 0:
        return np.full(length.shape[0], np.nan)
    text = np.ascontiguousarray(sliding_window_view(buf, width)[c2 + 1])
    text[np.arange(width) >= length[:, None]] = 0  # the next line, not this value
    kinds = _BYTE_KIND[text].sum(axis=1, dtype=np.uint8)
    digits, points = kinds % _POINT_KIND, kinds // _POINT_KIND
    known = length > 0
    # Digits and at most one point, a digit first and last: what the checker reads.
    if not (
        np.array_equal(digits + points, length)
        and np.all(points <= 1)
        and np.all((_BYTE_KIND[text[:, 0]] == _DIGIT_KIND) | ~known)
        and np.all((_BYTE_KIND[buf[line_end - 1]] == _DIGIT_KIND) | ~known)
    ):
        return None
    text[~known, 0] = _ZERO  # parsed as 0, then marked unknown
    hr = text.view(f"S{width}").ravel().astype(np.float64)
    hr[~known] = np.nan
    return hr
