"""Werkbladen / Worksheets: the brochure's reflective questions, answered by the patient
and dated; the therapist reads them."""

from __future__ import annotations

from datetime import datetime

from starlette.responses import Response

from tracker.app import worksheets
from tracker.app.checkins import InputError
from tracker.domain.units import MS_PER_S
from tracker.web.framework import Ctx, page, redirect


def _page(ctx: Ctx, status: int = 200, question: str = "", problem: str = "") -> Response:
    found = worksheets.answers(ctx.store)
    rows = [
        (q, ctx.t(f"ws_q_{q}"), found[q][0] if found[q] else None, found[q][1:])
        for q in worksheets.QUESTIONS
    ]
    return ctx.render(
        "worksheets.html.j2", status, nav="worksheets", rows=rows, question=question,
        problem=problem, draft=ctx.form.get("answer", "") if question else "",
        saved=ctx.query.get("saved", ""), date_words=ctx.t.report.date_long,
    )  # fmt: skip


@page("patient", "therapist")
def worksheets_view(ctx: Ctx) -> Response:
    return _page(ctx)


@page("patient")
def answer_save(ctx: Ctx) -> Response:
    question = str(ctx.path_params.get("question", ""))
    if question not in worksheets.QUESTIONS:
        return ctx.message("not_found_title", "not_found", 404)
    today = datetime.fromtimestamp(ctx.now_ms / MS_PER_S, ctx.state.config.zone).date()
    try:
        worksheets.save_answer(
            ctx.store, question, ctx.form.get("answer", ""), day=today, author=ctx.user.name,
            now_ms=ctx.now_ms,
        )  # fmt: skip
    except InputError as exc:
        return _page(ctx, 400, question, exc.problem)
    return redirect(f"/worksheets?saved={question}#q-{question}")
