"""``tracker inbox``: import new files from the watched folders (``[import] watch``).

The daemon runs this in a child process for each file that stopped growing; run by hand,
it looks through the folders itself. A file whose bytes were handled before is skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tracker.commands._common import add_store_options, data_dir, load
from tracker.daemon.inbox_job import run_inbox_job, watched_files
from tracker.domain.clock import wall_clock_ms
from tracker.domain.errors import UsageError
from tracker.formats.unfinished import UNENDED_WAIT
from tracker.store.sqlite import Store


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="files to import (default: everything in the watched folders)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="one JSON line (for the daemon)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load(args)
    if not args.files and (config.imports is None or not config.imports.watch):
        raise UsageError('no folders to watch: add `[import] watch = ["/a/folder"]` to the config')
    files, problems = (list(args.files), []) if args.files else watched_files(config)
    for problem in problems:
        print(f"tracker: {problem}", file=sys.stderr)
    with Store.open(data_dir(args, config), tz=config.zone) as store:
        summary = run_inbox_job(store, config, files, now_ms=wall_clock_ms())
    if args.json:
        print(json.dumps(summary.to_json()))
        return 0
    for path in summary.imported:
        print(f"imported {path}")
    for path, reason in summary.failed:
        print(f"not imported {path}: {reason}")
    for path in summary.waiting:
        print(f"waiting {path}: {UNENDED_WAIT}")
    print(f"{len(summary.same)} file(s) already seen")
    return 0
