"""``tracker report``: the weekly pacing report (HTML or PDF, Dutch or English)."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path

from tracker.commands._common import add_config, add_data_dir, data_dir, load, open_read_only
from tracker.domain.errors import UsageError
from tracker.domain.weeks import parse_week, week_of
from tracker.report.builder import build_report
from tracker.report.render import write_report
from tracker.report.schedule import report_path


def configure(p: argparse.ArgumentParser) -> None:
    p.description = "Write the weekly pacing report of one ISO week from the stored data."
    add_data_dir(p)
    p.add_argument(
        "--week",
        metavar="WEEK",
        help="ISO week (2026-W12) or a date in it (2026-03-18); default: the last complete week",
    )
    p.add_argument(
        "--lang", choices=("nl", "en"), help="language (default: [report] language, else nl)"
    )
    p.add_argument(
        "--output", type=Path, metavar="FILE", help="default: DIR/reports/<week>-<lang>.<format>"
    )
    p.add_argument(
        "--format",
        choices=("html", "pdf"),
        help="default: pdf when --output ends in .pdf, else html",
    )
    add_config(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:

    config = load(args)
    today = datetime.now(config.zone).date()
    # A bad week is exit 2 before anything is opened.
    week = parse_week(args.week) if args.week else week_of(today - timedelta(days=7))
    if week.monday > today:
        last = week_of(today - timedelta(days=7))
        raise UsageError(
            f"week {week} lies in the future (it starts on {week.monday.isoformat()}); "
            f"the last complete week is {last}"
        )
    report_cfg = config.report
    lang: str = args.lang or (report_cfg.language if report_cfg is not None else "nl")
    fmt: str = args.format or (
        "pdf" if args.output is not None and args.output.suffix.lower() == ".pdf" else "html"
    )
    data = data_dir(args, config)
    output: Path = args.output or report_path(data, str(week), lang, fmt)
    with open_read_only(data) as store:
        report = build_report(store, config, week, lang)
    print(write_report(report, output, fmt))
    return 0
