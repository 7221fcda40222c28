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
    from tracker.formats.minute_csv import read_csv
    from tracker.store.sqlite import Store

    # Every row is checked before anything is written: a bad row names its line and the
    # store is left exactly as it was.
    table = read_csv(args.file)
    with Store.create(args.data_dir) as store:
        n = store.import_minutes(table)
    print(f"{n} minutes imported from {args.file}")
    return 0
