"""Import a file into the store: read it by its kind, check it whole, write it whole.

Rules (issue 9, the minute table; issue 12, the wearables people own):

- Nothing is written unless the whole file is good: a bad row, a date before 2000 or
  after tomorrow, or (for a minute table) a minute the store already holds with other
  values each stop the import with one line, and the store is left as it was.
- A minute table has no known source: a minute it shares with the store must have the
  same values, unless ``--replace`` makes the file's values count (and says how many
  minutes it replaced). Re-importing the same data adds nothing and says so.
- A file from a known source (a FIT file's device, a Gadgetbridge device, an Apple Health
  source) replaces that source's own minutes in the range it covers, because a newer
  export may correct them; other sources stay, and per minute the larger step count
  counts, never the sum.
- Days the import changes are judged again (their stored results are forgotten).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

import numpy as np

from tracker.config import Config
from tracker.domain.errors import ImportFileError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.localtime import fixed_zone, local_date
from tracker.domain.minutes import MinuteTable
from tracker.domain.sources import KIND_WORDS, Source, SourceKind
from tracker.domain.text import count
from tracker.domain.units import MS_PER_S, SECONDS_PER_MINUTE
from tracker.formats.apple_health import read_apple_health
from tracker.formats.detect import detect
from tracker.formats.fit import read_fit
from tracker.formats.minute_csv import line_of_minute, read_csv
from tracker.store import derived
from tracker.store.gadgetbridge import gadgetbridge_devices, read_gadgetbridge
from tracker.store.imports import WriteSpan, write_imported
from tracker.store.sqlite import Store

# No wearable data predates this; an earlier date is a typo (0001) or a zeroed clock.
EARLIEST_DATA = datetime(2000, 1, 1, tzinfo=UTC)
# Data from the future is a wrong clock or a typo (2099); a day of slack for time zones.
FUTURE_SLACK = timedelta(days=1)
# Two heart rates that round to the same 0.01 bpm (what `tracker export` writes) are the
# same value: a re-import of an export is not a conflict.
SAME_BPM_TOLERANCE = 0.006


# ``device`` for a watched folder: every device of a Gadgetbridge database, each its own
# source (nobody is there to choose one).
ALL_DEVICES = "\x00all devices"
# Called now and then with (bytes read, bytes in all) while a large file is read.
Progress = Callable[[int, int], None]


class ImportConflict(ImportFileError):
    """A minute of the file is already stored with other values."""


@dataclass(frozen=True, slots=True)
class SourceReport:
    source: Source
    first: date | None
    last: date | None
    minutes: int  # minutes with data in the file
    new: int  # minutes the store did not have
    already: int  # minutes the store had (same values, or the source's own older export)


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: Path
    kind: SourceKind
    sources: tuple[SourceReport, ...]
    replaced: int  # minutes whose stored values --replace overwrote


def read_import(
    path: Path,
    kind: SourceKind,
    *,
    tz: tzinfo | None,
    zone: tzinfo,
    device: str | None = None,
    progress: Progress | None = None,
) -> list[ImportedMinutes]:
    """The file's minutes per source. ``tz`` (--timezone) is the zone of times written
    without an offset; ``zone`` gives the offsets of times a file keeps in UTC."""
    if kind is SourceKind.MINUTE_CSV:
        # A row with both values blank stores nothing, so it is not counted as a minute.
        return [ImportedMinutes(Source(SourceKind.MINUTE_CSV), read_csv(path, tz).with_data())]
    if kind is SourceKind.GADGETBRIDGE:
        if device is ALL_DEVICES:
            names = gadgetbridge_devices(path)
            return [m for name in names for m in read_gadgetbridge(path, tz or zone, name)]
        return read_gadgetbridge(path, tz or zone, device)
    if kind is SourceKind.APPLE_HEALTH:
        return read_apple_health(path, tz or zone, progress)
    if kind is SourceKind.FIT:
        return read_fit(path, tz or zone)
    raise ImportFileError(str(path), f"a {KIND_WORDS[kind]} cannot be imported yet")


def check_dates(path: Path, imported: Sequence[ImportedMinutes], now_ms: int) -> None:
    """Every minute between 2000 and tomorrow, or one line naming the first that is not."""
    latest = datetime.fromtimestamp(now_ms / MS_PER_S, UTC) + FUTURE_SLACK
    for item in imported:
        t = item.table
        if not len(t):
            continue
        for i, limit, what in ((0, EARLIEST_DATA, "before 2000"), (-1, latest, "in the future")):
            moment = datetime.fromtimestamp(int(t.time_s[i]), fixed_zone(int(t.offset_s[i])))
            if (moment < limit) if i == 0 else (moment > limit):
                raise ImportFileError(
                    str(path),
                    f"holds a minute {what} ({moment:%Y-%m-%d %H:%M}); check the device's "
                    "clock or the dates in the file; nothing was imported",
                )


def _same(a: float, b: float, tolerance: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tolerance


def _overlap(store: Store, table: MinuteTable) -> tuple[np.ndarray, np.ndarray]:
    """For each minute of ``table``: is it stored, and with other values?"""
    first, last = int(table.time_s[0]), int(table.time_s[-1]) + SECONDS_PER_MINUTE
    stored = store.minute_table(first, last)
    index = {t: i for i, t in enumerate(stored.time_s.tolist())}
    present = np.zeros(len(table), np.bool_)
    differs = np.zeros(len(table), np.bool_)
    for k, (t, s, h) in enumerate(
        zip(table.time_s.tolist(), table.steps.tolist(), table.heart_rate_bpm.tolist(), strict=True)
    ):
        i = index.get(t)
        if i is None:
            continue
        present[k] = True
        same = _same(s, float(stored.steps[i]), 0.0) and _same(
            h, float(stored.heart_rate_bpm[i]), SAME_BPM_TOLERANCE
        )
        differs[k] = not same
    return present, differs


def _minute_table_plan(
    store: Store, path: Path, item: ImportedMinutes, *, replace: bool, tz: tzinfo | None
) -> tuple[SourceReport, WriteSpan, int]:
    table = item.table
    present, differs = _overlap(store, table)
    conflicts = int(differs.sum())
    if conflicts and not replace:
        first = int(table.time_s[np.flatnonzero(differs)[0]])
        line = line_of_minute(path, first, tz)
        raise ImportConflict(
            f"{path}:{line}" if line else str(path),
            f"this minute is already stored with other values ({count(conflicts, 'minute')} "
            "of the file differ); nothing was imported; add --replace to make this "
            "file's values count",
        )
    clear = table.time_s[differs].tolist() if replace else []
    report = _report(item, int((~present).sum()), int(present.sum()))
    return report, WriteSpan(clear_own_range=False, clear_minutes_s=clear), conflicts


def _report(item: ImportedMinutes, new: int, already: int) -> SourceReport:
    t = item.table
    if not len(t):
        return SourceReport(item.source, None, None, 0, 0, 0)
    first = datetime.fromtimestamp(int(t.time_s[0]), fixed_zone(int(t.offset_s[0]))).date()
    last = datetime.fromtimestamp(int(t.time_s[-1]), fixed_zone(int(t.offset_s[-1]))).date()
    return SourceReport(item.source, first, last, len(t), new, already)


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file read and checked whole, before any store is touched."""

    path: Path
    kind: SourceKind
    imported: tuple[ImportedMinutes, ...]
    tz: tzinfo | None  # the zone given for times without an offset


