"""The daemon: collectors, a store writer, the optional InfluxDB shipper and alerts, and
the day-end jobs (analysis, weekly report; run in children by
:mod:`tracker.daemon.child_jobs`), in one asyncio process.

Data flows one way: collector → ``sink`` → writer queue → SQLite (committed at least once
a second) → outbox → InfluxDB. Analysis reads what SQLite holds, never the live stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import signal
from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import Config
from tracker.daemon.child_jobs import ChildJobs
from tracker.daemon.inbox_watch import InboxWatcher
from tracker.daemon.systemd import Notifier
from tracker.daemon.writer import StoreWriter
from tracker.domain.clock import Clock, wall_clock_ms
from tracker.domain.errors import StoreError
from tracker.domain.samples import Sample
from tracker.store.daemon_state import DaemonState, read_daemon_state
from tracker.store.sqlite import DeviceStatusRow, DiskFullError, Store

if TYPE_CHECKING:
    from tracker.alerts.alerter import Alerter
    from tracker.ble.collector import Collector
    from tracker.ble.transport import BleTransport
    from tracker.mirror.shipper import InfluxShipper

log = logging.getLogger("tracker.daemon")

# Device status is for people reading `tracker status`; every few seconds is fresh enough.
STATUS_SAVE_INTERVAL_S = 5.0
# How often to look whether a local day has ended (wall time). Cheap: one clock read.
DAY_END_CHECK_INTERVAL_S = 30.0
# On stop: how long we wait for the store writer's last commit and the outbox's last
# push before leaving the rest for the next start (each within STOP_BUDGET_S).
FINAL_FLUSH_TIMEOUT_S = 10.0
FINAL_DRAIN_TIMEOUT_S = 15.0
# The whole stop, from the signal to the store closed: the unit's TimeoutStopSec is 45 s
# (contrib/tracker.service), and what is left over after this gets
# stopping.LEFTOVER_TASKS_TIMEOUT_S (5 s) before the process exits.
STOP_BUDGET_S = 35.0
# On stop: how long the cancelled tasks get to wind down. A device task's own clean-up is
# bounded by CANCEL_CLEANUP_TIMEOUT_S (5 s) twice at most (an abandoned connection
# attempt, then a disconnect), a day-end child by child_jobs.DAY_JOB_STOP_TIMEOUT_S; a
# task still busy after this is left behind and named in the log, and the stop goes on.
TASKS_STOP_TIMEOUT_S = 12.0


class Daemon:
    """Everything ``tracker run`` does; ``tracker demo`` runs the same with emulated BLE."""

    def __init__(
        self,
        config: Config,
        *,
        data_dir: Path | None = None,
        clock: Clock = wall_clock_ms,
        transport: BleTransport | None = None,
        notifier: Notifier | None = None,
        day_end_check_interval_s: float = DAY_END_CHECK_INTERVAL_S,
        config_path: Path | None = None,
    ) -> None:
        self.config = config
        self.tz = config.zone
        self.clock = clock
        self.transport = transport
        self.notifier = notifier or Notifier({})
        self.day_end_check_interval_s = day_end_check_interval_s
        self.store = Store.create(data_dir or config.tracker.data_path, tz=self.tz)
        self.writer = StoreWriter(self.store, config.collector.commit_interval_s)
        # What earlier runs reported (losses are counted over the store's life).
        self._earlier = DaemonState()
        self.jobs = ChildJobs(self.store, self.writer, self.tz, clock, config_path)
        self.collector: Collector | None = None
        self.shipper: InfluxShipper | None = None
        self.alerter: Alerter | None = None
        watch = config.imports
        # Watched folders: complete new files are imported in a child (like day-end).
        self.inbox = InboxWatcher(watch, self.jobs.import_files) if watch and watch.watch else None

    # -- wiring --------------------------------------------------------------------------

    def _build(self) -> Collector:
        # Imported here, not at the top: the daemon's start-up and memory pay only for the
        # parts that are configured (bleak, influxdb-client, apprise, paho).
        from tracker.ble.collector import Collector

        influx = self.config.influxdb
        if influx is not None:
            from tracker.mirror.shipper import InfluxShipper
            from tracker.store.outbox import enable_outbox

            enable_outbox(self.store, influx, self.config.tracker.person)
            self.shipper = InfluxShipper(
                self.store, influx, person=self.config.tracker.person, clock=self.clock
            )
        if self.config.alerts is not None:
            from tracker.alerts.alerter import Alerter

            self.alerter = self.jobs.alerter = Alerter(self.store, self.config, clock=self.clock)
        sink = self.writer.sink
        if self.alerter is not None:
            alerter = self.alerter
            writer_sink = self.writer.sink

            def sink(sample: Sample) -> None:
                writer_sink(sample)
                alerter.observe(sample)

        self.collector = Collector(
            self.config.devices,
            self.config.collector,
            sink,
            clock=self.clock,
            transport=self.transport,
        )
        return self.collector

    # -- periodic jobs -------------------------------------------------------------------

    async def _save_status_forever(self) -> None:
        while True:
            try:
                await self.save_status()
            except DiskFullError:
                pass  # the store writer says so in the log; `tracker status` sees the disk
            except Exception:
                # Status is for display; collection goes on whatever happens to it.
                log.exception("saving device status failed; will retry")
            await asyncio.sleep(STATUS_SAVE_INTERVAL_S)

    async def save_status(self, *, stopping: bool = False) -> None:
        """Save each device's status with the daemon's heartbeat, in one transaction.

        Times of saving are wall time (the heartbeat other processes compare with their
        own clock), whatever clock the samples follow. A device's last sample is the
        newest one stored, never one still waiting in memory.
        """
        if self.collector is None:
            return
        now = wall_clock_ms()
        stored = self.writer.last_stored_ms
        rows = [
            DeviceStatusRow(
                **{**dataclasses.asdict(s), "last_sample_ms": stored.get(s.device)},
                updated_ms=now,
            )
            for s in self.collector.status().values()
        ]
        writer = self.writer
        # On stop, what still waits in memory (a full disk) is lost with the process.
        unsaved = writer.waiting if stopping else 0
        state = DaemonState(
            heartbeat_ms=now,
            stopped_ms=now if stopping else None,
            disk_full_since_ms=writer.disk_full_since_ms,
            samples_waiting=0 if stopping else writer.waiting,
            samples_lost=self._earlier.samples_lost + writer.lost + unsaved,
            last_loss_ms=(now if unsaved else writer.last_loss_ms) or self._earlier.last_loss_ms,
        )
        await asyncio.to_thread(self.store.save_device_status, rows, state.to_meta())

    async def _day_end_forever(self) -> None:
        while True:
            try:
                await self.jobs.day_end()
            except StoreError as exc:
                log.error("day-end job failed: %s; will try again", exc)
            except Exception:
                log.exception("day-end job failed; will try again")
            await asyncio.sleep(self.day_end_check_interval_s)

    async def _watchdog_forever(self, interval_s: float) -> None:
        while True:
            self.notifier.watchdog()
            await asyncio.sleep(interval_s)

    # -- lifecycle -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Run until ``stop`` is set, then flush, drain and close."""
        # Before the status task starts: the losses it saves add to the earlier ones.
        self._earlier = read_daemon_state(self.store)
        collector = self._build()
        tasks: list[asyncio.Task[None]] = []

        def start(coro: Awaitable[None], name: str) -> None:
            tasks.append(asyncio.ensure_future(coro))
            tasks[-1].set_name(name)

        start(self.writer.run(), "store-writer")
        start(collector.run(), "collector")
        start(self._save_status_forever(), "status")
        start(self._day_end_forever(), "day-end")
        if self.shipper is not None:
            start(self.shipper.run(), "influx")
        if self.alerter is not None:
            start(self.alerter.run(), "alerts")
        if self.inbox is not None:
            start(self.inbox.run(), "inbox")
        if self.notifier.watchdog_interval_s:
            start(self._watchdog_forever(self.notifier.watchdog_interval_s), "watchdog")
        log.info(
            "started: %d device(s), data in %s%s",
            len(self.config.devices),
            self.store.path.parent,
            ", mirroring to InfluxDB" if self.shipper else "",
        )
        self.notifier.ready(f"collecting from {len(self.config.devices)} device(s)")
        stopper = asyncio.ensure_future(stop.wait())
        try:
            done, _ = await asyncio.wait([stopper, *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task is not stopper and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
        finally:
            self.notifier.stopping()
            stopper.cancel()
            deadline = asyncio.get_running_loop().time() + STOP_BUDGET_S
            await _cancel_bounded(tasks, TASKS_STOP_TIMEOUT_S)
            await self.shutdown(deadline)

    async def shutdown(self, deadline: float | None = None) -> None:
        """Store what is buffered, save the last status, drain, close: each step bounded,
        and all of them by ``deadline`` (loop time; default STOP_BUDGET_S from now)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + STOP_BUDGET_S if deadline is None else deadline

        def bound(step_s: float) -> float:
            return max(0.0, min(step_s, end - loop.time()))

        try:
            async with asyncio.timeout(bound(FINAL_FLUSH_TIMEOUT_S)):
                await self.writer.flush()
        except TimeoutError:
            log.error("last store commit did not finish in %.0f s", FINAL_FLUSH_TIMEOUT_S)
        except DiskFullError:
            pass  # counted below and in the saved status
        except Exception as exc:
            log.error("last store commit failed: %s", exc)
        unsaved = self.writer.waiting
        with contextlib.suppress(Exception):
            await self.save_status(stopping=True)
        if self.shipper is not None:
            left = await self.shipper.drain(bound(FINAL_DRAIN_TIMEOUT_S))
            if left:
                log.warning("%d point(s) left in the InfluxDB outbox for the next start", left)
        if self.alerter is not None:
            await self.alerter.aclose(bound(FINAL_DRAIN_TIMEOUT_S))
        if unsaved:
            log.error("%s", self._stop_summary(unsaved))
        else:
            log.info("%s", self._stop_summary(unsaved))
        self.jobs.closed = True
        self.store.close()

    def _stop_summary(self, unsaved: int) -> str:
        """The last line of the log: what this run stored, in words."""
        writer = self.writer
        stored = writer.measurements
        if stored == 0 and (self.collector is None or not self.collector.ever_connected()):
            text = "stopped; no wearable connected, so nothing was measured"
        else:
            text = f"stopped; {stored} new measurement(s) stored"
        if writer.lost:
            text += f"; {writer.lost} lost while the disk was full"
        if unsaved:
            text += (
                f"; {unsaved} could not be stored because the disk is full and are lost: "
                f"free some space on the disk holding {self.store.path.parent}"
            )
        return text


async def _cancel_bounded(tasks: list[asyncio.Task[None]], timeout_s: float) -> None:
    """Cancel the tasks and give them ``timeout_s`` to end; name any that did not."""
    for task in tasks:
        task.cancel()
    if not tasks:
        return
    done, stuck = await asyncio.wait(tasks, timeout=timeout_s)
    for task in done:
        if not task.cancelled():
            task.exception()  # retrieved: the first failure was raised by run()
    if stuck:
        log.error(
            "%s did not stop within %.0f s; stopping without %s",
            ", ".join(sorted(t.get_name() for t in stuck)),
            timeout_s,
            "it" if len(stuck) == 1 else "them",
        )


def install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
