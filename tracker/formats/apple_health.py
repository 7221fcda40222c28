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

import zipfile
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import IO, NoReturn
from xml.parsers import expat

import numpy as np
import numpy.typing as npt

from tracker.domain.errors import ImportFileError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.minutes import (
    MAX_HEART_RATE_BPM,
    MIN_HEART_RATE_BPM,
)
from tracker.domain.sources import Source, SourceKind
from tracker.domain.units import SECONDS_PER_MINUTE
from tracker.formats.apple_health_fields import parse_dates, parse_values
from tracker.formats.apple_health_minutes import Series, minute_table, spread_steps

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
        self.series: dict[tuple[int, str], Series] = {}

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

    def _series(self, source: int, kind: str) -> Series:
        found = self.series.get((source, kind))
        if found is None:
            found = self.series[(source, kind)] = Series()
        return found

    def _fold_steps(self) -> None:
        p = self.steps
        if not len(p):
            return
        src, start, offset = self._sources_and_starts(p)
        end, _ = parse_dates(self.name, p.end, "endDate")
        value = parse_values(self.name, p.value, STEP_TYPE)
        p.clear()
        minute, steps, rec = spread_steps(start, end, value)
        self._add(STEP_TYPE, src[rec], minute, steps, offset[rec])

    def _fold_heart(self) -> None:
        p = self.heart
        if not len(p):
            return
        src, start, offset = self._sources_and_starts(p)
        bpm = parse_values(self.name, p.value, HEART_RATE_TYPE)
        p.clear()
        ok = (bpm >= MIN_HEART_RATE_BPM) & (bpm <= MAX_HEART_RATE_BPM)
        src, start, offset, bpm = src[ok], start[ok], offset[ok], bpm[ok]
        self._add(HEART_RATE_TYPE, src, start // SECONDS_PER_MINUTE, bpm, offset)

    def _sources_and_starts(
        self, p: _Pending
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """A batch's source numbers, start times (epoch seconds) and UTC offsets."""
        src = np.frombuffer(p.source, dtype=np.int32).copy()
        start, offset = parse_dates(self.name, p.start, "startDate")
        return src, start, offset

    def _add(
        self,
        kind: str,
        src: npt.NDArray[np.int32],
        minute: npt.NDArray[np.int64],
        value: npt.NDArray[np.float64],
        offset: npt.NDArray[np.int32],
    ) -> None:
        """Values per minute into each source's series of ``kind``."""
        for s in np.unique(src).tolist():
            mine = src == s
            self._series(s, kind).add(minute[mine], value[mine], offset[mine])

    def result(self) -> list[ImportedMinutes]:
        names = {i: n for n, i in self.sources.items()}
        out = []
        for i in sorted(names, key=lambda i: names[i]):
            steps = self.series.pop((i, STEP_TYPE), None)
            heart = self.series.pop((i, HEART_RATE_TYPE), None)
            table = minute_table(steps, heart)
            if len(table):
                out.append(ImportedMinutes(Source(SourceKind.APPLE_HEALTH, names[i]), table))
        return out
