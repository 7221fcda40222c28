"""Read a store's tables straight from its SQLite file, as an outside reader would."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any


def select(db_path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """The rows of one query, on a connection that is closed again (an open one keeps
    SQLite from closing the file behind other connections of this process)."""
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute(sql, params).fetchall()


def execute(db_path: Path, sql: str, *params: object) -> None:
    """One statement, committed, on a connection that is closed again."""
    execute_many(db_path, sql, [params])


def execute_many(db_path: Path, sql: str, rows: Iterable[Sequence[object]]) -> None:
    """One statement for each of ``rows``, committed together."""
    with closing(sqlite3.connect(db_path)) as db, db:
        db.executemany(sql, rows)
