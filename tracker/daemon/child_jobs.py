"""The daemon's jobs in child processes: the day-end job (analysis, report, alerts) and
the import of files from the watched folders, one at a time (both store results).

A child keeps numpy, scipy and matplotlib out of the daemon's memory; it reports with one
JSON line on its stdout (:mod:`tracker.daemon.child`). A child still busy after
DAY_JOB_TIMEOUT_S, or when the daemon stops, is stopped: everything it stored is whole,
and the next start repeats what it had not finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.daemon.child import InboxSummary, NightlySummary
from tracker.daemon.writer import StoreWriter
from tracker.domain.clock import Clock
from tracker.domain.localtime import local_date
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tracker.alerts.alerter import Alerter

log = logging.getLogger("tracker.daemon")

# Meta key in the store: the last local day the day-end job judged.
META_LAST_DAY_END = "daemon.last_day_end"
# A year of minutes analyses in a few seconds on a Pi; a child still busy after this hangs.
DAY_JOB_TIMEOUT_S = 600.0
# After a failed day-end job, wait before the next try so a persistent fault is logged
# a few times an hour, not every check.
DAY_END_RETRY_S = 600.0
# The day-end job looks back this far for days it missed while the hub was off.
MAX_CATCH_UP_DAYS = 60
# A day-end child told to stop (SIGTERM) exits at once (no handler; SQLite rolls back its
# open transaction); if it is still there after this, it is killed.
DAY_JOB_STOP_TIMEOUT_S = 5.0


@dataclass(eq=False)
class ChildJobs:
    """Runs the day-end job and imports, one at a time, in children over ``store``.

    ``alerter`` is woken when a child raised alerts; ``closed`` (set on shutdown) stops
    any further job from starting.
    """

    store: Store
    writer: StoreWriter
    tz: tzinfo
    clock: Clock
    config_path: Path | None
    alerter: Alerter | None = None
    closed: bool = False
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _day_end_retry_at: float | None = field(default=None, init=False)

    async def day_end(self) -> None:
        """Analyse every local day that ended since the last run (and missed ones).

        The work runs in a child process (tracker.daemon.nightly) so that numpy, scipy and
        matplotlib never stay in the daemon's memory. One job at a time; while the disk is
        full none starts (its results could not be stored); cancelled, it stops its child.
        """
        async with self._lock:
            if self.closed or self.writer.disk_full_since_ms is not None:
                return
            await self._day_end()

    async def _day_end(self) -> None:
        now = self.clock()
        today = local_date(now, self.tz)
        last_text = self.store.get_meta(META_LAST_DAY_END)
        last = date.fromisoformat(last_text) if last_text else None
        if last is not None and last >= today - timedelta(days=1):
            return
        if self._day_end_retry_at is not None and self._day_end_retry_at > time.monotonic():
            return
        await self.writer.flush()
        summary = await self._run_day_job(now)
        if summary is None:
            self._day_end_retry_at = time.monotonic() + DAY_END_RETRY_S
            return
        self._day_end_retry_at = None
        for booms, busts in summary.new_cycles:
            log.warning(
                "boom-bust cycle confirmed: boom %s, bust %s", ", ".join(booms), ", ".join(busts)
            )
        if summary.report_path:
            log.info("weekly report %s written to %s", summary.report_week, summary.report_path)
        if self.alerter is not None and summary.alerts_raised:
            self.alerter.wake()
        self.store.set_meta(META_LAST_DAY_END, (today - timedelta(days=1)).isoformat())

    async def _run_day_job(self, now_ms: int) -> NightlySummary | None:
        line = await self._run_child(["day-end", "--now-ms", str(now_ms)], "day-end job")
        if line is None:
            return None
        try:
            return NightlySummary.from_json(json.loads(line))
        except ValueError:
            log.error("day-end job printed no summary")
            return None

    async def import_files(self, paths: list[Path]) -> InboxSummary | None:
        """Import files from the watched folders in a child (one job at a time with the
        day-end job: both store results)."""
        async with self._lock:
            if self.closed or self.writer.disk_full_since_ms is not None:
                return None
            await self.writer.flush()
            line = await self._run_child(["inbox", "--json", *map(str, paths)], "import")
        if line is None:
            return None
        try:
            summary = InboxSummary.from_json(json.loads(line))
        except ValueError:
            log.error("import printed no summary")
            return None
        for path in summary.imported:
            log.info("imported %s", path)
        for path, reason in summary.failed:
            log.warning("could not import %s: %s", path, reason)
        if self.alerter is not None and (summary.failed or summary.nightly):
            self.alerter.wake()
        return summary

    async def _run_child(self, command: list[str], what: str) -> str | None:
        """``tracker COMMAND`` over this store in a child process; its last stdout line."""
        argv = [sys.executable, "-m", "tracker.cli", command[0],
                "--data-dir", str(self.store.path.parent), *command[1:]]  # fmt: skip
        if self.config_path is not None:
            argv += ["--config", str(self.config_path)]
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            # Not asyncio.wait_for: on Python 3.11 it can swallow the daemon's stop when
            # the child ends at the same moment (CPython gh-86296).
            async with asyncio.timeout(DAY_JOB_TIMEOUT_S):
                out, err = await proc.communicate()
        except TimeoutError:
            await stop_child(proc)
            log.error("%s took longer than %.0f s; stopped it", what, DAY_JOB_TIMEOUT_S)
            return None
        except BaseException:
            # The daemon stops: so does the child (everything it stored is whole; the
            # next start repeats what it had not finished).
            await stop_child(proc)
            raise
        if proc.returncode != 0:
            lines = err.decode(errors="replace").strip().splitlines()
            log.error("%s failed: %s", what, lines[-1] if lines else f"exit {proc.returncode}")
            return None
        lines = out.decode().strip().splitlines()
        return lines[-1] if lines else None


async def stop_child(proc: asyncio.subprocess.Process) -> None:
    """End a child process: SIGTERM, then SIGKILL after DAY_JOB_STOP_TIMEOUT_S."""
    try:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(DAY_JOB_STOP_TIMEOUT_S):
                    await proc.wait()
    finally:
        # Cancelled again, or deaf to SIGTERM: never leave it running.
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
