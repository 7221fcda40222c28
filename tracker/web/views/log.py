"""Logboek / Log: the evening check-in and a session the sensors cannot see."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from starlette.responses import Response

from tracker.app.checkins import (
    SCALE_MAX,
    InputError,
    checkin_of,
    log_manual_session,
    recent_checkins,
    save_checkin,
)
from tracker.app.form_once import first_time
from tracker.app.plans import current_plan, session_not_counted
from tracker.domain.localtime import local_date
from tracker.domain.units import MS_PER_S
from tracker.web.form_values import as_float, as_int
from tracker.web.framework import ONCE_FIELD, Ctx, page, redirect
from tracker.web.views.log_program import program_context

# The therapist and the patient see this many days of check-ins under the forms.
RECENT_DAYS = 14
ACTIVITIES = ("walking", "cycling", "swimming")


def _log_page(ctx: Ctx, status: int = 200, errors: dict[str, str] | None = None,
              form: str = "") -> Response:  # fmt: skip
    today = local_date(ctx.now_ms, ctx.state.config.zone)
    done = checkin_of(ctx.store, today)
    recent = recent_checkins(ctx.store, today - timedelta(days=RECENT_DAYS - 1), today)
    plan = current_plan(ctx.store, today)
    checkin_values = {
        "pain": str(done.pain) if done else "",
        "worst_pain": str(done.worst_pain) if done else "",
        "energy": str(done.energy) if done else "",
        "note": done.note if done else "",
    }
    session_values = {
        "activity": plan.activity if plan else "walking",
        "minutes": "",
        "date": today.isoformat(),
        "kind": "",
        "activity_other": "",
    }
    if form == "checkin":
        checkin_values = {k: ctx.form.get(k, "") for k in checkin_values}
    elif form == "session":
        session_values = {k: ctx.form.get(k, "") for k in session_values}
    return ctx.render(
        "log.html.j2", status, nav="log", done=done, recent=list(reversed(recent)),
        scale=range(SCALE_MAX + 1), checkin=checkin_values, session=session_values,
        errors=errors or {}, form=form, saved=_saved_key(ctx.query.get("saved", "")),
        activities=_activities(plan.activity if plan else None), today=today.isoformat(),
        date_words=ctx.t.report.date_long,
        **program_context(ctx, today - timedelta(days=RECENT_DAYS - 1), today),
    )  # fmt: skip


# What a redirect after saving may say (?saved=…), and the text key that says it.
SAVED_KEYS = {
    "checkin": "checkin_saved",
    "replaced": "checkin_replaced",
    "session": "session_saved",
    "session_other_activity": "session_saved_other",
    "session_before_start": "session_saved_before",
    "session_no_plan": "session_saved_no_plan",
}


def _saved_key(saved: str) -> str:
    """The text key for ``?saved=…`` ("" for anything else)."""
    return SAVED_KEYS.get(saved, "")


def _activities(planned: str | None) -> tuple[str, ...]:
    """The plan's activity first, then the usual ones."""
    if planned is None:
        return ACTIVITIES
    return (planned, *(a for a in ACTIVITIES if a != planned))


@page("patient", "therapist")
def log_view(ctx: Ctx) -> Response:
    return _log_page(ctx)


@page("patient")
def checkin_save(ctx: Ctx) -> Response:
    f = ctx.form
    today = local_date(ctx.now_ms, ctx.state.config.zone)
    try:
        saved = save_checkin(
            ctx.store, today, as_int(f.get("pain")), as_int(f.get("worst_pain")),
            as_int(f.get("energy")), f.get("note", ""), now_ms=ctx.now_ms,
        )  # fmt: skip
    except InputError as exc:
        return _log_page(ctx, 400, exc.problems, "checkin")
    return redirect("/log?saved=" + ("replaced" if saved.replaced else "checkin"))


@page("patient")
def session_save(ctx: Ctx) -> Response:
    f = ctx.form
    now = datetime.fromtimestamp(ctx.now_ms / MS_PER_S, ctx.state.config.zone)
    try:
        day: date | None = date.fromisoformat(f.get("date", "").strip())
    except ValueError:
        day = None
    minutes = as_float(f.get("minutes"))
    activity = f.get("activity_other", "").strip() or f.get("activity", "").strip()
    try:
        with first_time(ctx.store, f.get(ONCE_FIELD, ""), ctx.now_ms) as first:
            if not first:  # a second click adds nothing
                return redirect("/log?saved=session")
            session = log_manual_session(
                ctx.store, day, minutes, activity, now=now, kind=f.get("kind", "")
            )
    except InputError as exc:
        return _log_page(ctx, 400, {exc.field: exc.problem}, "session")
    # Say whether it counts for the plan: "session", or "session_<why not>".
    why_not = session_not_counted(ctx.store, session)
    return redirect("/log?saved=session" + (f"_{why_not}" if why_not else ""))
