"""Read an Apple Health export (``export.zip`` or its ``export.xml``) into minutes.

The export is one XML file, often gigabytes, of ``<Record>`` elements::

    <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone van Ann"
            unit="count" startDate="2026-03-18 08:00:00 +0100"
            endDate="2026-03-18 08:04:30 +0100" value="212"/>

Only step counts and heart rates (``count/min``) are read. The file is streamed through
expat in 1 MiB pieces, straight out of the zip (never extracted), and only the few fields of
those records are kept, in batches of a few thousand that are folded into per-minute sums
as they fill up. Memory does not grow with the size of the file, only with the minutes that
have data: about 40 MB to start with, then some 45 bytes a minute, 28 of which are the
returned table itself (``bench/import_apple_health.py``: ~100 MB for a 1 GB export
of three years, 1.4 million minutes).

- A step record spanning several minutes is spread over them in proportion to the seconds
  of each minute it covers; each minute gets a whole number of steps and the fractions
  carry over to the next minute, so the record's total is kept.
- Heart rate: the mean of the records that start in a minute (20 to 300 bpm; outside that
  is a sensor artefact, a blank).
- Every ``sourceName`` (the phone, the watch, an app) is its own source: they count the same
  steps twice, so they are never added; the store takes the larger per minute.
- A row's UTC offset is that of the record it comes from (Apple writes it in each date).

Safety: real exports start with a DOCTYPE whose internal subset declares elements and
attributes, never entities. The parser refuses any entity declaration (internal or
external, general or parameter, as defusedxml does), never reads external entities or the
external DTD subset, and so never expands anything: no XXE, no "billion laughs".
"""

from __future__ import annotations

import bisect
import zipfile
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import IO, NoReturn
from xml.parsers import expat

import numpy as np
import numpy.typing as npt

from tracker.domain.errors import ImportFileError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.minutes import (
    MAX_HEART_RATE_BPM,
    MAX_STEPS_PER_MINUTE,
    MIN_HEART_RATE_BPM,
    MinuteTable,
)
from tracker.domain.sources import Source, SourceKind
from tracker.domain.units import SECONDS_PER_DAY, SECONDS_PER_MINUTE

STEP_TYPE = "HKQuantityTypeIdentifierStepCount"
HEART_RATE_TYPE = "HKQuantityTypeIdentifierHeartRate"
HEART_RATE_UNIT = "count/min"
EXPORT_MEMBER = "apple_health_export/export.xml"
EXPORT_DIR = "apple_health_export/"
ZIP_MAGIC = b"PK\x03\x04"
# How much XML is handed to expat at a time (and how often progress is reported).
READ_BYTES = 1 << 20
# Records of one kind kept as strings before they are folded into minutes.
BATCH_RECORDS = 1 << 13
# A step record longer than a day (a corrupt date, or some app's weekly total) is dropped
# rather than spread; up to a day it is spread like any other.
MAX_STEP_RECORD_S = SECONDS_PER_DAY
# Apple's date form: "2026-03-18 08:00:00 +0100".
DATE_LENGTH = 25
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"

Progress = Callable[[int, int], None]


def looks_like_apple_health(path: Path, head: bytes) -> bool:
    """An ``export.zip`` (a zip with ``apple_health_export/export.xml``) or an ``export.xml``."""
    if head.startswith(ZIP_MAGIC):
        # The first local header's file name: enough for a truncated zip too.
        name_len = int.from_bytes(head[26:28], "little")
        if head[30 : 30 + name_len].startswith(EXPORT_DIR.encode()):
            return True
        try:
            with zipfile.ZipFile(path) as zf:
                return _export_member(zf) is not None
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
            return False
    return b"<HealthData" in head or b"<!DOCTYPE HealthData" in head


