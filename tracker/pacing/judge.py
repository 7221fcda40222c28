"""Judge days and weeks: the cheap half of the analysis, over day measures alone.

Takes what :func:`tracker.analysis.summary.summarize` found in the minutes (or what the
store kept of it) and adds the person's baseline, the day types, boom-bust cycles, the
capacity trend, the weekly spread, the resting heart-rate trend and the plan check.
Pure: the same days, bouts, plan and sessions always give the same result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Protocol

import numpy as np

from tracker.analysis.balance import week_spread
from tracker.analysis.heart import resting_hr_trend
from tracker.analysis.params import AnalysisParams
from tracker.analysis.results import Bout, DayMeasures
from tracker.domain.units import MINUTES_PER_DAY
from tracker.pacing.capacity import capacity_trend
from tracker.pacing.cycles import find_cycles
from tracker.pacing.days import DaySummary
from tracker.pacing.daytypes import baselines, classify_days
from tracker.pacing.pain import pain_activity
from tracker.pacing.params import PacingParams
from tracker.pacing.plan import Plan, version_on
from tracker.pacing.result import AnalysisResult
from tracker.pacing.sessions import PlanCheck, Session, check_sessions, walking_sessions


class CoreParams(Protocol):
    """The two parameter sections the core reads (the config has both)."""

    @property
    def analysis(self) -> AnalysisParams: ...

    @property
    def pacing(self) -> PacingParams: ...


def consecutive(days: Sequence[DaySummary]) -> tuple[DaySummary, ...]:
    """``days`` sorted, with every missing calendar day between them as a day without data."""
    ordered = sorted(days, key=lambda d: d.date)
    out: list[DaySummary] = []
    for d in ordered:
        while out and out[-1].date + timedelta(days=1) < d.date:
            out.append(DaySummary.empty(out[-1].date + timedelta(days=1), MINUTES_PER_DAY))
        if not out or out[-1].date < d.date:
            out.append(d)
    return tuple(out)


def judge_days(measures: Sequence[DayMeasures], params: PacingParams) -> tuple[DaySummary, ...]:
    """Baseline and day type of consecutive days, each against its own past only."""
    active = np.array([m.active_minutes for m in measures], dtype=np.float64)
    valid = np.array([m.valid for m in measures], dtype=np.bool_)
    baseline = baselines(active, valid, params)
    types = classify_days(active, valid, baseline, params)
    return tuple(
        DaySummary.judged(m, None if np.isnan(b) else float(b), t)
        for m, b, t in zip(measures, baseline.tolist(), types, strict=True)
    )


def plan_check(
    plan: Plan,
    bouts: Sequence[Bout],
    logged: Sequence[Session],
    params: PacingParams,
    today: date | None,
    versions: Sequence[Plan] = (),
) -> PlanCheck:
    """The time-contingent check: logged sessions and, for a walking plan, the walks.

    With ``versions`` (every plan set, in order), a session counts for ``plan`` only on
    days it was the version in force (:func:`tracker.pacing.plan.version_on`).
    """
    sessions: list[Session] = list(logged)
    if plan.activity == "walking":
        walks = [(b.start, float(b.minutes)) for b in bouts if b.walking]
        sessions += walking_sessions(walks, plan, params)
    if versions:
        sessions = [s for s in sessions if version_on(versions, s.start.date()) == plan]
    return check_sessions(plan, sessions, params, today=today)


def evaluate(
    days: Sequence[DaySummary],
    bouts: Sequence[Bout],
    params: CoreParams,
    *,
    timezone: str,
    plan: Plan | None = None,
    plan_versions: Sequence[Plan] = (),
    logged_sessions: Sequence[Session] = (),
    today: date | None = None,
    as_of: date | None = None,
    hr_rest_bpm: float | None = None,
    hr_max_bpm: float | None = None,
    worst_pain: Mapping[date, int] | None = None,
) -> AnalysisResult:
    """Everything that follows from judged days: cycles, trends, spread, plan check, and
    pain against activity (``worst_pain``: the check-ins' worst pain by day).

    ``as_of`` (default: the last day) is the day the trends stand on; cycles may use the
    days after it (a bust confirms a boom before it). ``today`` is the day the plan is
    checked on (default ``as_of``).
    """
    days = consecutive(days)
    dates = tuple(d.date for d in days)
    until = as_of if as_of is not None else (dates[-1] if dates else None)
    upto = [d for d in days if until is None or d.date <= until]
    up_dates = tuple(d.date for d in upto)
    active = np.array([d.active_minutes for d in upto], dtype=np.float64)
    valid = np.array([d.valid for d in upto], dtype=np.bool_)
    rest_hr = np.array(
        [np.nan if d.resting_hr_bpm is None else d.resting_hr_bpm for d in upto], np.float64
    )
    check = None
    if plan is not None:
        check_day = today if today is not None else until
        check = plan_check(plan, bouts, logged_sessions, params.pacing, check_day, plan_versions)
    cycles = tuple(find_cycles(dates, [d.day_type for d in days], params.pacing))
    pain = pain_activity(
        days, worst_pain or {}, until, params.pacing, plan_check=check, cycles=cycles
    )
    return AnalysisResult(
        days=days,
        bouts=tuple(bouts),
        cycles=cycles,
        weeks=week_spread(up_dates, active, valid, params.analysis),
        resting_hr_trend=resting_hr_trend(up_dates, rest_hr, params.analysis),
        capacity=capacity_trend(up_dates, active, valid, params.pacing) if upto else None,
        plan_check=check,
        hr_rest_bpm=hr_rest_bpm,
        hr_max_bpm=hr_max_bpm,
        timezone=timezone,
        pain=pain,
    )
