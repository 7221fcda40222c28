"""``tracker report``: the weekly pacing report (HTML or PDF, Dutch or English)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands._common import add_config, add_data_dir, data_dir


def configure(p: argparse.ArgumentParser) -> None:
    p.description = "Write the weekly pacing report of one ISO week from the stored data."
    add_data_dir(p)
    p.add_argument("--week", required=True, metavar="YYYY-Www", help="ISO week, e.g. 2026-W12")
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
    from tracker.commands._common import load
    from tracker.domain.weeks import parse_week
    from tracker.report.builder import build_report
    from tracker.report.render import write_report
    from tracker.report.schedule import report_path
    from tracker.store.sqlite import Store

    week = parse_week(args.week)  # a bad week is exit 2 before anything is opened
    config = load(args)
    report_cfg = config.report
    lang: str = args.lang or (report_cfg.language if report_cfg is not None else "nl")
    fmt: str = args.format or (
        "pdf" if args.output is not None and args.output.suffix.lower() == ".pdf" else "html"
    )
    data = data_dir(args, config)
    output: Path = args.output or report_path(data, str(week), lang, fmt)
    with Store.open(data) as store:
        report = build_report(store, config, week, lang)
    print(write_report(report, output, fmt))
    return 0
