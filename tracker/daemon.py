"""The daemon: collectors, a store writer, the optional InfluxDB shipper and alerts, and
the day-end jobs (analysis, weekly report), in one asyncio process.

Data flows one way: collector → ``sink`` → writer queue → SQLite (committed at least once
a second) → outbox → InfluxDB. Analysis reads what SQLite holds, never the live stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tracker.clock import Clock, wall_clock_ms
from tracker.config import Config
from tracker.samples import Sample
from tracker.store.sqlite import DeviceStatusRow, Store
from tracker.systemd import Notifier

if TYPE_CHECKING:
    from tracker.ble.transport import BleTransport

log = logging.getLogger("tracker.daemon")

# Device status is for people reading `tracker status`; every few seconds is fresh enough.
STATUS_SAVE_INTERVAL_S = 5.0
# How often to look whether a local day has ended (wall time). Cheap: one clock read.
DAY_END_CHECK_INTERVAL_S = 30.0
# On stop: how long we wait for the store writer's last commit and the outbox's last
# push before leaving the rest for the next start (systemd's stop timeout is 90 s).
FINAL_FLUSH_TIMEOUT_S = 10.0
FINAL_DRAIN_TIMEOUT_S = 15.0
# Meta keys in the store.
META_LAST_DAY_END = "daemon.last_day_end"
META_LAST_REPORT_WEEK = "daemon.last_report_week"
# The day-end job looks back this far for days it missed while the hub was off.
MAX_CATCH_UP_DAYS = 60


@dataclass(slots=True)
class StoreWriter:
    """Buffers samples from the event loop and commits them in a worker thread."""

    store: Store
    commit_interval_s: float
    on_commit: Callable[[list[Sample]], None] | None = None
    _buffer: list[Sample] = field(default_factory=list)
    committed: int = 0

    def sink(self, sample: Sample) -> None:
        self._buffer.append(sample)

    async def flush(self) -> int:
        if not self._buffer:
            return 0
        batch, self._buffer = self._buffer, []
        n = await asyncio.to_thread(self.store.write, batch)
        self.committed += n
        if self.on_commit is not None:
            self.on_commit(batch)
        return n

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.commit_interval_s)
            try:
                await self.flush()
            except Exception:
                # A failed commit keeps nothing in limbo silently: log and retry next tick.
                log.exception("store commit failed; will retry")


def local_zone(config: Config) -> tzinfo | None:
    return ZoneInfo(config.tracker.timezone) if config.tracker.timezone else None


def local_date(time_ms: int, tz: tzinfo | None) -> date:
    return datetime.fromtimestamp(time_ms / 1000, tz).astimezone(tz).date()


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
    ) -> None:
        self.config = config
        self.tz = local_zone(config)
        self.clock = clock
        self.transport = transport
        self.notifier = notifier or Notifier({})
        self.day_end_check_interval_s = day_end_check_interval_s
        self.store = Store.open(data_dir or config.tracker.data_path, tz=self.tz)
        self.writer = StoreWriter(self.store, config.collector.commit_interval_s)
        self.collector: Any = None
        self.shipper: Any = None
        self.alerter: Any = None
        self.new_cycles: list[Any] = []

    # -- wiring --------------------------------------------------------------------------

    def _build(self) -> None:
        from tracker.ble.collector import Collector

        influx = self.config.section("influxdb")
        if influx is not None:
            from tracker.store.outbox import InfluxShipper, enable_outbox

            enable_outbox(self.store, influx, self.config.tracker.person)
            self.shipper = InfluxShipper(
                self.store, influx, person=self.config.tracker.person, clock=self.clock
            )
        if self.config.section("alerts") is not None:
            from tracker.alerts import Alerter

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

    # -- periodic jobs -------------------------------------------------------------------

    async def _save_status_forever(self) -> None:
        while True:
            await asyncio.sleep(STATUS_SAVE_INTERVAL_S)
            await self.save_status()

    async def save_status(self) -> None:
        if self.collector is None:
            return
        now = self.clock()
        rows = [
            DeviceStatusRow(
                device=s.device,
                address=s.address,
                name=s.name,
                connected=s.connected,
                last_sample_ms=s.last_sample_ms,
                battery_percent=s.battery_percent,
                reconnects=s.reconnects,
                last_error=s.last_error,
                last_change_ms=s.last_change_ms,
                updated_ms=now,
            )
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
        """Analyse every local day that ended since the last run (and missed ones)."""
        now = self.clock()
        today = local_date(now, self.tz)
        last_text = self.store.get_meta(META_LAST_DAY_END)
        last = date.fromisoformat(last_text) if last_text else None
        if last is not None and last >= today - timedelta(days=1):
            return
        await self.writer.flush()
        from tracker.analysis.dayend import run_day_end

        outcome = await asyncio.to_thread(
            run_day_end, self.store, self.config, now_ms=now, tz=self.tz
        )
        for cycle in outcome.new_cycles:
            booms = ", ".join(d.isoformat() for d in cycle.boom_dates)
            busts = ", ".join(d.isoformat() for d in cycle.bust_dates)
            log.warning("boom-bust cycle confirmed: boom %s, bust %s", booms, busts)
            self.new_cycles.append(cycle)
        if self.alerter is not None:
            self.alerter.day_end(outcome)
        if self.shipper is not None:
            from tracker.store.outbox import enqueue_results

            await asyncio.to_thread(enqueue_results, self.store, self.config.tracker.person)
        self.store.set_meta(META_LAST_DAY_END, (today - timedelta(days=1)).isoformat())
        await self._weekly_report(now)

    async def _weekly_report(self, now_ms: int) -> None:
        report_cfg = self.config.section("report")
        from tracker.report.config import ReportConfig
        from tracker.report.schedule import due_week, write_weekly_report

        cfg = report_cfg if report_cfg is not None else ReportConfig()
        if not cfg.enabled:
            return
        now = datetime.fromtimestamp(now_ms / 1000, self.tz).astimezone(self.tz)
        week = due_week(now, self.store.get_meta(META_LAST_REPORT_WEEK), cfg)
        if week is None:
            return
        path = await asyncio.to_thread(
            write_weekly_report,
            self.store,
            self.config,
            week,
            cfg.language,
            self.store.path.parent,
        )
        self.store.set_meta(META_LAST_REPORT_WEEK, week)
        log.info("weekly report %s written to %s", week, path)
        if self.alerter is not None:
            self.alerter.report_ready(week, path)

    async def _watchdog_forever(self, interval_s: float) -> None:
        while True:
            self.notifier.watchdog()
            await asyncio.sleep(interval_s)

    # -- lifecycle -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Run until ``stop`` is set, then flush, drain and close."""
        self._build()
        tasks: list[asyncio.Task[None]] = []

        def start(coro: Awaitable[None], name: str) -> None:
            tasks.append(asyncio.ensure_future(coro))
            tasks[-1].set_name(name)

        start(self.writer.run(), "store-writer")
        start(self.collector.run(), "collector")
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
