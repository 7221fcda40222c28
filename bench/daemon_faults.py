"""The daemon under faults: how fast it stops, what a full disk costs.

1. Stop latency: `tracker demo` (three emulated wearables) and `tracker run` (no adapter)
   told to stop (SIGTERM) at random moments 0.5-6 s after their start. Per stop: the
   time from the signal to the daemon's "stopped" log line (flush, last status, close)
   and to the process's exit (the demo also prints its summary, which imports numpy).
2. The disk-full buffer at its bound (WRITE_BUFFER_MAX_SAMPLES heart-rate samples with
   two RR intervals each): its memory, and the time of one failed retry on a full
   database (what the daemon spends every DISK_FULL_RETRY_S while the disk stays full).

Reproduce: PYTHONPATH=. .venv/bin/python bench/daemon_faults.py [--stops 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
T0_MS = 1_773_619_200_000


def stopped_at(stderr: str) -> float | None:
    """Wall time of the daemon's "stopped" log line (its own timestamp, ms)."""
    for line in stderr.splitlines():
        if "tracker.daemon: stopped" in line:
            stamp = " ".join(line.split()[:2])
            return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()
    return None


def stop_once(argv: list[str], delay_s: float) -> tuple[float, float]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", *argv],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay_s)
    sent = time.time()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    exited = time.time() - sent
    logged = stopped_at(err)
    if proc.returncode != 0 or logged is None:
        raise SystemExit(f"{argv[0]}: exit {proc.returncode}: {err[-500:]}")
    return logged - sent, exited


def report(name: str, stops: list[tuple[float, float]]) -> None:
    for label, values in (
        ("to 'stopped'", [s[0] for s in stops]),
        ("to exit", [s[1] for s in stops]),
    ):
        values = sorted(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(
            f"{name:<12} {label:<13} median {statistics.median(values) * 1000:7.0f} ms  "
            f"p95 {p95 * 1000:7.0f} ms  max {values[-1] * 1000:7.0f} ms  (n={len(values)})"
        )


def stop_latency(n: int, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "c.toml"
        config.write_text('[[devices]]\nid = "strap"\nname = "Polar H10 1"\n')
        demo, run = [], []
        for i in range(n):
            data = Path(tmp) / f"demo{i}"
            argv = ["demo", "--days", "2", "--start", "2026-03-16", "--data-dir", str(data), "-v"]
            demo.append(stop_once(argv, rng.uniform(0.5, 6.0)))
            data = Path(tmp) / f"run{i}"
            run.append(
                stop_once(
                    ["run", "--config", str(config), "--data-dir", str(data)], rng.uniform(0.5, 6.0)
                )
            )
    report("tracker demo", demo)
    report("tracker run", run)


def full_disk(tmp: Path) -> tuple[Path, str]:
    """A data directory on a full disk: a filled tmpfs where mounting is allowed (root),
    else a database held at its size by ``PRAGMA max_page_count`` (SQLite then fails at
    the first new page, so a failed retry costs less than on a real full disk)."""
    point = tmp / "disk"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    return point, "tmpfs" if mounted.returncode == 0 else "max_page_count"


async def full_buffer() -> None:
    from tests.disks import fill, unmount
    from tracker.daemon.writer import WRITE_BUFFER_MAX_SAMPLES, StoreWriter
    from tracker.domain.samples import HeartRateSample
    from tracker.store.sqlite import DiskFullError, Store

    with tempfile.TemporaryDirectory() as tmp:
        disk, how = full_disk(Path(tmp))
        store = Store.create(disk / "data")
        if how == "tmpfs":
            fill(disk)
        else:
            pages = store.db.execute("PRAGMA page_count").fetchone()[0]
            store.db.execute(f"PRAGMA max_page_count = {pages}")
        writer = StoreWriter(store, commit_interval_s=1.0)
        tracemalloc.start()
        for i in range(WRITE_BUFFER_MAX_SAMPLES + 1000):
            rr = (0.8 + i % 7 / 100, 0.81)
            writer.sink(HeartRateSample("strap", T0_MS + i * 1000, 60.0 + i % 40, True, None, rr))
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        started = time.perf_counter()
        with contextlib.suppress(DiskFullError):
            await writer.flush()
        failed_s = time.perf_counter() - started
        store.close()
        if how == "tmpfs":
            unmount(disk)
    print(
        f"full buffer: {writer.waiting} samples held in {held / 1e6:.1f} MB "
        f"({held / writer.waiting:.0f} B a sample), {writer.lost} dropped beyond the bound"
    )
    print(f"one failed retry of the full buffer on a full disk ({how}): {failed_s * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=10, help="stops per command")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(full_buffer())
    stop_latency(args.stops, random.Random(args.seed))


if __name__ == "__main__":
    main()
