"""Store ingest rate: `Store.write` against plain `sqlite3.executemany` into an equivalent
table, in the same run (goal: ratio >= 0.5).

Both sides write heart-rate rows (device, time, offset, bpm, contact, energy, RR) into a
WITHOUT ROWID table keyed by (device, time_ms) with INSERT OR IGNORE, in WAL mode with
synchronous=FULL, one transaction per batch. The plain side gets its tuples ready-made;
the Store side starts from the collector's frozen dataclass samples, so the ratio prices
everything the store adds: tuple building, the UTC offset of each sample, RR formatting.
Batch sizes: 20 (one second of three wearables), 1000 and 50 000 (a replay or import).

Reproduce: PYTHONPATH=. .venv/bin/python bench/store_ingest.py [--samples 200000]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tracker.domain.samples import HeartRateSample
from tracker.store.sqlite import Store

T0_MS = 1_773_644_400_000


def samples(n: int) -> list[HeartRateSample]:
    return [
        HeartRateSample("strap", T0_MS + i * 1000, 60.0 + i % 50, True, None, (0.8, 0.81))
        for i in range(n)
    ]


def plain(path: Path, rows: Sequence[tuple[object, ...]], batch: int) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        "CREATE TABLE heart_rate (device TEXT NOT NULL, time_ms INTEGER NOT NULL, "
        "offset_s INTEGER NOT NULL, bpm REAL NOT NULL, contact INTEGER, energy_kj INTEGER, "
        "rr_s TEXT, PRIMARY KEY (device, time_ms)) WITHOUT ROWID"
    )
    start = time.perf_counter()
    for i in range(0, len(rows), batch):
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT OR IGNORE INTO heart_rate VALUES (?,?,?,?,?,?,?)", rows[i : i + batch]
        )
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def store(path: Path, data: list[HeartRateSample], batch: int) -> float:
    s = Store.create(path)
    start = time.perf_counter()
    for i in range(0, len(data), batch):
        s.write(data[i : i + batch])
    elapsed = time.perf_counter() - start
    s.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = samples(args.samples)
    rows = [(s.device, s.time_ms, 3600, s.bpm, 1, None, "0.8,0.81") for s in data]
    print(f"{args.samples} heart-rate samples, best of {args.repeat}")
    print("batch   executemany    Store.write    ratio (Store / plain rate)")
    for batch in (20, 1000, 50_000):
        n = min(args.samples, 20_000) if batch == 20 else args.samples
        best_plain = best_store = float("inf")
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                best_plain = min(best_plain, plain(Path(tmp) / "plain.db", rows[:n], batch))
                best_store = min(best_store, store(Path(tmp) / "store", data[:n], batch))
        print(
            f"{batch:>6}  {n / best_plain:>9,.0f}/s  {n / best_store:>11,.0f}/s"
            f"    {best_plain / best_store:.2f}"
        )


if __name__ == "__main__":
    main()
