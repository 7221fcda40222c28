"""The embedded store: SQLite in WAL mode under the data directory.

Everything lands here first; InfluxDB is only a mirror. Samples are keyed by
(device, time) per kind, so a replay or a restart never duplicates a row. The file holds
health data: the directory is created 0700 and the database files 0600.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.errors import StoreError
from tracker.domain.localtime import hub_zone
from tracker.domain.samples import Sample
from tracker.domain.units import MS_PER_S
from tracker.store.damage import damage_behind
from tracker.store.opening import connect_read_only, connect_writable, quick_check
from tracker.store.sample_rows import HourlyOffsets, OutboxHook, WriteCount, sample_rows

if TYPE_CHECKING:
    from tracker.analysis.heart import RrIntervals
    from tracker.domain.minutes import MinuteTable

DB_NAME = "tracker.db"
# A device id under which imported minute tables are stored.
IMPORT_DEVICE_PREFIX = "import"
# SQLite's result code for a full disk (or a database at its max_page_count).
SQLITE_FULL = 13


class DiskFullError(StoreError):
    """The disk (or the database's size limit) has no room for what was written.

    Nothing of the failed transaction is stored; the caller may keep it and try again.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        super().__init__(f"the disk holding {data_dir} is full: free some space on it")


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
        self._offsets = HourlyOffsets(tz)
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
            db, warning = connect_read_only(path)
            fully_checked = quick_check(db, path, check, read_only=True)
            store = cls(path, db, zone, read_only=True)
            store.warning = warning
            store.fully_checked = fully_checked
            return store
        db, fully_checked = connect_writable(path, check=check)
        store = cls(path, db, zone)
        store.fully_checked = fully_checked
        return store

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
                self.raise_if_full(exc)
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
                    self.raise_if_full(exc)
                raise

    def raise_if_full(self, exc: sqlite3.Error) -> None:
        """A full disk as :class:`DiskFullError` (what to do about it, in one line)."""
        code = getattr(exc, "sqlite_errorcode", None)
        # The low byte is the primary result code (the rest marks extended codes).
        if code is not None and code & 0xFF == SQLITE_FULL:
            raise DiskFullError(self.path.parent) from exc

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
        rows = sample_rows(samples, self._offsets)
        hr, st, bat, con = rows.heart_rate, rows.steps, rows.battery, rows.connection
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
        # Not at import: numpy, which the daemon never needs (it builds no minute tables).
        from tracker.store.minute_arrays import minute_table_from_rollup

        return minute_table_from_rollup(*self._rollup(start_s, end_s))

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
        from tracker.store.minute_arrays import imported_rows  # numpy: see minute_table

        st, hr = imported_rows(table, source)
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO steps VALUES (?,?,?,?,?)", st)
            db.executemany("INSERT OR REPLACE INTO heart_rate VALUES (?,?,?,?,?,?,?)", hr)
        return len(table)

    def rr_intervals(self, start_ms: int | None = None, end_ms: int | None = None) -> RrIntervals:
        """Every stored RR interval in ``[start_ms, end_ms)``, one entry per beat.

        Beats of one notification share its time; successive beats are compared only within
        one device's stream (the ``stream`` number).
        """
        from tracker.store.minute_arrays import rr_intervals_from_rows  # numpy: see minute_table

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
        return rr_intervals_from_rows(rows)

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

    # In the order of DeviceStatusRow's fields (save_device_status writes astuple(row)).
    _STATUS_COLUMNS = (
        "device, address, name, connected, last_sample_ms, battery_percent, reconnects, "
        "last_error, last_change_ms, updated_ms, malformed_payloads"
    )

    def save_device_status(
        self, rows: Iterable[DeviceStatusRow], meta: Mapping[str, str] | None = None
    ) -> None:
        """Replace the rows of these devices; ``meta`` entries are set in the same
        transaction (the daemon's heartbeat goes with the status it vouches for)."""
        data = [astuple(r) for r in rows]
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
