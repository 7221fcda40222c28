"""``tracker ladder``: the fear ladder of graded exposure (exposure, stapsgewijs
blootstellen), up to ten feared movements from least to most feared.

    tracker ladder add "bukken" --fear 40
    tracker ladder show [--json]
    tracker ladder practise "bukken" --expected-pain 6 --expected-fear 50 --pain 3 --fear 30
    tracker ladder done "bukken"          (or: undone)
    tracker ladder remove "bukken"
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from tracker.app import ladder
from tracker.app.checkins import InputError
from tracker.commands._common import (
    add_actions,
    add_store_options,
    data_dir,
    load,
    open_for_entries,
    open_read_only,
)
from tracker.commands.entries import EntryError, input_error, moment_of, whole
from tracker.domain.clock import wall_clock_ms
from tracker.domain.units import MS_PER_S
from tracker.pacing.exposure import FEAR_MAX, ItemProgress, LadderItem
from tracker.store.sqlite import Store

FLAGS = {
    "name": "the item",
    "fear": "--fear",
    "expected_pain": "--expected-pain",
    "expected_fear": "--expected-fear",
    "pain": "--pain",
    "date": "--time",
}


def configure(p: argparse.ArgumentParser) -> None:
    actions = add_actions(p, "ladder_action")
    add = actions.add_parser("add", help="put a feared movement on the ladder")
    add_store_options(add)
    add.add_argument("name", metavar="NAME", help='the movement, e.g. "bukken"')
    add.add_argument("--fear", required=True, metavar="N", help="how feared, 0-100")
    add.set_defaults(func=run_add)
    show = actions.add_parser("show", help="the ladder, least feared first")
    add_store_options(show)
    show.add_argument("--json", action="store_true", help="print a JSON list")
    show.set_defaults(func=run_show)
    remove = actions.add_parser("remove", help="take an item (and its sessions) off the ladder")
    add_store_options(remove)
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run_remove)
    for action, done in (("done", True), ("undone", False)):
        mark = actions.add_parser(
            action, help="mark an item done" if done else "mark an item not done again"
        )
        add_store_options(mark)
        mark.add_argument("name", metavar="NAME")
        mark.set_defaults(func=run_mark, done=done)
    practise = actions.add_parser(
        "practise", help="record a practice: expected pain and fear before, actual after"
    )
    add_store_options(practise)
    practise.add_argument("name", metavar="NAME")
    practise.add_argument("--expected-pain", required=True, metavar="N", help="before, 0-10")
    practise.add_argument("--expected-fear", required=True, metavar="N", help="before, 0-100")
    practise.add_argument("--pain", required=True, metavar="N", help="afterwards, 0-10")
    practise.add_argument("--fear", required=True, metavar="N", help="afterwards, 0-100")
    practise.add_argument("--time", metavar="TIME", help="when (default now)")
    practise.set_defaults(func=run_practise)


def _fail(exc: InputError) -> EntryError:
    return input_error(exc, FLAGS)


def run_add(args: argparse.Namespace) -> int:
    config = load(args)
    fear = whole(args.fear, "--fear", FEAR_MAX)
    try:
        name = ladder.clean_name(args.name)
    except InputError as exc:
        raise _fail(exc) from exc
    with open_for_entries(data_dir(args, config), config.zone) as store:
        try:
            item = ladder.add_item(store, name, fear, now_ms=wall_clock_ms())
        except InputError as exc:
            raise _fail(exc) from exc
        rank = next(p.rank for p in ladder.progress(store) if p.item.id == item.id)
    print(f"{item.name} is on the ladder at step {rank} (fear {item.fear})")
    return 0


def _line(p: ItemProgress) -> str:
    state = "done" if p.item.done else ("next" if p.suggested else "")
    sessions = f"{len(p.exposures)} session{'s' if len(p.exposures) != 1 else ''}"
    fear = " → ".join(str(f) for f in p.fear_after)
    trail = f", fear after: {fear}" if fear else ""
    return f"{p.rank:>2}. {p.item.name}  (fear {p.item.fear}; {sessions}{trail})  {state}".rstrip()


def run_show(args: argparse.Namespace) -> int:
    config = load(args)
    with open_read_only(data_dir(args, config)) as store:
        items = ladder.progress(store)
    if args.json:
        print(json.dumps([p.to_json() for p in items], ensure_ascii=False))
        return 0
    if not items:
        print("the ladder is empty: add a movement with tracker ladder add NAME --fear N")
        return 0
    print("\n".join(_line(p) for p in items))
    return 0


def _item_named(store: Store, name: str) -> LadderItem:
    try:
        return ladder.item_named(store, name)
    except InputError as exc:
        raise _fail(exc) from exc


def run_remove(args: argparse.Namespace) -> int:
    config = load(args)
    with open_for_entries(data_dir(args, config)) as store:
        item = _item_named(store, args.name)
        ladder.remove_item(store, item)
    print(f"{item.name} is off the ladder")
    return 0


def run_mark(args: argparse.Namespace) -> int:
    config = load(args)
    with open_for_entries(data_dir(args, config)) as store:
        item = _item_named(store, args.name)
        ladder.mark_done(store, item, args.done, now_ms=wall_clock_ms())
    print(f"{item.name}: {'done' if args.done else 'not done'}")
    return 0


def run_practise(args: argparse.Namespace) -> int:
    config = load(args)
    now_ms = wall_clock_ms()
    now = datetime.fromtimestamp(now_ms / MS_PER_S, config.zone)
    when = now if args.time is None else moment_of(args.time, "--time", config.zone)
    values = (
        whole(args.expected_pain, "--expected-pain"),
        whole(args.expected_fear, "--expected-fear", FEAR_MAX),
        whole(args.pain, "--pain"),
        whole(args.fear, "--fear", FEAR_MAX),
    )
    with open_for_entries(data_dir(args, config)) as store:
        try:
            item = ladder.item_named(store, args.name)
            done = ladder.record_exposure(store, item, when, *values, now=now)
        except InputError as exc:
            raise _fail(exc) from exc
    print(
        f"{item.name}: expected pain {done.expected_pain}, felt {done.pain}; "
        f"fear {done.expected_fear} before, {done.fear} after"
    )
    return 0
