"""Peak RSS of the daemon with three emulated wearables over one simulated day.

Runs in this process exactly what `tracker demo` runs (the Daemon with its collector,
store writer and day-end scheduling, against the bumble-emulated strap, footpod and
watch), then reads the process's peak RSS (VmHWM). The day-end analysis runs in a child
process by design, so it is not part of the daemon's peak; its own peak is reported too.

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
from datetime import UTC, datetime
from pathlib import Path

START = datetime(2026, 3, 16, tzinfo=UTC)


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def with_daemon(days: float, data_dir: Path) -> None:
    from tracker.ble.emulated.world import EmulatedWorld
    from tracker.config import parse_config
    from tracker.daemon.service import Daemon

    config = parse_config({"tracker": {"timezone": "UTC"}})
    async with EmulatedWorld(seed=1, start=START) as world:
        config = dataclasses.replace(config, devices=tuple(world.device_configs))
        daemon = Daemon(
            config,
            data_dir=data_dir,
            clock=world.clock,
            transport=world.transport,
            day_end_check_interval_s=0.2,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(daemon.run(stop))
        await world.run(days)
        await asyncio.sleep(1.5)
        await daemon.day_end()
        stop.set()
        await task


async def world_only(days: float) -> None:
    from tracker.ble.emulated.world import EmulatedWorld

    async with EmulatedWorld(seed=1, start=START) as world:
        # Nobody subscribes: the world must not wait for a subscriber that never comes.
        await world.run(days)


def child(mode: str, days: float) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--days", str(days)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=float, default=1.0)
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
    print(f"day-end child process (largest)   peak RSS {daemon['children_peak_mb']:6.1f} MB")


if __name__ == "__main__":
    main()
