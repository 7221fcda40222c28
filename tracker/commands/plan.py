"""``tracker plan preview|set|show``: the graded-activity plan (opbouwschema).

``preview`` computes the schedule without storing anything; ``set`` stores it with its
start date; ``show`` prints the stored schedule with this week marked and how this
plan's sessions went so far.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from datetime import date, datetime
from typing import Any

from tracker.app.plans import PlanStatus, plan_status, set_plan
from tracker.commands._common import (
    add_actions,
    add_config,
    add_data_dir,
    add_store_options,
    data_dir,
    load,
    open_for_entries,
    open_read_only,
    parse_date,
    zone,
)
from tracker.domain.clock import wall_clock_ms
from tracker.domain.errors import TrackerError, UsageError
from tracker.domain.weeks import EARLIEST_ENTRY_DATE
from tracker.pacing.plan import Plan, make_plan
from tracker.pacing.sessions import PlanCheck
from tracker.pacing.texts import text

ADVICE_WIDTH_CHARS = 78  # a terminal line, with room to spare
# A session's verdict in words (the time-contingent rule), never its internal name.
VERDICT_WORDS = {
    "under": "shorter than agreed",
    "on_plan": "as agreed",
    "over": "longer than agreed",
}
# Walking sessions are seen by the sensors (step bouts); other activities are logged.
WALKING = "walking"


def _add_plan_options(p: argparse.ArgumentParser) -> None:
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--baseline",
        metavar="M1,M2,...",
        help="measured minutes (basisniveau = their mean; the brochure measures three times)",
    )
    source.add_argument("--start", type=float, metavar="S", help="start level in minutes")
    p.add_argument("--goal", type=float, required=True, metavar="G", help="goal in minutes")
    p.add_argument("--weeks", type=int, required=True, metavar="W", help="weeks to the goal")
    p.add_argument(
        "--reduction",
        type=float,
        metavar="R",
        help="start this fraction below the baseline (default 0.25; advised 0.2-0.3)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_config(p)


def configure(p: argparse.ArgumentParser) -> None:
    actions = add_actions(p, "plan_action")

    preview = actions.add_parser("preview", help="compute a schedule without storing it")
    _add_plan_options(preview)
    preview.set_defaults(func=run_preview)

    set_ = actions.add_parser("set", help="store the plan in force")
    add_data_dir(set_)
    _add_plan_options(set_)
    set_.add_argument("--activity", default="walking", help="the activity (default walking)")
    set_.add_argument("--start-date", metavar="YYYY-MM-DD", help="first day (default today)")
    set_.add_argument(
        "--sessions-per-week", type=int, metavar="N", help="planned sessions a week (default 3)"
    )
    set_.set_defaults(func=run_set)

    show = actions.add_parser("show", help="print the stored plan with this week marked")
    add_store_options(show)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--today", metavar="YYYY-MM-DD", help="show as on this day (default today)")
    show.set_defaults(func=run_show)


def parse_measurements(text: str) -> list[float]:
    parts = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in parts):
        raise UsageError(
            f"--baseline needs minutes separated by commas, like 25,27,28 (got {text!r})"
        )
    values: list[float] = []
    for part in parts:
        try:
            values.append(float(part))
        except ValueError:
            raise UsageError(f"--baseline: {part!r} is not a number of minutes") from None
    return values


def today_local(args: argparse.Namespace) -> date:
    """Today in the configured zone (the hub's local zone by default)."""
    tz = zone(load(args).tracker.timezone)
    return datetime.now(tz).astimezone(tz).date()


def _build(args: argparse.Namespace, **extra: Any) -> Plan:
    config = load(args)
    reduction = config.pacing.plan_reduction if args.reduction is None else args.reduction
    measurements = None if args.baseline is None else parse_measurements(args.baseline)
    plan = make_plan(
        measurements=measurements,
        start=args.start,
        goal=args.goal,
        weeks=args.weeks,
        reduction=reduction,
        **extra,
    )
    for warning in plan.warnings:
        print(f"tracker: warning: {warning}", file=sys.stderr)
    return plan


def _fmt(minutes: float) -> str:
    return f"{minutes:.1f}"


def schedule_lines(plan: Plan, current_week: int | None = None) -> list[str]:
    """The chart the brochure asks to keep: week and agreed minutes, this week marked.
    In English with the brochure's Dutch word beside each term (shared/VOICE.md)."""
    lines = [f"Build-up schedule (opbouwschema): {plan.activity}"]
    if plan.baseline is not None:
        lines.append(
            f"  baseline (basisniveau):       {_fmt(plan.baseline)} min "
            "(the mean of the measurements)"
        )
    lines.append(f"  starting level (startniveau): {_fmt(plan.start)} min")
    lines.append(f"  goal (einddoel):              {_fmt(plan.goal)} min in {plan.weeks} weeks")
    lines.append(f"  build-up (opbouw):            +{_fmt(plan.increment)} min a week")
    lines.append(f"  at least {plan.sessions_per_week} sessions a week")
    if plan.start_date is not None:
        lines.append(f"  start date:                   {plan.start_date.isoformat()}")
    lines.append("")
    lines.append("  week  from        agreed minutes")
    for quota in plan.quotas:
        start = ""
        if plan.start_date is not None:
            start = date.fromordinal(plan.start_date.toordinal() + 7 * quota.week).isoformat()
        mark = "  <- this week (deze week)" if quota.week == current_week else ""
        lines.append(f"  {quota.week:>4}  {start:<10}  {_fmt(quota.minutes):>14}{mark}")
    if current_week is not None and current_week > plan.weeks:
        lines.append(f"  (week {current_week}: goal reached, keep {_fmt(plan.goal)} min)")
    return lines


def run_preview(args: argparse.Namespace) -> int:
    plan = _build(args)
    if args.json:
        # Exactly the contract's object; a warning (reduction outside the brochure's
        # 20-30 %) has already gone to stderr, where a script can still see it.
        print(json.dumps(plan.to_json()))
    else:
        print("\n".join(schedule_lines(plan)))
    return 0


def run_set(args: argparse.Namespace) -> int:
    config = load(args)
    start_date = (
        today_local(args)
        if args.start_date is None
        else parse_date(args.start_date, "--start-date")
    )
    if start_date < EARLIEST_ENTRY_DATE:
        raise UsageError(f"--start-date {start_date.isoformat()} is before 2000; check the year")
    per_week = config.pacing.sessions_per_week
    if args.sessions_per_week is not None:
        per_week = args.sessions_per_week
    plan = _build(args, sessions_per_week=per_week, activity=args.activity, start_date=start_date)
    data = data_dir(args, config)
    with open_for_entries(data) as store:
        set_plan(store, plan, actor="cli", now_ms=wall_clock_ms())
    if args.json:
        print(json.dumps(plan_json(plan, None)))
    else:
        print("\n".join(schedule_lines(plan, plan.week_of(today_local(args)))))
        print(f"\nplan stored in {data}")
    return 0


def plan_json(plan: Plan, check: PlanCheck | None) -> dict[str, Any]:
    out = plan.to_json()
    out.update(
        activity=plan.activity,
        goal=plan.goal,
        sessions_per_week=plan.sessions_per_week,
        start_date=plan.start_date.isoformat() if plan.start_date else None,
        warnings=list(plan.warnings),
    )
    if check is not None:
        out["current_week"] = check.current_week
        out["check"] = check.to_json()
    return out


def check_lines(check: PlanCheck, lang: str = "nl") -> list[str]:
    lines: list[str] = []
    if check.weeks:
        lines.append("")
        # The verdicts' words as column heads, never their internal names.
        lines.append("  week  agreed  done/planned  shorter  as agreed  longer")
        for w in check.weeks:
            lines.append(
                f"  {w.week:>4}  {_fmt(w.quota):>6}  {w.done:>4}/{w.planned:<7}"
                f"  {w.under:>7}  {w.on_plan:>9}  {w.over:>6}"
                + ("  (this week)" if not w.complete else "")
            )
    if check.stagnating and check.advice:
        lines.append("")
        # The brochure's advice in the report's language, wrapped like the chart above it.
        lines += textwrap.wrap(text(check.advice, lang), width=ADVICE_WIDTH_CHARS)
    return lines


def version_lines(status: PlanStatus) -> list[str]:
    """Earlier versions of the plan, and logged sessions that count for none."""
    lines: list[str] = []
    if len(status.versions) > 1:
        lines += ["", "Versions of the plan (each counts from its start date):"]
        for v in status.versions:
            mark = "  <- in force" if v == status.plan else ""
            start = v.start_date.isoformat() if v.start_date else "?"
            lines.append(
                f"  from {start}: {v.activity}, {_fmt(v.start)} to {_fmt(v.goal)} min in "
                f"{v.weeks} weeks, {v.sessions_per_week} a week{mark}"
            )
    if status.not_counted:
        lines += ["", "Logged sessions that do not count for the plan:"]
        lines += [
            f"  {s.start.date().isoformat()}  {s.minutes:g} min {s.activity}: {why}"
            for s, why in status.not_counted
        ]
    return lines


def run_show(args: argparse.Namespace) -> int:
    config = load(args)
    today = today_local(args) if args.today is None else parse_date(args.today, "--today")
    data = data_dir(args, config)
    with open_read_only(data) as store:
        status = plan_status(store, config, today, now_ms=wall_clock_ms())
    if status is None:
        raise TrackerError(
            f"no plan stored in {data}; set one with "
            "`tracker plan set --data-dir DIR --baseline M1,M2,M3 --goal G --weeks W`"
        )
    if args.json:
        out = plan_json(status.plan, status.check)
        out["versions"] = [plan_json(v, None) for v in status.versions]
        out["not_counted"] = [
            {"date": s.start.date().isoformat(), "minutes": s.minutes,
             "activity": s.activity, "why": why}
            for s, why in status.not_counted
        ]  # fmt: skip
        print(json.dumps(out))
    else:
        lines = schedule_lines(status.plan, status.check.current_week)
        lang = config.report.language if config.report else "nl"
        print("\n".join(lines + check_lines(status.check, lang) + version_lines(status)))
    return 0
