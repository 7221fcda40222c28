"""Week: the weekly report inside the page (the report's own view model and template
parts), the list of weeks, the downloads, and the therapist's note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.responses import Response

from tracker.app.checkins import InputError, save_week_note, week_note
from tracker.app.weeks import (
    WeekState,
    last_complete_week,
    week_info,
    week_key,
    weeks_with_data,
)
from tracker.domain.errors import UsageError
from tracker.domain.units import MS_PER_S
from tracker.domain.weeks import IsoWeek, parse_week
from tracker.report.builder import build_report
from tracker.report.model import WeeklyReport
from tracker.report.render import render_html, render_parts, render_pdf
from tracker.web.framework import Ctx, page, redirect
from tracker.web.state import WebState

HEALTH_ROLES = ("patient", "therapist")
# The only names a download may have: "2026-W12-nl.pdf". Nothing else is looked at, so
# no path (and no "../") ever reaches the file system.
DOWNLOAD_RE = re.compile(r"^(\d{4}-W\d{2})-(nl|en)\.(html|pdf)$", re.ASCII)


@dataclass(frozen=True, slots=True)
class RenderedWeek:
    report: WeeklyReport
    body: str


def rendered_week(ctx: Ctx, week: IsoWeek) -> RenderedWeek:
    """The week's report in the page's language, rendered once per change of the store."""
    key = ("week", ctx.lang, *week_key(ctx.store, ctx.state.config, week, now_ms=ctx.now_ms))
    cached = ctx.state.cache.get(key)
    if isinstance(cached, RenderedWeek):
        return cached
    now = datetime.fromtimestamp(ctx.now_ms / MS_PER_S, UTC)
    report = build_report(ctx.store, ctx.state.config, week, ctx.lang, now=now)
    rendered = RenderedWeek(report, render_parts(report, ["body"])["body"])
    ctx.state.cache.put(key, rendered)
    return rendered


def _parse(ctx: Ctx) -> IsoWeek | None:
    try:
        return parse_week(str(ctx.path_params.get("week", "")))
    except UsageError:
        return None


def _week_page(ctx: Ctx, week: IsoWeek, status: int = 200, problem: str = "") -> Response:
    info = week_info(ctx.store, ctx.state.config, week, now_ms=ctx.now_ms)
    note = week_note(ctx.store, str(week))
    common = {
        "nav": "week",
        "info": info,
        "week": week,
        "note": note,
        "note_date": ctx.t.report.date_long(
            datetime.fromtimestamp(note.saved_ms / MS_PER_S, ctx.state.config.zone).date()
        )
        if note
        else "",
        "problem": problem,
        "saved": ctx.query.get("saved") == "note",
    }
    if info.state is not WeekState.READY:
        text = ctx.t("week_future" if info.state is WeekState.FUTURE else "week_no_data")
        return ctx.render("week.html.j2", status, body=None, kind_text=text, **common)
    rendered = rendered_week(ctx, week)
    return ctx.render(
        "week.html.j2", status, body=rendered.body, kind_text="", title=rendered.report.subtitle,
        **common,
    )  # fmt: skip


@page(*HEALTH_ROLES)
def week_latest(ctx: Ctx) -> Response:
    return redirect(f"/week/{last_complete_week(ctx.state.config, now_ms=ctx.now_ms)}")


@page(*HEALTH_ROLES)
def week_view(ctx: Ctx) -> Response:
    week = _parse(ctx)
    if week is None:
        return ctx.render(
            "message.html.j2", 404, title=ctx.t("not_found_title"), text=ctx.t("week_unknown"),
            link="/weeks", link_text=ctx.t("week_back"),
        )  # fmt: skip
    return _week_page(ctx, week)


@page(*HEALTH_ROLES)
def weeks_list(ctx: Ctx) -> Response:
    weeks = weeks_with_data(ctx.store, ctx.state.config, now_ms=ctx.now_ms)
    rows = [
        (
            str(w),
            ctx.t.report("week_label", week=w.week, year=w.year),
            ctx.t.report(
                "period",
                start=ctx.t.report.date_long(w.monday),
                end=ctx.t.report.date_long(w.sunday),
            ),
        )
        for w in weeks
    ]
    return ctx.render("weeks.html.j2", nav="week", rows=rows)


@page("therapist")
def week_note_save(ctx: Ctx) -> Response:
    week = _parse(ctx)
    if week is None:
        return ctx.message("not_found_title", "week_unknown", 404)
    try:
        save_week_note(
            ctx.store, str(week), ctx.form.get("note", ""), author=ctx.user.name,
            now_ms=ctx.now_ms,
        )  # fmt: skip
    except InputError as exc:
        return _week_page(ctx, week, 400, ctx.t(f"err_{exc.problem}"))
    return redirect(f"/week/{week}?saved=note")


def download_bytes(state: WebState, ctx: Ctx, week: IsoWeek, lang: str, fmt: str) -> bytes:
    key = ("download", lang, fmt, *week_key(ctx.store, state.config, week, now_ms=ctx.now_ms))
    cached = state.cache.get(key)
    if isinstance(cached, bytes):
        return cached
    now = datetime.fromtimestamp(ctx.now_ms / MS_PER_S, UTC)
    report = build_report(ctx.store, state.config, week, lang, now=now)
    html = render_html(report)
    data = render_pdf(html) if fmt == "pdf" else html.encode("utf-8")
    state.cache.put(key, data)
    return data


@page(*HEALTH_ROLES)
def download(ctx: Ctx) -> Response:
    match = DOWNLOAD_RE.match(str(ctx.path_params.get("name", "")))
    week = None
    if match is not None:
        try:
            week = parse_week(match[1])
        except UsageError:
            week = None
    if match is None or week is None:
        return ctx.message("not_found_title", "not_found", 404)
    info = week_info(ctx.store, ctx.state.config, week, now_ms=ctx.now_ms)
    if info.state is not WeekState.READY:
        return ctx.message("not_found_title", "week_no_data", 404)
    data = download_bytes(ctx.state, ctx, week, match[2], match[3])
    media = "application/pdf" if match[3] == "pdf" else "text/html; charset=utf-8"
    name = f"weekrapport-{match[1]}-{match[2]}.{match[3]}"
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
