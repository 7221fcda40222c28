"""The plan and the logged sessions, kept in the store's SQLite database.

Plans are never overwritten: ``plan set`` adds a row and the newest row is the plan in
force, so a therapist can see how the plan was adjusted. Quotas are stored as computed
(JSON floats round-trip exactly), so a stored plan shows the same schedule it was set with.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from tracker.pacing.plan import Plan, Quota
from tracker.pacing.sessions import SOURCE_LOGGED, Session
from tracker.store.sqlite import Store
from tracker.store.tables import ensure_tables, rows_where

SCHEMA = """
CREATE TABLE IF NOT EXISTS pacing_plan (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity TEXT NOT NULL, baseline REAL, start REAL NOT NULL, goal REAL NOT NULL,
    weeks INTEGER NOT NULL, increment REAL NOT NULL, sessions_per_week INTEGER NOT NULL,
    start_date TEXT, quotas TEXT NOT NULL, warnings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pacing_session (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    start TEXT NOT NULL, minutes REAL NOT NULL, activity TEXT NOT NULL,
    source TEXT NOT NULL);
"""
TABLES = ("pacing_plan", "pacing_session")
# A plan row in the order of _plan_from_row.
_PLAN_COLUMNS = (
    "activity, baseline, start, goal, weeks, increment, sessions_per_week, start_date, quotas,"
    " warnings"
)


def ensure_schema(store: Store) -> bool:
    """Create the plan tables where missing; False when they cannot exist (a read-only
    store without them: no plan and no sessions were ever stored there)."""
    return ensure_tables(store, SCHEMA, TABLES, "the plan tables")


def save_plan(store: Store, plan: Plan) -> None:
    """Store ``plan`` as the plan in force (earlier plans are kept as history)."""
    ensure_schema(store)
    row = (
        plan.activity,
        plan.baseline,
        plan.start,
        plan.goal,
        plan.weeks,
        plan.increment,
        plan.sessions_per_week,
        plan.start_date.isoformat() if plan.start_date else None,
        json.dumps([q.minutes for q in plan.quotas]),
        json.dumps(list(plan.warnings)),
    )
    with store.transaction() as db:
        db.execute(
            f"INSERT INTO pacing_plan ({_PLAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row
        )


def _plan_from_row(row: tuple[Any, ...]) -> Plan:
    (activity, baseline, start, goal, weeks, increment, per_week, start_date, quotas, warns) = row
    minutes: list[float] = json.loads(quotas)
    return Plan(
        activity=activity,
        baseline=baseline,
        start=start,
        goal=goal,
        weeks=weeks,
        increment=increment,
        sessions_per_week=per_week,
        start_date=date.fromisoformat(start_date) if start_date else None,
        quotas=tuple(Quota(week=k, minutes=float(m)) for k, m in enumerate(minutes)),
        warnings=tuple(json.loads(warns)),
    )


def load_plan(store: Store) -> Plan | None:
    """The plan in force (the newest one set), or None."""
    if not ensure_schema(store):
        return None
    with store.lock:
        row = store.db.execute(
            f"SELECT {_PLAN_COLUMNS} FROM pacing_plan ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return None if row is None else _plan_from_row(row)


def load_plans(store: Store) -> list[Plan]:
    """Every plan version, in the order they were set (the last one set is the newest)."""
    if not ensure_schema(store):
        return []
    with store.lock:
        rows = store.db.execute(f"SELECT {_PLAN_COLUMNS} FROM pacing_plan ORDER BY id").fetchall()
    return [_plan_from_row(row) for row in rows]


def log_session(store: Store, session: Session) -> None:
    """Store a session the person logged by hand (an activity the sensors cannot see)."""
    if session.start.tzinfo is None:
        raise ValueError("a logged session needs an aware start time")
    ensure_schema(store)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO pacing_session (start, minutes, activity, source) VALUES (?, ?, ?, ?)",
            (session.start.isoformat(), session.minutes, session.activity, session.source),
        )


def logged_sessions(store: Store, activity: str | None = None) -> list[Session]:
    """Every logged session (of ``activity`` when given), oldest first."""
    if not ensure_schema(store):
        return []
    select = "SELECT start, minutes, activity, source FROM pacing_session"
    with store.lock:
        rows = rows_where(store.db, select, "activity", activity, "start, id")
    sessions = [
        Session(
            start=datetime.fromisoformat(start),
            minutes=float(minutes),
            source=source or SOURCE_LOGGED,
            activity=act,
        )
        for start, minutes, act, source in rows
    ]
    sessions.sort(key=lambda s: s.start)
    return sessions
