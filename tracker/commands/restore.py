"""``tracker restore --input BACKUP``: a backup back into an empty data directory.

The backup is checked first (SQLite's integrity check); the data directory must be empty
or new, so a store is never overwritten: stop the daemon and move the damaged store aside
first (README: Backup and restore).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tracker.commands._common import add_store_options, data_dir, load

BYTES_PER_MB = 1_000_000
ROOT_UID = 0


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--input", required=True, type=Path, metavar="BACKUP", help="a file `tracker backup` wrote"
    )
    add_store_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.store.backup import restore_store

    target = data_dir(args, load(args))
    result = restore_store(args.input, target)
    print(
        f"restored {args.input} into {target} "
        f"({result.size_bytes / BYTES_PER_MB:.1f} MB, checked, {result.seconds:.1f} s); "
        "start the daemon again"
    )
    if os.geteuid() == ROOT_UID:
        print(
            f"note: the restored files belong to root; give them to the daemon's user first, "
            f"e.g. chown -R tracker:tracker {target}"
        )
    return 0
