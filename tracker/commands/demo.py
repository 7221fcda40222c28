"""``tracker demo``: the real daemon against emulated wearables, for N simulated days.

No Bluetooth adapter and no server: a chest strap, a footpod and an InfiniTime-like watch
run as bumble GATT servers on an in-process virtual link, follow a seeded scripted day,
and the daemon collects, stores and analyses them exactly as it would real devices.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.commands._common import add_config
from tracker.domain.errors import UsageError

if TYPE_CHECKING:
    from tracker.daemon.service import Daemon
    from tracker.daemon.stopping import EarlyStop

log = logging.getLogger("tracker.demo")

DEFAULT_DEMO_DIR = Path("tracker-demo")
MAX_DEMO_DAYS = 60
# After the last simulated tick: let the final notifications reach the store writer.
SETTLE_S = 1.5


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", type=int, default=2, help="simulated days (default 2)")
    p.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DEMO_DIR,
        metavar="DIR",
        help=f"where the demo data goes (default ./{DEFAULT_DEMO_DIR})",
    )
    add_config(p)
    p.add_argument("--seed", type=int, default=1, help="seed of the scripted days")
    p.add_argument(
        "--start",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="first simulated day (default: DAYS days before today)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log the daemon's events")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.daemon.stopping import EarlyStop, run_bounded

    # First: a stop asked for during start-up is honoured, not fatal half-way.
    early = EarlyStop()
    from tracker.config import load_config
    from tracker.daemon import logs

    if not 1 <= args.days <= MAX_DEMO_DAYS:
        raise UsageError(f"--days must be between 1 and {MAX_DEMO_DAYS}")
    config = load_config(args.config)
    logs.setup(logging.INFO if args.verbose else logging.WARNING)
    code = run_bounded(_demo(args, config, early))
    early.install()  # a stop during the summary: the stop under way already ends the demo
    return code


async def _demo(args: argparse.Namespace, config: Any, early: EarlyStop) -> int:
    from tracker.ble.emulated.world import EmulatedWorld
    from tracker.daemon.service import Daemon, install_signal_handlers

    tz = config.zone
    first_day: date = args.start or (datetime.now(tz).date() - timedelta(days=args.days))
    start = datetime.combine(first_day, time(0, 0)).replace(tzinfo=tz).astimezone(tz)
    print(
        f"tracker demo: {args.days} simulated day(s) from {first_day.isoformat()} "
        f"with an emulated chest strap, footpod and watch → {args.data_dir}",
        file=sys.stderr,
    )
    async with EmulatedWorld(seed=args.seed, start=start) as world:
        demo_config = dataclasses.replace(config, devices=tuple(world.device_configs))
        daemon = Daemon(
            demo_config,
            data_dir=args.data_dir,
            clock=world.clock,
            transport=world.transport,
            # Simulated days pass in seconds: look for day ends often.
            day_end_check_interval_s=0.2,
            config_path=args.config,
        )
        stop = asyncio.Event()
        install_signal_handlers(stop)
        if early.requested:
            stop.set()
        daemon_task = asyncio.create_task(daemon.run(stop), name="daemon")
        world_task = asyncio.create_task(world.run(args.days), name="world")
        stopper = asyncio.create_task(stop.wait(), name="stop")
        done, _ = await asyncio.wait(
            [daemon_task, world_task, stopper], return_when=asyncio.FIRST_COMPLETED
        )
        if world_task in done and world_task.exception() is None:
            # The last simulated day has ended: analyse it before stopping, unless told
            # to stop first (then the child is stopped too, and the store stays open
            # until it is gone).
            last = asyncio.create_task(_analyse_last_day(daemon), name="last-day")
            await asyncio.wait([last, stopper, daemon_task], return_when=asyncio.FIRST_COMPLETED)
            last.cancel()
            await asyncio.gather(last, return_exceptions=True)
            if not last.cancelled() and last.exception() is not None:
                log.error("analysing the last day failed: %s", last.exception())
        stop.set()
        world_task.cancel()
        await asyncio.gather(world_task, return_exceptions=True)
        await daemon_task
        stopper.cancel()
        if not world_task.cancelled() and world_task.exception() is not None:
            raise world_task.exception()  # type: ignore[misc]
    _print_summary(args.data_dir, demo_config, daemon)
    return 0


async def _analyse_last_day(daemon: Daemon) -> None:
    log.info("simulated days done; analysing the last day")
    await asyncio.sleep(SETTLE_S)
    await daemon.day_end()


def _print_summary(data_dir: Path, config: Any, daemon: Any) -> None:
    from tracker.app.results import span_results
    from tracker.store.sqlite import Store

    with Store.open(data_dir, tz=config.zone, read_only=True) as store:
        counts = store.counts()
        status = store.device_status()
        minutes = len(store.minute_rows())
        result = span_results(store, config, now_ms=daemon.clock())
    out = sys.stdout
    out.write(f"\nStored in {data_dir}/tracker.db:\n")
    out.write(
        f"  {counts['heart_rate']} heart-rate samples, {counts['steps']} step samples, "
        f"{counts['battery']} battery readings, {minutes} minutes with data\n"
    )
    out.write("\nDevices:\n")
    for s in status:
        battery = f"{s.battery_percent} %" if s.battery_percent is not None else "unknown"
        out.write(f"  {s.device:<8} {s.name:<22} battery {battery:<8} reconnects {s.reconnects}\n")
    out.write("\nDays:\n")
    out.write("  date        worn  active  steps   bouts  day type\n")
    for day in result.days if result is not None else ():
        out.write(
            f"  {day.date.isoformat()}  {day.worn_minutes:>4}  {day.active_minutes:>6}  "
            f"{day.steps:>6}  {day.bouts:>5}  {day.day_type}\n"
        )
    out.write("\nDay types stay 'learning' until 7 valid days give a personal baseline.\n")
    if result is not None and result.days:
        year, week, _ = result.days[-1].date.isocalendar()
        out.write(
            "\nTry next:\n"
            f"  tracker status  --data-dir {data_dir}\n"
            f"  tracker analyze --data-dir {data_dir}\n"
            f"  tracker report  --data-dir {data_dir} --week {year}-W{week:02d}\n"
            f"  tracker export  --data-dir {data_dir} --output minutes.csv\n"
        )
