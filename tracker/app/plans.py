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


def set_plan(store: Store, config: Config, plan: Plan, *, actor: str) -> None:
    """Put ``plan`` in force from its start date; earlier plans and their verdicts stay
    (the store keeps every plan). The change is written to the audit trail."""
    from tracker.domain.clock import wall_clock_ms
    from tracker.store import audit
    from tracker.store.plans import save_plan
    from tracker.store.web_tables import ensure_web_tables

    save_plan(store, plan)
    ensure_web_tables(store)
    start = plan.start_date.isoformat() if plan.start_date else "?"
    detail = f"{plan.activity} {plan.start:g}->{plan.goal:g} min, {plan.weeks} weeks from {start}"
    audit.add(store, wall_clock_ms(), actor, "plan_set", detail)


def current_plan(store: Store) -> Plan | None:
    """The plan in force, or None."""
    return load_plan(store)
