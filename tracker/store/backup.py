"""Backup and restore of the store, with SQLite's online backup API.

A backup is one self-contained SQLite file (no write-ahead log beside it), written 0600,
checked with SQLite's quick check before it takes its name, so a damaged store never
replaces a good backup. ``tracker backup`` runs while the daemon keeps writing: the copy
is one consistent snapshot (see :data:`ALL_PAGES`). ``tracker restore`` checks a backup
with the full integrity check and copies it into an empty data directory.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tracker.domain.clock import wall_clock_ms
from tracker.domain.errors import StoreError
from tracker.store.check_record import write_record
from tracker.store.damage import (
    MAX_PROBLEMS,
    MISSING_TABLES,
    StoreDamaged,
    is_damage,
    missing_core_tables,
    problems,
    table_names,
)
from tracker.store.maintenance import integrity_problems
from tracker.store.opening import PRIVATE_DIR_MODE, PRIVATE_UMASK
from tracker.store.sqlite import DB_NAME, Store

# Health data: a backup is as private as the store.
PRIVATE_FILE_MODE = 0o600
# Dated backups in a directory: UTC, so that names sort in time order across DST changes,
# and only names of this shape are ever removed by ``keep``.
BACKUP_TIME_FORMAT = "tracker-%Y%m%dT%H%M%SZ.db"
BACKUP_NAME_RE = re.compile(r"^tracker-\d{8}T\d{6}Z\.db$")
# Every page in one step: a step holds one read transaction, so the copy is a single
# consistent snapshot while the daemon keeps writing (WAL lets a reader and a writer work
# side by side). Copied in several steps, each write by another process in between would
# restart the copy from the first page, and a daemon writing every second would keep it
# from ever finishing (https://www.sqlite.org/c3ref/backup_finish.html).
ALL_PAGES = -1
PART_SUFFIX = ".part"


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size_bytes: int
    seconds: float
    # Older dated backups removed to keep the newest ``keep``.
    removed: tuple[Path, ...]
    # What the person should know about the source (Store.warning), "" when nothing.
    warning: str = ""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    path: Path
    size_bytes: int
    seconds: float


def backup_name(moment: datetime) -> str:
    """The file name of a dated backup taken at ``moment``."""
    return moment.astimezone(UTC).strftime(BACKUP_TIME_FORMAT)


def backup_target(data_dir: Path, output: Path, moment: datetime) -> Path:
    """The backup's file: ``output`` itself, or a dated name in ``output`` when it is a
    directory. Refused: a file that exists, a missing directory, the data directory."""
    target = output / backup_name(moment) if output.is_dir() else output
    if not target.parent.is_dir():
        raise StoreError(f"cannot write a backup to {target}: {target.parent} is not a directory")
    if target.exists():
        raise StoreError(
            f"{target} exists: a backup never overwrites another one (give a new name, "
            "or a directory for dated backups)"
        )
    if target.resolve().is_relative_to(data_dir.resolve()):
        raise StoreError(
            f"write the backup outside {data_dir} (a copy on the same card fails with it; "
            "a USB stick or another machine is best)"
        )
    return target


def backup_store(
    data_dir: str | Path,
    output: str | Path,
    *,
    keep: int | None = None,
    moment: datetime | None = None,
) -> BackupResult:
    """Copy the store to ``output`` (a file, or a directory for dated backups), check the
    copy, and with ``keep`` remove all but the newest ``keep`` dated backups there.

    Raises :class:`StoreDamaged` (and writes nothing) when the copy fails the check.
    """
    started = time.monotonic()
    directory = Path(data_dir).expanduser()
    target = backup_target(directory, Path(output).expanduser(), moment or datetime.now(UTC))
    part = target.with_name(f".{target.name}{PART_SUFFIX}")
    with Store.open(directory, read_only=True, check=False) as store:
        warning = store.warning
        _new_private_file(part)
        try:
            with store.lock:
                copy_database(store.db, part)
            found = _quick_check(part)
            write_record(directory / DB_NAME, found, by="backup", now_ms=wall_clock_ms())
            if found:
                raise StoreDamaged(
                    directory,
                    found[0],
                    consequence=", so no backup was written (older backups are kept)",
                )
            _settle(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    removed = _rotate(target.parent, keep) if keep is not None else ()
    elapsed = time.monotonic() - started
    return BackupResult(target, target.stat().st_size, elapsed, removed, warning)


def restore_store(backup: str | Path, data_dir: str | Path) -> RestoreResult:
    """Check ``backup`` with SQLite's integrity check and copy it into ``data_dir``, which
    must be empty or not exist yet (the store there is never overwritten)."""
    started = time.monotonic()
    source = Path(backup).expanduser()
    directory = Path(data_dir).expanduser()
    if not source.is_file():
        raise StoreError(f"no backup at {source}: give the file `tracker backup` wrote")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise StoreError(
            f"{directory} is not empty: restore into an empty directory (stop the daemon "
            f"and move the old store aside first: mv {directory} {directory}.old)"
        )
    db = _open_backup(source)
    try:
        found = integrity_problems(db)
        if missing_core_tables(table_names(db)):
            found.append(MISSING_TABLES)
        if found:
            raise StoreError(
                f"the backup {source} is damaged ({_first(found)}): nothing was restored; "
                "try an older backup"
            )
        _private_dir(directory)
        target = directory / DB_NAME
        part = directory / f".{DB_NAME}{PART_SUFFIX}"
        _new_private_file(part)
        try:
            copy_database(db, part)
            _settle(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    finally:
        db.close()
    # Opened once as the daemon will: WAL mode again, private files, the quick check.
    with Store.open(directory):
        pass
    return RestoreResult(target, target.stat().st_size, time.monotonic() - started)


def copy_database(source: sqlite3.Connection, path: Path) -> None:
    """SQLite's online backup of ``source`` into the (empty) file at ``path``, left as one
    self-contained file (rollback journal mode, nothing beside it)."""
    dest = sqlite3.connect(path, isolation_level=None)
    try:
        source.backup(dest, pages=ALL_PAGES)
        dest.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot write {path}: {exc}") from exc
    finally:
        dest.close()


def _first(found: list[str]) -> str:
    return found[0] if len(found) == 1 else f"{found[0]}, and {len(found) - 1} more"


def _open_backup(path: Path) -> sqlite3.Connection:
    """A backup opened read-only (``immutable`` where its directory cannot be written)."""
    uri = path.resolve().as_uri()
    error: sqlite3.Error | None = None
    for query in ("mode=ro", "immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{query}", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            error = exc
            continue
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.DatabaseError as exc:
            db.close()
            if is_damage(exc):
                raise StoreError(
                    f"{path} is not a tracker backup, or it is damaged: nothing was restored; "
                    "try an older backup"
                ) from exc
            error = exc
    raise StoreError(f"cannot read {path}: {error}")


def _quick_check(path: Path) -> list[str]:
    """Problems SQLite's quick check finds in the database file at ``path``."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = problems(db, f"PRAGMA quick_check({MAX_PROBLEMS})")
        if not found and missing_core_tables(table_names(db)):
            found.append(MISSING_TABLES)
        return found
    finally:
        db.close()


def _new_private_file(path: Path) -> None:
    """An empty file only its owner can read (a leftover of an interrupted run is
    replaced: its name says it was never finished)."""
    path.unlink(missing_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _private_dir(directory: Path) -> None:
    old_umask = os.umask(PRIVATE_UMASK)
    try:
        directory.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        directory.chmod(PRIVATE_DIR_MODE)
    except OSError as exc:
        raise StoreError(f"cannot create {directory}: {exc.strerror or exc}") from exc
    finally:
        os.umask(old_umask)


def _settle(part: Path, target: Path) -> None:
    """Make the finished copy durable, then give it its name (a power cut leaves either
    no backup or a whole one, never half a file under the real name)."""
    try:
        fd = os.open(part, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(part, target)
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _rotate(folder: Path, keep: int) -> tuple[Path, ...]:
    """Remove all but the newest ``keep`` dated backups in ``folder``."""
    dated = sorted(p for p in folder.iterdir() if BACKUP_NAME_RE.match(p.name) and p.is_file())
    old = dated[: max(0, len(dated) - keep)]
    for path in old:
        path.unlink(missing_ok=True)
    return tuple(old)
