"""Login sessions of the hub page, kept server-side.

The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
does not hold live sessions. Each session has its own CSRF token (the forms carry it). A
session ends on logout, after the idle time, or when its user is removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tracker.store.sqlite import Store
from tracker.store.users import UserRow, user_from_row

_USER_COLUMNS = "u.id, u.name, u.roles, u.language, u.created_ms, u.password_hash"


@dataclass(frozen=True, slots=True)
class SessionRow:
    token_hash: str
    user: UserRow
    csrf_token: str
    created_ms: int
    last_seen_ms: int


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(store: Store, token: str, user_id: int, csrf_token: str, now_ms: int) -> None:
    with store.transaction() as db:
        db.execute(
            "INSERT INTO web_session (token_hash, user_id, csrf_token, created_ms, last_seen_ms)"
            " VALUES (?, ?, ?, ?, ?)",
            (token_hash(token), user_id, csrf_token, now_ms, now_ms),
        )


def find_session(store: Store, token: str) -> SessionRow | None:
    """The session and its (still existing) user, whatever its age."""
    with store.lock:
        r = store.db.execute(
            f"SELECT s.token_hash, s.csrf_token, s.created_ms, s.last_seen_ms, {_USER_COLUMNS}"
            " FROM web_session s JOIN web_user u ON u.id = s.user_id WHERE s.token_hash = ?",
            (token_hash(token),),
        ).fetchone()
    if r is None:
        return None
    return SessionRow(str(r[0]), user_from_row(r[4:]), str(r[1]), int(r[2]), int(r[3]))


def touch_session(store: Store, hashed: str, now_ms: int) -> None:
    with store.transaction() as db:
        db.execute("UPDATE web_session SET last_seen_ms = ? WHERE token_hash = ?", (now_ms, hashed))


def delete_session(store: Store, hashed: str) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM web_session WHERE token_hash = ?", (hashed,))


def delete_idle_sessions(store: Store, idle_before_ms: int) -> int:
    """Remove sessions last used before ``idle_before_ms``; returns how many."""
    with store.transaction() as db:
        cur = db.execute("DELETE FROM web_session WHERE last_seen_ms < ?", (idle_before_ms,))
        return int(cur.rowcount)
