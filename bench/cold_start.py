"""Commands as a person runs them: whole processes, start-up and imports included.

Times, best and median of ``--runs`` each, with the peak memory of the process:

- ``csv read``: a fresh Python reading the year's CSV with the csv module (the floor
  a user-facing ``analyze`` is held against: goal ≤ 3 ×);
- ``tracker --help``;
- ``tracker analyze --input YEAR.csv --json`` (525,600 minutes with heart rate);
- ``tracker report --week W`` as HTML and as PDF, over a store holding that year, once
  the day-end job has stored its results (the daemon's nightly state) and once on a store
  where nothing was judged yet (the first report after an import).

Reproduce: ``PYTHONPATH=. .venv/bin/python bench/cold_start.py`` (``--runs 5``; a few minutes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tests.scenarios import year_of_minutes
from tracker.domain.weeks import week_of

CSV_READ = (
    "import csv, sys\n"
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
    "    n = sum(1 for _ in csv.reader(f))\n"
)
KB = 1024


# GNU time reports the peak RSS of the command it runs. A child of this (large) Python
# process would inherit its peak in ru_maxrss, so the command runs under time instead.
GNU_TIME = ["/usr/bin/time", "-f", "%M"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.run([*GNU_TIME, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env, text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr}")
    return wall, int(proc.stderr.strip().splitlines()[-1]) / KB


def measure(name: str, argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    run_once(argv, env)  # warm-up: the page cache, .pyc files
    walls, peaks = zip(*(run_once(argv, env) for _ in range(runs)), strict=True)
    best, median = min(walls), statistics.median(walls)
    print(f"{name:<40} best {best:6.2f} s  median {median:6.2f} s  peak {max(peaks):5.0f} MB")
    return best, median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tracker = [sys.executable, "-m", "tracker.cli"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    with tempfile.TemporaryDirectory() as tmp:
        # The year that ended yesterday: an import refuses minutes from the future.
        year = year_of_minutes(start=date.today() - timedelta(days=365))
        csv = year.write_csv(Path(tmp) / "year.csv")
        judged = Path(tmp) / "judged"
        fresh = Path(tmp) / "fresh"
        subprocess.run([*tracker, "import", "--data-dir", judged, csv], check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        shutil.copytree(judged, fresh)
        week = week_of(year.dates[-1] - timedelta(days=7))
        # The daemon's nightly job, the day after the last day: results are stored.
        subprocess.run([*tracker, "day-end", "--data-dir", judged, "--now-ms",
                        str(int((time.time()) * 1000))], check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"{len(year.table)} minutes, {csv.stat().st_size / 1e6:.1f} MB CSV; week {week}")
        floor, _ = measure("csv read (python -c)", [sys.executable, "-c", CSV_READ, str(csv)],
                           args.runs, env)  # fmt: skip
        measure("tracker --help", [*tracker, "--help"], args.runs, env)
        analyze = [*tracker, "analyze", "--input", str(csv), "--json"]
        best, _ = measure("tracker analyze --input --json", analyze, args.runs, env)
        print(f"{'':<40} = {best / floor:.2f} × the csv read (goal ≤ 3 ×)")
        out = Path(tmp) / "r"
        for label, data in (("stored results", judged), ("nothing judged yet", fresh)):
            report = [*tracker, "report", "--data-dir", str(data), "--week", str(week)]
            measure(f"report HTML ({label})", [*report, "--output", f"{out}.html"], args.runs,
                    env)  # fmt: skip
            measure(f"report PDF ({label})", [*report, "--output", f"{out}.pdf"], args.runs, env)


if __name__ == "__main__":
    main()
