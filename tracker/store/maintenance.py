"""Looking after the store's file: SQLite's integrity check, and backup and restore.

The store holds months of health data on a small SD card; cards fail. ``tracker check``
runs SQLite's full integrity check, ``tracker backup`` copies the store with SQLite's
online backup API while the daemon keeps writing, and ``tracker restore`` puts a checked
backup into an empty data directory. The commands only call these functions.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.clock import wall_clock_ms
from tracker.store.check_record import write_record
from tracker.store.damage import (
    MAX_PROBLEMS,
    MISSING_TABLES,
    StoreDamaged,
    database_bytes,
    is_damage,
    missing_core_tables,
    problems,
    quoted,
    run_check,
    table_names,
)
from tracker.store.sqlite import DB_NAME, Store


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What SQLite's integrity check found in one database file."""

    path: Path
    size_bytes: int
    problems: tuple[str, ...]  # SQLite's own lines; empty when the file is sound
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(data_dir: str | Path) -> CheckResult:
    """``PRAGMA integrity_check`` over the whole store, read-only (the daemon may keep
    running; read-only media work too). A file too damaged to open at all is reported
    as one problem, not raised. The outcome is recorded for later opens
    (:mod:`tracker.store.check_record`)."""
    directory = Path(data_dir).expanduser()
    path = directory / DB_NAME
    started = time.monotonic()
    try:
        with Store.open(directory, read_only=True, check=False) as store:
            size = database_bytes(store.db)
            found = integrity_problems(store.db)
            if missing_core_tables(table_names(store.db)):
                found.append(MISSING_TABLES)
    except StoreDamaged as exc:
        size, found = path.stat().st_size, [exc.detail]
    write_record(path, found, by="check", now_ms=wall_clock_ms())
    return CheckResult(path, size, tuple(found), time.monotonic() - started)


def integrity_problems(db: sqlite3.Connection) -> list[str]:
    """SQLite's integrity check: its problem lines, empty when the file is sound.

    Where SQLite stops on the damage (and Python's sqlite3 drops the lines it had found),
    the first problem and each damaged table are looked up one by one instead.
    """
    found, stopped = run_check(db, f"PRAGMA integrity_check({MAX_PROBLEMS})")
    if not stopped:
        return found
    first = problems(db, "PRAGMA quick_check(1)")
    try:
        names = table_names(db)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return first or [stopped]
    for name in names:
        in_table = problems(db, f"PRAGMA integrity_check({quoted(name)})")
        if in_table:
            first.append(f"table {name}: {in_table[0]}")
    return first or [stopped]
