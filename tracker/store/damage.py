"""A damaged store: how SQLite reports it, the one line a person reads, and the quick
check every command makes when it opens the store.

SQLite notices damage (a page overwritten by a failing SD card, a file cut short) only
on the pages a statement touches, and reports it as ``database disk image is malformed``
(SQLITE_CORRUPT) or ``file is not a database`` (SQLITE_NOTADB). Here every such error
becomes :class:`StoreDamaged`, one line that says what to do. This module must not import
:mod:`tracker.store.sqlite` (which uses it); it works on the connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from tracker.domain.errors import StoreError, TrackerError
from tracker.store.check_record import read_record

# Primary result codes (the low byte of an extended code) that mean the file itself is
# damaged, not busy or read-only: https://www.sqlite.org/rescode.html
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
PRIMARY_CODE_MASK = 0xFF
# Every command checks the whole file when it is at most this big: SQLite's quick check
# reads about 300 MB/s here (bench/store_safety.py: 0.17 s for the 53 MB of a year of
# imported minutes), so at most about 0.1 s here and a few tenths on a Raspberry Pi. A
# bigger store (a year of raw 1 Hz heart rate is 1.6 GB: 12-17 s here) has its small
# tables checked on open, and the whole file by `tracker check` and every `tracker
# backup`, whose findings every later command heeds (tracker.store.check_record).
FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024
# The tables that grow with time (samples, imported beats, the InfluxDB outbox): left to
# the full check on a big store. Every other table is small and checked on every open.
LARGE_TABLES = frozenset({"heart_rate", "steps", "battery", "connection", "beats", "influx_outbox"})
# The tables every tracker store has (tracker.store.opening.SCHEMA).
CORE_TABLES = ("heart_rate", "steps", "battery", "connection", "device_status", "meta")
# The problem reported for a file without the store's tables (emptied, or another
# program's database put in its place).
MISSING_TABLES = "its tables are missing: an empty file, or not a tracker store"
# SQLite checks one table and its indexes since 3.33.0 (`PRAGMA quick_check(TABLE)`).
TABLE_CHECK_MIN_SQLITE = (3, 33, 0)
# Problems an integrity check reports at most (SQLite's own default is 100).
MAX_PROBLEMS = 100


class StoreDamaged(StoreError):
    """The store's file is damaged: the message says to check it and restore a backup."""

    def __init__(self, directory: Path, detail: str, *, consequence: str = "") -> None:
        self.directory = directory
        self.detail = detail
        # SQLite's own words (page numbers, error codes) stay out of the line a person
        # reads: `tracker check` lists them for whoever repairs the hub.
        super().__init__(
            f"the store in {directory} is damaged{consequence}: run `tracker check "
            f"--data-dir {directory}` for details; restore the last backup with `tracker restore`"
        )


def is_damage(exc: BaseException) -> bool:
    """Whether an SQLite error says the file is damaged (not busy, locked or read-only)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & PRIMARY_CODE_MASK in DAMAGE_CODES
    text = str(exc)
    return "malformed" in text or "not a database" in text


def store_error(directory: Path, what: str, exc: sqlite3.Error) -> StoreError:
    """``exc`` as the store's one-line error: :class:`StoreDamaged` for damage, else
    ``what: exc``."""
    if is_damage(exc):
        return StoreDamaged(directory, str(exc))
    return StoreError(f"{what}: {exc}")


def run_check(db: sqlite3.Connection, pragma: str) -> tuple[list[str], str]:
    """The problem lines of an integrity or quick check, and the damage error SQLite
    stopped with ("" when it finished).

    SQLite puts the problems in one row, after a ``*** in database main ***`` heading.
    On some damage it raises after that row, and Python's sqlite3 then drops the row.
    """
    try:
        rows = db.execute(pragma).fetchall()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return [], str(exc)
    found: list[str] = []
    for (row,) in rows:
        for line in str(row).splitlines():
            line = line.strip()
            if line and line != "ok" and not line.startswith("***"):
                found.append(line)
    return found, ""


def problems(db: sqlite3.Connection, pragma: str) -> list[str]:
    """:func:`run_check`'s lines, with the error SQLite stopped with as the last one."""
    found, stopped = run_check(db, pragma)
    return [*found, stopped] if stopped else found


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(db: sqlite3.Connection) -> list[str]:
    return [str(n) for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def missing_core_tables(names: Iterable[str]) -> list[str]:
    """The tables every store has that are not among ``names`` (an empty or foreign file)."""
    present = set(names)
    return [t for t in CORE_TABLES if t not in present]


def database_bytes(db: sqlite3.Connection) -> int:
    """The size of the database as SQLite sees it (pages in the file and the WAL)."""
    page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(db.execute("PRAGMA page_count").fetchone()[0])
    return page_size * page_count


def check_on_open(db: sqlite3.Connection, path: Path, *, read_only: bool) -> bool:
    """The quick check made on every open of the database at ``path``; True when the
    whole file was checked.

    Raises :class:`StoreDamaged` when SQLite finds a problem, when the last whole-file
    check of this file found one, and for a read-only store whose tables are missing (an
    empty or foreign file: nothing could be read from it).
    """
    directory = path.parent
    record = read_record(path)
    if record is not None and not record.ok:
        raise StoreDamaged(directory, record.problem)
    try:
        names = table_names(db)
        if read_only and missing_core_tables(names):
            raise StoreDamaged(directory, MISSING_TABLES)
        whole = (
            database_bytes(db) <= FULL_CHECK_MAX_BYTES
            or sqlite3.sqlite_version_info < TABLE_CHECK_MIN_SQLITE
        )
        if whole:
            # One problem is enough to stop: the check ends at the first one it finds.
            found = problems(db, "PRAGMA quick_check(1)")
        else:
            found = []
            for name in names:
                if name not in LARGE_TABLES:
                    found += problems(db, f"PRAGMA quick_check({quoted(name)})")
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise StoreDamaged(directory, str(exc)) from exc
        raise StoreError(f"cannot read the store in {directory}: {exc}") from exc
    if found:
        raise StoreDamaged(directory, found[0])
    return whole


def damage_behind(
    directory: Path, db: sqlite3.Connection, exc: BaseException
) -> StoreDamaged | None:
    """The damage that caused ``exc`` (raised while a command used the store), or None.

    An SQLite damage error, or a store error caused by one, is damage. Any other
    unexpected error (a garbled value that fails to decode, a row of the wrong shape) is
    damage when the whole file fails SQLite's quick check; a person's own mistakes
    (:class:`TrackerError`), SQLite errors with another code (busy, read-only, disk full)
    and interruptions are never looked into.
    """
    if isinstance(exc, StoreDamaged) or not isinstance(exc, Exception):
        return None
    cause = exc.__cause__ if isinstance(exc, StoreError) else exc
    if isinstance(cause, BaseException) and is_damage(cause):
        return StoreDamaged(directory, str(cause))
    if isinstance(exc, TrackerError) or isinstance(getattr(cause, "sqlite_errorcode", None), int):
        return None  # SQLite named what went wrong (busy, read-only, full): not damage
    try:
        found = problems(db, "PRAGMA quick_check(1)")
    except sqlite3.DatabaseError as check_exc:
        return StoreDamaged(directory, str(check_exc)) if is_damage(check_exc) else None
    return StoreDamaged(directory, found[0]) if found else None


def describe_problems(found: Iterable[str], limit: int) -> list[str]:
    """At most ``limit`` problem lines, and how many more there were."""
    lines = list(found)
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"… and {len(lines) - limit} more")
    return shown
