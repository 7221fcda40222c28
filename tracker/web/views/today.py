"""Vandaag / Today: active minutes so far against the band, the longest exertion, the
plan's week, the wearables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from starlette.responses import Response

from tracker.app.plans import current_plan
from tracker.app.today_page import today_page
from tracker.domain.units import MS_PER_S
from tracker.web.framework import Ctx, page, redirect
from tracker.web.texts import WebTexts


@dataclass(frozen=True, slots=True)
class DeviceLine:
    name: str
    connected: bool
    battery: str
    last_seen: str


def clock_time(ms: int | None, ctx: Ctx) -> str:
    """ "vandaag 14:05" style: the date in words when not today."""
    if ms is None:
        return ctx.t("never")
    moment = datetime.fromtimestamp(ms / MS_PER_S, ctx.state.config.zone)
    today = datetime.fromtimestamp(ctx.now_ms / MS_PER_S, ctx.state.config.zone).date()
    hhmm = moment.strftime("%H:%M")
    if moment.date() == today:
        return hhmm
    return f"{ctx.t.report.date_long(moment.date())} {hhmm}"


def battery_text(t: WebTexts, percent: int | None) -> str:
    return t("battery_unknown") if percent is None else t("battery", percent=percent)


@page("patient", "therapist", "admin")
def today(ctx: Ctx) -> Response:
    if not ctx.user.roles & {"patient", "therapist"}:
        return redirect("/devices")
    config = ctx.state.config
    view = today_page(ctx.store, config, now_ms=ctx.now_ms)
    n = view.numbers
    band = "learning"
    if n.lower_minutes is not None and n.upper_minutes is not None:
        if n.active_minutes < n.lower_minutes:
            band = "below"
        elif n.active_minutes > n.upper_minutes:
            band = "above"
        else:
            band = "within"
    # The meter's scale: a little beyond the upper limit or today's minutes.
    top = max(float(n.active_minutes), n.upper_minutes or 0.0) * 1.15 or 1.0
    devices = [
        DeviceLine(
            d.name or d.device,
            d.connected,
            battery_text(ctx.t, d.battery_percent),
            clock_time(d.last_sample_ms, ctx),
        )
        for d in n.devices
    ]
    plan_week = n.plan_week
    # Not counted this week: because the plan starts later, or the night has not come yet.
    plan = current_plan(ctx.store, n.date) if plan_week is None else None
    starts = plan.start_date if plan is not None else None
    plan_start = ctx.t.report.date_long(starts) if starts and starts > n.date else None
    return ctx.render(
        "today.html.j2",
        nav="today",
        view=view,
        n=n,
        band=band,
        meter_top=top,
        devices=devices,
        plan_week=plan_week,
        plan_start=plan_start,
        date_words=ctx.t.report.date_long(n.date),
        last_data=clock_time(n.last_minute_ms, ctx) if n.last_minute_ms else None,
        limit=config.analysis.max_continuous_minutes,
        fmt=lambda v: ctx.t.number(v, 0),
    )
