"""``tracker worksheet``: the brochure's reflective questions, answered and dated.

tracker worksheet answer energy "wandelen met de hond, mijn kleinkinderen"
tracker worksheet show [--json]
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from tracker.app import worksheets
from tracker.app.checkins import InputError
from tracker.commands._common import (
    add_actions,
    add_store_options,
    data_dir,
    load,
    open_for_entries,
    open_read_only,
)
from tracker.commands.entries import input_error
from tracker.domain.clock import wall_clock_ms
from tracker.domain.units import MS_PER_S

# The questions in English, for the command line (the page has both languages).
QUESTION_WORDS = {
    "life": "What does this mean for my life? For example household, job.",
    "energy": "What gives me energy? Do I plan these activities regularly?",
    "outlet": "What is my outlet? For example sport, social contact, something creative.",
    "relax": "Am I, despite the back pain, still able to relax?",
    "help": "Do I dare to ask for help? Can I make my limits clear to others?",
    "avoid": "Which movements or activities am I careful with or afraid of?",
}


def configure(p: argparse.ArgumentParser) -> None:
    actions = add_actions(p, "ws_action")
    answer = actions.add_parser("answer", help="answer one question (the answer is dated)")
    add_store_options(answer)
    answer.add_argument("question", metavar="QUESTION", help=" | ".join(worksheets.QUESTIONS))
    answer.add_argument("text", metavar="TEXT", help="the answer")
    answer.add_argument("--author", default="patient", help="who answers (default patient)")
    answer.set_defaults(func=run_answer)
    show = actions.add_parser("show", help="every answer, newest first per question")
    add_store_options(show)
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(func=run_show)


def run_answer(args: argparse.Namespace) -> int:
    config = load(args)
    now_ms = wall_clock_ms()
    today = datetime.fromtimestamp(now_ms / MS_PER_S, config.zone).date()
    flags = {"question": "QUESTION", "answer": "the answer"}
    try:
        if args.question not in worksheets.QUESTIONS:
            raise InputError("question", "question")
        worksheets.clean_answer(args.text)
    except InputError as exc:
        raise input_error(exc, flags) from exc
    with open_for_entries(data_dir(args, config), config.zone) as store:
        worksheets.save_answer(
            store, args.question, args.text, day=today, author=args.author.strip() or "patient",
            now_ms=now_ms,
        )  # fmt: skip
    print(f"answer to '{QUESTION_WORDS[args.question]}' saved for {today.isoformat()}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    config = load(args)
    with open_read_only(data_dir(args, config)) as store:
        found = worksheets.answers(store)
    if args.json:
        print(json.dumps({
            q: [{"date": a.date.isoformat(), "author": a.author, "text": a.text} for a in items]
            for q, items in found.items()
        }, ensure_ascii=False))  # fmt: skip
        return 0
    for question, items in found.items():
        print(f"{QUESTION_WORDS[question]}")
        if not items:
            print("  (no answer yet)")
        for a in items:
            print(f"  {a.date.isoformat()} ({a.author}): {' '.join(a.text.split())}")
    return 0
