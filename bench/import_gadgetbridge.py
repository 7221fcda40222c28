"""Gadgetbridge import rate: `read_gadgetbridge` against a bare SELECT of the same sample
rows, in the same run (goal: at most 1.5 x the bare SELECT's time).

The export is generated like the app's own database (the greenDAO tables of
tests/test_store_gadgetbridge.py): one Amazfit band with a sample a minute for --days days in
HUAMI_EXTENDED_ACTIVITY_SAMPLE (steps in waking hours, heart rate 255 = not measured a
third of the time) and the first of those days again in MI_BAND_ACTIVITY_SAMPLE (an older
firmware's table), plus a second device with 10-second samples in PINE_TIME_ACTIVITY_SAMPLE
for a tenth of the days. The bare side runs `SELECT TIMESTAMP, STEPS, HEART_RATE FROM t
WHERE DEVICE_ID = ?` over each sample table and fetches every row (the rows the importer
must look at); the importer side does everything: schema, devices, fetch, blanks, per-minute
sums, combining tables, offsets. Best of --repeat, wall-clock and CPU (process) time: on a
shared, loaded machine the CPU ratio is the steadier figure.

Reproduce: PYTHONPATH=. .venv/bin/python bench/import_gadgetbridge.py [--days 365]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.test_store_gadgetbridge import DEVICES, SCHEMA
from tracker.store.gadgetbridge import read_gadgetbridge

T0 = 1_672_614_000  # 2023-01-02 00:00 Brussels
BAND, WATCH = 1, 2
TABLES = ("HUAMI_EXTENDED_ACTIVITY_SAMPLE", "MI_BAND_ACTIVITY_SAMPLE", "PINE_TIME_ACTIVITY_SAMPLE")


def build(path: Path, days: int) -> int:
    rng = random.Random(1)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO DEVICE VALUES (?,?,?,?,?,?,?,?,?)", DEVICES)

    def minute_rows(n_days: int) -> list[tuple[int, int, int, int]]:
        rows = []
        for m in range(n_days * 1440):
            awake = 7 * 60 <= m % 1440 < 23 * 60
            steps = rng.choice((0, 0, 0, 12, 60, 110)) if awake else 0
            hr = 255 if rng.random() < 0.33 else rng.randrange(55, 120)
            rows.append((T0 + m * 60, BAND, steps, hr))
        return rows

    huami = minute_rows(days)
    db.executemany(
        "INSERT INTO HUAMI_EXTENDED_ACTIVITY_SAMPLE VALUES (?, ?, 1, 20, ?, 1, ?, 0, 0, 0, 0)",
        huami,
    )
    db.executemany(
        "INSERT INTO MI_BAND_ACTIVITY_SAMPLE VALUES (?, ?, 1, 20, ?, 1, ?)", huami[:1440]
    )
    pine = [
        (T0 + s, WATCH, rng.choice((0, 2, 15)), rng.choice((0, 62, 70)))
        for s in range(0, max(1, days // 10) * 86400, 10)
    ]
    db.executemany("INSERT INTO PINE_TIME_ACTIVITY_SAMPLE VALUES (?, ?, 1, 1, ?, ?)", pine)
    db.commit()
    db.execute("VACUUM")
    db.close()
    return len(huami) + 1440 + len(pine)


def bare_select(path: Path, device: int) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    n = 0
    for table in TABLES:
        rows = db.execute(
            f"SELECT TIMESTAMP, STEPS, HEART_RATE FROM {table} WHERE DEVICE_ID = ?", (device,)
        ).fetchall()
        n += len(rows)
    db.close()
    return n


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float, object]:
    """Best wall time and best CPU time (process_time) of ``repeat`` runs, and a result."""
    wall = cpu = float("inf")
    result: object = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = run()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    tz = ZoneInfo("Europe/Brussels")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Gadgetbridge"
        total = build(path, args.days)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.days} days, {total} sample rows, {size_mb:.1f} MB; best of {args.repeat}")
        print(
            "device        rows   bare SELECT wall/cpu   read_gadgetbridge wall/cpu"
            "   minutes   ratio wall/cpu (goal <= 1.5)"
        )
        for device, name in ((BAND, "Amazfit Bip"), (WATCH, "InfiniTime")):
            bare_wall, bare_cpu, rows = best_of(args.repeat, partial(bare_select, path, device))
            read_wall, read_cpu, result = best_of(
                args.repeat, partial(read_gadgetbridge, path, tz, name)
            )
            assert isinstance(rows, int) and isinstance(result, list)
            print(
                f"{name:12s} {rows:7d} {bare_wall * 1e3:8.0f} /{bare_cpu * 1e3:4.0f} ms"
                f" {read_wall * 1e3:14.0f} /{read_cpu * 1e3:4.0f} ms"
                f" {len(result[0].table):13d}"
                f" {read_wall / bare_wall:7.2f} / {read_cpu / bare_cpu:.2f}"
            )


if __name__ == "__main__":
    main()
