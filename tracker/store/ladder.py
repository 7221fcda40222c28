"""The fear ladder and its exposures in the store (every statement on their tables)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from tracker.domain.errors import StoreError
from tracker.pacing.exposure import Exposure, LadderItem
from tracker.store.program_tables import ensure_program_tables
from tracker.store.sqlite import Store


class DuplicateItem(StoreError):
    """An item of that name is already on the ladder."""


def add_item(store: Store, name: str, fear: int, *, now_ms: int) -> LadderItem:
    ensure_program_tables(store)
    try:
        with store.transaction() as db:
            cursor = db.execute(
                "INSERT INTO ladder_item (name, fear, done, added_ms) VALUES (?, ?, 0, ?)",
                (name, fear, now_ms),
            )
            item_id = int(cursor.lastrowid or 0)
    except sqlite3.IntegrityError as exc:
        raise DuplicateItem(f"{name!r} is already on the ladder") from exc
    return LadderItem(item_id, name, fear, False, now_ms)


def items(store: Store) -> list[LadderItem]:
    """Every item on the ladder, in the order they were added."""
    if not ensure_program_tables(store):
        return []
    with store.lock:
        rows = store.db.execute(
            "SELECT id, name, fear, done, added_ms FROM ladder_item ORDER BY id"
        ).fetchall()
    return [LadderItem(int(r[0]), r[1], int(r[2]), bool(r[3]), int(r[4])) for r in rows]


def find_item(store: Store, name: str) -> LadderItem | None:
    """The item of that name (any case), or None."""
    wanted = name.casefold()
    return next((i for i in items(store) if i.name.casefold() == wanted), None)


def item_by_id(store: Store, item_id: int) -> LadderItem | None:
    return next((i for i in items(store) if i.id == item_id), None)


def remove_item(store: Store, item_id: int) -> None:
    """Remove an item and its exposures."""
    ensure_program_tables(store)
    with store.transaction() as db:
        db.execute("DELETE FROM exposure WHERE item_id = ?", (item_id,))
        db.execute("DELETE FROM ladder_item WHERE id = ?", (item_id,))


def set_done(store: Store, item_id: int, done: bool, *, now_ms: int) -> None:
    ensure_program_tables(store)
    with store.transaction() as db:
        db.execute(
            "UPDATE ladder_item SET done = ?, done_ms = ? WHERE id = ?",
            (int(done), now_ms if done else None, item_id),
        )


def add_exposure(store: Store, exposure: Exposure, *, now_ms: int) -> Exposure:
    if exposure.time.tzinfo is None:
        raise ValueError("an exposure needs an aware time")
    ensure_program_tables(store)
    with store.transaction() as db:
        cursor = db.execute(
            "INSERT INTO exposure (item_id, time, time_ms, expected_pain, expected_fear, pain,"
            " fear, saved_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                exposure.item_id,
                exposure.time.isoformat(),
                int(exposure.time.timestamp() * 1000),
                exposure.expected_pain,
                exposure.expected_fear,
                exposure.pain,
                exposure.fear,
                now_ms,
            ),
        )
        new_id = int(cursor.lastrowid or 0)
    return Exposure(
        new_id, exposure.item_id, exposure.time, exposure.expected_pain,
        exposure.expected_fear, exposure.pain, exposure.fear,
    )  # fmt: skip


def exposures(
    store: Store, since_ms: int | None = None, until_ms: int | None = None
) -> list[Exposure]:
    """Exposures with a time in ``[since_ms, until_ms)`` (all by default), oldest first."""
    if not ensure_program_tables(store):
        return []
    lo = -(2**62) if since_ms is None else since_ms
    hi = 2**62 if until_ms is None else until_ms
    with store.lock:
        rows = store.db.execute(
            "SELECT id, item_id, time, expected_pain, expected_fear, pain, fear FROM exposure"
            " WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms, id",
            (lo, hi),
        ).fetchall()
    return [
        Exposure(int(r[0]), int(r[1]), datetime.fromisoformat(r[2]), int(r[3]), int(r[4]),
                 int(r[5]), int(r[6]))
        for r in rows
    ]  # fmt: skip


def exposures_saved_after(store: Store, saved_after_ms: int | None) -> list[tuple[Exposure, str]]:
    """Exposures saved after a moment, with their item's name (for the InfluxDB mirror)."""
    if not ensure_program_tables(store):
        return []
    lo = -(2**62) if saved_after_ms is None else saved_after_ms
    with store.lock:
        rows = store.db.execute(
            "SELECT e.id, e.item_id, e.time, e.expected_pain, e.expected_fear, e.pain, e.fear,"
            " i.name FROM exposure e JOIN ladder_item i ON i.id = e.item_id"
            " WHERE e.saved_ms > ? ORDER BY e.time_ms",
            (lo,),
        ).fetchall()
    return [
        (Exposure(int(r[0]), int(r[1]), datetime.fromisoformat(r[2]), int(r[3]), int(r[4]),
                  int(r[5]), int(r[6])), r[7])
        for r in rows
    ]  # fmt: skip
