"""Read a store's tables straight from its SQLite file, as an outside reader would."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any


def select(db_path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """The rows of one query, on a connection that is closed again (an open one keeps
    SQLite from closing the file behind other connections of this process)."""
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute(sql, params).fetchall()
