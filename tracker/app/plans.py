"""The build-up plan as the therapist and the patient use it: set it, log a session, see
how the plan's weeks went. Plans are versions: a new one starts on its own date and never
changes the verdicts before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from tracker.config import Config
from tracker.pacing.must_want import ActivityKind
from tracker.pacing.plan import Plan, plan_for, version_on
from tracker.pacing.sessions import PlanCheck, Session
from tracker.store import audit
from tracker.store.marks import log_marked_session
from tracker.store.plans import load_plans, log_session, logged_sessions, save_plan
from tracker.store.sqlite import Store
from tracker.store.web_tables import ensure_web_tables

# A session logged with only a date is placed at noon (logged_start).
LOGGED_DAY_TIME = time(12, 0)


@dataclass(frozen=True, slots=True)
class PlanStatus:
    plan: Plan  # the version in force today (or the next one, before any has started)
    check: PlanCheck
    versions: tuple[Plan, ...]  # every version, in the order they were set
    not_counted: tuple[tuple[Session, str], ...]  # logged sessions that count for no plan


def set_plan(store: Store, plan: Plan, *, actor: str, now_ms: int) -> None:
    """Store ``plan`` as a new version from its start date (earlier versions and their
    verdicts stay); the change is written to the audit trail."""
    ensure_web_tables(store)  # the audit trail's table
    save_plan(store, plan)
    start = plan.start_date.isoformat() if plan.start_date else "?"
    detail = f"{plan.activity} {plan.start:g}->{plan.goal:g} min, {plan.weeks} weeks from {start}"
    audit.add(store, now_ms, actor, "plan_set", detail)


# Why a logged session counts for no plan (the hub page says each in its own words).
NO_PLAN, BEFORE_START, OTHER_ACTIVITY = "no_plan", "before_start", "other_activity"


def not_counted_reason(versions: tuple[Plan, ...], session: Session) -> str | None:
    """:data:`NO_PLAN`, :data:`BEFORE_START` or :data:`OTHER_ACTIVITY`; None when it counts."""
    plan = version_on(versions, session.start.date())
    if plan is None:
        return BEFORE_START if any(v.start_date for v in versions) else NO_PLAN
    return OTHER_ACTIVITY if session.activity != plan.activity else None


def why_not_counted(versions: tuple[Plan, ...], session: Session) -> str | None:
    """Why a logged session counts for no plan, in words; None when it counts."""
    reason = not_counted_reason(versions, session)
    if reason == BEFORE_START:
        first = min(v.start_date for v in versions if v.start_date)
        return f"before the plan starts ({first.isoformat()})"
    if reason == OTHER_ACTIVITY:
        plan = version_on(versions, session.start.date())
        assert plan is not None  # another activity: there is a plan that day
        return f"{session.activity}, and the plan is for {plan.activity}"
    return None if reason is None else "no plan yet"


def session_not_counted(store: Store, session: Session) -> str | None:
    """:func:`not_counted_reason` for a session against the stored plan versions."""
    return not_counted_reason(tuple(load_plans(store)), session)


def logged_start(day: date, now: datetime) -> datetime:
    """When a session logged for ``day`` began: now for today, else noon, inside the day in
    every zone whatever the DST change that night (``now`` is aware, in the hub's zone)."""
    return now if day == now.date() else datetime.combine(day, LOGGED_DAY_TIME, now.tzinfo)


def log_plan_session(store: Store, session: Session, *, kind: str | None = None) -> str | None:
    """Store a session the person logged, marked ``must`` or ``want`` when ``kind`` says so;
    returns why it does not count for the plan, if it does not (it is kept either way)."""
    if kind is None:
        log_session(store, session)
    else:
        log_marked_session(store, session, ActivityKind(kind))
    return why_not_counted(tuple(load_plans(store)), session)


def plan_status(store: Store, config: Config, today: date, *, now_ms: int) -> PlanStatus | None:
    """The plan in force and its check up to ``today`` (logged sessions, and for a walking
    plan the walks the sensors saw); None without a plan."""
    versions = tuple(load_plans(store))
    plan = plan_for(versions, today)
    if plan is None:
        return None
    # Here, not at the top: logging a session must not wait for the analysis (numpy).
    from tracker.app.results import results

    result = results(store, config, today, today, now_ms=now_ms, as_of=today)
    assert result.plan_check is not None  # a plan is stored, so it was checked
    missed = [
        (s, why)
        for s in logged_sessions(store)
        if s.start.date() <= today and (why := why_not_counted(versions, s)) is not None
    ]
    return PlanStatus(plan, result.plan_check, versions, tuple(missed))


def current_plan(store: Store, today: date) -> Plan | None:
    """The version in force on ``today`` (or the next one, before any has started)."""
    return plan_for(load_plans(store), today)
