"""SQL helpers shared by the store's modules: creating a module's tables where they are
missing, and reading rows with an optional equality filter."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from tracker.domain.errors import StoreError
from tracker.store.sqlite import Store


def ensure_tables(store: Store, schema: str, tables: Sequence[str], what: str) -> bool:
    """Create ``tables`` with ``schema`` where missing; False on a read-only store that
    lacks any of them (nothing of that kind was ever stored there).

    ``what`` names the tables for the error ("the plan tables").
    """
    if store.read_only:
        return all(store.has_table(t) for t in tables)
    with store.lock:
        try:
            store.db.executescript(schema)
        except sqlite3.DatabaseError as exc:
            store.raise_if_full(exc)
            raise StoreError(f"cannot create {what} in {store.path}: {exc}") from exc
    return True


def rows_where(
    db: sqlite3.Connection, select: str, column: str, value: object | None, order_by: str
) -> list[tuple[Any, ...]]:
    """The rows of ``select``, only those whose ``column`` equals ``value`` when it is
    not None, in ``order_by`` order. The caller holds the store's lock."""
    query, args = (select, ()) if value is None else (f"{select} WHERE {column} = ?", (value,))
    rows: list[tuple[Any, ...]] = db.execute(f"{query} ORDER BY {order_by}", args).fetchall()
    return rows
