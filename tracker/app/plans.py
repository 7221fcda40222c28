"""The build-up plan as the therapist and the patient use it: set it, log a session, see
how the plan's weeks went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.app.results import results
from tracker.config import Config
from tracker.pacing.plan import Plan
from tracker.pacing.sessions import PlanCheck
from tracker.store.plans import load_plan
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class PlanStatus:
    plan: Plan
    check: PlanCheck


def plan_status(store: Store, config: Config, today: date, *, now_ms: int) -> PlanStatus | None:
    """The plan in force and its check up to ``today`` (logged sessions, and for a walking
    plan the walks the sensors saw); None without a plan."""
    plan = load_plan(store)
    if plan is None:
        return None
    result = results(store, config, today, today, now_ms=now_ms, as_of=today)
    assert result.plan_check is not None  # a plan is stored, so it was checked
    return PlanStatus(plan, result.plan_check)
