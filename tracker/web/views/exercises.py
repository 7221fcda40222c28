"""Oefeningen / Exercises: a relaxation exercise started and stopped as it happens (or
logged afterwards), and the fear ladder of graded exposure with its practice sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from starlette.responses import Response

from tracker.analysis.relaxation import RELAXATION_KINDS
from tracker.app import ladder
from tracker.app.checkins import InputError
from tracker.app.form_once import first_time
from tracker.app.relaxation import (
    log_relaxation,
    relaxations_between,
    running,
    start_relaxation,
    stop_relaxation,
)
from tracker.domain.units import MS_PER_S
from tracker.pacing.exposure import ItemProgress, LadderItem
from tracker.web.form_values import as_float, as_int
from tracker.web.framework import ONCE_FIELD, Ctx, page, redirect

# The exercises of this many days are listed under the forms.
RECENT_DAYS = 14
HEALTH = ("patient", "therapist")


def _now(ctx: Ctx) -> datetime:
    return datetime.fromtimestamp(ctx.now_ms / MS_PER_S, ctx.state.config.zone)


def _kind_words(ctx: Ctx, kind: str) -> str:
    key = f"kind_{kind}"
    return ctx.t.report(key) if ctx.t.report.has(key) else kind


def _page(ctx: Ctx, status: int = 200, errors: dict[str, str] | None = None, form: str = "",
          notice: str = "", confirm: ItemProgress | None = None) -> Response:  # fmt: skip
    now = _now(ctx)
    run = running(ctx.store)
    recent = relaxations_between(
        ctx.store, ctx.state.config, now - timedelta(days=RECENT_DAYS), now + timedelta(days=1)
    )
    items = ladder.progress(ctx.store)
    values: dict[str, Any] = {
        "kind": ctx.form.get("kind", "progressive") if form == "relax" else "progressive",
        "start": ctx.form.get("start", "") if form == "relax" else now.strftime("%Y-%m-%dT%H:%M"),
        "minutes": ctx.form.get("minutes", "") if form == "relax" else "",
        "name": ctx.form.get("name", "") if form == "ladder" else "",
        "fear": ctx.form.get("fear", "") if form == "ladder" else "",
    }
    practise = {k: ctx.form.get(k, "") if form == "practise" else "" for k in
                ("item", "expected_pain", "expected_fear", "pain", "fear")}  # fmt: skip
    suggested = next((p for p in items if p.suggested), None)
    if not practise["item"] and suggested is not None:
        practise["item"] = str(suggested.item.id)
    return ctx.render(
        "exercises.html.j2", status, nav="exercises", errors=errors or {}, form=form,
        notice=notice or _notice(ctx), running=run,
        running_time=run.start.astimezone(ctx.state.config.zone).strftime("%H:%M") if run else "",
        running_kind=_kind_words(ctx, run.kind) if run else "",
        kinds=[(k, _kind_words(ctx, k)) for k in RELAXATION_KINDS], values=values,
        recent=[
            (r, r.session.start.astimezone(ctx.state.config.zone), _kind_words(ctx, r.session.kind))
            for r in reversed(recent)
        ],
        items=items, suggested=suggested, practise=practise, now=now.strftime("%Y-%m-%dT%H:%M"),
        confirm=confirm,
        date_words=ctx.t.report.date_long, fmt=lambda v: "–" if v is None else ctx.t.number(v),
    )  # fmt: skip


def _notice(ctx: Ctx) -> str:
    """The message of a redirect after a change (?saved=…), in words."""
    saved = ctx.query.get("saved", "")
    keys = {
        "started": "relax_started", "cancelled": "relax_cancelled",
        "not_running": "relax_not_running", "logged": "relax_logged",
        "added": "ladder_added", "removed": "ladder_removed", "marked": "ladder_marked",
    }  # fmt: skip
    if saved == "stopped":
        return ctx.t("relax_stopped", minutes=as_int(ctx.query.get("minutes")) or 0)
    if saved == "practised":
        return ctx.t(
            "practise_saved",
            expected=as_int(ctx.query.get("expected")) or 0,
            actual=as_int(ctx.query.get("actual")) or 0,
        )
    return ctx.t(keys[saved]) if saved in keys else ""


@page(*HEALTH)
def exercises_view(ctx: Ctx) -> Response:
    return _page(ctx)


@page("patient")
def relax_start(ctx: Ctx) -> Response:
    try:
        start_relaxation(ctx.store, ctx.form.get("kind", ""), now=_now(ctx))
    except InputError as exc:
        return _page(ctx, 400, {exc.field: exc.problem}, "relax")
    return redirect("/exercises?saved=started#relax")


@page("patient")
def relax_stop(ctx: Ctx) -> Response:
    if running(ctx.store) is None:
        return redirect("/exercises?saved=not_running#relax")
    done = stop_relaxation(ctx.store, now=_now(ctx))
    if done is None:
        return redirect("/exercises?saved=cancelled#relax")
    return redirect(f"/exercises?saved=stopped&minutes={done.minutes:.0f}#relax")


@page("patient")
def relax_log(ctx: Ctx) -> Response:
    f = ctx.form
    tz = ctx.state.config.zone
    try:
        start: datetime | None = datetime.fromisoformat(f.get("start", "").strip()).replace(
            tzinfo=tz
        )
    except ValueError:
        start = None
    minutes = as_float(f.get("minutes"))
    try:
        with first_time(ctx.store, f.get(ONCE_FIELD, ""), ctx.now_ms) as first:
            if first:  # a second click adds nothing
                log_relaxation(ctx.store, start, minutes, f.get("kind", ""), now=_now(ctx))
    except InputError as exc:
        # An exercise in the future has its own words (not a session's).
        problem = "relax_future" if exc.problem == "future" else exc.problem
        return _page(ctx, 400, {exc.field: problem}, "relax")
    return redirect("/exercises?saved=logged#relax-log")


@page(*HEALTH)
def ladder_add(ctx: Ctx) -> Response:
    try:
        ladder.add_item(
            ctx.store, ctx.form.get("name", ""), as_int(ctx.form.get("fear")), now_ms=ctx.now_ms
        )
    except InputError as exc:
        return _page(ctx, 400, {exc.field: exc.problem}, "ladder")
    return redirect("/exercises?saved=added#ladder")


def _item(ctx: Ctx) -> LadderItem | None:
    item_id = as_int(str(ctx.path_params.get("item", "")))
    if item_id is None:
        return None
    try:
        return ladder.item_by_id(ctx.store, item_id)
    except InputError:
        return None


@page(*HEALTH)
def ladder_mark(ctx: Ctx) -> Response:
    item = _item(ctx)
    if item is None:
        return _page(ctx, 404, {"item": "item_unknown"}, "ladder")
    ladder.mark_done(ctx.store, item, ctx.form.get("done") == "1", now_ms=ctx.now_ms)
    return redirect("/exercises?saved=marked#ladder")


@page(*HEALTH)
def ladder_remove(ctx: Ctx) -> Response:
    item = _item(ctx)
    if item is None:
        return _page(ctx, 404, {"item": "item_unknown"}, "ladder")
    practised = next((p for p in ladder.progress(ctx.store) if p.item.id == item.id), None)
    if practised is not None and practised.exposures and ctx.form.get("confirm") != "1":
        # The practices go with the item: one tap next to "tick off" must not lose them.
        return _page(ctx, confirm=practised)
    ladder.remove_item(ctx.store, item)
    return redirect("/exercises?saved=removed#ladder")


@page("patient")
def ladder_practise(ctx: Ctx) -> Response:
    f = ctx.form
    item_id = as_int(f.get("item"))
    expected, actual = as_int(f.get("expected_pain")), as_int(f.get("pain"))
    try:
        item = ladder.item_by_id(ctx.store, item_id if item_id is not None else -1)
        with first_time(ctx.store, f.get(ONCE_FIELD, ""), ctx.now_ms) as first:
            if first:  # a second click adds nothing
                ladder.record_exposure(
                    ctx.store, item, _now(ctx), expected, as_int(f.get("expected_fear")),
                    actual, as_int(f.get("fear")), now=_now(ctx),
                )  # fmt: skip
    except InputError as exc:
        return _page(ctx, 400, {exc.field: exc.problem}, "practise")
    return redirect(f"/exercises?saved=practised&expected={expected}&actual={actual}#practise")
