"""Imported minutes into the sample tables, one source (device) at a time.

Each source's rows carry its own device id (``Source.store_device``), so the minute rollup
takes the larger step count per minute across sources, never their sum. A newer export of
the same source replaces that source's rows in the range it covers; ``--replace`` makes
a file's minutes the truth for those minutes, whatever else was stored in them. Every
write here is one transaction: all or nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain.errors import StoreError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.units import MS_PER_MINUTE, MS_PER_S
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class WriteSpan:
    """What to clear before the source's rows are written."""

    # The source's own rows from its first to its last minute (a newer export of it).
    clear_own_range: bool = True
    # Minute starts (s) whose rows of every source are removed first (``--replace``).
    clear_minutes_s: Sequence[int] = ()


def write_imported(store: Store, imported: Sequence[ImportedMinutes], span: WriteSpan) -> int:
    """Write each source's minutes (and beats) in one transaction; returns rows written."""
    written = 0
    try:
        with store.transaction() as db:
            if span.clear_minutes_s:
                bounds = [
                    (m * MS_PER_S, m * MS_PER_S + MS_PER_MINUTE) for m in span.clear_minutes_s
                ]
                for table in ("steps", "heart_rate"):
                    db.executemany(
                        f"DELETE FROM {table} WHERE time_ms >= ? AND time_ms < ?", bounds
                    )
            for item in imported:
                written += _write_one(db, item, span.clear_own_range)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot store the imported minutes: {exc}") from exc
    return written


def _write_one(db: sqlite3.Connection, item: ImportedMinutes, clear_own_range: bool) -> int:
    device = item.source.store_device
    table = item.table
    if len(table) == 0:
        return 0
    times_ms = (table.time_s * MS_PER_S).tolist()
    if clear_own_range:
        lo, hi = times_ms[0], times_ms[-1] + MS_PER_MINUTE
        for name in ("steps", "heart_rate", "beats"):
            db.execute(f"DELETE FROM {name} WHERE device = ? AND time_ms >= ? AND time_ms < ?",
                       (device, lo, hi))  # fmt: skip
    offsets = table.offset_s.tolist()
    steps = [
        (device, t, o, int(s), None)
        for t, o, s in zip(times_ms, offsets, table.steps.tolist(), strict=True)
        if s == s  # not NaN
    ]
    hr = [
        (device, t, o, h, None, None, None)
        for t, o, h in zip(times_ms, offsets, table.heart_rate_bpm.tolist(), strict=True)
        if h == h
    ]
    db.executemany("INSERT OR REPLACE INTO steps VALUES (?,?,?,?,?)", steps)
    db.executemany("INSERT OR REPLACE INTO heart_rate VALUES (?,?,?,?,?,?,?)", hr)
    beats = item.beats
    if beats is not None and len(beats):
        db.executemany(
            "INSERT OR REPLACE INTO beats VALUES (?, ?, ?)",
            [
                (device, round(t * MS_PER_S), r)
                for t, r in zip(beats.time_s.tolist(), beats.rr_s.tolist(), strict=True)
            ],
        )
    return len(steps) + len(hr)
