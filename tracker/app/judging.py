"""Judge the completed days: the day-end job's analysis, stored for everyone else.

After each local midnight (and on start-up) the days up to yesterday are analysed in one
run of the core over a bounded window - enough past days for every rolling rule to see its
full history - and the stored results for the days it is sure about are replaced. Re-running
it gives the same rows. Cycles are events: the outcome lists the ones not stored before, so
each is logged and alerted once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.app.body import nights_for
from tracker.app.results import judge_minutes, save_judged
from tracker.config import Config
from tracker.domain.localtime import local_date, zone_name
from tracker.pacing.cycles import Cycle
from tracker.pacing.days import DaySummary
from tracker.pacing.judge import evaluate
from tracker.pacing.plan import plan_for
from tracker.pacing.result import AnalysisResult
from tracker.store.pain_entries import worst_pain_by_day
from tracker.store.plans import load_plans, logged_sessions
from tracker.store.sqlite import Store

log = logging.getLogger(__name__)

# Days whose stored results are rewritten on every run: covers missed days after weeks
# without the hub, and late imports into the recent past.
REWRITE_DAYS = 62


@dataclass(frozen=True, slots=True)
class JudgeOutcome:
    judged_until: date | None  # the last complete day (yesterday), None without data
    stored_days: tuple[DaySummary, ...]  # the day summaries written this run
    new_cycles: tuple[Cycle, ...]  # confirmed cycles not stored before: log/alert them once
    result: AnalysisResult | None  # the whole analysis of the window (for alerts)


def judge_completed_days(store: Store, config: Config, *, now_ms: int) -> JudgeOutcome:
    """Analyse up to the last local midnight and store days, bouts, cycles, plan check."""
    today = local_date(now_ms, config.zone)
    yesterday = today - timedelta(days=1)
    judged = judge_minutes(store, config, today - timedelta(days=REWRITE_DAYS), yesterday)
    if not judged.days:
        return JudgeOutcome(None, (), (), None)
    logged = [s for s in logged_sessions(store) if s.start.date() < today]
    versions = load_plans(store)
    result = evaluate(
        judged.days,
        judged.bouts,
        config,
        timezone=zone_name(config.zone),
        plan=plan_for(versions, yesterday),
        plan_versions=versions,
        logged_sessions=logged,
        today=yesterday,
        hr_rest_bpm=judged.hr_rest_bpm,
        hr_max_bpm=judged.hr_max_bpm,
        worst_pain=worst_pain_by_day(store, judged.days[0].date, yesterday),
    )
    new = save_judged(store, judged, result, today=today, now_ms=now_ms)
    for c in new:
        log.info(
            "new boom-bust cycle: boom %s, bust %s",
            ", ".join(d.isoformat() for d in c.boom_dates),
            ", ".join(d.isoformat() for d in c.bust_dates),
        )
    # The nights of the body's signals, kept for the pages and the report (the last
    # pain window and the band before it).
    window = config.pacing.pain_window_days + config.pacing.signal_window_days
    nights_for(store, config, yesterday - timedelta(days=window - 1), yesterday, now_ms=now_ms)
    return JudgeOutcome(judged.days[-1].date, judged.days, tuple(new), result)
