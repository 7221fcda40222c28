"""The store writer: samples from the event loop, committed to SQLite at least once a second.

When the disk is full the samples wait in memory, up to WRITE_BUFFER_MAX_SAMPLES, and the
writer tries again every DISK_FULL_RETRY_S; once space is freed they are stored in one
transaction. Samples that arrive while the buffer is full are counted and dropped: the
oldest are kept, so the stored record runs without a gap up to the loss.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence

from tracker.domain.clock import Clock, wall_clock_ms
from tracker.domain.samples import ConnectionEvent, Sample
from tracker.store.sample_rows import WriteCount
from tracker.store.sqlite import DiskFullError, Store

log = logging.getLogger("tracker.daemon")

# Expected sample rate: a worn chest strap or watch notifies heart rate about once a
# second, a footpod cadence about once a second, a watch's step counter at most as often;
# so about 2 samples a second per wearable, 6 with the three a person may wear.
EXPECTED_SAMPLES_PER_S = 6
# While the disk is full, keep two hours of that in memory: time for someone to notice
# (`tracker status`, the log) and free space. About 240 bytes a sample (a heart-rate
# sample with its RR intervals, measured with tracemalloc): ~10 MB at the bound, well
# inside the daemon's 80 MB budget.
BUFFER_MINUTES = 120
WRITE_BUFFER_MAX_SAMPLES = EXPECTED_SAMPLES_PER_S * 60 * BUFFER_MINUTES
# While the disk is full, try again this often (wall time). Freeing space takes a person
# minutes, and each try inserts the whole buffer before failing: every second would keep
# a Raspberry Pi busy for nothing.
DISK_FULL_RETRY_S = 10.0
# While the disk stays full, say so again this often (journald is not a flood sink).
DISK_FULL_LOG_INTERVAL_MS = 10 * 60_000


class StoreWriter:
    """Buffers samples from the event loop and commits them in a worker thread.

    A batch leaves the buffer only into a write that runs to its end: the write is its own
    task, shielded from the cancellation of whoever awaits it (a stop cancels the commit
    loop), and a failed write puts its batch back at the front of the buffer.

    ``wall_clock`` dates the disk-full episode and the losses (for the log and `tracker
    status`); the samples carry their own times.
    """

    def __init__(
        self,
        store: Store,
        commit_interval_s: float,
        on_commit: Callable[[list[Sample]], None] | None = None,
        *,
        max_buffered: int = WRITE_BUFFER_MAX_SAMPLES,
        wall_clock: Clock = wall_clock_ms,
    ) -> None:
        self.store = store
        self.commit_interval_s = commit_interval_s
        self.on_commit = on_commit
        self.max_buffered = max_buffered
        self.wall_clock = wall_clock
        self.committed = 0  # new rows of every kind since the start
        self.measurements = 0  # of which heart rate, steps and battery
        self.lost = 0  # samples dropped since the start: the buffer was full
        self.last_loss_ms: int | None = None
        # Wall time the disk was first found full, None while writes succeed.
        self.disk_full_since_ms: int | None = None
        # Per device: the newest measurement known to be in the store.
        self.last_stored_ms: dict[str, int] = {}
        self._buffer: list[Sample] = []
        self._inflight: asyncio.Task[int] | None = None
        self._inflight_size = 0
        self._full_logged_ms = 0
        self._lost_in_episode = 0

    def sink(self, sample: Sample) -> None:
        if len(self._buffer) + self._inflight_size >= self.max_buffered:
            self._drop()
            return
        self._buffer.append(sample)

    @property
    def pending(self) -> int:
        """Samples in the buffer, not counting a batch being written."""
        return len(self._buffer)

    @property
    def waiting(self) -> int:
        """Samples in memory that are not stored yet (the buffer and the write in flight)."""
        return len(self._buffer) + self._inflight_size

    def _drop(self) -> None:
        self.lost += 1
        self._lost_in_episode += 1
        self.last_loss_ms = self.wall_clock()
        if self._lost_in_episode == 1:
            log.error(
                "memory buffer full (%d samples, about %d min): newer samples are lost until "
                "space is freed on the disk holding %s",
                self.max_buffered,
                BUFFER_MINUTES,
                self.store.path.parent,
            )

    async def _write(self, batch: list[Sample]) -> int:
        try:
            count = await asyncio.to_thread(self.store.write_counted, batch)
        except BaseException as exc:
            self._buffer[:0] = batch  # nothing is lost: the next flush tries again
            if isinstance(exc, DiskFullError):
                self._disk_full()
            raise
        finally:
            self._inflight_size = 0
        self._stored(batch, count)
        if self.on_commit is not None:
            self.on_commit(batch)
        return count.total

    def _disk_full(self) -> None:
        now = self.wall_clock()
        where = self.store.path.parent
        if self.disk_full_since_ms is None:
            self.disk_full_since_ms = now
            self._full_logged_ms = now
            log.error(
                "disk full: cannot save samples in %s; they wait in memory (up to %d min) "
                "and are saved once space is freed: free some space on that disk",
                where,
                BUFFER_MINUTES,
            )
        elif now - self._full_logged_ms >= DISK_FULL_LOG_INTERVAL_MS:
            self._full_logged_ms = now
            log.error(
                "disk still full: %d samples waiting in memory, %d lost so far; free some "
                "space on the disk holding %s",
                self.waiting,
                self.lost,
                where,
            )

    def _stored(self, batch: Sequence[Sample], count: WriteCount) -> None:
        self.committed += count.total
        self.measurements += count.measurements
        newest = self.last_stored_ms
        for s in batch:
            if not isinstance(s, ConnectionEvent) and s.time_ms > newest.get(s.device, -1):
                newest[s.device] = s.time_ms
        if self.disk_full_since_ms is not None:
            lost = f"; {self._lost_in_episode} were lost" if self._lost_in_episode else ""
            log.warning(
                "disk has space again: %d samples that waited in memory are saved%s",
                len(batch),
                lost,
            )
            self.disk_full_since_ms = None
            self._lost_in_episode = 0

    async def flush(self) -> int:
        """Commit everything buffered so far; waits for a write still in flight first.

        Raises what the write raised (its batch is back in the buffer):
        :class:`DiskFullError` when the disk is full.
        """
        previous = self._inflight
        if previous is not None and not previous.done():
            # Its failure (batch already put back) was logged by the flush that started it.
            with contextlib.suppress(Exception):
                await asyncio.shield(previous)
        if not self._buffer:
            return 0
        batch, self._buffer = self._buffer, []
        self._inflight_size = len(batch)  # still in memory, still under the bound
        self._inflight = asyncio.ensure_future(self._write(batch))
        return await asyncio.shield(self._inflight)

    async def run(self) -> None:
        while True:
            full = self.disk_full_since_ms is not None
            await asyncio.sleep(DISK_FULL_RETRY_S if full else self.commit_interval_s)
            try:
                await self.flush()
            except DiskFullError:
                pass  # logged by _disk_full; the batch waits in the buffer
            except Exception:
                # The batch went back into the buffer: log and retry on the next tick.
                log.exception("store commit failed; will retry")
