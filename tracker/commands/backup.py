"""``tracker backup``: a checked copy of the store, taken while the daemon keeps writing.

``--output FILE`` writes that file; ``--output DIR`` writes a dated backup there, and
``--keep N`` then removes all but the newest N (contrib/tracker-backup.timer runs it each
night). The source is opened read-only: a backup of a backup on read-only media works.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tracker.commands._common import add_store_options, data_dir, load
from tracker.domain.errors import UsageError

BYTES_PER_MB = 1_000_000


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument(
        "--output",
        required=True,
        type=Path,
        metavar="FILE|DIR",
        help="the backup file, or a directory for dated backups (tracker-<UTC time>.db)",
    )
    p.add_argument(
        "--keep",
        type=int,
        metavar="N",
        help="with --output DIR: keep only the newest N dated backups there",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.store.backup import backup_store

    if args.keep is not None and (args.keep < 1 or not args.output.is_dir()):
        raise UsageError("--keep needs a number of 1 or more and --output DIR (a directory)")
    source = data_dir(args, load(args))
    result = backup_store(source, args.output, keep=args.keep)
    if result.warning:
        print(f"tracker: warning: {result.warning}", file=sys.stderr)
    print(
        f"backup of {source} written to {result.path} "
        f"({result.size_bytes / BYTES_PER_MB:.1f} MB, checked, {result.seconds:.1f} s)"
    )
    if result.removed:
        names = ", ".join(p.name for p in result.removed)
        print(f"removed {len(result.removed)} older backup(s): {names}")
    return 0
