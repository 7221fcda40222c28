"""A year of minutes through ``tracker analyze`` against a bare ``csv`` read of the file.

Generates 525,600 rows with heart rate (tests/scenarios.py ``year_of_minutes``), then
times, interleaved in one run, best of ``--repeat``:

- ``csv``: Python's csv module merely reading the rows (``for row in csv.reader(f)``);
- ``analyze``: ``analyze_csv_json`` - the code path of ``tracker analyze --input F --json``
  (read and check the CSV, analyse with ``tracker.pacing.pipeline.analyze``, build the
  JSON text), after one warm-up call so that one-off imports are not counted;

and prints the parts (read, analyse, JSON) and the ratio. The goal is ratio <= 3.

Reproduce: ``PYTHONPATH=. .venv/bin/python bench/analyze_year.py``
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import best_of
from tests.scenarios import year_of_minutes
from tracker.commands.analyze import analyze_csv_json
from tracker.config import Config
from tracker.formats.minute_csv import parse_csv_lines, read_csv
from tracker.pacing.pipeline import analyze

GOAL_RATIO = 3.0


def csv_read(path: Path) -> int:
    rows = 0
    with path.open(newline="", encoding="utf-8") as fh:
        for _row in csv.reader(fh):
            rows += 1
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = Config()
    with tempfile.TemporaryDirectory() as tmp:
        path = year_of_minutes().write_csv(Path(tmp) / "year.csv")
        rows = csv_read(path) - 1
        size_mb = path.stat().st_size / 1e6
        analyze_csv_json(path, config)  # warm-up: imports, page cache
        table = read_csv(path)
        result = analyze(table, config)
        t_csv = t_all = float("inf")
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            t_csv = min(t_csv, best_of(1, lambda: csv_read(path)))
            t_all = min(t_all, best_of(1, lambda: analyze_csv_json(path, config)))
        t_read = best_of(args.repeat, lambda: read_csv(path))
        t_analyze = best_of(args.repeat, lambda: analyze(table, config))
        import json

        t_json = best_of(args.repeat, lambda: json.dumps(result.to_json(), ensure_ascii=False))

        def row_checker() -> None:
            with path.open(encoding="utf-8", newline="") as fh:
                parse_csv_lines(fh, str(path))

        t_rows = best_of(1, row_checker)  # the fallback path, for reference
    ratio = t_all / t_csv
    print(f"rows: {rows} ({size_mb:.1f} MB), days {len(result.days)}, bouts {len(result.bouts)}")
    print(f"csv module read:           {t_csv * 1000:7.1f} ms")
    print(f"tracker analyze --json:    {t_all * 1000:7.1f} ms   ratio {ratio:.2f} x")
    print(f"  read + check CSV:        {t_read * 1000:7.1f} ms")
    print(f"  analyse:                 {t_analyze * 1000:7.1f} ms")
    print(f"  JSON:                    {t_json * 1000:7.1f} ms")
    print(
        f"row-by-row checker alone: {t_rows * 1000:7.1f} ms   ({t_rows / t_csv:.1f} x csv; "
        "the fallback for unusual files)"
    )
    print("goal <= 3 x:", "met" if ratio <= GOAL_RATIO else "NOT met")
    return 0 if ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
