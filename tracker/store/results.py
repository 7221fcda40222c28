"""Derived tables in the store's database: day summaries, bouts, cycles, plan checks.

They can always be rebuilt from the samples plus config (the analysis is a pure function
of the minute table), so saving a window replaces what was stored for it. Cycles are
events: a cycle is identified by its first boom date and, once stored, stays (a later
re-analysis may add bust days to it, never announce it again).

Also the RR-interval query the analysis needs for RMSSD.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from tracker.domain.errors import StoreError
from tracker.domain.units import MS_PER_S

if TYPE_CHECKING:
    from tracker.analysis.heart import RrIntervals
    from tracker.analysis.results import Bout, DaySummary
    from tracker.pacing.cycles import Cycle
    from tracker.pacing.sessions import PlanCheck
    from tracker.store.sqlite import Store


SCHEMA = """
CREATE TABLE IF NOT EXISTS analysis_days (
    date TEXT PRIMARY KEY,
    day_minutes INTEGER NOT NULL, worn_minutes INTEGER NOT NULL,
    active_minutes INTEGER NOT NULL, steps INTEGER NOT NULL, bouts INTEGER NOT NULL,
    longest_bout_minutes INTEGER NOT NULL, baseline_active_minutes REAL,
    day_type TEXT NOT NULL, valid INTEGER NOT NULL,
    trimp REAL, resting_hr_bpm REAL, rmssd_ms REAL,
    summary TEXT NOT NULL,             -- the whole DaySummary as JSON (balance fields too)
    computed_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS analysis_bouts (
    start_ms INTEGER PRIMARY KEY, end_ms INTEGER NOT NULL, offset_s INTEGER NOT NULL,
    date TEXT NOT NULL, minutes INTEGER NOT NULL, active_minutes INTEGER NOT NULL,
    steps INTEGER NOT NULL, mean_hr_bpm REAL);
CREATE INDEX IF NOT EXISTS analysis_bouts_date ON analysis_bouts (date);
CREATE TABLE IF NOT EXISTS analysis_cycles (
    first_boom TEXT PRIMARY KEY,       -- YYYY-MM-DD, the cycle's identity
    boom_dates TEXT NOT NULL,          -- JSON list of YYYY-MM-DD
    bust_dates TEXT NOT NULL,
    confirmed_ms INTEGER NOT NULL);    -- when the day-end job first stored it
CREATE TABLE IF NOT EXISTS analysis_plan_weeks (
    week INTEGER PRIMARY KEY, start TEXT NOT NULL, quota REAL NOT NULL,
    planned INTEGER NOT NULL, done INTEGER NOT NULL, under INTEGER NOT NULL,
    on_plan INTEGER NOT NULL, over INTEGER NOT NULL, complete INTEGER NOT NULL,
    adherence REAL NOT NULL, mostly_under INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS analysis_plan_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    today TEXT NOT NULL, current_week INTEGER, stagnating INTEGER NOT NULL, advice TEXT,
    check_json TEXT NOT NULL, computed_ms INTEGER NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class StoredCycle:
    boom_dates: tuple[date, ...]
    bust_dates: tuple[date, ...]
    confirmed_ms: int

    @property
    def first_boom(self) -> date:
        return self.boom_dates[0]


def ensure_schema(store: Store) -> None:
    with store.lock:
        store.db.executescript(SCHEMA)


def _dates_json(dates: Iterable[date]) -> str:
    return json.dumps([d.isoformat() for d in dates])


def _dates(text: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(d) for d in json.loads(text))


def save_results(
    store: Store,
    days: Sequence[DaySummary],
    bouts: Sequence[Bout],
    cycles: Sequence[Cycle],
    plan_check: PlanCheck | None,
    *,
    now_ms: int,
) -> list[Cycle]:
    """Replace the stored days (and their bouts) and record cycles, in one transaction.

    Returns the cycles that were not stored before (new events).
    """
    ensure_schema(store)
    new: list[Cycle] = []
    try:
        with store.transaction() as db:
            if days:
                first, last = days[0].date.isoformat(), days[-1].date.isoformat()
                db.execute("DELETE FROM analysis_bouts WHERE date BETWEEN ? AND ?", (first, last))
            db.executemany(
                "INSERT OR REPLACE INTO analysis_days VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        d.date.isoformat(),
                        d.day_minutes,
                        d.worn_minutes,
                        d.active_minutes,
                        d.steps,
                        d.bouts,
                        d.longest_bout_minutes,
                        d.baseline_active_minutes,
                        str(d.day_type),
                        int(d.valid),
                        d.trimp,
                        d.resting_hr_bpm,
                        d.rmssd_ms,
                        json.dumps(d.to_json()),
                        now_ms,
                    )
                    for d in days
                ],
            )
            db.executemany(
                "INSERT OR REPLACE INTO analysis_bouts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        int(b.start.timestamp() * MS_PER_S),
                        int(b.end.timestamp() * MS_PER_S),
                        int(off.total_seconds()) if (off := b.start.utcoffset()) else 0,
                        b.day.isoformat(),
                        b.minutes,
                        b.active_minutes,
                        b.steps,
                        b.mean_hr_bpm,
                    )
                    for b in bouts
                ],
            )
            for c in cycles:
                key = c.boom_dates[0].isoformat()
                seen = db.execute(
                    "SELECT 1 FROM analysis_cycles WHERE first_boom = ?", (key,)
                ).fetchone()
                if seen is None:
                    new.append(c)
                    db.execute(
                        "INSERT INTO analysis_cycles VALUES (?, ?, ?, ?)",
                        (key, _dates_json(c.boom_dates), _dates_json(c.bust_dates), now_ms),
                    )
                else:
                    db.execute(
                        "UPDATE analysis_cycles SET boom_dates = ?, bust_dates = ? "
                        "WHERE first_boom = ?",
                        (_dates_json(c.boom_dates), _dates_json(c.bust_dates), key),
                    )
            if plan_check is not None:
                _save_plan_check(db, plan_check, now_ms)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot save analysis results: {exc}") from exc
    return new