def check_file(
    path: Path,
    *,
    tz: tzinfo | None,
    zone: tzinfo,
    now_ms: int,
    device: str | None = None,
    progress: Progress | None = None,
) -> CheckedFile:
    """Read and check ``path``; one :class:`ImportFileError` line if anything is off."""
    kind = detect(path)
    if device not in (None, ALL_DEVICES) and kind is not SourceKind.GADGETBRIDGE:
        raise ImportFileError(str(path), "--device is for a Gadgetbridge database only")
    imported = tuple(read_import(path, kind, tz=tz, zone=zone, device=device, progress=progress))
    if not any(len(i.table) for i in imported):
        raise ImportFileError(str(path), "holds no steps and no heart rate")
    check_dates(path, imported, now_ms)
    return CheckedFile(path, kind, imported, tz)


def store_file(
    store: Store, config: Config, checked: CheckedFile, *, replace: bool
) -> ImportReport:
    """Write a checked file's minutes (all or nothing) and forget the days it changes."""
    reports: list[SourceReport] = []
    replaced = 0
    if checked.kind is SourceKind.MINUTE_CSV:
        (item,) = checked.imported
        report, span, replaced = _minute_table_plan(
            store, checked.path, item, replace=replace, tz=checked.tz
        )
        reports.append(report)
    else:
        span = WriteSpan(clear_own_range=True, clear_minutes_s=())
        for item in checked.imported:
            if len(item.table):
                present, _ = _overlap(store, item.table)
                reports.append(_report(item, int((~present).sum()), int(present.sum())))
    write_imported(store, checked.imported, span)
    firsts = [int(i.table.time_s[0]) for i in checked.imported if len(i.table)]
    derived.forget_days_from(store, local_date(min(firsts) * MS_PER_S, config.zone))
    return ImportReport(checked.path, checked.kind, tuple(reports), replaced)
