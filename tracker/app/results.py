"""Judged days for a date range: stored where the day-end job stored them, computed where not.

The core runs in two halves (:mod:`tracker.analysis.summary` over minutes, expensive;
:mod:`tracker.pacing.judge` over days, cheap). The day-end job runs both and stores the
judged days and bouts. Everything that reads results (report, ``plan show``,
``analyze --data-dir``, the hub page) asks :func:`results`, which takes the stored days,
computes from the minutes only the days that are missing (never judged, or today, which
is never stored because it is not over), saves the complete ones it computed when the
store is writable, and judges the whole range once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.analysis.results import Bout
from tracker.analysis.summary import summarize
from tracker.config import Config
from tracker.domain.localtime import day_bounds_s, local_date, zone_name
from tracker.domain.units import DAYS_PER_WEEK, MS_PER_S
from tracker.pacing.cycles import Cycle
from tracker.pacing.days import DaySummary
from tracker.pacing.judge import evaluate, judge_days
from tracker.pacing.plan import plan_for
from tracker.pacing.result import AnalysisResult
from tracker.store import derived
from tracker.store.pain_entries import worst_pain_by_day
from tracker.store.plans import load_plans, logged_sessions
from tracker.store.sqlite import Store

# Spare days on top of the longest rolling window, so that the first judged day of a
# window sees its whole history even across a DST change or a day without data.
HISTORY_MARGIN_DAYS = 7


def history_days(config: Config) -> int:
    """How many days before a judged day the rules look back (the longest window)."""
    a, p = config.analysis, config.pacing
    return HISTORY_MARGIN_DAYS + max(
        p.baseline_window_days,
        p.capacity_window_days + p.capacity_slope_weeks * DAYS_PER_WEEK,
        a.hr_rest_window_days,
        a.hr_trend_weeks * DAYS_PER_WEEK,
    )


@dataclass(frozen=True, slots=True)
class Judged:
    """Days and bouts of a range, judged: the input of :func:`evaluate`."""

    days: tuple[DaySummary, ...]
    bouts: tuple[Bout, ...]
    hr_rest_bpm: float | None = None
    hr_max_bpm: float | None = None


def data_days(store: Store, config: Config) -> tuple[date, date] | None:
    """The first and last local day with any minute in the store."""
    span = store.data_span_ms()
    if span is None:
        return None
    return local_date(span[0], config.zone), local_date(span[1], config.zone)


def judge_minutes(store: Store, config: Config, first: date, last: date) -> Judged:
    """Run the core's first half over the minutes of ``[first, last]`` and its history;
    return the judged days ``[first, last]`` (those with data) and their bouts."""
    tz = config.zone
    start_s, end_s = day_bounds_s(first - timedelta(days=history_days(config)), last, tz)
    table = store.minute_table(start_s, end_s)
    if len(table) == 0:
        return Judged((), ())
    rr = store.rr_intervals(start_s * MS_PER_S, end_s * MS_PER_S)
    summary = summarize(table, config.analysis, tz, rr)
    days = judge_days(summary.days, config.pacing)
    return Judged(
        tuple(d for d in days if first <= d.date <= last),
        tuple(b for b in summary.bouts if first <= b.day <= last),
        summary.hr_rest_bpm,
        summary.hr_max_bpm,
    )


def save_judged(
    store: Store, judged: Judged, result: AnalysisResult | None, *, today: date, now_ms: int
) -> list[Cycle]:
    """Store the complete days (before ``today``) and the result's cycles and plan check;
    returns the cycles not stored before. Nothing is written to a read-only store."""
    if store.read_only:
        return []
    days = [d for d in judged.days if d.date < today]
    if not days:
        return []
    first = days[0].date
    bouts = [b for b in judged.bouts if first <= b.day < today]
    cycles = [] if result is None else [c for c in result.cycles if c.first_boom >= first]
    check = None if result is None else result.plan_check
    return derived.save_results(store, days, bouts, cycles, check, now_ms=now_ms)


def _missing(stored: Sequence[DaySummary], wanted: Sequence[date]) -> list[date]:
    have = {d.date for d in stored}
    return [d for d in wanted if d not in have]


def judged_range(
    store: Store, config: Config, first: date, last: date, *, today: date, now_ms: int
) -> Judged:
    """Judged days ``[first, last]`` (only days the data covers) and their bouts, from the
    store where it has them; missing days are computed (and saved when complete)."""
    span = data_days(store, config)
    if span is None:
        return Judged((), ())
    lo, hi = max(first, span[0]), min(last, span[1], today)
    if lo > hi:
        return Judged((), ())
    stored = derived.stored_days(store, lo, hi)
    wanted = [lo + timedelta(days=k) for k in range((hi - lo).days + 1)]
    missing = _missing(stored, wanted)
    if not missing:
        return Judged(tuple(stored), tuple(derived.stored_bouts(store, lo, hi)))
    computed = judge_minutes(store, config, missing[0], hi)
    save_judged(store, computed, None, today=today, now_ms=now_ms)
    keep = [d for d in stored if d.date < missing[0]]
    bouts = [b for b in derived.stored_bouts(store, lo, missing[0] - timedelta(days=1))]
    return Judged(
        tuple(keep) + computed.days,
        tuple(bouts) + computed.bouts,
        computed.hr_rest_bpm,
        computed.hr_max_bpm,
    )


def results(
    store: Store,
    config: Config,
    first: date,
    last: date,
    *,
    now_ms: int,
    as_of: date | None = None,
) -> AnalysisResult:
    """The analysis of local days ``[first, last]`` with the history its rules need.

    ``as_of`` (default ``last``): the day trends and the plan check are judged on; cycles
    may use the days after it up to ``last`` (a bust after a boom confirms the cycle).
    """
    today = local_date(now_ms, config.zone)
    until = as_of or last
    versions = load_plans(store)
    plan = plan_for(versions, until)
    reach = first - timedelta(days=history_days(config))
    if plan is not None and plan.start_date is not None:
        reach = min(reach, plan.start_date)  # the plan's walks since its first week
    judged = judged_range(store, config, reach, last, today=today, now_ms=now_ms)
    logged = [s for s in logged_sessions(store) if s.start.date() <= until]
    result = evaluate(
        [d for d in judged.days if d.date >= first - timedelta(days=history_days(config))],
        judged.bouts,
        config,
        timezone=zone_name(config.zone),
        plan=plan,
        plan_versions=versions,
        logged_sessions=logged,
        today=until,
        as_of=until,
        hr_rest_bpm=judged.hr_rest_bpm,
        hr_max_bpm=judged.hr_max_bpm or config.analysis.hr_max,
        worst_pain=worst_pain_by_day(store, reach, last),
    )
    return result


def span_results(
    store: Store,
    config: Config,
    *,
    now_ms: int,
    since: date | None = None,
    until: date | None = None,
) -> AnalysisResult | None:
    """The analysis of the stored days from ``since`` to ``until`` (default: the whole
    data span); None in a store without minutes."""
    span = data_days(store, config)
    if span is None:
        return None
    first = max(span[0], since) if since is not None else span[0]
    last = min(span[1], until) if until is not None else span[1]
    if first > last:
        return None
    result = results(store, config, first, last, now_ms=now_ms)
    return dataclasses.replace(
        result,
        days=tuple(d for d in result.days if d.date >= first),
        bouts=tuple(b for b in result.bouts if b.day >= first),
    )
