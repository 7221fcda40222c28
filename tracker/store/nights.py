"""The nights' resting heart rate and RMSSD, kept once computed (the body's signals read
28 nights per morning; recomputing each from its beats costs about 0.1 s on a strap worn
all night). Rebuildable like the other derived tables: an import that changes a day's
minutes forgets its night too (:func:`tracker.store.derived.forget_days_from`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.domain.night import NightMeasures
from tracker.store.sqlite import Store
from tracker.store.tables import ensure_tables

SCHEMA = """
CREATE TABLE IF NOT EXISTS analysis_nights (
    date TEXT PRIMARY KEY,             -- the morning the night ends in
    resting_hr_bpm REAL, rmssd_ms REAL,
    computed_ms INTEGER NOT NULL);
"""
TABLE = "analysis_nights"


def _ensure(store: Store) -> bool:
    return ensure_tables(store, SCHEMA, (TABLE,), "the nights table")


def stored_nights(store: Store, first: date, last: date) -> dict[date, NightMeasures]:
    """The nights of ``[first, last]`` computed before."""
    if not _ensure(store):
        return {}
    with store.lock:
        rows = store.db.execute(
            f"SELECT date, resting_hr_bpm, rmssd_ms FROM {TABLE} WHERE date >= ? AND date <= ?",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
    return {
        date.fromisoformat(d): NightMeasures(date.fromisoformat(d), hr, rmssd)
        for d, hr, rmssd in rows
    }


def save_nights(store: Store, nights: Sequence[NightMeasures], *, now_ms: int) -> None:
    """Keep computed nights (nothing is written to a read-only store)."""
    if store.read_only or not nights:
        return
    _ensure(store)
    with store.transaction() as db:
        db.executemany(
            f"INSERT OR REPLACE INTO {TABLE} (date, resting_hr_bpm, rmssd_ms, computed_ms)"
            " VALUES (?, ?, ?, ?)",
            [(n.date.isoformat(), n.resting_hr_bpm, n.rmssd_ms, now_ms) for n in nights],
        )


def forget_nights_from(store: Store, first: date) -> None:
    if store.read_only or not store.has_table(TABLE):
        return
    with store.transaction() as db:
        db.execute(f"DELETE FROM {TABLE} WHERE date >= ?", (first.isoformat(),))
