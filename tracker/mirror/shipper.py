"""The shipper: sends the store's InfluxDB outbox in time order, in batches, until stopped.

See :mod:`tracker.store.outbox` for the queue, its bound and the failure rules.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from tracker.config.influx import InfluxConfig
from tracker.domain.backoff import EQUAL_JITTER, Backoff
from tracker.domain.clock import wall_clock_ms
from tracker.domain.units import MS_PER_DAY
from tracker.mirror.writer import InfluxWriter, WriteFailed
from tracker.store.outbox import Outbox
from tracker.store.outbox_status import OutboxStatus, read_status
from tracker.store.sqlite import Store

log = logging.getLogger("tracker.store.outbox")

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
            log.warning(
                "InfluxDB at %s reachable again; replaying the outbox", self.config.describe()
            )
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
