"""``tracker checkin``: the evening check-in from the command line (pain now, worst pain
today, energy, a note), checked by the hub page's rules; a second one of a day replaces
the first and says so."""

from __future__ import annotations

import argparse
from datetime import datetime

from tracker.app.checkins import InputError
from tracker.app.pain import check_entry, record_checkin
from tracker.commands._common import add_store_options, data_dir, load, open_for_entries
from tracker.commands.entries import day_of, input_error, whole
from tracker.domain.clock import wall_clock_ms
from tracker.domain.units import MS_PER_S

FLAGS = {"pain": "--pain", "worst_pain": "--worst", "energy": "--energy", "note": "--note",
         "date": "--date"}  # fmt: skip


def configure(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Record the evening check-in: pain now and at its worst today, and energy, each a "
        "whole number from 0 to 10, with an optional note. A second check-in of a day "
        "replaces the first. Creates the data directory when it does not exist yet."
    )
    add_store_options(p)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default today)")
    p.add_argument("--pain", required=True, metavar="N", help="pain now, 0-10")
    p.add_argument("--worst", required=True, metavar="N", help="worst pain today, 0-10")
    p.add_argument("--energy", required=True, metavar="N", help="energy, 0-10")
    p.add_argument("--note", default="", metavar="TEXT", help="a short note (optional)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load(args)
    now_ms = wall_clock_ms()
    today = datetime.fromtimestamp(now_ms / MS_PER_S, config.zone).date()
    # Every value is read before the store is opened (or created): a bad one writes nothing.
    day = day_of(args.date, "--date", today)
    pain = whole(args.pain, "--pain")
    worst = whole(args.worst, "--worst")
    energy = whole(args.energy, "--energy")
    try:
        checked = check_entry(day, pain, worst, energy, args.note, today=today)
    except InputError as exc:
        raise input_error(exc, FLAGS) from exc
    with open_for_entries(data_dir(args, config), config.zone) as store:
        saved = record_checkin(store, checked, now_ms=now_ms)
    c = saved.checkin
    what = "replaced the earlier check-in of that day" if saved.replaced else "saved"
    print(
        f"check-in of {c.date.isoformat()} {what}: pain now {c.pain}, "
        f"at its worst {c.worst_pain}, energy {c.energy}"
    )
    return 0
