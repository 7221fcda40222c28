"""The worksheets' answers in the store: every answer kept, dated, with its author."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.store.program_tables import ensure_program_tables
from tracker.store.sqlite import Store
from tracker.store.tables import rows_where


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    question: str  # a question key (tracker.app.worksheets.QUESTIONS)
    date: date
    text: str
    author: str
    saved_ms: int


def save_answer(
    store: Store, question: str, day: date, text: str, *, author: str, now_ms: int
) -> None:
    ensure_program_tables(store)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO worksheet_answer (question, date, text, author, saved_ms)"
            " VALUES (?, ?, ?, ?, ?)",
            (question, day.isoformat(), text, author, now_ms),
        )


def answers(store: Store, question: str | None = None) -> list[Answer]:
    """Every answer (to ``question`` when given), newest first."""
    if not ensure_program_tables(store):
        return []
    select = "SELECT id, question, date, text, author, saved_ms FROM worksheet_answer"
    with store.lock:
        rows = rows_where(store.db, select, "question", question, "saved_ms DESC, id DESC")
    return [Answer(int(r[0]), r[1], date.fromisoformat(r[2]), r[3], r[4], int(r[5])) for r in rows]
