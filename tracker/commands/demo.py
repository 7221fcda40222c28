"""``tracker demo``: the real daemon against emulated wearables, for N simulated days.

No Bluetooth adapter and no server: a chest strap, a footpod and an InfiniTime-like watch
run as bumble GATT servers on an in-process virtual link, follow a seeded scripted day,
and the daemon collects, stores and analyses them exactly as it would real devices.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import secrets
import shlex
import socket
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.commands._common import add_config
from tracker.domain.errors import UsageError
from tracker.report.texts import Texts

if TYPE_CHECKING:
    from tracker.daemon.service import Daemon
    from tracker.daemon.stopping import EarlyStop

log = logging.getLogger("tracker.demo")

DEFAULT_DEMO_DIR = Path("tracker-demo")
MAX_DEMO_DAYS = 60
# After the last simulated tick: let the final notifications reach the store writer.
SETTLE_S = 1.5
# How often the demo says how far the simulated days are (wall seconds).
PROGRESS_INTERVAL_S = 5.0
# The hub page the demo offers: its usual port, and a login made for the demo.
DEMO_WEB_PORT = 8470
DEMO_USER = "demo"
DEMO_ROLES = ("patient", "therapist", "admin")
DEMO_PASSWORD_BYTES = 9  # 12 characters: easy to type, not guessable on a home network
WEB_STOP_TIMEOUT_S = 5.0


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
    web = p.add_mutually_exclusive_group()
    web.add_argument(
        "--web",
        action="store_true",
        help="afterwards, serve the hub page with a demo login (default on a terminal)",
    )
    web.add_argument("--no-web", action="store_true", help="end after the summary")
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
    printed = False
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
        progress = asyncio.create_task(
            _progress(world.clock, first_day, args.days), name="progress"
        )
        done, _ = await asyncio.wait(
            [daemon_task, world_task, stopper], return_when=asyncio.FIRST_COMPLETED
        )
        if world_task in done and world_task.exception() is None:
            await _analyse_last_day_unless_stopped(daemon, stopper, daemon_task)
        progress.cancel()
        if not stop.is_set() and not daemon_task.done():
            _print_summary(args.data_dir, demo_config, daemon)
            printed = True
            if _offer_web(args):
                await _serve_hub_page(args, demo_config, daemon, stop)
        stop.set()
        world_task.cancel()
        await asyncio.gather(world_task, return_exceptions=True)
        await daemon_task
        stopper.cancel()
        if not world_task.cancelled() and world_task.exception() is not None:
            raise world_task.exception()  # type: ignore[misc]
    if not printed:
        _print_summary(args.data_dir, demo_config, daemon)
    return 0


async def _analyse_last_day_unless_stopped(
    daemon: Daemon, stopper: asyncio.Task[Any], daemon_task: asyncio.Task[None]
) -> None:
    """The last simulated day has ended: analyse it before stopping, unless told to stop
    first (then the child is stopped too, and the store stays open until it is gone)."""
    last = asyncio.create_task(_analyse_last_day(daemon), name="last-day")
    await asyncio.wait([last, stopper, daemon_task], return_when=asyncio.FIRST_COMPLETED)
    last.cancel()
    await asyncio.gather(last, return_exceptions=True)
    if not last.cancelled() and last.exception() is not None:
        log.error("analysing the last day failed: %s", last.exception())


async def _analyse_last_day(daemon: Daemon) -> None:
    log.info("simulated days done; analysing the last day")
    await asyncio.sleep(SETTLE_S)
    await daemon.jobs.day_end()


def _print_summary(data_dir: Path, config: Any, daemon: Any) -> None:
    from tracker.app.results import span_results
    from tracker.store.sqlite import Store

    words = Texts("en")  # the kind of day in the report's words, never its code

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
    out.write("  date        worn  active  steps   bouts  kind of day\n")
    for day in result.days if result is not None else ():
        out.write(
            f"  {day.date.isoformat()}  {day.worn_minutes:>4}  {day.active_minutes:>6}  "
            f"{day.steps:>6}  {day.bouts:>5}  {words(f'day_type_{day.day_type}')}\n"
        )
    days = result.days if result is not None else ()
    if days and all(d.baseline_active_minutes is None for d in days):
        out.write(
            f"\nThe days stay in the learning period until {config.pacing.baseline_min_days} "
            "days with enough data show your usual level (try --days 14).\n"
        )
    if days:
        year, week, _ = days[-1].date.isocalendar()
        me = _command()
        out.write(
            "\nTry next:\n"
            f"  {me} status  --data-dir {data_dir}\n"
            f"  {me} analyze --data-dir {data_dir}\n"
            f"  {me} report  --data-dir {data_dir} --week {year}-W{week:02d}\n"
            f"  {me} export  --data-dir {data_dir} --output minutes.csv\n"
        )
    out.flush()


def _command() -> str:
    """How this program was started, so that the printed commands work as printed."""
    argv0 = sys.argv[0]
    if Path(argv0).name == "tracker":
        return shlex.quote(argv0)
    return f"{shlex.quote(sys.executable)} -m tracker.cli"


async def _progress(clock: Any, first_day: date, days: int) -> None:
    """A line on stderr every few seconds while the simulated days run."""
    while True:
        await asyncio.sleep(PROGRESS_INTERVAL_S)
        now = datetime.fromtimestamp(clock() / 1000).astimezone()
        day = (now.date() - first_day).days + 1
        if 1 <= day <= days:
            print(f"  simulated day {day} of {days}, {now:%H:%M}", file=sys.stderr, flush=True)


def _offer_web(args: argparse.Namespace) -> bool:
    if args.no_web:
        return False
    return bool(args.web or (sys.stdin.isatty() and sys.stdout.isatty()))


async def _serve_hub_page(
    args: argparse.Namespace, config: Any, daemon: Daemon, stop: asyncio.Event
) -> None:
    """The hub page on localhost with a fresh demo login, until Ctrl-C; the daemon goes on
    (watched folders are still imported)."""
    from tracker.app.users import add_user, change_password
    from tracker.store.sqlite import Store

    password = secrets.token_urlsafe(DEMO_PASSWORD_BYTES)
    with Store.open(args.data_dir, tz=config.zone) as store:
        now = daemon.clock()
        if not change_password(store, DEMO_USER, password, now_ms=now, actor="demo"):
            add_user(store, DEMO_USER, password, list(DEMO_ROLES), now_ms=now, actor="demo")
    port = _free_port(DEMO_WEB_PORT)
    argv = [sys.executable, "-m", "tracker.cli", "web", "--data-dir", str(args.data_dir),
            "--listen", f"127.0.0.1:{port}"]  # fmt: skip
    if args.config is not None:
        argv += ["--config", str(args.config)]
    web = await asyncio.create_subprocess_exec(*argv, stdin=asyncio.subprocess.DEVNULL)
    print(
        f"\nThe hub page: http://127.0.0.1:{port}/  (log in as {DEMO_USER}, password "
        f"{password})\nPress Ctrl-C to stop.",
        flush=True,
    )
    try:
        waiter = asyncio.create_task(web.wait())
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait([waiter, stopper], return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        waiter.cancel()
    finally:
        if web.returncode is None:
            web.terminate()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(WEB_STOP_TIMEOUT_S):
                    await web.wait()
            if web.returncode is None:
                web.kill()


def _free_port(preferred: int) -> int:
    """``preferred`` when nothing listens there, else any free loopback port."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise UsageError("no free port on 127.0.0.1 for the hub page")
