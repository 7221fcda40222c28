"""The brochure's worksheets: its reflective questions, answered and dated, for the
therapist to read. Every answer is kept; the newest is the current one."""

from __future__ import annotations

from datetime import date

from tracker.app.checkins import InputError
from tracker.store import worksheets as stored
from tracker.store.sqlite import Store
from tracker.store.worksheets import Answer

# The brochure's questions, in its order (the words are in the report's and the page's
# texts under "ws_<key>").
QUESTIONS = ("life", "energy", "outlet", "relax", "help", "avoid")
# An answer is a few sentences, like the brochure's three dotted lines (with room).
MAX_ANSWER_CHARS = 2_000


def clean_answer(text: str) -> str:
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise InputError("answer", "empty")
    if len(cleaned) > MAX_ANSWER_CHARS:
        raise InputError("answer", "too_long")
    if any(ord(c) < 32 and c not in "\n\t" for c in cleaned):
        raise InputError("answer", "control")
    return cleaned


def save_answer(
    store: Store, question: str, text: str, *, day: date, author: str, now_ms: int
) -> str:
    """Store a dated answer to one of the :data:`QUESTIONS`; returns the text stored."""
    if question not in QUESTIONS:
        raise InputError("question", "question")
    cleaned = clean_answer(text)
    stored.save_answer(store, question, day, cleaned, author=author, now_ms=now_ms)
    return cleaned


def answers(store: Store) -> dict[str, list[Answer]]:
    """Every answer per question (newest first), every question present."""
    out: dict[str, list[Answer]] = {q: [] for q in QUESTIONS}
    for a in stored.answers(store):
        if a.question in out:
            out[a.question].append(a)
    return out
