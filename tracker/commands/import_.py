"""``tracker import``: a file from another tracker into the store (all of it, or nothing)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from tracker.app.imports import ImportReport, check_file, store_file
from tracker.commands._common import add_store_options, data_dir, load, zone
from tracker.commands.import_checkins import import_checkin_list
from tracker.domain.clock import wall_clock_ms
from tracker.domain.errors import StoreError
from tracker.domain.sources import KIND_WORDS, SourceKind
from tracker.domain.text import count
from tracker.formats.detect import detect
from tracker.store.disk import disk_full
from tracker.store.sqlite import DiskFullError, Store


def configure(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Import a minute table (time,steps,heart_rate_bpm) or a file from another "
        "tracker. Every row is checked first: a problem names its line and nothing is "
        "written. Creates the data directory when it does not exist yet."
    )
    add_store_options(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--timezone",
        metavar="TZ",
        help="the zone of times written without a UTC offset (e.g. Europe/Brussels)",
    )
    p.add_argument(
        "--device",
        metavar="NAME",
        help="the device to import from a Gadgetbridge database that holds several",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="a minute table's values replace what is stored for the same minutes",
    )
    p.set_defaults(func=run)


def report_lines(report: ImportReport) -> list[str]:
    """What was found and what changed, one line per source."""
    kind = KIND_WORDS[report.kind]
    lines = []
    for s in report.sources:
        device = f" from {s.source.device}" if s.source.device else ""
        span = f", {s.first} to {s.last}" if s.first and s.last and s.first != s.last else ""
        if s.first and s.first == s.last:
            span = f", {s.first}"
        lines.append(
            f"{kind}{device}{span}: {count(s.minutes, 'minute')}, "
            f"{s.new} new, {s.already} already stored"
        )
    if report.replaced:
        lines.append(f"{count(report.replaced, 'stored minute')} replaced by the file's values")
    return lines


class Progress:
    """Progress of a large file on stderr, redrawn in place on a terminal only."""

    # Files smaller than this are read in a moment: no progress line for them.
    MIN_BYTES = 50 * 1024 * 1024

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.MIN_BYTES or not self.out.isatty():
            return
        percent = 100 * done // max(total, 1)
        if percent != self.shown:
            self.shown = percent
            end = "\n" if done >= total else ""
            self.out.write(f"\rreading {percent:3d} % of {total / 1e6:.0f} MB{end}")
            self.out.flush()


def run(args: argparse.Namespace) -> int:
    tz = zone(args.timezone)  # an unknown zone is a usage error before anything is read
    config = load(args)
    if detect(args.file) is SourceKind.CHECKIN_CSV:
        return import_checkin_list(args, config)
    # The whole file is read and checked before the store is opened (or created).
    checked = check_file(
        args.file,
        tz=tz,
        zone=config.zone,
        now_ms=wall_clock_ms(),
        device=args.device,
        progress=Progress(sys.stderr),
    )
    data = data_dir(args, config)
    full = StoreError(
        f"the disk holding {data} is full, so nothing of {args.file} was imported: "
        "free some space on it and import the file again"
    )
    try:
        store = Store.create(data, tz=config.zone)
    except StoreError as exc:
        # Opening needs room too (SQLite's write-ahead log and its index).
        if disk_full(data):
            raise full from exc
        raise
    with store:
        try:
            report = store_file(store, config, checked, replace=args.replace)
        except DiskFullError as exc:
            raise full from exc  # one transaction: nothing of the file went in
    print("\n".join(report_lines(report)))
    return 0
