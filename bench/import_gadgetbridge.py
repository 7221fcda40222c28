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
sums, combining tables, offsets. Best of --repeat, alternating.

Reproduce: PYTHONPATH=. .venv/bin/python bench/import_gadgetbridge.py [--days 365]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tz = ZoneInfo("Europe/Brussels")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Gadgetbridge"
        total = build(path, args.days)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.days} days, {total} sample rows, {size_mb:.1f} MB; best of {args.repeat}")
        print("device        rows     bare SELECT   read_gadgetbridge   minutes   ratio")
        for device, name in ((BAND, "Amazfit Bip"), (WATCH, "InfiniTime")):
            best_bare = best_read = float("inf")
            rows = minutes = 0
            for _ in range(args.repeat):
                t = time.perf_counter()
                rows = bare_select(path, device)
                best_bare = min(best_bare, time.perf_counter() - t)
                t = time.perf_counter()
                (imported,) = read_gadgetbridge(path, tz, name)
                best_read = min(best_read, time.perf_counter() - t)
                minutes = len(imported.table)
            print(
                f"{name:12s} {rows:8d} {best_bare * 1e3:10.0f} ms {best_read * 1e3:14.0f} ms"
                f" {minutes:9d} {best_read / best_bare:7.2f} x  (goal <= 1.5 x)"
            )


if __name__ == "__main__":
    main()
