"""``tracker log relaxation``: a relaxation exercise done (progressive relaxation,
autogenic training, mindfulness, breathing, other), with the heart's answer when the
minutes around it are stored."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from tracker.app.checkins import InputError
from tracker.commands._common import add_store_options, data_dir, load, open_for_entries
from tracker.commands.entries import input_error, moment_of, number
from tracker.domain.exercises import RELAXATION_KINDS
from tracker.report.texts import Texts

FLAGS = {"start": "--start", "minutes": "--minutes", "kind": "--kind"}


def add_parser(kinds: Any) -> None:
    """``log relaxation`` under ``tracker log``'s KIND subparsers."""
    p: argparse.ArgumentParser = kinds.add_parser(
        "relaxation", help="a relaxation exercise: when, how long, which kind"
    )
    p.description = (
        "Record a relaxation exercise. Its heart rate before, during and after is shown "
        "in tracker analyze and the weekly report when a wearable was worn."
    )
    add_store_options(p)
    p.add_argument(
        "--start", required=True, metavar="TIME",
        help="when it began, e.g. 2026-03-18T20:00:00+01:00 (no offset: local time)",
    )  # fmt: skip
    p.add_argument("--minutes", required=True, metavar="M", help="how long, in minutes")
    p.add_argument("--kind", required=True, metavar="KIND", help=" | ".join(RELAXATION_KINDS))
    p.set_defaults(func=run)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def run(args: argparse.Namespace) -> int:
    # Here, not at the top: `tracker log session` (same module tree) must not wait for the
    # analysis (numpy) that answers an exercise with its heart rate.
    from tracker.app.relaxation import answered, check_session, log_relaxation

    config = load(args)
    now = datetime.now(config.zone)
    start = moment_of(args.start, "--start", config.zone)
    minutes = number(args.minutes, "--minutes")
    try:
        check_session(start, minutes, args.kind.strip(), now=now)
    except InputError as exc:
        raise input_error(exc, FLAGS) from exc
    with open_for_entries(data_dir(args, config), config.zone) as store:
        session = log_relaxation(store, start, minutes, args.kind.strip(), now=now)
        (answer,) = answered(store, config, [session])
    words = Texts("en")  # the kind of exercise in the report's words, never its code
    kind = words(f"kind_{session.kind}") if words.has(f"kind_{session.kind}") else session.kind
    line = f"logged {session.minutes:g} min {kind} at {session.start.isoformat()}"
    if answer.hr_during is not None:
        line += (
            f"; heart rate {_fmt(answer.hr_before)} before, {_fmt(answer.hr_during)} during, "
            f"{_fmt(answer.hr_after)} after (bpm)"
        )
    print(line)
    return 0
