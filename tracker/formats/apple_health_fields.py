"""The fields of Apple Health records: dates and values, parsed a batch at a time.

Apple writes every date as "YYYY-MM-DD hh:mm:ss ±hhmm"; a batch of those is parsed in
numpy columns at once, anything else one by one (ISO 8601 too, as some third-party
exporters write). A value that is not a number stops the import with its record named.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import numpy.typing as npt

from tracker.domain.errors import ImportFileError
from tracker.domain.units import SECONDS_PER_DAY

# Apple's date form: "2026-03-18 08:00:00 +0100".
DATE_LENGTH = 25
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"

_I64 = npt.NDArray[np.int64]
_F64 = npt.NDArray[np.float64]

# Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
_EPOCH_SHIFT_DAYS = 719468
_DIGITS = (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 21, 22, 23, 24)
_SEPARATORS = ((4, b"-"), (7, b"-"), (10, b" "), (13, b":"), (16, b":"), (19, b" "))


def parse_dates(name: str, texts: list[str], what: str) -> tuple[_I64, npt.NDArray[np.int32]]:
    """Epoch seconds and UTC offsets of Apple's "YYYY-MM-DD hh:mm:ss ±hhmm" dates, computed
    on all of a batch at once; anything else goes through :func:`datetime.strptime`."""
    n = len(texts)
    try:
        joined = "".join(texts).encode("ascii")
    except UnicodeEncodeError:
        joined = b""
    if len(joined) != n * DATE_LENGTH:
        return _parse_dates_slowly(name, texts, what)
    b = np.frombuffer(joined, np.uint8).reshape(n, DATE_LENGTH)
    d = b.astype(np.int64) - ord("0")
    good = ((d[:, _DIGITS] >= 0) & (d[:, _DIGITS] <= 9)).all(axis=1)
    for col, sep in _SEPARATORS:
        good &= b[:, col] == sep[0]
    sign = np.where(b[:, 20] == ord("-"), -1, 1)
    good &= (b[:, 20] == ord("+")) | (b[:, 20] == ord("-"))
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, 5] * 10 + d[:, 6]
    day = d[:, 8] * 10 + d[:, 9]
    hour = d[:, 11] * 10 + d[:, 12]
    minute = d[:, 14] * 10 + d[:, 15]
    second = d[:, 17] * 10 + d[:, 18]
    offset = sign * ((d[:, 21] * 10 + d[:, 22]) * 3600 + (d[:, 23] * 10 + d[:, 24]) * 60)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    good &= (month >= 1) & (month <= 12) & (day >= 1) & (hour < 24) & (minute < 60)
    good &= second < 60
    good &= day <= month_days[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)
    if not good.all():
        return _parse_dates_slowly(name, texts, what)
    # Days since the epoch from the civil date (H. Hinnant's days_from_civil).
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - _EPOCH_SHIFT_DAYS
    local = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
    return local - offset, offset.astype(np.int32)


def _parse_dates_slowly(
    name: str, texts: list[str], what: str
) -> tuple[_I64, npt.NDArray[np.int32]]:
    times = np.empty(len(texts), np.int64)
    offsets = np.empty(len(texts), np.int32)
    for i, text in enumerate(texts):
        when = _parse_date(text)
        off = when.utcoffset() if when is not None else None
        if when is None or off is None:
            raise ImportFileError(
                name,
                f"a Record's {what} {text[:40]!r} is not a date like 2026-03-18 08:00:00 +0100",
            )
        offsets[i] = int(off.total_seconds())
        times[i] = int(when.timestamp())
    return times, offsets


def _parse_date(text: str) -> datetime | None:
    """Apple's form, or ISO 8601 with an offset (as some third-party exporters write)."""
    text = text.strip()
    try:
        return datetime.strptime(text, DATE_FORMAT)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_values(name: str, texts: list[str], kind: str) -> _F64:
    try:
        values = np.array(texts, dtype=np.float64)
    except ValueError:
        bad = next(t for t in texts if not _is_number(t))
        raise ImportFileError(
            name, f"a {kind} record's value {bad[:40]!r} is not a number"
        ) from None
    values[~np.isfinite(values)] = np.nan
    return values


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