def read_apple_health(
    path: Path, tz: tzinfo, progress: Progress | None = None
) -> list[ImportedMinutes]:
    """Steps and heart rate per minute, one :class:`ImportedMinutes` per source.

    ``tz`` is not needed (every date carries its own offset); it is taken for the same
    signature as the other importers. ``progress(bytes_read, total_bytes)`` is called after
    each MiB of XML.
    """
    del tz
    name = str(path)
    reader = _Reader(name)
    xml_name = "the XML"
    try:
        with path.open("rb") as raw:
            if raw.read(4) == ZIP_MAGIC:
                raw.seek(0)
                with zipfile.ZipFile(raw) as zf:
                    member = _export_member(zf)
                    if member is None:
                        raise ImportFileError(name, f"is a zip without {EXPORT_MEMBER}")
                    xml_name = member.filename
                    try:  # an encrypted member, or a compression zipfile cannot read
                        xml = zf.open(member)
                    except (NotImplementedError, RuntimeError) as exc:
                        raise ImportFileError(name, f"cannot open {xml_name}: {exc}") from exc
                    with xml:
                        reader.feed(xml, member.file_size, progress)
            else:
                raw.seek(0)
                reader.feed(raw, path.stat().st_size, progress)
    except ImportFileError:
        raise
    except expat.ExpatError as exc:
        raise ImportFileError(
            name,
            f"{xml_name} is truncated or corrupt (line {exc.lineno}, column {exc.offset}: "
            f"{expat.ErrorString(exc.code)})",
        ) from exc
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise ImportFileError(name, f"the zip is truncated or corrupt ({exc})") from exc
    except OSError as exc:
        raise ImportFileError(name, f"cannot read it ({exc.strerror or exc})") from exc
    out = reader.result()
    if not out:
        raise ImportFileError(name, "has no step count or heart rate records")
    return out


def _export_member(zf: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    """``apple_health_export/export.xml``, else an ``export.xml`` elsewhere, else (a
    localised export) an XML file whose first 4 KiB declare ``HealthData``."""
    infos = zf.infolist()
    for info in infos:
        if info.filename == EXPORT_MEMBER:
            return info
    for info in infos:
        if info.filename.rsplit("/", 1)[-1] == "export.xml":
            return info
    for info in infos:
        base = info.filename.rsplit("/", 1)[-1]
        if base.endswith(".xml") and not base.endswith("_cda.xml") and info.file_size:
            with zf.open(info) as f:
                head = f.read(4096)
            if b"<!DOCTYPE HealthData" in head or b"<HealthData" in head:
                return info
    return None


class _EntityRefused(Exception):
    """The XML declares an entity; it is not read further."""


def _refuse_entities(*_: object) -> NoReturn:
    raise _EntityRefused


@dataclass(slots=True)
class _Pending:
    """Records of one kind not yet folded into minutes, as the strings expat gave."""

    source: array[int] = field(default_factory=lambda: array("i"))
    start: list[str] = field(default_factory=list)
    end: list[str] = field(default_factory=list)
    value: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.start)

    def clear(self) -> None:
        del self.source[:]
        self.start.clear()
        self.end.clear()
        self.value.clear()


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sources: dict[str, int] = {}
        self.steps = _Pending()
        self.heart = _Pending()
        self.series: dict[tuple[int, str], _Series] = {}

    def _parser(self) -> expat.XMLParserType:
        parser = expat.ParserCreate()
        # No external DTD subset or parameter entities are read, and any entity
        # declaration stops the parse before anything could be expanded.
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = _refuse_entities
        parser.UnparsedEntityDeclHandler = _refuse_entities
        parser.ExternalEntityRefHandler = _refuse_entities

        source_id = self.sources.setdefault
        st, hr = self.steps, self.heart
        # Bound methods of lists that are cleared in place, never replaced.
        st_source, st_start, st_end, st_value = (
            st.source.append,
            st.start.append,
            st.end.append,
            st.value.append,
        )
        hr_source, hr_start, hr_value = hr.source.append, hr.start.append, hr.value.append

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag != "Record":
                return
            kind = attrs.get("type")
            if kind == STEP_TYPE:
                st_source(source_id(attrs.get("sourceName", ""), len(self.sources)))
                st_start(attrs.get("startDate", ""))
                st_end(attrs.get("endDate", ""))
                st_value(attrs.get("value", ""))
            elif kind == HEART_RATE_TYPE and attrs.get("unit") == HEART_RATE_UNIT:
                hr_source(source_id(attrs.get("sourceName", ""), len(self.sources)))
                hr_start(attrs.get("startDate", ""))
                hr_value(attrs.get("value", ""))

        parser.StartElementHandler = start
        return parser

    def feed(self, xml: IO[bytes], total: int, progress: Progress | None) -> None:
        parser = self._parser()
        done = 0
        try:
            while chunk := xml.read(READ_BYTES):
                parser.Parse(chunk, False)
                done += len(chunk)
                if len(self.steps) >= BATCH_RECORDS:
                    self._fold_steps()
                if len(self.heart) >= BATCH_RECORDS:
                    self._fold_heart()
                if progress is not None:
                    progress(done, max(total, done))
            parser.Parse(b"", True)
        except _EntityRefused:
            raise ImportFileError(
                self.name,
                "declares XML entities, which an Apple Health export never does; "
                "refused without expanding them",
            ) from None
        self._fold_steps()
        self._fold_heart()

    # -- folding batches into minutes ------------------------------------------------

    def _series(self, source: int, kind: str) -> _Series:
        found = self.series.get((source, kind))
        if found is None:
            found = self.series[(source, kind)] = _Series()
        return found

    def _fold_steps(self) -> None:
        p = self.steps
        if not len(p):
            return
        src = np.frombuffer(p.source, dtype=np.int32).copy()
        start, offset = _parse_dates(self.name, p.start, "startDate")
        end, _ = _parse_dates(self.name, p.end, "endDate")
        value = _parse_values(self.name, p.value, STEP_TYPE)
        p.clear()
        minute, steps, rec = _spread_steps(start, end, value)
        src, offset = src[rec], offset[rec]
        for s in np.unique(src).tolist():
            mine = src == s
            self._series(s, STEP_TYPE).add(minute[mine], steps[mine], offset[mine])

    def _fold_heart(self) -> None:
        p = self.heart
        if not len(p):
            return
        src = np.frombuffer(p.source, dtype=np.int32).copy()
        start, offset = _parse_dates(self.name, p.start, "startDate")
        bpm = _parse_values(self.name, p.value, HEART_RATE_TYPE)
        p.clear()
        ok = (bpm >= MIN_HEART_RATE_BPM) & (bpm <= MAX_HEART_RATE_BPM)
        src, start, offset, bpm = src[ok], start[ok], offset[ok], bpm[ok]
        minute = start // SECONDS_PER_MINUTE
        for s in np.unique(src).tolist():
            mine = src == s
            self._series(s, HEART_RATE_TYPE).add(minute[mine], bpm[mine], offset[mine])

    def result(self) -> list[ImportedMinutes]:
        names = {i: n for n, i in self.sources.items()}
        out = []
        for i in sorted(names, key=lambda i: names[i]):
            steps = self.series.pop((i, STEP_TYPE), None)
            heart = self.series.pop((i, HEART_RATE_TYPE), None)
            table = _minute_table(steps, heart)
            if len(table):
                out.append(ImportedMinutes(Source(SourceKind.APPLE_HEALTH, names[i]), table))
        return out


