"""The audit trail: every login (and failed one), every change of plan, user or note.

Rows are only added, never changed; a change and its audit row share one transaction
where the change is made here in the store (:func:`record`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from tracker.store.sqlite import Store

# Free text in the trail (a user name, a week) is cut: the trail is not a second store
# of health data.
MAX_DETAIL_CHARS = 200


@dataclass(frozen=True, slots=True)
class AuditEntry:
    time_ms: int
    actor: str  # the user name, or "cli" for the command line
    action: str  # "login", "login_failed", "plan_set", "user_added", ...
    detail: str


def record(db: sqlite3.Connection, time_ms: int, actor: str, action: str, detail: str) -> None:
    """Add an entry inside the caller's transaction."""
    db.execute(
        "INSERT INTO audit_log (time_ms, actor, action, detail) VALUES (?, ?, ?, ?)",
        (time_ms, actor, action, detail[:MAX_DETAIL_CHARS]),
    )


def add(store: Store, time_ms: int, actor: str, action: str, detail: str = "") -> None:
    """Add an entry in its own transaction."""
    with store.transaction() as db:
        record(db, time_ms, actor, action, detail)


def recent(store: Store, limit: int = 50) -> list[AuditEntry]:
    """The newest entries first."""
    with store.lock:
        rows = store.db.execute(
            "SELECT time_ms, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
    return [AuditEntry(int(r[0]), r[1], r[2], r[3]) for r in rows]
