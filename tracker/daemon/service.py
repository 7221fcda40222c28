"""The daemon: collectors, a store writer, the optional InfluxDB shipper and alerts, and
the day-end jobs (analysis, weekly report), in one asyncio process.

Data flows one way: collector → ``sink`` → writer queue → SQLite (committed at least once
a second) → outbox → InfluxDB. Analysis reads what SQLite holds, never the live stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import signal
import sys
import time
from collections.abc import Awaitable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import Config
from tracker.daemon.child import NightlySummary
from tracker.daemon.systemd import Notifier
from tracker.daemon.writer import StoreWriter
from tracker.domain.clock import Clock, wall_clock_ms
from tracker.domain.localtime import local_date
from tracker.domain.samples import Sample
from tracker.store.sqlite import DeviceStatusRow, Store

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
# push before leaving the rest for the next start (systemd's stop timeout is 90 s).
FINAL_FLUSH_TIMEOUT_S = 10.0
FINAL_DRAIN_TIMEOUT_S = 15.0
# Meta key in the store: the last local day the day-end job judged.
META_LAST_DAY_END = "daemon.last_day_end"
# A year of minutes analyses in a few seconds on a Pi; a child still busy after this hangs.
DAY_JOB_TIMEOUT_S = 600.0
# After a failed day-end job, wait before the next try so a persistent fault is logged
# a few times an hour, not every check.
DAY_END_RETRY_S = 600.0
# The day-end job looks back this far for days it missed while the hub was off.
MAX_CATCH_UP_DAYS = 60


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
        self.collector: Collector | None = None
        self.shipper: InfluxShipper | None = None
        self.alerter: Alerter | None = None
        self.config_path = config_path
        self._day_end_retry_at: float | None = None

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

            self.alerter = Alerter(self.store, self.config, clock=self.clock)
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
            await asyncio.sleep(STATUS_SAVE_INTERVAL_S)
            try:
                await self.save_status()
            except Exception:
                # Status is for display; collection goes on whatever happens to it.
                log.exception("saving device status failed; will retry")

    async def save_status(self) -> None:
        if self.collector is None:
            return
        now = self.clock()
        # The collector's DeviceStatus has the row's fields but the time of saving.
        rows = [
            DeviceStatusRow(**dataclasses.asdict(s), updated_ms=now)
            for s in self.collector.status().values()
        ]
        await asyncio.to_thread(self.store.save_device_status, rows)

    async def _day_end_forever(self) -> None:
        while True:
            try:
                await self.day_end()
            except Exception:
                log.exception("day-end job failed; will try again")
            await asyncio.sleep(self.day_end_check_interval_s)

    async def day_end(self) -> None:
        """Analyse every local day that ended since the last run (and missed ones).

        The work runs in a child process (tracker.daemon.nightly) so that numpy, scipy and
        matplotlib never stay in the daemon's memory.
        """
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
        argv = [
            sys.executable,
            "-m",
            "tracker.cli",
            "day-end",
            "--data-dir",
            str(self.store.path.parent),
            "--now-ms",
            str(now_ms),
        ]
        if self.config_path is not None:
            argv += ["--config", str(self.config_path)]
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(proc.communicate(), DAY_JOB_TIMEOUT_S)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            log.error("day-end job took longer than %.0f s; stopped it", DAY_JOB_TIMEOUT_S)
            return None
        if proc.returncode != 0:
            lines = err.decode(errors="replace").strip().splitlines()
            log.error("day-end job failed: %s", lines[-1] if lines else f"exit {proc.returncode}")
            return None
        try:
            return NightlySummary.from_json(json.loads(out.decode().strip().splitlines()[-1]))
        except (ValueError, IndexError):
            log.error("day-end job printed no summary")
            return None

    async def _watchdog_forever(self, interval_s: float) -> None:
        while True:
            self.notifier.watchdog()
            await asyncio.sleep(interval_s)

    # -- lifecycle -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Run until ``stop`` is set, then flush, drain and close."""
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
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.shutdown()

    async def shutdown(self) -> None:
        try:
            await asyncio.wait_for(self.writer.flush(), FINAL_FLUSH_TIMEOUT_S)
        except TimeoutError:
            log.error("last store commit did not finish in %.0f s", FINAL_FLUSH_TIMEOUT_S)
        with contextlib.suppress(Exception):
            await self.save_status()
        if self.shipper is not None:
            left = await self.shipper.drain(FINAL_DRAIN_TIMEOUT_S)
            if left:
                log.warning("%d point(s) left in the InfluxDB outbox for the next start", left)
        if self.alerter is not None:
            await self.alerter.aclose(FINAL_DRAIN_TIMEOUT_S)
        log.info("stopped; %d new sample(s) committed", self.writer.committed)
        self.store.close()


def install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
