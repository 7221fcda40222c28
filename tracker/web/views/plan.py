"""Opbouwschema / Plan: the plan's chart and table with this week marked and every
session's verdict; the therapist sets or adjusts it here (a new plan from a date)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime

from starlette.responses import Response

from tracker.app.plans import set_plan
from tracker.app.week import load_week
from tracker.domain.errors import UsageError
from tracker.domain.localtime import local_date
from tracker.domain.units import MS_PER_S
from tracker.domain.weeks import EARLIEST_ENTRY_DATE, week_of
from tracker.pacing.plan import SESSIONS_PER_WEEK_MAX, make_plan
from tracker.report.builder import report_from_result
from tracker.report.render import render_parts
from tracker.web.form_values import as_float
from tracker.web.framework import Ctx, page, redirect

# The plan form offers up to a year; longer plans stay possible with `tracker plan set`.
FORM_WEEKS_MAX = 52
ACTIVITIES = ("walking", "cycling", "swimming")


@dataclass(frozen=True, slots=True)
class SessionLine:
    date: date
    words: str
    plan_week: int
    minutes: float
    quota: float
    activity: str
    source: str
    verdict: str
    verdict_text: str


def _plan_page(ctx: Ctx, status: int = 200, errors: dict[str, str] | None = None) -> Response:
    config = ctx.state.config
    today = local_date(ctx.now_ms, config.zone)
    week = week_of(today)
    data = load_week(ctx.store, config, week, now_ms=ctx.now_ms)
    now = datetime.fromtimestamp(ctx.now_ms / MS_PER_S, UTC)
    report = report_from_result(
        data.result, config, week, ctx.lang, plan=data.plan,
        week_minutes_with_data=data.minutes_with_data, devices=data.devices, now=now,
    )  # fmt: skip
    part = render_parts(report, ["plan"])["plan"] if data.plan is not None else ""
    rt = ctx.t.report
    check = data.result.plan_check
    sessions = [
        SessionLine(
            date=sc.session.start.date(),
            words=rt.date_long(sc.session.start.date()),
            plan_week=sc.week,
            minutes=sc.session.minutes,
            quota=sc.quota,
            activity=ctx.t(f"activity_{sc.session.activity}")
            if ctx.t.has(f"activity_{sc.session.activity}")
            else sc.session.activity,
            source=rt(f"source_{sc.session.source}")
            if rt.has(f"source_{sc.session.source}")
            else sc.session.source,
            verdict=str(sc.verdict),
            verdict_text=rt(f"verdict_{sc.verdict}"),
        )
        for sc in (check.sessions if check is not None else ())
    ]
    plan = data.plan
    values = {
        "activity": plan.activity if plan else "walking",
        "start": f"{plan.start:g}" if plan else "",
        "goal": f"{plan.goal:g}" if plan else "",
        "weeks": str(plan.weeks) if plan else "",
        "sessions": str(plan.sessions_per_week) if plan else "3",
        "start_date": today.isoformat(),
    }
    if errors is not None:
        values.update({k: ctx.form.get(k, v) for k, v in values.items()})
    return ctx.render(
        "plan.html.j2", status, nav="plan", part=part, has_plan=plan is not None,
        sessions=list(reversed(sessions)), values=values, errors=errors or {},
        activities=ACTIVITIES, saved=ctx.query.get("saved") == "1",
        fmt=lambda v: rt.number(v, 0 if float(v).is_integer() else 1),
        weeks_max=FORM_WEEKS_MAX, sessions_max=SESSIONS_PER_WEEK_MAX,
    )  # fmt: skip


@page("patient", "therapist")
def plan_view(ctx: Ctx) -> Response:
    return _plan_page(ctx)


def _number(text: str, field: str, errors: dict[str, str], *, whole: bool = False) -> float:
    value = as_float(text)
    if value is None:
        errors[field] = "number"
        return math.nan
    if not math.isfinite(value) or value <= 0:
        errors[field] = "positive"
    elif whole and not value.is_integer():
        errors[field] = "whole"
    return value


@page("therapist")
def plan_save(ctx: Ctx) -> Response:
    f = ctx.form
    errors: dict[str, str] = {}
    activity = f.get("activity", "").strip()
    if activity not in ACTIVITIES:
        errors["activity"] = "choose_activity"
    start = _number(f.get("start", ""), "start", errors)
    goal = _number(f.get("goal", ""), "goal", errors)
    weeks = _number(f.get("weeks", ""), "weeks", errors, whole=True)
    sessions = _number(f.get("sessions", ""), "sessions", errors, whole=True)
    if "weeks" not in errors and not 1 <= weeks <= FORM_WEEKS_MAX:
        errors["weeks"] = "weeks_range"
    if "sessions" not in errors and not 1 <= sessions <= SESSIONS_PER_WEEK_MAX:
        errors["sessions"] = "sessions_range"
    if "start" not in errors and "goal" not in errors and goal < start:
        errors["goal"] = "goal_below"
    try:
        start_date = date.fromisoformat(f.get("start_date", "").strip())
    except ValueError:
        errors["start_date"] = "date"
    else:
        if start_date < EARLIEST_ENTRY_DATE:
            errors["start_date"] = "early"
    if errors:
        return _plan_page(ctx, 400, errors)
    try:
        plan = make_plan(
            start=start, goal=goal, weeks=int(weeks), sessions_per_week=int(sessions),
            activity=activity, start_date=start_date,
        )  # fmt: skip
    except UsageError:
        return _plan_page(ctx, 400, {"goal": "goal_below"})
    set_plan(ctx.store, plan, actor=ctx.user.name, now_ms=ctx.now_ms)
    return redirect("/plan?saved=1")
