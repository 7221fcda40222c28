"""Must and want marks on logged sessions (moeten- en mogen-activiteiten)."""

from __future__ import annotations

from datetime import date, datetime

from tracker.pacing.must_want import ActivityKind, MarkedActivity
from tracker.pacing.sessions import Session
from tracker.store.plans import ensure_schema as ensure_plan_tables
from tracker.store.program_tables import ensure_program_tables
from tracker.store.sqlite import Store


def log_marked_session(store: Store, session: Session, kind: ActivityKind | None) -> None:
    """Store a logged session (as ``tracker.store.plans.log_session``) and its mark, in
    one transaction."""
    if session.start.tzinfo is None:
        raise ValueError("a logged session needs an aware start time")
    ensure_plan_tables(store)
    ensure_program_tables(store)
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO pacing_session (start, minutes, activity, source) VALUES (?, ?, ?, ?)",
            (session.start.isoformat(), session.minutes, session.activity, session.source),
        )
        if kind is not None:
            db.execute(
                "INSERT OR REPLACE INTO session_mark (session_id, kind) VALUES (?, ?)",
                (int(cursor.lastrowid or 0), str(kind)),
            )


def marked_activities(store: Store, first: date, last: date) -> list[MarkedActivity]:
    """The marked sessions whose start falls on a day of ``[first, last]``."""
    if not ensure_plan_tables(store) or not ensure_program_tables(store):
        return []
    with store.lock:
        rows = store.db.execute(
            "SELECT s.start, s.minutes, s.activity, m.kind FROM pacing_session s"
            " JOIN session_mark m ON m.session_id = s.id ORDER BY s.start, s.id"
        ).fetchall()
    out = []
    for start, minutes, activity, kind in rows:
        day = datetime.fromisoformat(start).date()
        if first <= day <= last and kind in ActivityKind.__members__.values():
            out.append(MarkedActivity(day, float(minutes), activity, ActivityKind(kind)))
    return out
