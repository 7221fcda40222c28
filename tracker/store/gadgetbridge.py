"""Read a Gadgetbridge database export ("Export database" in the Android app) into minutes.

The file is Gadgetbridge's own SQLite database, laid out by its greenDAO entities
(``GBDaoGenerator``). It is opened read-only and immutable: nothing is ever written to the
user's file or beside it (no journal, no ``-wal``/``-shm``). The schema is read from the file,
not assumed: every table whose name ends in ``ACTIVITY_SAMPLE`` (``MI_BAND_ACTIVITY_SAMPLE``,
``HUAMI_EXTENDED_ACTIVITY_SAMPLE``, ``XIAOMI_ACTIVITY_SAMPLE``, ``GARMIN_ACTIVITY_SAMPLE``,
``PINE_TIME_ACTIVITY_SAMPLE``, ``BANGLE_JSACTIVITY_SAMPLE``, …) with ``TIMESTAMP``,
``DEVICE_ID`` and ``STEPS`` and/or ``HEART_RATE`` counts; ``DEVICE`` names the devices.

What the published schema says, and what follows here:

- Activity-sample ``TIMESTAMP`` is an int of *seconds* since the epoch (greenDAO
  ``addCommonActivitySampleProperties``); only the "time samples" (stress, SpO2, the
  ``*_HEART_RATE_*_SAMPLE`` tables, none of which end in ``ACTIVITY_SAMPLE``) use
  milliseconds. A table with no sample dated 2000-2099 in seconds but some in milliseconds
  is read as milliseconds all the same, in case a device's table ever is. Samples dated
  before 2000 or after 2099 (a watch whose clock was not set) are left out.
- "No value": ``ActivitySample.NOT_MEASURED`` is -1; Mi Band/Huami write 255 for a heart
  rate not measured and 0 when there is none. Gadgetbridge itself only believes a heart rate
  with 10 < bpm < 250 (``HeartRateUtils.isValidHeartRateValue``); we keep the narrower of
  that and our own bounds, 20 <= bpm < 250, so 0, -1, 255 and other artefacts are blanks,
  not zeros. Steps below 0 or above 1000 a minute are blanks too.
- Samples are per minute for most devices; finer samples are summed (steps) and averaged
  (heart rate) per minute. Several tables for one device are combined: the larger step
  count per minute, the mean of all their heart-rate samples.

Every SQL statement of the project lives in :mod:`tracker.store`, this one included.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

import numpy as np

from tracker.domain.errors import ImportFileError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.minutes import MinuteTable
from tracker.domain.offsets import zone_offsets
from tracker.domain.sources import Source, SourceKind, plain_device_name
from tracker.domain.units import MS_PER_S
from tracker.store.gadgetbridge_minutes import (
    F64,
    I64,
    Sums,
    combine_sums,
    concat_sums,
    no_sums,
    packed_row_select,
    unpack_sums,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
SAMPLE_TABLE_SUFFIX = "ACTIVITY_SAMPLE"
DEVICE_TABLE = "DEVICE"
# Samples are fetched a week at a time (by the time index), so memory stays bounded.
WINDOW_S = 7 * 24 * 3600
# Samples dated before 2000 or from 2100 on come from a watch whose clock was not set
# (or was reset): they are left out.
EARLIEST_S = 946_684_800  # 2000-01-01T00:00Z
LATEST_S = 4_102_444_800  # 2100-01-01T00:00Z


def looks_like_sqlite(head: bytes) -> bool:
    """Whether the first bytes of a file are a SQLite database header."""
    return head.startswith(SQLITE_MAGIC)


@dataclass(frozen=True, slots=True)
class _SampleTable:
    name: str
    steps: bool
    heart_rate: bool
    time_indexed: bool  # TIMESTAMP leads the primary key or an index


@dataclass(frozen=True, slots=True)
class _Device:
    id: int
    name: str
    identifier: str
    alias: str
    label: str  # the name, with the identifier when two devices share a name

    def matches(self, wanted: str) -> bool:
        wanted = wanted.strip().casefold()
        return wanted in {
            v.casefold() for v in (self.label, self.name, self.identifier, self.alias) if v
        }


def gadgetbridge_devices(path: Path) -> list[str]:
    """The names of the devices that have activity samples in the export."""
    with _reading(path) as db:
        tables = _sample_tables(db, path)
        return [d.label for d in _with_samples(db, tables, _devices(db))]


def read_gadgetbridge(path: Path, tz: tzinfo, device: str | None) -> list[ImportedMinutes]:
    """One device's minutes (steps, mean heart rate) from a Gadgetbridge export.

    ``device`` may be None when only one device has samples; otherwise it names one
    (its name, MAC address or alias, in any case). Offsets are those of ``tz`` at each
    minute.
    """
    with _reading(path) as db:
        tables = _sample_tables(db, path)
        devices = _devices(db)
        chosen = _matching(path, devices, device) if device is not None else None
        if chosen is None:  # no name given, or not a known one: which devices have samples?
            chosen = _choose(path, _with_samples(db, tables, devices), device)
        time_s, steps, hr = _device_minutes(db, tables, chosen.id, path)
        if len(time_s) == 0:
            others = [d.label for d in _with_samples(db, tables, devices) if d != chosen]
            also = f"; devices with samples: {', '.join(others)}" if others else ""
            raise ImportFileError(str(path), f"has no steps or heart rate for {chosen.label}{also}")
    minutes = MinuteTable(time_s, zone_offsets(time_s, tz), steps, hr)
    return [ImportedMinutes(Source(SourceKind.GADGETBRIDGE, chosen.label), minutes)]


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """The database opened read-only; SQLite errors become one line.

    It is opened immutable: no locks, no journal, nothing created beside it (``mode=ro``
    alone still creates ``-wal`` and ``-shm`` files next to a WAL-mode database). Immutable
    ignores a write-ahead log, though: when a non-empty ``-wal`` lies beside the file (a
    copy of a live database), both are copied to a private temporary folder and the copy
    is read, log included.
    """
    if not path.is_file():
        raise ImportFileError(str(path), "no such file")
    wal = path.with_name(path.name + "-wal")
    with contextlib.ExitStack() as stack:
        source, options = path.resolve(), "mode=ro&immutable=1"
        if wal.is_file() and wal.stat().st_size > 0:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            source, options = folder / "gadgetbridge.db", "mode=ro"
            shutil.copyfile(path, source)
            shutil.copyfile(wal, folder / "gadgetbridge.db-wal")
        uri = f"file:{urllib.parse.quote(str(source))}?{options}"
        try:
            db = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise ImportFileError(str(path), f"cannot open as a database: {exc}") from exc
        try:
            yield db
        except sqlite3.DatabaseError as exc:
            raise ImportFileError(str(path), f"not a readable SQLite database: {exc}") from exc
        finally:
            db.close()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _columns(db: sqlite3.Connection, table: str) -> dict[str, int]:
    """Column names (upper case) and their place in the primary key (0 = not in it)."""
    return {
        str(row[1]).upper(): int(row[5])
        for row in db.execute(f"PRAGMA table_info({_quote(table)})")
    }


def _time_indexed(db: sqlite3.Connection, table: str, columns: dict[str, int]) -> bool:
    if columns.get("TIMESTAMP") == 1:
        return True
    for index in db.execute(f"PRAGMA index_list({_quote(table)})").fetchall():
        first = db.execute(f"PRAGMA index_info({_quote(str(index[1]))})").fetchone()
        if first is not None and str(first[2]).upper() == "TIMESTAMP":
            return True
    return False


def _sample_tables(db: sqlite3.Connection, path: Path) -> list[_SampleTable]:
    names = [str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    has_devices = any(n.upper() == DEVICE_TABLE for n in names)
    if not has_devices or not {"_ID", "NAME"} <= _columns(db, DEVICE_TABLE).keys():
        raise ImportFileError(
            str(path), "not a Gadgetbridge export (no DEVICE table); use its Export database"
        )
    tables = []
    for name in sorted(names):
        if not name.upper().endswith(SAMPLE_TABLE_SUFFIX):
            continue
        cols = _columns(db, name)
        steps, hr = "STEPS" in cols, "HEART_RATE" in cols
        if {"TIMESTAMP", "DEVICE_ID"} <= cols.keys() and (steps or hr):
            tables.append(_SampleTable(name, steps, hr, _time_indexed(db, name, cols)))
    if not tables:
        raise ImportFileError(str(path), "has no activity samples (no …ACTIVITY_SAMPLE table)")
    return tables


def _devices(db: sqlite3.Connection) -> list[_Device]:
    """Every row of DEVICE; two devices with one name are told apart by their MAC address."""
    cols = _columns(db, DEVICE_TABLE)
    identifier = "IDENTIFIER" if "IDENTIFIER" in cols else "''"
    alias = "ALIAS" if "ALIAS" in cols else "''"
    plain = plain_device_name
    rows = [
        (int(r[0]), plain(str(r[1] or "")), plain(str(r[2] or "")), plain(str(r[3] or "")))
        for r in db.execute(
            f"SELECT _id, NAME, {identifier}, {alias} FROM {DEVICE_TABLE} ORDER BY _id"
        )
    ]
    names = [r[1] for r in rows]
    return [
        _Device(
            i, name, ident, al, f"{name} ({ident})" if names.count(name) > 1 and ident else name
        )
        for i, name, ident, al in rows
    ]


def _with_samples(
    db: sqlite3.Connection, tables: list[_SampleTable], devices: list[_Device]
) -> list[_Device]:
    """The devices that have rows in a sample table (one without a DEVICE row too)."""
    ids: set[int] = set()
    for t in tables:
        ids.update(
            int(r[0]) for r in db.execute(f"SELECT DISTINCT DEVICE_ID FROM {_quote(t.name)}")
        )
    known = {d.id: d for d in devices}
    return [known.get(i) or _Device(i, f"device {i}", "", "", f"device {i}") for i in sorted(ids)]


def _choose(path: Path, devices: list[_Device], wanted: str | None) -> _Device:
    labels = ", ".join(d.label for d in devices)
    if not devices:
        raise ImportFileError(str(path), "has no activity samples")
    if wanted is None:
        if len(devices) > 1:
            raise ImportFileError(
                str(path), f"holds several devices: {labels}; choose one with --device NAME"
            )
        return devices[0]
    found = _matching(path, devices, wanted)
    if found is None:
        raise ImportFileError(str(path), f"has no device {wanted!r}; its devices: {labels}")
    return found


def _matching(path: Path, devices: list[_Device], wanted: str) -> _Device | None:
    """The one device ``wanted`` names (label, name, MAC address or alias, in any case)."""
    found = [d for d in devices if d.matches(wanted)]
    if len(found) > 1:  # two devices with one name: the full label or the MAC decides
        exact = [
            d
            for d in found
            if wanted.strip().casefold() in (d.label.casefold(), d.identifier.casefold())
        ]
        if len(exact) != 1:
            raise ImportFileError(
                str(path),
                f"{wanted!r} names several devices: {', '.join(d.label for d in found)}; "
                "choose one by its MAC address",
            )
        found = exact
    return found[0] if found else None


def _device_minutes(
    db: sqlite3.Connection, tables: list[_SampleTable], device_id: int, path: Path
) -> tuple[I64, F64, F64]:
    """Per minute, sorted: the larger step count of the tables, the mean of all their valid
    heart rates; minutes with neither are left out."""
    parts = [_table_minutes(db, t, device_id, path) for t in tables]
    parts = sorted((p for p in parts if len(p[0])), key=lambda p: -len(p[0]))
    minute, steps, hr_sum, hr_n = parts[0] if parts else no_sums()
    for other in parts[1:]:  # into the largest table's minutes, usually a few overlaps
        minute, steps, hr_sum, hr_n = combine_sums((minute, steps, hr_sum, hr_n), other)
    hr = np.full(len(minute), np.nan)
    np.divide(hr_sum, hr_n, out=hr, where=hr_n > 0)
    keep = ~np.isnan(steps) | ~np.isnan(hr)
    if keep.all():
        return minute, steps, hr
    return minute[keep], steps[keep], hr[keep]


def _table_minutes(db: sqlite3.Connection, table: _SampleTable, device_id: int, path: Path) -> Sums:
    """One table's samples of one device per minute, read a week at a time when the table
    is indexed by time (it is in every Gadgetbridge schema), so memory stays bounded."""
    name = _quote(table.name)
    # Seconds if any sample is dated 2000-2099 in seconds, else milliseconds if any is in
    # milliseconds: two index look-ups, and a stray timestamp cannot decide for the table.
    per_s = next(
        (
            unit
            for unit in (1, MS_PER_S)
            if db.execute(
                f"SELECT 1 FROM {name} WHERE TIMESTAMP >= ? AND TIMESTAMP < ? LIMIT 1",
                (EARLIEST_S * unit, LATEST_S * unit),
            ).fetchone()
        ),
        None,
    )
    if (
        per_s is None
        or not db.execute(
            f"SELECT 1 FROM {name} WHERE DEVICE_ID = ? LIMIT 1", (device_id,)
        ).fetchone()
    ):
        return no_sums()  # e.g. another device's table: one scan, not one per week
    lo, hi = EARLIEST_S * per_s, LATEST_S * per_s
    packed = packed_row_select(table.steps, table.heart_rate, per_s)
    select = f"{packed} FROM {name} WHERE DEVICE_ID = ? "
    select += "AND TIMESTAMP >= ? AND TIMESTAMP < ?"
    if not table.time_indexed:
        return unpack_sums(_fetch(db, select, (device_id, lo, hi)))
    first, last = db.execute(
        f"SELECT MIN(TIMESTAMP), MAX(TIMESTAMP) FROM {name} WHERE TIMESTAMP >= ? AND TIMESTAMP < ?",
        (lo, hi),
    ).fetchone()
    window = WINDOW_S * per_s  # whole minutes: no minute spans two windows
    return concat_sums(
        [
            unpack_sums(_fetch(db, select, (device_id, w, w + window)))
            for w in range(int(first) // window * window, int(last) + 1, window)
        ]
    )


def _fetch(db: sqlite3.Connection, select: str, args: tuple[int, ...]) -> I64:
    rows = db.execute(select, args).fetchall()
    return np.fromiter(itertools.chain.from_iterable(rows), np.int64, len(rows))
