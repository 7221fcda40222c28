"""The nightly job as the daemon runs it: in a short-lived child process.

Analysis needs numpy, the weekly report matplotlib; together they would more than double
the daemon's memory on a Raspberry Pi for a job that runs once a day. So the daemon starts
``tracker day-end`` after each local midnight; the child judges the completed days, stores
the results, queues InfluxDB points and alerts in the shared SQLite file, writes the
weekly report when it is due, prints a one-line JSON :class:`NightlySummary` and exits.
Everything it produces is persisted, so a crash of either process loses nothing and a
re-run repeats nothing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from tracker.alerts.events import DeviceAbsent
from tracker.app.inbox_status import inbox_status
from tracker.app.judging import judge_completed_days
from tracker.app.results import results
from tracker.config import Config
from tracker.config.report import ReportConfig
from tracker.daemon.child import NightlySummary
from tracker.domain.localtime import local_now
from tracker.domain.units import MS_PER_HOUR
from tracker.domain.weeks import parse_week
from tracker.report.schedule import WrittenReport, due_week, write_weekly_report
from tracker.store.sqlite import Store

if TYPE_CHECKING:  # the alerter loads apprise and paho: only when alerts are configured
    from tracker.alerts.alerter import Alerter

log = logging.getLogger("tracker.nightly")

# Meta key in the store: the last week whose report was written (or skipped as empty).
META_LAST_REPORT_WEEK = "daemon.last_report_week"


def run_nightly_job(store: Store, config: Config, *, now_ms: int) -> NightlySummary:
    outcome = judge_completed_days(store, config, now_ms=now_ms)
    alerts = 0
    alerter = None
    if config.alerts is not None:
        from tracker.alerts.alerter import Alerter  # apprise and paho: only when configured

        alerter = Alerter(store, config, clock=lambda: now_ms)
        alerts += len(alerter.day_end(outcome))
        alerts += _absent_sources(alerter, store, config, now_ms)
    points = 0
    if config.influxdb is not None:
        from tracker.store.outbox import enqueue_results  # influxdb-client: only when configured

        points = enqueue_results(store, config.tracker.person, clock=lambda: now_ms)
    week, written = _weekly_report(store, config, now_ms)
    path = written.path if written is not None else None
    if week is not None and written is not None and alerter is not None:
        alerts += int(alerter.report_ready(week, written.path, written.attachment or ""))
    return NightlySummary(
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


def _absent_sources(alerter: Alerter, store: Store, config: Config, now_ms: int) -> int:
    """An imported source whose files stopped bringing new minutes is absent like a
    wearable: one alert per absence (the daemon watches the wearables themselves)."""
    hours = alerter.config.device_absent_hours
    if hours <= 0:
        return 0
    raised = 0
    for source in inbox_status(store, config).sources:
        if not source.brings_minutes:
            continue
        last = source.data_last_ms
        if last is not None and now_ms - last >= hours * MS_PER_HOUR:
            event = DeviceAbsent(source.source, hours, last)
            raised += int(alerter.raise_event(event))
    return raised


def _week_has_data(store: Store, config: Config, week: str, now_ms: int) -> bool:
    iso = parse_week(week)
    judged = results(store, config, iso.monday, iso.sunday, now_ms=now_ms)
    return any(d.data_minutes for d in judged.days if iso.monday <= d.date <= iso.sunday)


def _weekly_report(
    store: Store, config: Config, now_ms: int
) -> tuple[str | None, WrittenReport | None]:
    cfg = config.report or ReportConfig()
    if not cfg.enabled:
        return None, None
    week = due_week(local_now(now_ms, config.zone), store.get_meta(META_LAST_REPORT_WEEK), cfg)
    if week is None:
        return None, None
    if not _week_has_data(store, config, week, now_ms):
        # A week before the first data (a fresh hub) or with the wearables unused: nothing
        # to say to the patient; mark it done so it is not tried again.
        store.set_meta(META_LAST_REPORT_WEEK, week)
        return None, None
    # The PDF for e-mail only when some channel could carry it.
    attach = cfg.attach if config.alerts is not None else "none"
    written = write_weekly_report(store, config, week, cfg.language, store.path.parent, attach)
    store.set_meta(META_LAST_REPORT_WEEK, week)
    return week, written
