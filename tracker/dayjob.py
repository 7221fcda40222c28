"""The day-end job as the daemon runs it: in a short-lived child process.

Analysis needs numpy and scipy, the weekly report matplotlib; together they would more
than double the daemon's memory on a Raspberry Pi for a job that runs once a day. So the
daemon starts ``tracker day-end`` after each local midnight; the child analyses, stores the
results, queues InfluxDB points and alerts in the shared SQLite file, writes the weekly
report when it is due, prints a one-line JSON summary and exits. Everything it produces is
persisted, so a crash of either process loses nothing and a re-run repeats nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from tracker.config import Config
from tracker.daemon import META_LAST_REPORT_WEEK
from tracker.store.sqlite import Store

log = logging.getLogger("tracker.dayjob")


@dataclass(frozen=True, slots=True)
class DayJobSummary:
    judged_until: str | None
    new_cycles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (boom dates, bust dates)
    alerts_raised: int
    influx_points: int
    report_week: str | None
    report_path: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "judged_until": self.judged_until,
            "new_cycles": [
                {"boom_dates": list(b), "bust_dates": list(s)} for b, s in self.new_cycles
            ],
            "alerts_raised": self.alerts_raised,
            "influx_points": self.influx_points,
            "report_week": self.report_week,
            "report_path": self.report_path,
        }


def run_day_job(store: Store, config: Config, *, now_ms: int) -> DayJobSummary:
    from tracker.analysis.dayend import run_day_end

    tz = config.tracker.zone
    outcome = run_day_end(store, config, now_ms=now_ms, tz=tz)
    alerter: Any = None
    alerts = 0
    if config.section("alerts") is not None:
        from tracker.alerts import Alerter

        alerter = Alerter(store, config, clock=lambda: now_ms)
        alerts += len(alerter.day_end(outcome))
    points = 0
    if config.section("influxdb") is not None:
        from tracker.store.outbox import enqueue_results

        points = enqueue_results(store, config.tracker.person, clock=lambda: now_ms)
    week, path = _weekly_report(store, config, now_ms)
    if week is not None and path is not None and alerter is not None:
        alerts += int(alerter.report_ready(week, path))
    return DayJobSummary(
        judged_until=outcome.judged_until.isoformat() if outcome.judged_until else None,
        new_cycles=tuple(
            (
                tuple(d.isoformat() for d in c.boom_dates),
                tuple(d.isoformat() for d in c.bust_dates),
            )
            for c in outcome.new_cycles
        ),
        alerts_raised=alerts,
        influx_points=points,
        report_week=week,
        report_path=str(path) if path is not None else None,
    )


def _week_has_data(store: Store, week: str, tz: tzinfo | None) -> bool:
    from tracker.report.builder import parse_week

    iso = parse_week(week)
    start = datetime.combine(iso.monday, time()).replace(tzinfo=tz).astimezone(tz)
    end = start + timedelta(days=7)
    return len(store.minute_table(int(start.timestamp()), int(end.timestamp()))) > 0


def _weekly_report(store: Store, config: Config, now_ms: int) -> tuple[str | None, str | None]:
    from tracker.report.config import ReportConfig
    from tracker.report.schedule import due_week, write_weekly_report

    cfg = config.section("report") or ReportConfig()
    if not cfg.enabled:
        return None, None
    tz = config.tracker.zone
    now = datetime.fromtimestamp(now_ms / 1000, tz).astimezone(tz)
    week = due_week(now, store.get_meta(META_LAST_REPORT_WEEK), cfg)
    if week is None:
        return None, None
    if not _week_has_data(store, week, tz):
        # A week before the first data (a fresh hub) or with the wearables unused: nothing
        # to say to the patient; mark it done so it is not tried again.
        store.set_meta(META_LAST_REPORT_WEEK, week)
        return None, None
    path = write_weekly_report(store, config, week, cfg.language, store.path.parent)
    store.set_meta(META_LAST_REPORT_WEEK, week)
    return week, str(path)
