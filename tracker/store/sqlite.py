"""The embedded store: SQLite in WAL mode under the data directory.

Everything lands here first; InfluxDB is only a mirror. Samples are keyed by
(device, time) per kind, so a replay or a restart never duplicates a row. The file holds
health data: the directory is created 0700 and the database files 0600.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tracker.domain.errors import StoreError
from tracker.domain.localtime import hub_zone, offset_s_at
from tracker.domain.samples import (
    ConnectionEvent,
    HeartRateSample,
    Sample,
    StepSample,
)
from tracker.domain.units import MS_PER_HOUR, MS_PER_S
from tracker.store.damage import check_on_open, damage_behind, is_damage, store_error

if TYPE_CHECKING:
    from tracker.analysis.heart import RrIntervals
    from tracker.domain.minutes import MinuteTable

DB_NAME = "tracker.db"
# Health data: nobody but the owner may read it.
PRIVATE_DIR_MODE = 0o700
PRIVATE_UMASK = 0o077
# How long a writer waits for a lock held by another process (e.g. `tracker import`
# while the daemon runs) before failing with a clear message.
BUSY_TIMEOUT_MS = 10_000
# A device id under which imported minute tables are stored.
IMPORT_DEVICE_PREFIX = "import"
# SQLite's result code for a full disk (or a database at its max_page_count).
SQLITE_FULL = 13

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


class DiskFullError(StoreError):
    """The disk (or the database's size limit) has no room for what was written.

    Nothing of the failed transaction is stored; the caller may keep it and try again.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        super().__init__(f"the disk holding {data_dir} is full: free some space on it")


@dataclass(frozen=True, slots=True)
class WriteCount:
    """New rows from one :meth:`Store.write_counted`: measurements (heart rate, steps,
    battery) and connection records, which say how the wearables were reached."""

    measurements: int
    connection_events: int

    @property
    def total(self) -> int:
        return self.measurements + self.connection_events


class OutboxHook(Protocol):
    """Receives every written batch inside its transaction (the InfluxDB outbox)."""

    def enqueue_samples(self, db: sqlite3.Connection, samples: Sequence[Sample]) -> int: ...


@dataclass(frozen=True, slots=True)
class DeviceStatusRow:
    device: str
    address: str
    name: str
    connected: bool
    last_sample_ms: int | None
    battery_percent: int | None
    reconnects: int
    last_error: str
    last_change_ms: int | None
    updated_ms: int
    # Notifications that broke their characteristic's layout (a firmware quirk to report).
    malformed_payloads: int = 0


def _connect_read_only(path: Path) -> tuple[sqlite3.Connection, str]:
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


class Store:
    """One SQLite database per data directory.

    ``db`` is shared with the other parts that keep derived tables in the same file;
    calls are serialised by ``lock`` so that the daemon may use the store from a worker
    thread while the event loop runs.
    """

    def __init__(
        self, path: Path, db: sqlite3.Connection, tz: tzinfo, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.db = db
        self.tz = tz
        # Opened for reading only (a backup on read-only media): nothing may be written.
        self.read_only = read_only
        # Something the person should know about this store ("" when nothing), and
        # whether the check on open covered the whole file (damage.check_on_open).
        self.warning = ""
        self.fully_checked = False
        self.lock = threading.RLock()
        # Offsets change only at DST transitions: cache per hour to keep ingest fast.
        self._offset_cache: dict[int, int] = {}
        self._outbox: OutboxHook | None = None

    @classmethod
    def open(
        cls,
        data_dir: str | Path,
        *,
        tz: tzinfo | None = None,
        create: bool = False,
        read_only: bool = False,
        check: bool = True,
    ) -> Store:
        """The store in ``data_dir``; ``create`` makes a new one where there is none,
        ``read_only`` opens it for reading only (nothing is created or changed).

        ``check``: SQLite's quick check first (:func:`~tracker.store.damage.check_on_open`),
        so that a damaged store says so before anything is read or written.
        """
        directory = Path(data_dir).expanduser()
        path = directory / DB_NAME
        zone = tz if tz is not None else hub_zone()
        if not create and not path.exists():
            raise StoreError(
                f"no tracker data in {directory}: check the path, or create a new store "
                f"with `tracker init --data-dir {directory}`"
            )
        if read_only:
            db, warning = _connect_read_only(path)
            fully_checked = cls._check(db, path, check, read_only=True)
            store = cls(path, db, zone, read_only=True)
            store.warning = warning
            store.fully_checked = fully_checked
            return store
        old_umask = os.umask(PRIVATE_UMASK)
        try:
            directory.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
            db = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,
                isolation_level=None,  # explicit BEGIN/COMMIT below
            )
            # Before anything is written (the schema below): a damaged file stays as it is.
            fully_checked = cls._check(db, path, check, read_only=False)
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
                os.chmod(str(path) + suffix, 0o600)
        store = cls(path, db, zone)
        store.fully_checked = fully_checked
        return store

    @staticmethod
    def _check(db: sqlite3.Connection, path: Path, check: bool, *, read_only: bool) -> bool:
        """The quick check on open (damage.check_on_open), if asked; the connection is
        closed when it fails. True when the whole file was checked."""
        if not check:
            return False
        try:
            return check_on_open(db, path, read_only=read_only)
        except BaseException:
            db.close()
            raise

    @classmethod
    def create(cls, data_dir: str | Path, *, tz: tzinfo | None = None) -> Store:
        """The store in ``data_dir``, made (directory 0700, files 0600) where there is none."""
        return cls.open(data_dir, tz=tz, create=True)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        """Close; an error caused by a damaged file becomes :class:`StoreDamaged`."""
        try:
            damage = None if exc is None else damage_behind(self.path.parent, self.db, exc)
        finally:
            self.close()
        if damage is not None:
            raise damage from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

        The error that stopped the transaction is the one raised: SQLite rolls back by
        itself on some errors (a full disk among them), and a ROLLBACK then would fail
        and hide it. A full disk raises :class:`DiskFullError`.
        """
        with self.lock:
            try:
                self.db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                self._raise_if_full(exc)
                raise StoreError(f"database is busy: {exc}") from exc
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException as exc:
                if self.db.in_transaction:
                    # Best effort: the error that brought us here is the one to report.
                    with contextlib.suppress(sqlite3.Error):
                        self.db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    self._raise_if_full(exc)
                raise

    def _raise_if_full(self, exc: sqlite3.Error) -> None:
        code = getattr(exc, "sqlite_errorcode", None)
        # The low byte is the primary result code (the rest marks extended codes).
        if code is not None and code & 0xFF == SQLITE_FULL:
            raise DiskFullError(self.path.parent) from exc

    def offset_s(self, time_ms: int) -> int:
        hour = time_ms // MS_PER_HOUR
        off = self._offset_cache.get(hour)
        if off is None:
            off = offset_s_at(time_ms / MS_PER_S, self.tz)
            if len(self._offset_cache) > 10_000:
                self._offset_cache.clear()
            self._offset_cache[hour] = off
        return off

    # -- samples -------------------------------------------------------------------------

    def attach_outbox(self, outbox: OutboxHook | None) -> None:
        """Enqueue the points of written samples in the same transaction (None detaches)."""
        self._outbox = outbox

    def write(self, samples: Sequence[Sample]) -> int:
        """Insert samples in one transaction; returns how many were new."""
        return self.write_counted(samples).total

    def write_counted(self, samples: Sequence[Sample]) -> WriteCount:
        """Insert samples in one transaction; how many new rows of each kind.

        Raises :class:`DiskFullError` (nothing written) when the disk is full.
        """
        hr: list[tuple[object, ...]] = []
        st: list[tuple[object, ...]] = []
        bat: list[tuple[object, ...]] = []
        con: list[tuple[object, ...]] = []
        # The hot path of ingest: local names and an inline offset cache keep the Python
        # side near the cost of SQLite's own insert (bench/store_ingest.py).
        cache = self._offset_cache
        off = self.offset_s
        for s in samples:
            t = s.time_ms
            if isinstance(s, ConnectionEvent):
                con.append((s.device, t, str(s.state), s.detail))
                continue
            o = cache.get(t // MS_PER_HOUR)
            if o is None:
                o = off(t)
            if isinstance(s, HeartRateSample):
                rr = s.rr_s
                contact = s.contact
                hr.append(
                    (
                        s.device,
                        t,
                        o,
                        s.bpm,
                        None if contact is None else int(contact),
                        s.energy_kj,
                        ",".join(map(repr, rr)) if rr else None,
                    )
                )
            elif isinstance(s, StepSample):
                st.append((s.device, t, o, s.steps, s.cadence_spm))
            else:
                bat.append((s.device, t, o, s.percent))
        with self.transaction() as db:
            before = db.total_changes
            if hr:
                db.executemany("INSERT OR IGNORE INTO heart_rate VALUES (?,?,?,?,?,?,?)", hr)
            if st:
                db.executemany("INSERT OR IGNORE INTO steps VALUES (?,?,?,?,?)", st)
            if bat:
                db.executemany("INSERT OR IGNORE INTO battery VALUES (?,?,?,?)", bat)
            measured = db.total_changes - before
            if con:
                db.executemany("INSERT OR IGNORE INTO connection VALUES (?,?,?,?)", con)
            events = db.total_changes - before - measured
            if self._outbox is not None:
                # Same transaction: a sample is never committed without its point queued.
                self._outbox.enqueue_samples(db, samples)
        return WriteCount(measured, events)

    def counts(self) -> dict[str, int]:
        with self.lock:
            return {
                t: int(self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("heart_rate", "steps", "battery", "connection")
            }

    # -- minute table --------------------------------------------------------------------

    def _rollup(
        self, start_s: int | None, end_s: int | None
    ) -> tuple[list[tuple[int, int, int]], list[tuple[int, float, int]]]:
        """Per minute: (minute, steps, offset) and (minute, mean bpm, offset) rows.

        The rule of :mod:`tracker.domain.rollup` in SQL: steps summed per device and
        minute, then the larger device; heart rate averaged without no-contact samples.
        """
        lo = -(2**62) if start_s is None else start_s * MS_PER_S
        hi = 2**62 if end_s is None else end_s * MS_PER_S
        with self.lock:
            step_rows = self.db.execute(
                """SELECT m, MAX(s), MIN(o) FROM (
                       SELECT time_ms / 60000 AS m, device, SUM(steps) AS s, MIN(offset_s) AS o
                       FROM steps WHERE time_ms >= ? AND time_ms < ? GROUP BY device, m)
                   GROUP BY m ORDER BY m""",
                (lo, hi),
            ).fetchall()
            hr_rows = self.db.execute(
                """SELECT time_ms / 60000 AS m, AVG(bpm), MIN(offset_s) FROM heart_rate
                   WHERE time_ms >= ? AND time_ms < ? AND (contact IS NULL OR contact != 0)
                   GROUP BY m ORDER BY m""",
                (lo, hi),
            ).fetchall()
        return step_rows, hr_rows

    def minute_rows(
        self, start_s: int | None = None, end_s: int | None = None
    ) -> list[tuple[int, int | None, float | None]]:
        """``(minute start s, steps, mean bpm)`` over ``[start_s, end_s)``, None where
        unknown, without numpy (for the daemon's live numbers)."""
        step_rows, hr_rows = self._rollup(start_s, end_s)
        steps = {int(m): int(n) for m, n, _ in step_rows}
        hr = {int(m): float(b) for m, b, _ in hr_rows}
        return [(m * 60, steps.get(m), hr.get(m)) for m in sorted(steps.keys() | hr.keys())]

    def minute_table(self, start_s: int | None = None, end_s: int | None = None) -> MinuteTable:
        """The minute table over ``[start_s, end_s)`` (the rollup rule: :meth:`_rollup`)."""
        import numpy as np  # not at import: the daemon never builds minute tables

        from tracker.domain.minutes import MinuteTable

        step_rows, hr_rows = self._rollup(start_s, end_s)
        s = np.array(step_rows, dtype=np.float64).reshape(-1, 3)
        h = np.array(hr_rows, dtype=np.float64).reshape(-1, 3)
        minutes = np.union1d(s[:, 0], h[:, 0]).astype(np.int64)
        n = minutes.shape[0]
        steps = np.full(n, np.nan)
        hr = np.full(n, np.nan)
        offset = np.zeros(n, dtype=np.int32)
        if s.shape[0]:
            idx = np.searchsorted(minutes, s[:, 0].astype(np.int64))
            steps[idx] = s[:, 1]
            offset[idx] = s[:, 2].astype(np.int32)
        if h.shape[0]:
            idx = np.searchsorted(minutes, h[:, 0].astype(np.int64))
            hr[idx] = h[:, 1]
            offset[idx] = h[:, 2].astype(np.int32)
        return MinuteTable(minutes * 60, offset, steps, hr)

    def data_span_ms(self) -> tuple[int, int] | None:
        """The first and last step or heart-rate sample time, or None in an empty store."""
        with self.lock:
            # One min() or max() per subquery: SQLite answers each from the time index
            # (min and max together in one SELECT scan the whole table).
            row = self.db.execute(
                """SELECT min(lo), max(hi) FROM (
                       SELECT (SELECT min(time_ms) FROM steps) AS lo,
                              (SELECT max(time_ms) FROM steps) AS hi
                       UNION ALL SELECT (SELECT min(time_ms) FROM heart_rate),
                                        (SELECT max(time_ms) FROM heart_rate))"""
            ).fetchone()
        return None if row is None or row[0] is None else (int(row[0]), int(row[1]))

    def import_minutes(self, table: MinuteTable, source: str = IMPORT_DEVICE_PREFIX) -> int:
        """Store an imported minute table atomically (a re-import replaces its rows)."""
        device = source
        times_ms = (table.time_s * 1000).tolist()
        offsets = table.offset_s.tolist()
        steps = table.steps.tolist()
        hrs = table.heart_rate_bpm.tolist()
        st = [
            (device, t, o, int(s), None)
            for t, o, s in zip(times_ms, offsets, steps, strict=True)
            if s == s  # not NaN
        ]
        hr = [
            (device, t, o, h, None, None, None)
            for t, o, h in zip(times_ms, offsets, hrs, strict=True)
            if h == h
        ]
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO steps VALUES (?,?,?,?,?)", st)
            db.executemany("INSERT OR REPLACE INTO heart_rate VALUES (?,?,?,?,?,?,?)", hr)
        return len(table)

    def rr_intervals(self, start_ms: int | None = None, end_ms: int | None = None) -> RrIntervals:
        """Every stored RR interval in ``[start_ms, end_ms)``, one entry per beat.

        Beats of one notification share its time; successive beats are compared only within
        one device's stream (the ``stream`` number).
        """
        import numpy as np  # not at import: the daemon never needs numpy

        from tracker.analysis.heart import RrIntervals

        lo = start_ms if start_ms is not None else -(2**62)
        hi = end_ms if end_ms is not None else 2**62
        # A store made by an older version and opened read-only has no beats table.
        beats = self.has_table("beats")
        with self.lock:
            rows = self.db.execute(
                "SELECT device, time_ms, rr_s FROM heart_rate "
                "WHERE time_ms >= ? AND time_ms < ? AND rr_s IS NOT NULL AND rr_s != '' "
                + (
                    "UNION ALL SELECT device, time_ms, CAST(rr_s AS TEXT) FROM beats "
                    "WHERE time_ms >= ? AND time_ms < ? "
                    if beats
                    else ""
                )
                + "ORDER BY 1, 2",
                (lo, hi, lo, hi) if beats else (lo, hi),
            ).fetchall()
        if not rows:
            return RrIntervals.empty()
        devices = {d: i for i, d in enumerate(dict.fromkeys(r[0] for r in rows))}
        counts = np.fromiter((r[2].count(",") + 1 for r in rows), np.int64, len(rows))
        try:
            values = np.array(",".join(r[2] for r in rows).split(","), dtype=np.float64)
        except ValueError as exc:
            raise StoreError(f"stored RR intervals are not numbers: {exc}") from exc
        times = np.repeat(np.fromiter((r[1] for r in rows), np.float64, len(rows)), counts)
        streams = np.repeat(np.fromiter((devices[r[0]] for r in rows), np.int64, len(rows)), counts)
        return RrIntervals(times / MS_PER_S, values, streams)

    def has_table(self, name: str) -> bool:
        with self.lock:
            row = self.db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()
        return bool(row[0])

    def last_sample_ms_by_device(self) -> dict[str, int]:
        """When each device's newest step, heart-rate or battery sample was taken."""
        seen: dict[str, int] = {}
        with self.lock:
            for table in ("steps", "heart_rate", "battery"):
                for device, t in self.db.execute(
                    f"SELECT device, MAX(time_ms) FROM {table} GROUP BY device"
                ):
                    seen[device] = max(int(t), seen.get(device, int(t)))
        return seen

    # -- device status -------------------------------------------------------------------

    _STATUS_COLUMNS = (
        "device, address, name, connected, last_sample_ms, battery_percent, reconnects, "
        "last_error, last_change_ms, updated_ms, malformed_payloads"
    )

    def save_device_status(
        self, rows: Iterable[DeviceStatusRow], meta: Mapping[str, str] | None = None
    ) -> None:
        """Replace the rows of these devices; ``meta`` entries are set in the same
        transaction (the daemon's heartbeat goes with the status it vouches for)."""
        data = [
            (
                r.device,
                r.address,
                r.name,
                int(r.connected),
                r.last_sample_ms,
                r.battery_percent,
                r.reconnects,
                r.last_error,
                r.last_change_ms,
                r.updated_ms,
                r.malformed_payloads,
            )
            for r in rows
        ]
        with self.transaction() as db:
            db.executemany(
                f"INSERT OR REPLACE INTO device_status ({self._STATUS_COLUMNS}) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                data,
            )
            if meta:
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())

    def device_status(self) -> list[DeviceStatusRow]:
        with self.lock:
            rows = self.db.execute(
                f"SELECT {self._STATUS_COLUMNS} FROM device_status ORDER BY device"
            ).fetchall()
        return [
            DeviceStatusRow(
                device=r[0],
                address=r[1] or "",
                name=r[2] or "",
                connected=bool(r[3]),
                last_sample_ms=r[4],
                battery_percent=r[5],
                reconnects=r[6],
                last_error=r[7] or "",
                last_change_ms=r[8],
                updated_ms=r[9],
                malformed_payloads=r[10],
            )
            for r in rows
        ]

    # -- small key/value memory for the daemon (last day analysed, last report, …) -------

    def get_meta(self, key: str) -> str | None:
        with self.lock:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
