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

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.domain.backoff import EQUAL_JITTER, Backoff
from tracker.domain.clock import wall_clock_ms
from tracker.domain.samples import Sample
from tracker.domain.units import MS_PER_DAY
from tracker.store.influx import NS_PER_MS, Line, sample_line

if TYPE_CHECKING:
    from tracker.store.influx_config import InfluxConfig
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
# First retry after a failed write; most outages on a home network are a router reboot
# or a Wi-Fi hiccup that is over within seconds.
RETRY_INITIAL_S = 1.0
# Cap for unreachable/5xx: a server that comes back is used again within a minute.
RETRY_MAX_S = 60.0
# A 4xx will not heal by itself (token, bucket, org): ask again every 5 minutes so the
# fix is picked up without a restart, without hammering the server.
REJECTED_RETRY_S = 300.0
# Nothing queued: look again after this long (Store.write runs on another thread, and a
# one-second delay to the mirror is invisible on a dashboard).
IDLE_POLL_S = 1.0
# Counting a large queue costs a table scan: check the bound once a minute.
BOUND_CHECK_INTERVAL_S = 60.0
# drain(): below this, a request cannot even connect; beyond the deadline, wait this much
# longer for a request whose own timeout should already have ended it.
MIN_REQUEST_TIMEOUT_S = 0.05
DRAIN_GRACE_S = 0.5
# A warning that persists is logged again hourly, not on every check.
WARN_REPEAT_S = 3600.0
# status() is cheap between refreshes (the daemon may poll it often).
STATUS_REFRESH_S = 5.0
# HTTP statuses that mean "slow down / try later" although they are 4xx.
RETRYABLE_4XX = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    """What ``tracker status`` shows about the mirror (never the token)."""

    target: str  # url, bucket and org
    depth: int  # points waiting
    oldest_unsent_ms: int | None  # time of the oldest waiting point
    last_error: str  # "" when the last attempt succeeded
    last_error_ms: int | None
    last_success_ms: int | None
    dropped_points: int  # dropped beyond the bound, ever (still in SQLite)
    warning: str  # "" or why the outbox is getting full

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "depth": self.depth,
            "oldest_unsent_ms": self.oldest_unsent_ms,
            "last_error": self.last_error,
            "last_error_ms": self.last_error_ms,
            "last_success_ms": self.last_success_ms,
            "dropped_points": self.dropped_points,
            "warning": self.warning,
        }


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


