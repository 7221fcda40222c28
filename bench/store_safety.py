"""What the store's safety costs: the check on open, tracker check, backup and restore.

Two stores:

- ``minutes``: a year of imported minutes (tests/scenarios.py ``year_of_minutes``, 525,600
  minutes with steps and heart rate, about 53 MB);
- ``raw``: ``--raw-days`` of a 1 Hz chest strap (heart rate, RR on every fourth beat) and
  a watch's steps every 10 s, written through ``Store.write`` (a year is 1.6 GB and takes
  about 8 minutes to build: ``--raw-days 365``).

Both are above the whole-file limit (32 MiB), so only their small tables are checked on
open.

For each, best of ``--repeat``: the check on open (``check_on_open``) against opening with
``check=False``; SQLite's quick check over the whole file (what the check on open costs
at or below ``FULL_CHECK_MAX_BYTES``); SQLite's integrity check (``tracker check``); a
backup (``tracker backup``, the quick check of the copy included) and a restore (the
integrity check first); then ``tracker status`` and ``tracker check`` as whole processes
(wall time, peak RSS from ``/usr/bin/time -v`` where it exists).

Reproduce: ``PYTHONPATH=. .venv/bin/python bench/store_safety.py [--raw-days 30]``
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.timing import best_of
from tests.scenarios import year_of_minutes
from tracker.domain.samples import HeartRateSample, Sample, StepSample
from tracker.store.backup import backup_store, restore_store
from tracker.store.damage import FULL_CHECK_MAX_BYTES
from tracker.store.maintenance import check_store
from tracker.store.sqlite import DB_NAME, Store

T0_MS = 1_735_689_600_000  # 2025-01-01T00:00Z
SECONDS_PER_DAY = 86_400
STEP_EVERY_S = 10
RR_EVERY = 4
MB = 1_000_000
TIME_BIN = "/usr/bin/time"


def build_minutes(data: Path) -> None:
    with Store.create(data) as store:
        store.import_minutes(year_of_minutes().table)


def build_raw(data: Path, days: int) -> None:
    with Store.create(data) as store:
        for day in range(days):
            base = T0_MS + day * SECONDS_PER_DAY * 1000
            batch: list[Sample] = [
                HeartRateSample(
                    "strap", base + i * 1000, 60.0 + i % 50, True, None,
                    (0.8, 0.81) if i % RR_EVERY == 0 else (),
                )
                for i in range(SECONDS_PER_DAY)
            ]  # fmt: skip
            batch += [
                StepSample("watch", base + i * 1000, 12, 72.0)
                for i in range(0, SECONDS_PER_DAY, STEP_EVERY_S)
            ]
            store.write(batch)


def process(argv: list[str]) -> tuple[float, str]:
    """Wall seconds and peak RSS of one ``tracker`` process."""
    cmd = [sys.executable, "-m", "tracker.cli", *argv]
    timed = Path(TIME_BIN).exists()
    start = time.perf_counter()
    proc = subprocess.run(
        [TIME_BIN, "-v", *cmd] if timed else cmd, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.strip()[-300:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return wall, f"{int(rss.group(1)) / 1000:.0f} MB" if rss else "?"


def measure(name: str, data: Path, repeat: int, tmp: Path) -> None:
    size = (data / DB_NAME).stat().st_size
    whole = size <= FULL_CHECK_MAX_BYTES

    def open_checked() -> None:
        Store.open(data, read_only=True).close()

    def open_unchecked() -> None:
        Store.open(data, read_only=True, check=False).close()

    def whole_quick_check() -> None:
        with Store.open(data, read_only=True, check=False) as store:
            store.db.execute("PRAGMA quick_check(1)").fetchall()

    open_checked()  # page cache warm, as on a hub that just wrote the data
    checked = best_of(repeat, open_checked)
    unchecked = best_of(repeat, open_unchecked)
    quick = best_of(repeat, whole_quick_check)
    integrity = best_of(1, lambda: check_store(data))
    backups = tmp / f"backups-{name}"
    backups.mkdir()
    backup = best_of(1, lambda: backup_store(data, backups))
    copy = next(backups.iterdir())
    restored = tmp / f"restored-{name}"
    restore = best_of(1, lambda: restore_store(copy, restored))
    shutil.rmtree(restored)
    status_s, status_rss = process(["status", "--data-dir", str(data)])
    check_s, check_rss = process(["check", "--data-dir", str(data)])
    print(
        f"{name}: {size / MB:.1f} MB, checked on open: {'whole file' if whole else 'small tables'}"
    )
    print(f"  open read-only with the check      {checked * 1000:9.1f} ms")
    print(f"  open read-only without the check   {unchecked * 1000:9.1f} ms")
    print(f"  the check on open costs            {(checked - unchecked) * 1000:9.1f} ms")
    print(f"  quick check of the whole file      {quick * 1000:9.1f} ms")
    print(f"  integrity check (tracker check)    {integrity:9.2f} s")
    print(f"  backup (copy + quick check)        {backup:9.2f} s")
    print(f"  restore (integrity check + copy)   {restore:9.2f} s")
    print(f"  tracker status, whole process      {status_s:9.2f} s, peak RSS {status_rss}")
    print(f"  tracker check, whole process       {check_s:9.2f} s, peak RSS {check_rss}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--raw-days", type=int, default=30, help="days of 1 Hz samples")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_minutes(root / "minutes")
        measure("a year of minutes", root / "minutes", args.repeat, root)
        started = time.perf_counter()
        build_raw(root / "raw", args.raw_days)
        print(
            f"({args.raw_days} days of 1 Hz samples built in {time.perf_counter() - started:.0f} s)"
        )
        measure(f"{args.raw_days} days of 1 Hz samples", root / "raw", args.repeat, root)


if __name__ == "__main__":
    main()
