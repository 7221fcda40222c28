"""Opening the store's SQLite file: the schema of the sample tables, private permissions,
write-ahead logging, the quick check before anything is read or written, and read-only
media. :meth:`tracker.store.sqlite.Store.open` is the way in; this is how it connects.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from tracker.domain.errors import StoreError
from tracker.store.damage import check_on_open, is_damage, store_error

# Health data: nobody but the owner may read it.
PRIVATE_DIR_MODE = 0o700
PRIVATE_UMASK = 0o077
PRIVATE_FILE_MODE = 0o600
# How long a writer waits for a lock held by another process (e.g. `tracker import`
# while the daemon runs) before failing with a clear message.
BUSY_TIMEOUT_MS = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS heart_rate (
    device TEXT NOT NULL, time_ms INTEGER NOT NULL, offset_s INTEGER NOT NULL,
    bpm REAL NOT NULL, contact INTEGER, energy_kj INTEGER, rr_s TEXT,
    PRIMARY KEY (device, time_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS steps (
    device TEXT NOT NULL, time_ms INTEGER NOT NULL, offset_s INTEGER NOT NULL,
    steps INTEGER NOT NULL, cadence_spm REAL,
    PRIMARY KEY (device, time_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS battery (
    device TEXT NOT NULL, time_ms INTEGER NOT NULL, offset_s INTEGER NOT NULL,
    percent INTEGER NOT NULL,
    PRIMARY KEY (device, time_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS connection (
    device TEXT NOT NULL, time_ms INTEGER NOT NULL, state TEXT NOT NULL, detail TEXT,
    PRIMARY KEY (device, time_ms, state)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS device_status (
    device TEXT PRIMARY KEY, address TEXT, name TEXT, connected INTEGER NOT NULL,
    last_sample_ms INTEGER, battery_percent INTEGER, reconnects INTEGER NOT NULL,
    last_error TEXT, last_change_ms INTEGER, malformed_payloads INTEGER NOT NULL DEFAULT 0,
    updated_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- RR intervals imported one beat at a time (FIT hrv messages): time the beat ended.
CREATE TABLE IF NOT EXISTS beats (
    device TEXT NOT NULL, time_ms INTEGER NOT NULL, rr_s REAL NOT NULL,
    PRIMARY KEY (device, time_ms)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS heart_rate_time ON heart_rate (time_ms);
CREATE INDEX IF NOT EXISTS steps_time ON steps (time_ms);
"""


def quick_check(db: sqlite3.Connection, path: Path, check: bool, *, read_only: bool) -> bool:
    """The quick check on open (damage.check_on_open), if asked; the connection is
    closed when it fails. True when the whole file was checked."""
    if not check:
        return False
    try:
        return check_on_open(db, path, read_only=read_only)
    except BaseException:
        db.close()
        raise


def connect_writable(path: Path, *, check: bool) -> tuple[sqlite3.Connection, bool]:
    """Open (creating where missing) the database at ``path``, its directory 0700 and its
    files 0600, checked first when ``check``; returns the connection and whether the
    whole file was checked."""
    directory = path.parent
    old_umask = os.umask(PRIVATE_UMASK)
    try:
        directory.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        db = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
            isolation_level=None,  # explicit BEGIN/COMMIT (Store.transaction)
        )
        # Before anything is written (the schema below): a damaged file stays as it is.
        fully_checked = quick_check(db, path, check, read_only=False)
        db.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed second survives a power cut too, which hubs on SD cards see.
        db.execute("PRAGMA synchronous=FULL")
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.executescript(SCHEMA)
    except sqlite3.DatabaseError as exc:
        raise store_error(directory, f"cannot open {path}", exc) from exc
    except OSError as exc:
        raise StoreError(f"cannot create {directory}: {exc.strerror or exc}") from exc
    finally:
        os.umask(old_umask)
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(str(path) + suffix, PRIVATE_FILE_MODE)
    return db, fully_checked


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, str]:
    """Open without writing anything, on read-only media too; returns the connection and
    a warning for the person ("" when there is none).

    ``mode=ro`` still needs to create the WAL index next to the file; on a read-only
    directory ``immutable=1`` reads the file as it is (nothing else may write it then),
    without the write-ahead log: changes still in the log are left out, and said so.
    """
    uri = path.absolute().as_uri()  # a '?' or '#' in a directory name is escaped
    for query in ("mode=ro", "immutable=1"):
        try:
            db = sqlite3.connect(
                f"{uri}?{query}", uri=True, check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as exc:
            error = exc
            continue
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            db.close()
            if isinstance(exc, sqlite3.OperationalError) and not is_damage(exc):
                error = exc
                continue
            raise store_error(path.parent, f"cannot read {path}", exc) from exc
        wal = Path(f"{path}-wal")
        if query == "immutable=1" and wal.exists() and wal.stat().st_size > 0:
            return db, (
                f"{path.parent} is read-only and its newest changes are still in "
                f"{wal.name}, which cannot be read there: they are left out "
                "(copy the directory somewhere writable to see them)"
            )
        return db, ""
    raise StoreError(f"cannot read {path}: {error}")
