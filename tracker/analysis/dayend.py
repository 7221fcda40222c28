"""The day-end job: analyse the completed days and store the results.

The daemon calls :func:`run_day_end` after each local midnight and on start-up. Only
complete days are judged (a day ends at local midnight). The analysis is a pure function
of the minute table, so the job simply recomputes a bounded window - enough past days for
every rolling rule to see its full history - and replaces the stored results for the
days it is sure about. Re-running it gives the same rows. Cycles are events: the outcome
lists the ones that were not stored before, so each is logged and alerted once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.analysis.pipeline import analyze
from tracker.analysis.results import AnalysisResult, DaySummary
from tracker.domain.units import MS_PER_S

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.pacing.cycles import Cycle
    from tracker.store.sqlite import Store

log = logging.getLogger(__name__)

# Days whose stored results are rewritten on every run: covers missed days after weeks
# without the hub, and late imports into the recent past.
REWRITE_DAYS = 62
# Extra history so that the rewritten days see their full rolling windows (baseline 28
# days, resting HR 14, capacity 28 and its 8-week slope); the longest plus a margin.
MIN_CONTEXT_DAYS = 35


@dataclass(frozen=True, slots=True)
class DayEndOutcome:
    judged_until: date | None  # the last complete day (yesterday), None without data
    stored_days: tuple[DaySummary, ...]  # the day summaries written this run
    new_cycles: tuple[Cycle, ...]  # confirmed cycles not stored before: log/alert them once
    result: AnalysisResult | None  # the whole analysis of the window (for alerts, reports)


def _local_midnight_s(day: date, tz: tzinfo | None) -> int:
    moment = datetime.combine(day, time())
    aware = moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return int(aware.timestamp())


def context_days(config: Config) -> int:
    pacing = config.pacing
    return max(
        MIN_CONTEXT_DAYS,
        pacing.baseline_window_days,
        pacing.capacity_window_days,
        pacing.capacity_slope_weeks * 7,
        config.analysis.hr_rest_window_days,
    )


def run_day_end(store: Store, config: Config, *, now_ms: int, tz: tzinfo | None) -> DayEndOutcome:
    """Analyse up to the last local midnight and store days, bouts, cycles, plan check."""
    from tracker.pacing.plan_store import load_plan, logged_sessions
    from tracker.store.results import rr_intervals, save_results

    now = datetime.fromtimestamp(now_ms / MS_PER_S, tz)
    today = now.date() if tz is not None else now.astimezone().date()
    end_s = _local_midnight_s(today, tz)
    first_rewrite = today - timedelta(days=REWRITE_DAYS)
    start_s = _local_midnight_s(first_rewrite - timedelta(days=context_days(config)), tz)
    table = store.minute_table(start_s, end_s)
    if len(table) == 0:
        return DayEndOutcome(None, (), (), None)
    plan = load_plan(store)
    logged = [s for s in logged_sessions(store) if s.start.date() < today]
    rr = rr_intervals(store, start_s * MS_PER_S, end_s * MS_PER_S)
    result = analyze(table, config, tz=tz, plan=plan, logged_sessions=logged, rr=rr)
    # Days early in the window lack history unless the data itself starts there.
    data_starts_inside = int(table.time_s[0]) >= start_s + 24 * 3600
    keep_from = result.days[0].date if data_starts_inside else first_rewrite
    days = tuple(d for d in result.days if keep_from <= d.date < today)
    bouts = tuple(b for b in result.bouts if keep_from <= b.day < today)
    cycles = [c for c in result.cycles if c.boom_dates[0] >= keep_from]
    new = save_results(store, days, bouts, cycles, result.plan_check, now_ms=now_ms)
    for c in new:
        log.info(
            "new boom-bust cycle: boom %s, bust %s",
            ", ".join(d.isoformat() for d in c.boom_dates),
            ", ".join(d.isoformat() for d in c.bust_dates),
        )
    judged = days[-1].date if days else None
    return DayEndOutcome(judged, days, tuple(new), result)


def _day_end_child(data_dir: str, config: Config, now_ms: int, tz: tzinfo | None) -> DayEndOutcome:
    from tracker.store.sqlite import Store

    with Store.open(data_dir, tz=tz, create=False) as store:
        return run_day_end(store, config, now_ms=now_ms, tz=tz)


def run_day_end_isolated(
    data_dir: str | Path, config: Config, *, now_ms: int, tz: tzinfo | None
) -> DayEndOutcome:
    """:func:`run_day_end` in a short-lived child process, for the daemon.

    The trends need scipy, whose import adds about 70 MB to a process for good; the
    daemon's budget on a Pi is 80 MB. A child started once a night pays that and exits.
    The child opens its own connection to the store (WAL: the daemon keeps writing).
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # a fresh interpreter, no copied threads
    with context.Pool(1) as pool:
        outcome: DayEndOutcome = pool.apply(_day_end_child, (str(data_dir), config, now_ms, tz))
    return outcome
