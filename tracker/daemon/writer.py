"""The store writer: samples from the event loop, committed to SQLite at least once a second."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from tracker.domain.samples import Sample
from tracker.store.sqlite import Store

log = logging.getLogger("tracker.daemon")


class StoreWriter:
    """Buffers samples from the event loop and commits them in a worker thread.

    A batch leaves the buffer only into a write that runs to its end: the write is its own
    task, shielded from the cancellation of whoever awaits it (a stop cancels the commit
    loop), and a failed write puts its batch back at the front of the buffer.
    """

    def __init__(
        self,
        store: Store,
        commit_interval_s: float,
        on_commit: Callable[[list[Sample]], None] | None = None,
    ) -> None:
        self.store = store
        self.commit_interval_s = commit_interval_s
        self.on_commit = on_commit
        self.committed = 0
        self._buffer: list[Sample] = []
        self._inflight: asyncio.Task[int] | None = None

    def sink(self, sample: Sample) -> None:
        self._buffer.append(sample)

    @property
    def pending(self) -> int:
        return len(self._buffer)

    async def _write(self, batch: list[Sample]) -> int:
        try:
            n = await asyncio.to_thread(self.store.write, batch)
        except BaseException:
            self._buffer[:0] = batch  # nothing is lost: the next flush tries again
            raise
        self.committed += n
        if self.on_commit is not None:
            self.on_commit(batch)
        return n

    async def flush(self) -> int:
        """Commit everything buffered so far; waits for a write still in flight first."""
        previous = self._inflight
        if previous is not None and not previous.done():
            # Its failure (batch already put back) was logged by the flush that started it.
            with contextlib.suppress(Exception):
                await asyncio.shield(previous)
        if not self._buffer:
            return 0
        batch, self._buffer = self._buffer, []
        self._inflight = asyncio.ensure_future(self._write(batch))
        return await asyncio.shield(self._inflight)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.commit_interval_s)
            try:
                await self.flush()
            except Exception:
                # The batch went back into the buffer: log and retry on the next tick.
                log.exception("store commit failed; will retry")
