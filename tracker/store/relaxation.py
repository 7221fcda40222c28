"""Relaxation exercises in the store: logged ones and the one running now (minutes NULL)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from tracker.domain.exercises import RelaxationSession
from tracker.domain.units import MS_PER_S
from tracker.store.program_tables import ensure_program_tables
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class Running:
    """An exercise started (on the hub page or from Home Assistant) and not yet stopped."""

    id: int
    start: datetime
    kind: str


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * MS_PER_S)


def _running(db: sqlite3.Connection) -> Running | None:
    """The newest exercise without a length; the caller holds the store's lock."""
    row = db.execute(
        "SELECT id, start, kind FROM relaxation WHERE minutes IS NULL"
        " ORDER BY start_ms DESC LIMIT 1"
    ).fetchone()
    return None if row is None else Running(int(row[0]), datetime.fromisoformat(row[1]), row[2])


def add_relaxation(store: Store, session: RelaxationSession, *, now_ms: int) -> None:
    if session.start.tzinfo is None:
        raise ValueError("a relaxation exercise needs an aware start time")
    ensure_program_tables(store)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO relaxation (start, start_ms, minutes, kind, saved_ms)"
            " VALUES (?, ?, ?, ?, ?)",
            (session.start.isoformat(), _ms(session.start), session.minutes, session.kind, now_ms),
        )


def running(store: Store) -> Running | None:
    """The exercise running now (the newest, if several were started), or None."""
    if not ensure_program_tables(store):
        return None
    with store.lock:
        return _running(store.db)


def start_running(store: Store, start: datetime, kind: str, *, now_ms: int) -> Running:
    """Start an exercise now; one already running stays the one that runs."""
    ensure_program_tables(store)
    with store.transaction() as db:
        already = _running(db)
        if already is not None:
            return already
        cursor = db.execute(
            "INSERT INTO relaxation (start, start_ms, minutes, kind, saved_ms)"
            " VALUES (?, ?, NULL, ?, ?)",
            (start.isoformat(), _ms(start), kind, now_ms),
        )
        return Running(int(cursor.lastrowid or 0), start, kind)


def stop_running(store: Store, minutes: float, *, now_ms: int) -> Running | None:
    """Give the running exercise its length; returns it (None when none was running)."""
    ensure_program_tables(store)
    with store.transaction() as db:
        stopped = _running(db)
        if stopped is None:
            return None
        db.execute(
            "UPDATE relaxation SET minutes = ?, saved_ms = ? WHERE id = ?",
            (minutes, now_ms, stopped.id),
        )
    return stopped


def cancel_running(store: Store) -> None:
    """Forget a started exercise too short to count."""
    ensure_program_tables(store)
    with store.transaction() as db:
        db.execute("DELETE FROM relaxation WHERE minutes IS NULL")


def relaxations(
    store: Store,
    since_ms: int | None = None,
    until_ms: int | None = None,
    *,
    saved_after_ms: int | None = None,
) -> list[RelaxationSession]:
    """Finished exercises starting in ``[since_ms, until_ms)`` (saved after
    ``saved_after_ms`` when given), oldest first."""
    if not ensure_program_tables(store):
        return []
    lo = -(2**62) if since_ms is None else since_ms
    hi = 2**62 if until_ms is None else until_ms
    saved = -(2**62) if saved_after_ms is None else saved_after_ms
    with store.lock:
        rows = store.db.execute(
            "SELECT start, minutes, kind FROM relaxation WHERE minutes IS NOT NULL"
            " AND start_ms >= ? AND start_ms < ? AND saved_ms > ? ORDER BY start_ms, id",
            (lo, hi, saved),
        ).fetchall()
    return [RelaxationSession(datetime.fromisoformat(r[0]), float(r[1]), r[2]) for r in rows]
