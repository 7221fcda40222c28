"""``tracker import``: a minute-table CSV from another tracker into the store."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands._common import add_data_dir


def configure(p: argparse.ArgumentParser) -> None:
    add_data_dir(p)
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.domain.errors import StoreError
    from tracker.formats.minute_csv import read_csv
    from tracker.store.disk import disk_full
    from tracker.store.sqlite import DiskFullError, Store

    # Every row is checked before anything is written: a bad row names its line and the
    # store is left exactly as it was.
    table = read_csv(args.file)
    full = StoreError(
        f"the disk holding {args.data_dir} is full, so nothing of {args.file} was "
        "imported: free some space on it and import the file again"
    )
    try:
        store = Store.create(args.data_dir)
    except StoreError as exc:
        # Opening needs room too (SQLite's write-ahead log and its index).
        if disk_full(args.data_dir):
            raise full from exc
        raise
    with store:
        try:
            n = store.import_minutes(table)
        except DiskFullError as exc:
            raise full from exc  # one transaction: nothing of the file went in
    print(f"{n} minutes imported from {args.file}")
    return 0
