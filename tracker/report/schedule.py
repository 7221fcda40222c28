"""When the daemon writes the weekly report, and writing it.

The daemon asks :func:`due_week` now and then (it is cheap and pure); when it returns a
week, it calls :func:`write_weekly_report` and remembers the week as done, then announces
the file on the alert channels. A hub that was off at the scheduled hour writes the
report as soon as it is back, and never writes the same week twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.config import Config
from tracker.config.report import ReportConfig
from tracker.domain.weeks import parse_week, week_of
from tracker.report.builder import build_report
from tracker.report.render import ReportError, write_report
from tracker.store.sqlite import Store

log = logging.getLogger("tracker.report")

REPORTS_DIR = "reports"
ONE_WEEK = timedelta(days=7)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def due_week(now: datetime, last_done: str | None, cfg: ReportConfig) -> str | None:
    """The ISO week ("2026-W12") whose report is due at ``now``, or None.

    ``now`` is wall-clock time in the person's zone (aware or naive). The report for a
    week is due from the configured weekday and hour of the following week on (default
    Monday 08:00); ``last_done`` is the last week written, so nothing is written twice.
    """
    if not cfg.enabled:
        return None
    wall = now.replace(tzinfo=None)
    moment = datetime.combine(
        _monday(wall.date()) + timedelta(days=cfg.weekday_index), datetime.min.time()
    ) + timedelta(hours=cfg.hour)
    if wall < moment:
        moment -= ONE_WEEK
    week = str(week_of(moment.date() - ONE_WEEK))
    if last_done is not None:
        done = parse_week(last_done)
        due = parse_week(week)
        if (done.year, done.week) >= (due.year, due.week):
            return None
    return week


def report_path(data_dir: Path, week: str, lang: str, fmt: str = "html") -> Path:
    """``DIR/reports/<week>-<lang>.<fmt>``: the default place of a report."""
    return Path(data_dir) / REPORTS_DIR / f"{week}-{lang}.{fmt}"


@dataclass(frozen=True, slots=True)
class WrittenReport:
    path: Path  # the HTML report (what the hub page and the alert link show)
    attachment: Path | None  # the file an e-mail carries ([report] attach), if any


def write_weekly_report(
    store: Store, config: Config, week: str, lang: str, data_dir: Path, attach: str = "none"
) -> WrittenReport:
    """Build the report of ``week`` once and write it into ``data_dir/reports`` as HTML,
    and as ``attach`` ("pdf", "html" or "none") for the alert's attachment. A PDF that
    cannot be made (weasyprint missing) is logged, and the HTML is attached instead."""
    report = build_report(store, config, parse_week(week), lang)
    html = write_report(report, report_path(data_dir, week, lang), "html")
    if attach == "html":
        return WrittenReport(html, html)
    if attach == "pdf":
        try:
            pdf = write_report(report, report_path(data_dir, week, lang, "pdf"), "pdf")
        except ReportError as exc:
            log.warning("the weekly report goes as HTML, not PDF: %s", exc)
            return WrittenReport(html, html)
        return WrittenReport(html, pdf)
    return WrittenReport(html, None)
