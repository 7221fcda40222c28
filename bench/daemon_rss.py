"""Peak RSS of the daemon with three emulated wearables over one simulated day.

Runs in this process exactly what `tracker demo` runs (the Daemon with its collector,
store writer and day-end scheduling, against the bumble-emulated strap, footpod and
watch), then reads the process's peak RSS (VmHWM). The day-end analysis runs in a child
process by design, so it is not part of the daemon's peak; its own peak is reported too.
The simulated day is a Sunday and the report is due at midnight, so the day-end child
after it both judges the day and writes that week's report (it skips a week without data,
so a day of another week would not show what the report costs). This benchmark used to
simulate a Monday: its child skipped the report of the empty week before, so the child's
figure was the analysis alone (with scipy then, since replaced). The child's figure is
``ru_maxrss`` of the children, which Linux starts from the parent's peak at the fork: it
is never below the daemon's.

A second run measures the emulated world alone (same day, no daemon) so the daemon's own
share can be read off: on a hub the wearables are real and their stack is not in our
process, but the central's side of the bumble stack (the "adapter") is.

Reproduce: PYTHONPATH=. .venv/bin/python bench/daemon_rss.py [--days 1]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# A Sunday: the day-end job at the following midnight writes the report of its week.
START = datetime(2026, 3, 15, tzinfo=UTC)
# The day-end child reads the config file too: the report (default Monday 08:00) is due
# at once when the simulated day ends.
CONFIG_TOML = """
[tracker]
timezone = "UTC"

[report]
hour = 0
"""
# Wall-time bound on the day-end child (a few seconds here) and how often to look.
DAY_END_TIMEOUT_S = 120.0
POLL_S = 0.2


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def with_daemon(days: int, data_dir: Path) -> None:
    from tracker.ble.emulated.world import EmulatedWorld
    from tracker.config import load_config
    from tracker.daemon.child_jobs import META_LAST_DAY_END
    from tracker.daemon.service import Daemon

    config_path = data_dir / "config.toml"
    config_path.write_text(CONFIG_TOML)
    config = load_config(config_path)
    async with EmulatedWorld(seed=1, start=START) as world:
        config = dataclasses.replace(config, devices=tuple(world.device_configs))
        daemon = Daemon(
            config,
            data_dir=data_dir,
            clock=world.clock,
            transport=world.transport,
            day_end_check_interval_s=0.2,
            config_path=config_path,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(daemon.run(stop))
        await world.run(days)
        # The daemon's own day-end loop starts the child once the clock passed midnight
        # (calling day_end() here as well could start a second child while it runs).
        last_day = (START + timedelta(days=days)).date() - timedelta(days=1)
        deadline = time.monotonic() + DAY_END_TIMEOUT_S
        while daemon.store.get_meta(META_LAST_DAY_END) != last_day.isoformat():
            if time.monotonic() > deadline:
                raise SystemExit(f"no day-end job for {last_day} within {DAY_END_TIMEOUT_S:g} s")
            await asyncio.sleep(POLL_S)
        stop.set()
        await task
    # Looked for by name: importing tracker.report here would add to the daemon's peak.
    if not any(data_dir.rglob("*.html")):
        raise SystemExit("the day-end child wrote no weekly report")


async def world_only(days: int) -> None:
    from tracker.ble.emulated.world import EmulatedWorld

    async with EmulatedWorld(seed=1, start=START) as world:
        # Nobody subscribes: the world must not wait for a subscriber that never comes.
        await world.run(days)


def child(mode: str, days: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--days", str(days)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} run failed: {proc.stderr.strip()}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=1, help="whole simulated days")
    parser.add_argument("--child", choices=("daemon", "world", "baseline"))
    args = parser.parse_args()
    if args.child:
        if args.child == "daemon":
            with tempfile.TemporaryDirectory() as tmp:
                asyncio.run(with_daemon(args.days, Path(tmp)))
        elif args.child == "world":
            asyncio.run(world_only(args.days))
        else:
            import asyncio as _  # noqa: F401  (the interpreter plus asyncio)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({"peak_mb": vm_hwm_mb(), "children_peak_mb": children}))
        return
    base = child("baseline", args.days)
    world = child("world", args.days)
    daemon = child("daemon", args.days)
    print(f"simulated days: {args.days:g}")
    print(f"python + asyncio                  peak RSS {base['peak_mb']:6.1f} MB")
    print(f"emulated world alone              peak RSS {world['peak_mb']:6.1f} MB")
    print(
        f"daemon + emulated world           peak RSS {daemon['peak_mb']:6.1f} MB  (goal <= 80 MB)"
    )
    print(
        f"  of which the daemon (difference)         {daemon['peak_mb'] - world['peak_mb']:6.1f} MB"
    )
    print(f"day-end child (judging + report)  peak RSS {daemon['children_peak_mb']:6.1f} MB")


if __name__ == "__main__":
    main()
