"""Turn a day-end analysis into alert events: new boom-bust cycles, a stagnating plan."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tracker.alerts.events import (
    AlertEvent,
    CycleConfirmed,
    DayNumbers,
    PlanStagnating,
    PlanWeekNumbers,
)
from tracker.pacing.days import DaySummary
from tracker.pacing.sessions import PlanCheck

if TYPE_CHECKING:  # the analysis (numpy) stays out of the daemon, which imports this module
    from tracker.app.judging import JudgeOutcome
    from tracker.pacing.result import AnalysisResult


def _numbers(
    days: dict[date, DaySummary], wanted: tuple[date, ...], pain: dict[date, int] | None = None
) -> tuple[DayNumbers, ...]:
    out = []
    for d in wanted:
        s = days.get(d)
        if s is None or s.baseline_active_minutes is None:
            return ()  # not judged against a baseline: no alert (learning, no data)
        worst = (pain or {}).get(d)
        out.append(DayNumbers(d, float(s.active_minutes), float(s.baseline_active_minutes), worst))
    return tuple(out)


def _cycle_pain(result: AnalysisResult) -> dict[date, int]:
    """The worst pain of every cycle day that has a check-in."""
    out: dict[date, int] = {}
    if result.pain is None:
        return out
    by_first = {c.first_boom: c for c in result.cycles}
    for cp in result.pain.cycles:
        cycle = by_first.get(cp.first_boom)
        if cycle is None:
            continue
        pairs = [*zip(cycle.boom_dates, cp.boom_pain, strict=True),
                 *zip(cycle.bust_dates, cp.bust_pain, strict=True)]  # fmt: skip
        out.update({d: p for d, p in pairs if p is not None})
    return out


def _stagnation(check: PlanCheck, person: str) -> PlanStagnating | None:
    """The latest run of consecutive mostly-under weeks, when the plan check says so."""
    if not check.stagnating:
        return None
    run: list[PlanWeekNumbers] = []
    latest: list[PlanWeekNumbers] = []
    for w in sorted(check.weeks, key=lambda w: w.week):
        if w.mostly_under:
            run.append(PlanWeekNumbers(w.week, w.start, w.quota, w.planned, w.done, w.under))
            if len(run) >= 2:
                latest = list(run)
        else:
            run = []
    return PlanStagnating(person, tuple(latest)) if latest else None


def events_from_outcome(outcome: JudgeOutcome, person: str) -> list[AlertEvent]:
    result = outcome.result
    if result is None:
        return []
    days = {d.date: d for d in result.days}
    pain = _cycle_pain(result)
    events: list[AlertEvent] = []
    for cycle in outcome.new_cycles:
        booms = _numbers(days, cycle.boom_dates, pain)
        busts = _numbers(days, cycle.bust_dates, pain)
        if booms and busts:
            events.append(CycleConfirmed(person, booms, busts))
    if result.plan_check is not None:
        stagnation = _stagnation(result.plan_check, person)
        if stagnation is not None:
            events.append(stagnation)
    return events
