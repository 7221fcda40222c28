"""Derived tables: judged days, bouts, cycles and the plan check, in the store's database.

They can always be rebuilt from the samples plus config (the analysis is a pure function
of the minute table), so saving a window replaces what was stored for it. Cycles are
events: a cycle is identified by its first boom date and, once stored, stays (a later
re-analysis may add bust days to it, never announce it again). Every statement on these
tables is in this module; the rest of the program gets dataclasses.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tracker.analysis.results import Bout
from tracker.domain.errors import StoreError
from tracker.domain.localtime import fixed_zone
from tracker.domain.units import MS_PER_S
from tracker.pacing.cycles import Cycle
from tracker.pacing.days import DaySummary
from tracker.pacing.sessions import PlanCheck, WeekCheck
from tracker.store.nights import forget_nights_from
from tracker.store.sqlite import Store

# Bumped when the shape of a rebuildable table changes: those tables are dropped and
# rebuilt by the next analysis. The cycles table is never dropped: it remembers which
# cycles were announced.
DERIVED_SCHEMA_VERSION = "2"
META_DERIVED_SCHEMA = "derived_schema"
REBUILDABLE = ("analysis_days", "analysis_bouts", "analysis_plan_weeks", "analysis_plan_check")

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
    steps INTEGER NOT NULL, mean_hr_bpm REAL, walking INTEGER NOT NULL);
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
_BOUT_COLUMNS = (
    "start_ms, end_ms, offset_s, date, minutes, active_minutes, steps, mean_hr_bpm, walking"
)
_WEEK_COLUMNS = (
    "week, start, quota, planned, done, under, on_plan, over, complete, adherence, mostly_under"
)


@dataclass(frozen=True, slots=True)
class StoredCycle:
    boom_dates: tuple[date, ...]
    bust_dates: tuple[date, ...]
    confirmed_ms: int

    @property
    def first_boom(self) -> date:
        return self.boom_dates[0]


@dataclass(frozen=True, slots=True)
class StoredPlanCheck:
    """The plan check as the last day-end run left it."""

    today: date
    current_week: int | None
    stagnating: bool
    weeks: tuple[WeekCheck, ...]

    @property
    def current(self) -> WeekCheck | None:
        return next((w for w in self.weeks if w.week == self.current_week), None)


def ensure_schema(store: Store) -> None:
    """Create the tables; drop and recreate the rebuildable ones after a shape change."""
    if store.read_only:
        return
    with store.lock:
        if store.get_meta(META_DERIVED_SCHEMA) != DERIVED_SCHEMA_VERSION:
            with store.transaction() as db:
                for table in REBUILDABLE:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            store.db.executescript(SCHEMA)
            store.set_meta(META_DERIVED_SCHEMA, DERIVED_SCHEMA_VERSION)


def _dates_json(dates: Iterable[date]) -> str:
    return json.dumps([d.isoformat() for d in dates])


def _dates(text: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(d) for d in json.loads(text))


def _has_tables(store: Store) -> bool:
    """Whether the day-end job ever ran here (a read-only store cannot create them)."""
    row = store.db.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'analysis_days'"
    ).fetchone()
    return bool(row[0])


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
    try:
        with store.transaction() as db:
            _save_days(db, days, now_ms)
            _save_bouts(db, days, bouts)
            new = _save_cycles(db, cycles, now_ms)
            if plan_check is not None:
                _save_plan_check(db, plan_check, now_ms)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot save analysis results: {exc}") from exc
    return new


def _save_days(db: sqlite3.Connection, days: Sequence[DaySummary], now_ms: int) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO analysis_days VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


def _save_bouts(db: sqlite3.Connection, days: Sequence[DaySummary], bouts: Sequence[Bout]) -> None:
    """The bouts of ``days`` replace those stored for the same dates."""
    if days:
        first, last = days[0].date.isoformat(), days[-1].date.isoformat()
        db.execute("DELETE FROM analysis_bouts WHERE date BETWEEN ? AND ?", (first, last))
    db.executemany(
        f"INSERT OR REPLACE INTO analysis_bouts ({_BOUT_COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                int(b.walking),
            )
            for b in bouts
        ],
    )


def _save_cycles(db: sqlite3.Connection, cycles: Sequence[Cycle], now_ms: int) -> list[Cycle]:
    """Record the cycles (a known one may gain bust days); returns those not stored before."""
    new: list[Cycle] = []
    for c in cycles:
        key = c.boom_dates[0].isoformat()
        seen = db.execute("SELECT 1 FROM analysis_cycles WHERE first_boom = ?", (key,)).fetchone()
        if seen is None:
            new.append(c)
            db.execute(
                "INSERT INTO analysis_cycles VALUES (?, ?, ?, ?)",
                (key, _dates_json(c.boom_dates), _dates_json(c.bust_dates), now_ms),
            )
        else:
            db.execute(
                "UPDATE analysis_cycles SET boom_dates = ?, bust_dates = ? WHERE first_boom = ?",
                (_dates_json(c.boom_dates), _dates_json(c.bust_dates), key),
            )
    return new


def _save_plan_check(db: sqlite3.Connection, check: PlanCheck, now_ms: int) -> None:
    db.execute("DELETE FROM analysis_plan_weeks")
    db.executemany(
        f"INSERT INTO analysis_plan_weeks ({_WEEK_COLUMNS}) VALUES ({', '.join('?' * 11)})",
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
    with store.lock:
        if not _has_tables(store):
            return []
        rows = store.db.execute(
            "SELECT boom_dates, bust_dates, confirmed_ms FROM analysis_cycles ORDER BY first_boom"
        ).fetchall()
    return [StoredCycle(_dates(b), _dates(u), int(ms)) for b, u, ms in rows]


def stored_days(
    store: Store,
    first: date | None = None,
    last: date | None = None,
    *,
    computed_after_ms: int | None = None,
) -> list[DaySummary]:
    """Stored day summaries in ``[first, last]``, oldest first; with ``computed_after_ms``
    only those (re)computed after that moment."""
    lo = first.isoformat() if first else "0000-00-00"
    hi = last.isoformat() if last else "9999-99-99"
    after = -1 if computed_after_ms is None else computed_after_ms
    with store.lock:
        if not _has_tables(store):
            return []
        rows = store.db.execute(
            "SELECT summary FROM analysis_days WHERE date BETWEEN ? AND ? AND computed_ms > ? "
            "ORDER BY date",
            (lo, hi, after),
        ).fetchall()
    try:
        return [DaySummary.from_json(json.loads(r[0])) for r in rows]
    except (KeyError, ValueError, TypeError) as exc:
        raise StoreError(
            f"stored day results cannot be read ({exc}); run `tracker day-end`"
        ) from exc


def last_computed_ms(store: Store) -> int | None:
    """When the newest stored day was (re)computed."""
    with store.lock:
        if not _has_tables(store):
            return None
        value = store.db.execute("SELECT max(computed_ms) FROM analysis_days").fetchone()[0]
    return None if value is None else int(value)


def stored_bouts(store: Store, first: date | None = None, last: date | None = None) -> list[Bout]:
    """Stored bouts whose day is in ``[first, last]``, oldest first (times at their offset)."""
    lo = first.isoformat() if first else "0000-00-00"
    hi = last.isoformat() if last else "9999-99-99"
    with store.lock:
        if not _has_tables(store):
            return []
        rows = store.db.execute(
            f"SELECT {_BOUT_COLUMNS} FROM analysis_bouts WHERE date BETWEEN ? AND ? "
            "ORDER BY start_ms",
            (lo, hi),
        ).fetchall()
    out: list[Bout] = []
    for start_ms, end_ms, offset_s, day, minutes, active, steps, hr, walking in rows:
        zone = fixed_zone(int(offset_s))
        out.append(
            Bout(
                start=datetime.fromtimestamp(start_ms / MS_PER_S, zone),
                end=datetime.fromtimestamp(end_ms / MS_PER_S, zone),
                minutes=int(minutes),
                active_minutes=int(active),
                steps=int(steps),
                mean_hr_bpm=None if hr is None else float(hr),
                day=date.fromisoformat(day),
                walking=bool(walking),
            )
        )
    return out


def stored_plan_check(store: Store) -> StoredPlanCheck | None:
    with store.lock:
        if not _has_tables(store):
            return None
        check = store.db.execute(
            "SELECT today, current_week, stagnating FROM analysis_plan_check WHERE id = 1"
        ).fetchone()
        weeks = store.db.execute(
            f"SELECT {_WEEK_COLUMNS} FROM analysis_plan_weeks ORDER BY week"
        ).fetchall()
    if check is None:
        return None
    return StoredPlanCheck(
        today=date.fromisoformat(check[0]),
        current_week=check[1],
        stagnating=bool(check[2]),
        weeks=tuple(
            WeekCheck(
                week=w[0],
                start=date.fromisoformat(w[1]),
                quota=float(w[2]),
                planned=w[3],
                done=w[4],
                under=w[5],
                on_plan=w[6],
                over=w[7],
                complete=bool(w[8]),
                adherence=float(w[9]),
                mostly_under=bool(w[10]),
            )
            for w in weeks
        ),
    )


def forget_days_from(store: Store, first: date) -> None:
    """Drop the stored days (and bouts) from ``first`` on: their minutes changed, so they
    and the days whose usual level they feed are judged again when next asked for."""
    forget_nights_from(store, first)  # the nights' heart rate and RMSSD (the body's signals)
    if store.read_only or not _has_tables(store):
        return
    with store.transaction() as db:
        db.execute("DELETE FROM analysis_days WHERE date >= ?", (first.isoformat(),))
        db.execute("DELETE FROM analysis_bouts WHERE date >= ?", (first.isoformat(),))