def _save_plan_check(db: sqlite3.Connection, check: PlanCheck, now_ms: int) -> None:
    db.execute("DELETE FROM analysis_plan_weeks")
    db.executemany(
        "INSERT INTO analysis_plan_weeks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                w.week,
                w.start.isoformat(),
                w.quota,
                w.planned,
                w.done,
                w.under,
                w.on_plan,
                w.over,
                int(w.complete),
                w.adherence,
                int(w.mostly_under),
            )
            for w in check.weeks
        ],
    )
    db.execute(
        "INSERT OR REPLACE INTO analysis_plan_check VALUES (1, ?, ?, ?, ?, ?, ?)",
        (
            check.today.isoformat(),
            check.current_week,
            int(check.stagnating),
            check.advice,
            json.dumps(check.to_json()),
            now_ms,
        ),
    )


def stored_cycles(store: Store) -> list[StoredCycle]:
    ensure_schema(store)
    with store.lock:
        rows = store.db.execute(
            "SELECT boom_dates, bust_dates, confirmed_ms FROM analysis_cycles ORDER BY first_boom"
        ).fetchall()
    return [StoredCycle(_dates(b), _dates(u), int(ms)) for b, u, ms in rows]


def stored_days(
    store: Store, first: date | None = None, last: date | None = None
) -> list[dict[str, object]]:
    """Stored day summaries as their JSON dicts, oldest first (optionally a date range)."""
    ensure_schema(store)
    lo = first.isoformat() if first else "0000-00-00"
    hi = last.isoformat() if last else "9999-99-99"
    with store.lock:
        rows = store.db.execute(
            "SELECT summary FROM analysis_days WHERE date BETWEEN ? AND ? ORDER BY date",
            (lo, hi),
        ).fetchall()
    return [json.loads(r[0]) for r in rows]


def rr_intervals(
    store: Store, start_ms: int | None = None, end_ms: int | None = None
) -> RrIntervals:
    """Every stored RR interval in ``[start_ms, end_ms)``, one entry per beat.

    Beats of one notification share its time; successive beats are compared only within
    one device's stream (the ``stream`` number).
    """
    from tracker.analysis.heart import RrIntervals

    lo = start_ms if start_ms is not None else -(2**62)
    hi = end_ms if end_ms is not None else 2**62
    with store.lock:
        rows = store.db.execute(
            "SELECT device, time_ms, rr_s FROM heart_rate "
            "WHERE time_ms >= ? AND time_ms < ? AND rr_s IS NOT NULL AND rr_s != '' "
            "ORDER BY device, time_ms",
            (lo, hi),
        ).fetchall()
    if not rows:
        return RrIntervals.empty()
    devices = {d: i for i, d in enumerate(dict.fromkeys(r[0] for r in rows))}
    counts = np.fromiter((r[2].count(",") + 1 for r in rows), np.int64, len(rows))
    try:
        values = np.array(",".join(r[2] for r in rows).split(","), dtype=np.float64)
    except ValueError as exc:
        raise StoreError(f"stored RR intervals are not numbers: {exc}") from exc
    times = np.repeat(np.fromiter((r[1] for r in rows), np.float64, len(rows)), counts)
    streams = np.repeat(np.fromiter((devices[r[0]] for r in rows), np.int64, len(rows)), counts)
    return RrIntervals(times / MS_PER_S, values, streams)