_I64 = npt.NDArray[np.int64]
_F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Block:
    """Per-minute sums, sorted by minute, each minute once."""

    minute: npt.NDArray[np.int32]  # minutes since the epoch
    total: npt.NDArray[np.float32]  # sum of the values (whole steps, or bpm)
    count: npt.NDArray[np.int32]  # how many values were added
    offset_min: npt.NDArray[np.int16]  # UTC offset of the first record there, minutes

    def __len__(self) -> int:
        return int(self.minute.shape[0])


class _Series:
    """One source's sums per minute of one kind (steps or heart rate), 14 bytes a minute.

    A list of sorted blocks that do not overlap, in time order. Within a type Apple writes
    records in time order, so a new batch usually starts after the last block and is just
    appended; one that reaches back is merged with only the blocks it overlaps.
    """

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.firsts: list[int] = []  # each block's first and last minute, for bisect
        self.lasts: list[int] = []

    def add(self, minute: _I64, value: _F64, offset_s: npt.NDArray[np.int32]) -> None:
        if minute.shape[0] == 0:
            return
        block = _group(
            minute.astype(np.int32),
            value.astype(np.float32),
            np.ones(minute.shape[0], np.int32),
            (offset_s // SECONDS_PER_MINUTE).astype(np.int16),
        )
        first, last = int(block.minute[0]), int(block.minute[-1])
        i = bisect.bisect_left(self.lasts, first)  # the first block that ends at or after
        j = bisect.bisect_right(self.firsts, last)  # the first block that starts after
        if i < j:
            parts = [*self.blocks[i:j], block]
            block = _group(
                np.concatenate([b.minute for b in parts]),
                np.concatenate([b.total for b in parts]),
                np.concatenate([b.count for b in parts]),
                np.concatenate([b.offset_min for b in parts]),
            )
            del parts
        self.blocks[i:j] = [block]
        self.firsts[i:j] = [int(block.minute[0])]
        self.lasts[i:j] = [int(block.minute[-1])]

    def columns(self) -> _Block:
        """All blocks as one; the blocks are let go."""
        blocks, self.blocks, self.firsts, self.lasts = self.blocks, [], [], []
        if not blocks:
            return _Block(
                np.empty(0, np.int32),
                np.empty(0, np.float32),
                np.empty(0, np.int32),
                np.empty(0, np.int16),
            )
        if len(blocks) == 1:
            return blocks[0]
        return _Block(
            np.concatenate([b.minute for b in blocks]),
            np.concatenate([b.total for b in blocks]),
            np.concatenate([b.count for b in blocks]),
            np.concatenate([b.offset_min for b in blocks]),
        )


def _group(
    minute: npt.NDArray[np.int32],
    total: npt.NDArray[np.float32],
    count: npt.NDArray[np.int32],
    offset_min: npt.NDArray[np.int16],
) -> _Block:
    """Sorted by minute, the values of equal minutes added up."""
    if minute.shape[0] > 1 and bool((minute[1:] <= minute[:-1]).any()):
        order = np.argsort(minute, kind="stable")
        minute, total, count, offset_min = (
            minute[order],
            total[order],
            count[order],
            offset_min[order],
        )
        starts = np.flatnonzero(np.r_[True, minute[1:] != minute[:-1]])
        minute, offset_min = minute[starts], offset_min[starts]
        total = np.add.reduceat(total, starts)
        count = np.add.reduceat(count, starts)
    return _Block(minute, total, count, offset_min)


def _minute_table(steps: _Series | None, heart: _Series | None) -> MinuteTable:
    """One source's steps and mean heart rate per minute, on the union of their minutes.
    Built column by column, letting go of what is done, as it is the largest step."""
    st = steps.columns() if steps is not None else None
    hr = heart.columns() if heart is not None else None
    if st is not None and hr is not None:
        minute = np.union1d(st.minute, hr.minute)
    elif st is not None:
        minute = st.minute
    elif hr is not None:
        minute = hr.minute
    else:
        return MinuteTable.empty()
    n = minute.shape[0]
    offset_s = np.empty(n, np.int32)
    step_col = np.full(n, np.nan)
    hr_col = np.full(n, np.nan)
    if hr is not None:
        at = np.searchsorted(minute, hr.minute)
        offset_s[at] = hr.offset_min
        hr_col[at] = hr.total
        hr_col[at] /= hr.count
        del at, hr
    if st is not None:
        at = np.searchsorted(minute, st.minute)
        offset_s[at] = st.offset_min
        step_col[at] = st.total
        del at, st
    offset_s *= SECONDS_PER_MINUTE
    time_s = minute.astype(np.int64)
    del minute
    time_s *= SECONDS_PER_MINUTE
    step_col[step_col > MAX_STEPS_PER_MINUTE] = np.nan
    keep = ~np.isnan(step_col) | ~np.isnan(hr_col)
    if keep.all():
        return MinuteTable(time_s, offset_s, step_col, hr_col)
    return MinuteTable(time_s[keep], offset_s[keep], step_col[keep], hr_col[keep])


def _spread_steps(start: _I64, end: _I64, value: _F64) -> tuple[_I64, _F64, _I64]:
    """Each record's steps over the minutes it covers, by the seconds covered in each, in
    whole steps that keep the record's (rounded) total: (minute since the epoch, steps,
    index of the record) per piece."""
    if start.shape[0] == 0:
        return start, value, start
    end = np.maximum(end, start)
    ok = (value >= 0) & (end - start <= MAX_STEP_RECORD_S)
    index = np.flatnonzero(ok)
    start, end, value = start[index], end[index], value[index]
    duration = end - start
    first_min = start // SECONDS_PER_MINUTE
    last_min = np.where(duration > 0, (end - 1) // SECONDS_PER_MINUTE, first_min)
    count = last_min - first_min + 1
    rec = np.repeat(np.arange(start.shape[0]), count)
    first = np.cumsum(count) - count  # where each record's pieces begin
    minute = first_min[rec] + (np.arange(rec.shape[0]) - first[rec])
    lo = np.maximum(start[rec], minute * SECONDS_PER_MINUTE)
    hi = np.minimum(end[rec], (minute + 1) * SECONDS_PER_MINUTE)
    covered = np.where(duration[rec] > 0, hi - lo, 1)
    total = np.maximum(duration, 1)
    run = np.cumsum(covered)
    within = run - (run[first] - covered[first])[rec]  # seconds covered so far in the record
    whole = np.floor(value[rec] * within / total[rec] + 0.5)
    before = np.r_[0.0, whole[:-1]]
    before[first] = 0.0
    return minute, whole - before, index[rec]


# Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
_EPOCH_SHIFT_DAYS = 719468
_DIGITS = (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 21, 22, 23, 24)
_SEPARATORS = ((4, b"-"), (7, b"-"), (10, b" "), (13, b":"), (16, b":"), (19, b" "))


def _parse_dates(name: str, texts: list[str], what: str) -> tuple[_I64, npt.NDArray[np.int32]]:
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


def _parse_values(name: str, texts: list[str], kind: str) -> _F64:
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
