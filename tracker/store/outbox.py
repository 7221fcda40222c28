"""The durable InfluxDB outbox: a table in the store's SQLite file, and its shipper.

Samples are committed to SQLite first; their points are queued in ``influx_outbox`` in the
same transaction (:func:`enable_outbox` attaches the hook to ``Store.write``). The
:class:`InfluxShipper` sends the queue in time order, in batches, through influxdb-client's
synchronous write API from a worker thread, and deletes a batch only after the server
acknowledged it (2xx). Nothing is lost when the server is down or the hub restarts: the
queue is on disk.

Failures:

- unreachable, timeout, 5xx or 429: keep everything, retry with capped exponential
  backoff and jitter, log once per outage and once on recovery;
- any other 4xx (bad token, unknown bucket): a clear error in the log and in
  ``tracker status``, keep everything, retry slowly (someone has to fix the config).

Bound (documented in docs/influxdb.md): at ``outbox_warn_fraction`` of
``outbox_max_points`` or of ``outbox_max_age_days`` (how long the oldest point has been
waiting, counted from when it was queued, not from its own time, so that history synced
or simulated later is not mistaken for an outage) the shipper warns (log and status);
beyond the bound it drops the oldest points, counts and logs them. Dropped points stay in
the SQLite sample tables, and ``tracker sync --since DATE`` sends them again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from tracker.domain.clock import wall_clock_ms
from tracker.domain.samples import Sample
from tracker.domain.units import MS_PER_DAY
from tracker.store.derived import last_computed_ms
from tracker.store.influx import Line, minute_lines, result_lines, sample_line
from tracker.store.influx_entries import entry_lines

if TYPE_CHECKING:
    from tracker.config.influx import InfluxConfig
    from tracker.store.sqlite import Store

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS influx_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ns INTEGER NOT NULL,
    queued_ms INTEGER NOT NULL,
    line TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS influx_outbox_time ON influx_outbox (time_ns, id);
CREATE TABLE IF NOT EXISTS influx_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

INSERT = "INSERT INTO influx_outbox (time_ns, queued_ms, line) VALUES (?, ?, ?)"


class Outbox:
    """The queue table; every method takes the store's lock (shared connection)."""

    def __init__(self, store: Store, person: str, clock: Callable[[], int] = wall_clock_ms) -> None:
        self.store = store
        self.person = person
        self.clock = clock
        with store.lock:
            store.db.executescript(SCHEMA)

    # -- enqueue -------------------------------------------------------------------------

    def enqueue_samples(self, db: sqlite3.Connection, samples: Sequence[Sample]) -> int:
        """Store.write's hook: queue the samples' points in the caller's transaction."""
        person = self.person
        now_ms = self.clock()
        rows = [(t, now_ms, line) for t, line in (sample_line(s, person) for s in samples)]
        db.executemany(INSERT, rows)
        return len(rows)

    def enqueue_lines(self, lines: Iterable[Line]) -> int:
        """Queue ready points in a transaction of their own."""
        now_ms = self.clock()
        rows = [(t, now_ms, line) for t, line in lines]
        if rows:
            with self.store.transaction() as db:
                db.executemany(INSERT, rows)
        return len(rows)

    # -- ship ----------------------------------------------------------------------------

    def peek(self, limit: int) -> tuple[list[int], list[str]]:
        """The oldest ``limit`` points: their ids and lines, in time order."""
        with self.store.lock:
            rows = self.store.db.execute(
                "SELECT id, line FROM influx_outbox ORDER BY time_ns, id LIMIT ?", (limit,)
            ).fetchall()
        return [r[0] for r in rows], [r[1] for r in rows]

    def ack(self, ids: Sequence[int], now_ms: int) -> None:
        """The server took these points: delete them and note the success, atomically."""
        with self.store.transaction() as db:
            db.executemany("DELETE FROM influx_outbox WHERE id = ?", ((i,) for i in ids))
            _set_state(db, "last_success_ms", str(now_ms))
            _set_state(db, "last_error", "")

    def record_error(self, message: str, now_ms: int) -> None:
        with self.store.transaction() as db:
            _set_state(db, "last_error", message)
            _set_state(db, "last_error_ms", str(now_ms))

    # -- size and bound ------------------------------------------------------------------

    def depth(self) -> int:
        with self.store.lock:
            return int(self.store.db.execute("SELECT count(*) FROM influx_outbox").fetchone()[0])

    def oldest_queued_ms(self) -> int | None:
        """When the longest-waiting point was queued (ids grow with queueing time)."""
        with self.store.lock:
            row = self.store.db.execute(
                "SELECT queued_ms FROM influx_outbox ORDER BY id LIMIT 1"
            ).fetchone()
        return None if row is None else int(row[0])

    def drop_beyond(self, max_points: int, queued_after_ms: int) -> int:
        """Drop points queued before ``queued_after_ms``, then the oldest beyond the size."""
        oldest = self.oldest_queued_ms()
        with self.store.transaction() as db:
            before = db.total_changes
            if oldest is not None and oldest < queued_after_ms:
                # A scan, but only when something is really that old.
                db.execute("DELETE FROM influx_outbox WHERE queued_ms < ?", (queued_after_ms,))
            excess = int(db.execute("SELECT count(*) FROM influx_outbox").fetchone()[0])
            excess -= max_points
            if excess > 0:
                db.execute(
                    "DELETE FROM influx_outbox WHERE id IN "
                    "(SELECT id FROM influx_outbox ORDER BY time_ns, id LIMIT ?)",
                    (excess,),
                )
            dropped = db.total_changes - before
            if dropped:
                total = int(_get_state(db, "dropped_points") or 0) + dropped
                _set_state(db, "dropped_points", str(total))
        return dropped

    def set_warning(self, text: str) -> None:
        with self.store.transaction() as db:
            _set_state(db, "warning", text)


