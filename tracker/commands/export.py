"""``tracker export``: the stored minute table as CSV."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tracker.commands._common import add_store_options, data_dir, load, open_read_only
from tracker.domain.errors import TrackerError


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument("--output", required=True, metavar="FILE.csv", help="CSV file, or - for stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.formats.minute_csv import write_csv

    with open_read_only(data_dir(args, load(args))) as store:
        table = store.minute_table()
    if args.output == "-":
        rows = write_csv(table, sys.stdout)
    else:
        out = Path(args.output)
        tmp = out.with_name(f".{out.name}.tmp")
        # Health data: the export is as private as the store. Written beside, then renamed,
        # so an interrupted export never leaves half a file under the requested name.
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                rows = write_csv(table, fh)
            os.replace(tmp, out)
        except OSError as exc:
            raise TrackerError(f"cannot write {out}: {exc.strerror or exc}") from exc
        print(f"{rows} minutes written to {out}", file=sys.stderr)
    return 0
