"""What the log page shows of the program: pain against activity (the report's words),
and the body's signals next to the recent check-ins."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.app.body import body_signals_for
from tracker.app.pain_view import pain_now
from tracker.domain.weeks import week_of
from tracker.report.program_sections import link_text, signal_short, time_contingent_text
from tracker.web.framework import Ctx


def program_context(ctx: Ctx, first: date, today: date) -> dict[str, Any]:
    """Values for log.html.j2: ``pain_lines`` (findings, or none), ``pain_week`` (the
    report to read more in) and ``signals`` (date -> the morning's signals in words)."""
    config = ctx.state.config
    t = ctx.t.report
    pain = pain_now(ctx.store, config, now_ms=ctx.now_ms)
    lines: list[str] = []
    week = None
    if pain is not None and pain.last is not None:
        minimum = config.pacing.pain_min_days
        lines = [
            t("pain_window", date=t.date_long(pain.last), n=pain.checkins)
            if pain.checkins
            else t("pain_window_none", date=t.date_long(pain.last)),
            link_text(t, pain.same_day, "pain_same", minimum),
            link_text(t, pain.next_day, "pain_next", minimum),
            time_contingent_text(t, pain)[0],
        ]
        week = str(week_of(pain.last))
    found = body_signals_for(ctx.store, config, first, today)
    signals: dict[str, str] = {}
    for s in found.signals:
        key = s.date.isoformat()
        signals[key] = "; ".join(filter(None, [signals.get(key, ""), signal_short(t, s)]))
    return {"pain_lines": lines, "pain_week": week, "signals": signals}