def _set_state(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO influx_state VALUES (?, ?)", (key, value))


def _get_state(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM influx_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def enable_outbox(
    store: Store, config: InfluxConfig, person: str, clock: Callable[[], int] = wall_clock_ms
) -> None:
    """Attach the hook: from now on ``store.write`` queues every sample's point."""
    del config  # the queue does not depend on the target; kept for the daemon's call
    store.attach_outbox(Outbox(store, person, clock))


# Minute rollups are re-sent from this long before the last mark: samples that arrive late
# (a watch that was out of range syncs its backlog) change recent minutes.
MINUTES_OVERLAP_MS = 2 * MS_PER_DAY


def enqueue_results(store: Store, person: str, *, clock: Callable[[], int] = wall_clock_ms) -> int:
    """Queue the day-end job's results and the minute rollups; returns points queued.

    Idempotent: days recomputed since the last call (with their bouts), all cycles and
    plan weeks (a handful), and the minutes since the last call minus an overlap. A point
    sent twice overwrites itself. The marks move in the same transaction as the queueing.
    """
    Outbox(store, person, clock)  # creates the tables on a fresh store
    now_ms = clock()
    with store.lock:
        row = store.db.execute(
            "SELECT value FROM influx_state WHERE key = 'results_marks'"
        ).fetchone()
    days_mark, minutes_mark = (int(x) for x in row[0].split(",")) if row else (None, None)
    lines = result_lines(store, person, days_computed_after_ms=days_mark)
    # The person's entries saved since the last call (check-ins, exercises, exposures).
    lines += entry_lines(store, person, saved_after_ms=minutes_mark)
    # The first time, only recent minutes: history goes with `tracker sync`.
    start_s = ((now_ms if minutes_mark is None else minutes_mark) - MINUTES_OVERLAP_MS) // 1000
    table = store.minute_table(start_s, now_ms // 1000)
    lines += minute_lines(
        table.time_s.tolist(), table.steps.tolist(), table.heart_rate_bpm.tolist(), person
    )
    computed = last_computed_ms(store)
    rows = [(t, now_ms, line) for t, line in lines]
    with store.transaction() as db:
        db.executemany(INSERT, rows)
        marks = f"{computed if computed is not None else -1},{now_ms}"
        _set_state(db, "results_marks", marks)
    return len(rows)
