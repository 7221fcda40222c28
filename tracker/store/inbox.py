"""Files met in the watched folders: each one recorded with its checksum, so the same
bytes are never read twice, and with what became of it (imported, or why not)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from tracker.store.sqlite import Store
from tracker.store.tables import ensure_tables

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox_file (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL, size INTEGER NOT NULL, kind TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('imported', 'failed')),
    reason TEXT NOT NULL,           -- why it failed, one line ('' when imported)
    sources TEXT NOT NULL,          -- JSON list of the store's device ids it filled
    data_last_ms INTEGER,           -- the newest minute it held
    handled_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS inbox_file_handled ON inbox_file (handled_ms);
"""
IMPORTED, FAILED = "imported", "failed"
# The key of a file the hub may not read (its bytes, and so their checksum, are unknown).
UNREADABLE_PREFIX = "unreadable:"


def unreadable_key(path: str) -> str:
    return UNREADABLE_PREFIX + path


@dataclass(frozen=True, slots=True)
class InboxFile:
    sha256: str
    path: str
    size: int
    kind: str
    state: str  # IMPORTED or FAILED
    reason: str
    sources: tuple[str, ...]
    data_last_ms: int | None
    handled_ms: int


# An inbox_file row in the order of _file.
_COLUMNS = "sha256, path, size, kind, state, reason, sources, data_last_ms, handled_ms"


def _ensure(store: Store) -> bool:
    return ensure_tables(store, SCHEMA, ("inbox_file",), "the watched folders' table")


def known(store: Store, sha256: str) -> InboxFile | None:
    """The file with these bytes, if it was handled before."""
    if not _ensure(store):
        return None
    with store.lock:
        row = store.db.execute(
            f"SELECT {_COLUMNS} FROM inbox_file WHERE sha256 = ?",
            (sha256,),
        ).fetchone()
    return None if row is None else _file(row)


def record(store: Store, item: InboxFile) -> None:
    """Remember what became of a file (a later copy of the same bytes is skipped); a file
    read at last is no longer listed as one the hub may not read."""
    _ensure(store)
    with store.transaction() as db:
        if not item.sha256.startswith(UNREADABLE_PREFIX):
            db.execute("DELETE FROM inbox_file WHERE sha256 = ?", (unreadable_key(item.path),))
        db.execute(
            "INSERT OR REPLACE INTO inbox_file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item.sha256,
                item.path,
                item.size,
                item.kind,
                item.state,
                item.reason,
                json.dumps(list(item.sources)),
                item.data_last_ms,
                item.handled_ms,
            ),
        )


def recent(store: Store, limit: int = 200) -> list[InboxFile]:
    """The files handled, newest first."""
    if not _ensure(store):
        return []
    with store.lock:
        rows = store.db.execute(
            f"SELECT {_COLUMNS} FROM inbox_file ORDER BY handled_ms DESC LIMIT ?",
            (limit,),
        ).fetchall()
    return [_file(r) for r in rows]


def _file(row: tuple[object, ...]) -> InboxFile:
    sha, path, size, kind, state, reason, sources, last, handled = row
    return InboxFile(
        sha256=str(sha),
        path=str(path),
        size=int(size),  # type: ignore[call-overload]
        kind=str(kind),
        state=str(state),
        reason=str(reason),
        sources=tuple(json.loads(str(sources))),
        data_last_ms=None if last is None else int(last),  # type: ignore[call-overload]
        handled_ms=int(handled),  # type: ignore[call-overload]
    )