def read_status(store: Store, target: str) -> OutboxStatus:
    """The outbox as another process sees it (``tracker status``); creates nothing."""
    with store.lock:
        db = store.db
        has_table = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'influx_outbox'"
        ).fetchone()
        if not has_table:
            return OutboxStatus(target, 0, None, "", None, None, 0, "")
        depth = int(db.execute("SELECT count(*) FROM influx_outbox").fetchone()[0])
        oldest = db.execute("SELECT min(time_ns) FROM influx_outbox").fetchone()[0]
        state = dict(db.execute("SELECT key, value FROM influx_state").fetchall())

    def opt_int(key: str) -> int | None:
        value = state.get(key)
        return int(value) if value else None

    return OutboxStatus(
        target=target,
        depth=depth,
        oldest_unsent_ms=None if oldest is None else int(oldest) // NS_PER_MS,
        last_error=state.get("last_error", ""),
        last_error_ms=opt_int("last_error_ms"),
        last_success_ms=opt_int("last_success_ms"),
        dropped_points=opt_int("dropped_points") or 0,
        warning=state.get("warning", ""),
    )


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
    from tracker.store.influx import minute_lines, result_lines

    Outbox(store, person, clock)  # creates the tables on a fresh store
    now_ms = clock()
    with store.lock:
        row = store.db.execute(
            "SELECT value FROM influx_state WHERE key = 'results_marks'"
        ).fetchone()
    days_mark, minutes_mark = (int(x) for x in row[0].split(",")) if row else (None, None)
    lines = result_lines(store, person, days_computed_after_ms=days_mark)
    # The first time, only recent minutes: history goes with `tracker sync`.
    start_s = ((now_ms if minutes_mark is None else minutes_mark) - MINUTES_OVERLAP_MS) // 1000
    table = store.minute_table(start_s, now_ms // 1000)
    lines += minute_lines(
        table.time_s.tolist(), table.steps.tolist(), table.heart_rate_bpm.tolist(), person
    )
    with store.lock:
        computed = store.db.execute("SELECT max(computed_ms) FROM analysis_days").fetchone()[0]
    rows = [(t, now_ms, line) for t, line in lines]
    with store.transaction() as db:
        db.executemany(INSERT, rows)
        marks = f"{computed if computed is not None else -1},{now_ms}"
        _set_state(db, "results_marks", marks)
    return len(rows)


# -- talking to the server ------------------------------------------------------------------


class WriteFailed(Exception):
    """One write attempt failed; ``rejected`` = the server refused it (4xx)."""

    def __init__(self, message: str, *, rejected: bool) -> None:
        super().__init__(message)
        self.message = message
        self.rejected = rejected


class InfluxWriter:
    """influxdb-client's synchronous write API; call :meth:`write` from a worker thread.

    urllib3's own retries are off: the shipper decides when to try again.
    """

    def __init__(self, config: InfluxConfig, *, timeout_s: float | None = None) -> None:
        from influxdb_client.client.influxdb_client import InfluxDBClient
        from influxdb_client.client.write_api import SYNCHRONOUS

        self.config = config
        self.timeout_s = timeout_s or config.timeout_s
        self._token = config.read_token()
        self._client: Any = InfluxDBClient(  # untyped library object
            url=config.url,
            token=self._token,
            org=config.org,
            timeout=int(self.timeout_s * 1000),
            enable_gzip=config.gzip,
            retries=False,
        )
        self._api: Any = self._client.write_api(write_options=SYNCHRONOUS)
        self._closed = threading.Event()

    def write(self, lines: Sequence[str]) -> None:
        """Send one batch; returns when the server acknowledged it (2xx)."""
        from influxdb_client.domain.write_precision import WritePrecision
        from influxdb_client.rest import ApiException
        from urllib3.exceptions import HTTPError

        body = "\n".join(lines)
        try:
            self._api.write(
                bucket=self.config.bucket,
                org=self.config.org or "-",
                record=body,
                write_precision=WritePrecision.MS,
            )
        except ApiException as exc:
            status = int(exc.status or 0)
            detail = _api_message(exc)
            rejected = 400 <= status < 500 and status not in RETRYABLE_4XX
            hint = _hint(status)
            raise WriteFailed(
                self._clean(
                    f"InfluxDB at {self.config.describe()} answered {status} {exc.reason or ''}"
                    f"{': ' + detail if detail else ''}{hint}"
                ),
                rejected=rejected,
            ) from exc
        except (HTTPError, OSError) as exc:
            raise WriteFailed(
                self._clean(f"InfluxDB at {self.config.url} unreachable: {_first_line(exc)}"),
                rejected=False,
            ) from exc

    def _clean(self, text: str) -> str:
        """Never let the token reach a log line or the status, whatever the server says."""
        text = " ".join(text.split())
        return text.replace(self._token, "***") if self._token else text

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            self._api.close()
            self._client.close()


def _api_message(exc: Any) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message and message != "no response":
        return _first_line(message)
    body = getattr(exc, "body", None)
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return _first_line(body) if isinstance(body, str) else ""


def _first_line(value: object) -> str:
    text = str(value).strip()
    line = text.splitlines()[0] if text else ""
    return line[:200]


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (check [influxdb] token/token_file and its permissions on the bucket)"
    if status == 404:
        return " (check [influxdb] org and bucket: they must exist on the server)"
    if status == 413:
        return " (lower [influxdb] batch_size)"
    return ""


# -- the shipper ----------------------------------------------------------------------------


class InfluxShipper:
    """Ships the outbox until cancelled; the daemon runs :meth:`run` as one task."""

    def __init__(
        self,
        store: Store,
        config: InfluxConfig,
        *,
        person: str,
        clock: Callable[[], int] = wall_clock_ms,
        retry_initial_s: float = RETRY_INITIAL_S,
        retry_max_s: float = RETRY_MAX_S,
        rejected_retry_s: float = REJECTED_RETRY_S,
        idle_poll_s: float = IDLE_POLL_S,
    ) -> None:
        self.store = store
        self.config = config
        self.person = person
        self.clock = clock
        self.outbox = Outbox(store, person, clock)
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self.rejected_retry_s = rejected_retry_s
        self.idle_poll_s = idle_poll_s
        self._writer: InfluxWriter | None = None
        self._inflight: asyncio.Future[tuple[int, bool]] | None = None
        self._failing = False  # inside an outage: log its start and end once
        self._last_logged_error = ""
        self._warned_at = -WARN_REPEAT_S
        self._status: OutboxStatus | None = None
        self._status_at = -STATUS_REFRESH_S
        self.shipped = 0  # points acknowledged by this shipper (for logs and benchmarks)

    # -- public --------------------------------------------------------------------------

    async def run(self) -> None:
        """Ship until cancelled; never raises for a server problem."""
        backoff = Backoff(self.retry_initial_s, self.retry_max_s, min_fraction=EQUAL_JITTER)
        # A rejected batch (4xx) will not heal by itself soon: a slow, steady retry.
        rejected = Backoff(self.rejected_retry_s, self.rejected_retry_s, min_fraction=EQUAL_JITTER)
        next_bound_check = 0.0
        try:
            while True:
                now = time.monotonic()
                if now >= next_bound_check:
                    await asyncio.to_thread(self.enforce_bounds)
                    next_bound_check = now + BOUND_CHECK_INTERVAL_S
                # Shielded: a cancelled run() leaves the request to finish in its thread,
                # and drain() waits for it instead of racing it on a closed client.
                self._inflight = asyncio.ensure_future(asyncio.to_thread(self._ship_one_batch))
                try:
                    _sent, full = await asyncio.shield(self._inflight)
                except WriteFailed as exc:
                    wait = backoff.next_delay_s()
                    await asyncio.sleep(rejected.next_delay_s() if exc.rejected else wait)
                    continue
                backoff.reset()
                if not full:
                    await asyncio.sleep(self.idle_poll_s)
        finally:
            if self._inflight is None or self._inflight.done():
                self._close_writer()

    async def drain(self, timeout_s: float) -> int:
        """One last attempt, bounded by ``timeout_s``, on stop; returns points left.

        Each request's own timeout fits the time left, so the worker thread is done when
        this returns (``wait_for`` with a small grace is only a safety net).
        """
        deadline = time.monotonic() + timeout_s
        if self._inflight is not None and not self._inflight.done():
            await asyncio.wait([self._inflight], timeout=timeout_s)
        if self._inflight is not None and self._inflight.done() and not self._inflight.cancelled():
            self._inflight.exception()  # retrieved: its failure is already in the status
        self._close_writer()
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= MIN_REQUEST_TIMEOUT_S:
                    break
                request_timeout_s = min(self.config.timeout_s, remaining)
                if self._writer is None or self._writer.timeout_s > request_timeout_s:
                    self._close_writer()
                    self._writer = InfluxWriter(self.config, timeout_s=request_timeout_s)
                try:
                    _sent, full = await asyncio.wait_for(
                        asyncio.to_thread(self._ship_one_batch), remaining + DRAIN_GRACE_S
                    )
                except (WriteFailed, TimeoutError):
                    break
                if not full:
                    break
        finally:
            self._close_writer()
        left = await asyncio.to_thread(self.outbox.depth)
        if left:
            log.info("InfluxDB outbox: %d points left for the next start", left)
        return left

    def status(self) -> OutboxStatus:
        """Depth, oldest unsent point, last error and success (cached a few seconds)."""
        now = time.monotonic()
        if self._status is None or now - self._status_at >= STATUS_REFRESH_S:
            self._status = read_status(self.store, self.config.describe())
            self._status_at = now
        return self._status

    def enforce_bounds(self) -> int:
        """Warn near the bound, drop the oldest beyond it; returns points dropped."""
        cfg = self.config
        now_ms = self.clock()
        max_age_ms = int(cfg.outbox_max_age_days * MS_PER_DAY)
        dropped = self.outbox.drop_beyond(cfg.outbox_max_points, now_ms - max_age_ms)
        if dropped:
            log.error(
                "InfluxDB outbox over its bound (%d points, %g days): dropped the %d oldest "
                "points; they are still in SQLite, re-send them with `tracker sync --since "
                "DATE` once InfluxDB is back",
                cfg.outbox_max_points,
                cfg.outbox_max_age_days,
                dropped,
            )
        depth = self.outbox.depth()
        oldest = self.outbox.oldest_queued_ms()
        age_days = 0.0 if oldest is None else max(0, now_ms - oldest) / MS_PER_DAY
        warning = ""
        if depth >= cfg.outbox_warn_fraction * cfg.outbox_max_points:
            warning = (
                f"outbox holds {depth} of at most {cfg.outbox_max_points} points; "
                "the oldest are dropped beyond that"
            )
        elif age_days >= cfg.outbox_warn_fraction * cfg.outbox_max_age_days:
            warning = (
                f"oldest unsent point has waited {age_days:.1f} days; points waiting over "
                f"{cfg.outbox_max_age_days:g} days are dropped"
            )
        if dropped:
            warning = f"dropped {dropped} points beyond the bound; " + (warning or "see log")
        mono = time.monotonic()
        if warning and (dropped or mono - self._warned_at >= WARN_REPEAT_S):
            log.warning("InfluxDB (%s): %s", cfg.describe(), warning)
            self._warned_at = mono
        elif not warning:
            self._warned_at = -WARN_REPEAT_S
        self.outbox.set_warning(warning)
        self._status_at = -STATUS_REFRESH_S
        return dropped

    # -- internals (worker thread) -------------------------------------------------------

    def _ship_one_batch(self) -> tuple[int, bool]:
        """Send the oldest batch; returns (points sent, whether the batch was full)."""
        ids, lines = self.outbox.peek(self.config.batch_size)
        if not ids:
            return 0, False
        try:
            if self._writer is None:
                self._writer = InfluxWriter(self.config)
            self._writer.write(lines)
        except WriteFailed as exc:
            self._on_failure(exc)
            raise
        self.outbox.ack(ids, self.clock())
        self.shipped += len(ids)
        if self._failing:
            log.warning("InfluxDB at %s reachable again; replaying the outbox", self.config.url)
            self._failing = False
            self._last_logged_error = ""
        self._status_at = -STATUS_REFRESH_S
        return len(ids), len(ids) >= self.config.batch_size

    def _on_failure(self, exc: WriteFailed) -> None:
        self.outbox.record_error(exc.message, self.clock())
        self._status_at = -STATUS_REFRESH_S
        if exc.message != self._last_logged_error:
            if exc.rejected:
                log.error("%s; keeping the outbox, retrying every %gs", exc, self.rejected_retry_s)
            else:
                log.warning("%s; keeping the outbox and retrying", exc)
            self._last_logged_error = exc.message
        self._failing = True

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
