"""The people who may use the hub page, with their roles and a password hash.

The hash is made and checked in :mod:`tracker.app.users`; the store only keeps it. A name
is unique without regard to case ("Anna" and "anna" are one person).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from tracker.domain.errors import StoreError
from tracker.store import audit
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    name: str
    roles: frozenset[str]
    language: str | None  # the page language the person chose; None = not chosen yet
    created_ms: int
    password_hash: str = field(repr=False)


_COLUMNS = "id, name, roles, language, created_ms, password_hash"


def user_from_row(r: tuple[object, ...]) -> UserRow:
    roles = str(r[2])
    return UserRow(
        id=int(r[0]),  # type: ignore[call-overload]
        name=str(r[1]),
        roles=frozenset(x for x in roles.split(",") if x),
        language=None if r[3] is None else str(r[3]),
        created_ms=int(r[4]),  # type: ignore[call-overload]
        password_hash=str(r[5]),
    )


def add_user(
    store: Store, name: str, password_hash: str, roles: frozenset[str], *, now_ms: int, actor: str
) -> UserRow:
    """A new user; StoreError when the name is taken."""
    try:
        with store.transaction() as db:
            cur = db.execute(
                "INSERT INTO web_user (name, password_hash, roles, language, created_ms)"
                " VALUES (?, ?, ?, NULL, ?)",
                (name, password_hash, ",".join(sorted(roles)), now_ms),
            )
            audit.record(db, now_ms, actor, "user_added", f"{name} ({', '.join(sorted(roles))})")
            user_id = cur.lastrowid
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"a user called {name!r} exists already") from exc
    assert user_id is not None
    return UserRow(user_id, name, roles, None, now_ms, password_hash)


def find_user(store: Store, name: str) -> UserRow | None:
    with store.lock:
        r = store.db.execute(f"SELECT {_COLUMNS} FROM web_user WHERE name = ?", (name,)).fetchone()
    return None if r is None else user_from_row(r)


def user_by_id(store: Store, user_id: int) -> UserRow | None:
    with store.lock:
        r = store.db.execute(f"SELECT {_COLUMNS} FROM web_user WHERE id = ?", (user_id,)).fetchone()
    return None if r is None else user_from_row(r)


def list_users(store: Store) -> list[UserRow]:
    with store.lock:
        rows = store.db.execute(f"SELECT {_COLUMNS} FROM web_user ORDER BY name").fetchall()
    return [user_from_row(r) for r in rows]


def remove_user(store: Store, name: str, *, now_ms: int, actor: str) -> bool:
    """Remove the user and end their sessions at once; False when there is none."""
    with store.transaction() as db:
        r = db.execute("SELECT id, name FROM web_user WHERE name = ?", (name,)).fetchone()
        if r is None:
            return False
        db.execute("DELETE FROM web_session WHERE user_id = ?", (r[0],))
        db.execute("DELETE FROM web_user WHERE id = ?", (r[0],))
        audit.record(db, now_ms, actor, "user_removed", str(r[1]))
    return True


def set_password_hash(
    store: Store, name: str, password_hash: str, *, now_ms: int, actor: str, end_sessions: bool
) -> bool:
    """Replace the hash (``end_sessions``: log the person out everywhere); False when there
    is no such user."""
    with store.transaction() as db:
        r = db.execute("SELECT id, name FROM web_user WHERE name = ?", (name,)).fetchone()
        if r is None:
            return False
        db.execute("UPDATE web_user SET password_hash = ? WHERE id = ?", (password_hash, r[0]))
        if end_sessions:
            db.execute("DELETE FROM web_session WHERE user_id = ?", (r[0],))
        audit.record(db, now_ms, actor, "password_changed", str(r[1]))
    return True


def rehash_password(store: Store, user_id: int, password_hash: str) -> None:
    """Store a stronger hash of the same password (after a login; not a change)."""
    with store.transaction() as db:
        db.execute("UPDATE web_user SET password_hash = ? WHERE id = ?", (password_hash, user_id))


def set_language(store: Store, user_id: int, language: str) -> None:
    with store.transaction() as db:
        db.execute("UPDATE web_user SET language = ? WHERE id = ?", (language, user_id))
