"""The therapist's short note on a week (one per ISO week; a new one replaces it)."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.store import audit
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class WeekNote:
    week: str  # "2026-W12"
    text: str
    author: str
    saved_ms: int


def save_note(store: Store, week: str, text: str, *, author: str, now_ms: int) -> None:
    """Store the note ("" removes it), with an audit entry in the same transaction."""
    with store.transaction() as db:
        if text:
            db.execute(
                "INSERT OR REPLACE INTO week_note (week, text, author, saved_ms)"
                " VALUES (?, ?, ?, ?)",
                (week, text, author, now_ms),
            )
        else:
            db.execute("DELETE FROM week_note WHERE week = ?", (week,))
        audit.record(db, now_ms, author, "week_note", week)


def week_note(store: Store, week: str) -> WeekNote | None:
    with store.lock:
        r = store.db.execute(
            "SELECT week, text, author, saved_ms FROM week_note WHERE week = ?", (week,)
        ).fetchone()
    return None if r is None else WeekNote(r[0], r[1], r[2], int(r[3]))
