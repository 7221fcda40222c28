"""``tracker check --data-dir DIR``: SQLite's integrity check over the whole store.

Read-only, so it is safe while the daemon runs and on a backup on read-only media. A year
of raw 1 Hz heart rate (1.6 GB) takes 45 s on the test machine, several times that on a
Raspberry Pi (bench/store_safety.py). What it finds is recorded for later commands.
"""

from __future__ import annotations

import argparse
import json

from tracker.commands._common import add_store_options, data_dir, load
from tracker.domain.errors import StoreError

# SQLite's findings printed for the person who repairs the hub; --json has them all.
PROBLEM_LINES_SHOWN = 10
BYTES_PER_MB = 1_000_000


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.store.damage import describe_problems
    from tracker.store.maintenance import check_store

    result = check_store(data_dir(args, load(args)))
    directory = result.path.parent
    if args.json:
        doc = {
            "path": str(result.path),
            "ok": result.ok,
            "size_bytes": result.size_bytes,
            "seconds": round(result.seconds, 3),
            "problems": list(result.problems),
        }
        print(json.dumps(doc))
        return 0 if result.ok else StoreError.exit_code
    size = f"{result.size_bytes / BYTES_PER_MB:.1f} MB in {result.seconds:.1f} s"
    if result.ok:
        print(f"the store in {directory} is sound: SQLite's integrity check found nothing ({size})")
        return 0
    for line in describe_problems(result.problems, PROBLEM_LINES_SHOWN):
        print(line)
    raise StoreError(
        f"the store in {directory} is damaged (SQLite's findings above): stop the daemon, "
        f"move {directory} aside and restore the last backup with "
        f"`tracker restore --input BACKUP --data-dir {directory}`"
    )
