"""``tracker day-end``: analyse completed days, store results, queue alerts and points.

The daemon runs this in a child process after each local midnight (see tracker.daemon.nightly);
it is also safe to run by hand: re-running it repeats nothing.
"""

from __future__ import annotations

import argparse
import json

from tracker.commands._common import add_store_options, data_dir, load


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument("--now-ms", type=int, help=argparse.SUPPRESS)  # simulated time (demo)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.daemon.nightly import run_nightly_job
    from tracker.domain.clock import wall_clock_ms
    from tracker.store.sqlite import Store

    config = load(args)
    with Store.open(data_dir(args, config), tz=config.zone) as store:
        summary = run_nightly_job(store, config, now_ms=args.now_ms or wall_clock_ms())
    print(json.dumps(summary.to_json()))
    return 0
