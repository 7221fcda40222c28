"""The report's sections, each from the analysis result: days, plan, capacity, footer.

Pure functions from a week's :class:`~tracker.pacing.result.AnalysisResult` to the view
model's rows (:mod:`tracker.report.model`), in the patient's words (:mod:`.texts`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from tracker.config import Config
from tracker.domain.units import DAYS_PER_WEEK
from tracker.domain.weeks import IsoWeek
from tracker.pacing.day_rules import day_type_bounds
from tracker.pacing.days import DaySummary
from tracker.pacing.pain import VerdictCounts
from tracker.pacing.plan import Plan
from tracker.pacing.result import AnalysisResult
from tracker.pacing.sessions import PlanCheck
from tracker.report.model import (
    CapacityRow,
    CapacitySection,
    CycleItem,
    DayRow,
    PlanSection,
    PlanWeekRow,
    SessionRow,
)
from tracker.report.texts import Texts
from tracker.report.tips import Tip
from tracker.store.sqlite import DeviceStatusRow

# Within a plan week, sessions are drawn spread by weekday so that they do not overlap.
SESSION_SPREAD_PER_DAY = 0.1
# The capacity chart shows the slope window: the last 8 weeks up to the report's Sunday.
CAPACITY_CHART_DAYS = 8 * 7
# A plan week the check has not reached (a later one): nothing done in it yet.
NO_SESSIONS = VerdictCounts(0, 0, 0, 0)


def _fmt_minutes(t: Texts, value: float) -> str:
    return t.number(value, 0 if float(value).is_integer() else 1)


def _bounds(baseline: float | None, config: Config) -> tuple[float | None, float | None]:
    return (None, None) if baseline is None else day_type_bounds(baseline, config.pacing)


def day_row(day: date, summary: DaySummary | None, config: Config, t: Texts) -> DayRow:
    if summary is None:
        return DayRow(
            date=day, abbr=t.day_abbr(day), words=t.date_long(day), worn_minutes=None,
            active_minutes=None, steps=None, baseline=None, lower=None, upper=None,
            day_type="no_data", day_type_text=t("day_type_no_data"),
            longest_exertion_minutes=None, long_bouts=None, pause_minutes=None,
            morning_share=None, afternoon_share=None, evening_share=None,
            within_day_booms=0, resting_hr_bpm=None, rmssd_ms=None,
        )  # fmt: skip
    lower, upper = _bounds(summary.baseline_active_minutes, config)
    valid = summary.valid
    return DayRow(
        date=day,
        abbr=t.day_abbr(day),
        words=t.date_long(day),
        worn_minutes=summary.worn_minutes,
        active_minutes=summary.active_minutes if valid else None,
        steps=summary.steps,
        baseline=summary.baseline_active_minutes,
        lower=lower,
        upper=upper,
        day_type=str(summary.day_type),
        day_type_text=t(f"day_type_{summary.day_type}"),
        longest_exertion_minutes=summary.longest_exertion_minutes,
        long_bouts=summary.long_bouts,
        pause_minutes=summary.pause_minutes,
        morning_share=summary.morning_active_share,
        afternoon_share=summary.afternoon_active_share,
        evening_share=summary.evening_active_share,
        within_day_booms=summary.within_day_booms,
        resting_hr_bpm=summary.resting_hr_bpm,
        rmssd_ms=summary.rmssd_ms,
    )


def hour_rows(result: AnalysisResult | None, days: Sequence[date]) -> tuple[tuple[int, ...], ...]:
    rows: dict[date, tuple[int, ...]] = {}
    if result is not None:
        rows = dict(zip(result.hour_map.dates, result.hour_map.active_minutes, strict=True))
    return tuple(rows.get(d, (0,) * 24) for d in days)


def plan_section(
    result: AnalysisResult | None, plan: Plan, week: IsoWeek, t: Texts, *, has_data: bool
) -> PlanSection:
    check = result.plan_check if result is not None else None
    # The plan week the reported week's Sunday falls in is "this week".
    current = plan.week_of(week.sunday)
    rows = _plan_week_rows(plan, check, current)
    sessions, xs, ys = _plan_sessions(check, week, t)
    this_row = next((r for r in rows if r.current), None)
    done_text = t("plan_done", done=len(sessions), planned=this_row.planned) if this_row else ""
    return PlanSection(
        summary=_plan_summary(plan, t),
        this_week=_plan_this_week(plan, current, t),
        done_text=done_text,
        weeks=tuple(rows),
        sessions=tuple(sessions),
        all_session_weeks=tuple(xs),
        all_session_minutes=tuple(ys),
        current_week=current,
        # A week without any recorded minute says nothing about the build-up.
        stagnating=bool(has_data and check is not None and check.stagnating),
    )


def _plan_summary(plan: Plan, t: Texts) -> str:
    summary = t(
        "plan_summary",
        activity=t(f"activity_{plan.activity}")
        if t.has(f"activity_{plan.activity}")
        else plan.activity,
        start=_fmt_minutes(t, plan.start),
        goal=_fmt_minutes(t, plan.goal),
        weeks=plan.weeks,
        increment=_fmt_minutes(t, round(plan.increment, 1)),
        sessions=plan.sessions_per_week,
    )
    if plan.baseline is not None:  # the plan's own basisniveau (its measurements' mean)
        summary = (
            f"{t('plan_baseline', baseline=_fmt_minutes(t, round(plan.baseline, 1)))} {summary}"
        )
    return summary


def _plan_this_week(plan: Plan, current: int | None, t: Texts) -> str:
    if current is None:
        return t(
            "plan_before_start",
            date=t.date_both(plan.start_date) if plan.start_date else "?",
        )
    return t(
        "plan_this_week",
        week=current,
        quota=_fmt_minutes(t, round(plan.quota_for_week(current), 1)),
    )


def _plan_week_rows(plan: Plan, check: PlanCheck | None, current: int | None) -> list[PlanWeekRow]:
    """Every plan week with the sessions the check counted in it."""
    weeks_by_no = {w.week: w for w in check.weeks} if check is not None else {}
    rows = []
    for q in plan.quotas:
        w = weeks_by_no.get(q.week)
        rows.append(
            PlanWeekRow(
                week=q.week,
                quota=q.minutes,
                planned=plan.sessions_per_week,
                done=VerdictCounts(w.done, w.under, w.on_plan, w.over) if w else NO_SESSIONS,
                current=q.week == current,
            )
        )
    return rows


def _plan_sessions(
    check: PlanCheck | None, week: IsoWeek, t: Texts
) -> tuple[list[SessionRow], list[float], list[float]]:
    """The reported week's sessions as rows, and every session up to its end as chart
    points (plan week, spread by weekday; minutes)."""
    sessions: list[SessionRow] = []
    xs: list[float] = []
    ys: list[float] = []
    for sc in check.sessions if check is not None else ():
        day = sc.session.start.date()
        if day > week.sunday:
            continue
        xs.append(sc.week + (day.weekday() - 3) * SESSION_SPREAD_PER_DAY)
        ys.append(sc.session.minutes)
        if week.monday <= day <= week.sunday:
            sessions.append(
                SessionRow(
                    date=day,
                    words=t.date_long(day),
                    minutes=sc.session.minutes,
                    quota=sc.quota,
                    plan_week=sc.week,
                    source_text=t(f"source_{sc.session.source}")
                    if sc.session.source in ("bout", "logged")
                    else sc.session.source,
                    verdict=str(sc.verdict),
                    verdict_text=t(f"verdict_{sc.verdict}"),
                )
            )
    return sessions, xs, ys


def _none_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def capacity_section(result: AnalysisResult, week: IsoWeek, t: Texts) -> CapacitySection | None:
    cap = result.capacity
    if cap is None or not cap.dates:
        return None
    # The slope window (8 weeks up to the Sunday), but not the weeks before any data:
    # the chart starts on the Monday of the first day with data.
    first = week.sunday - timedelta(days=CAPACITY_CHART_DAYS - 1)
    with_data = [d.date for d in result.days if d.data_minutes]
    if with_data:
        data_monday = with_data[0] - timedelta(days=with_data[0].weekday())
        first = min(max(first, data_monday), week.monday)
    index = {d: i for i, d in enumerate(cap.dates)}
    active = {d.date: d.active_minutes for d in result.days if d.valid}
    dates = tuple(first + timedelta(days=k) for k in range((week.sunday - first).days + 1))

    def pick(values: npt.NDArray[np.float64], day: date) -> float | None:
        i = index.get(day)
        return None if i is None else _none_if_nan(float(values[i]))

    median = tuple(pick(cap.median, d) for d in dates)
    lower = tuple(pick(cap.lower, d) for d in dates)
    upper = tuple(pick(cap.upper, d) for d in dates)
    weekly = tuple(
        CapacityRow(d, median[i], lower[i], upper[i])
        for i, d in enumerate(dates)
        if d.weekday() == DAYS_PER_WEEK - 1
    )
    status = str(cap.status)
    slope = cap.slope_per_week
    key = {
        "rising": "capacity_rising",
        "declining": "capacity_declining",
        "stable": "capacity_stable",
    }.get(status, "capacity_insufficient")
    status_text = t(key, slope=t.number(slope, 1) if slope is not None else "?")
    return CapacitySection(
        status=status,
        status_text=status_text,
        avoidance_text=t("capacity_avoidance") if cap.avoidance else None,
        dates=dates,
        daily_active=tuple(float(active[d]) if d in active else None for d in dates),
        median=median,
        lower=lower,
        upper=upper,
        weekly=weekly,
    )


def device_lines(devices: Sequence[DeviceStatusRow], t: Texts) -> tuple[str, ...]:
    lines = []
    for d in devices:
        parts = [d.device]
        if d.name:
            parts.append(d.name)
        if d.battery_percent is not None:
            parts.append(f"{d.battery_percent} %")
        if d.last_sample_ms is not None:
            seen = datetime.fromtimestamp(d.last_sample_ms / 1000, UTC)
            parts.append(seen.strftime("%Y-%m-%d %H:%M UTC"))
        lines.append(" · ".join(parts))
    return tuple(lines) or (t("devices_none"),)


def rule_lines(config: Config, t: Texts) -> tuple[str, ...]:
    a, p = config.analysis, config.pacing
    return (
        t(
            "rule_active",
            steps=t.number(a.active_steps_per_min),
            hrr=t.number(a.active_hrr_fraction, 1),
        ),
        t("rule_valid", minutes=a.valid_day_worn_minutes),
        t("rule_usual", window=p.baseline_window_days, min_days=p.baseline_min_days),
        t("rule_band", window=p.capacity_window_days),
        t("rule_boom", ratio=t.number(p.boom_ratio, 1), excess=t.number(p.boom_min_excess_minutes)),
        t("rule_bust", ratio=t.number(p.bust_ratio, 1)),
        t("rule_cycle", days=p.cycle_window_days),
        t(
            "rule_session",
            under=t.number(p.session_under_ratio * 100),
            over=t.number(p.session_over_ratio * 100),
        ),
        t("rule_pause", minutes=a.max_continuous_minutes),
        t("rule_plan_baseline"),
        t("rule_hrv"),
    )  # fmt: skip


def tip_text(tip: Tip, t: Texts) -> str:
    """A tip in words: lists of dates joined ("a, b en c"), day parts by their name."""
    values: dict[str, object] = {}
    for key, value in tip.values.items():
        if isinstance(value, tuple):
            values[key] = t.join([str(v) for v in value])
        elif key == "part":
            values[key] = t(str(value))
        else:
            values[key] = value
    return t(tip.key, **values)


def daypart_share(active: Sequence[int], shares: Sequence[float | None]) -> float | None:
    """The week's share of one day part, weighting each day by its active minutes."""
    total = sum(a for a, s in zip(active, shares, strict=True) if s is not None)
    if total <= 0:
        return None
    return sum(a * s for a, s in zip(active, shares, strict=True) if s is not None) / total


def cycle_items(result: AnalysisResult | None, week: IsoWeek, t: Texts) -> tuple[CycleItem, ...]:
    """The cycles with a boom or bust day in ``week``, each dated in words."""
    items: list[CycleItem] = []
    for c in result.cycles if result is not None else ():
        if any(week.monday <= d <= week.sunday for d in (*c.boom_dates, *c.bust_dates)):
            text = t(
                "cycle_item",
                booms=t.join([t.date_both(d) for d in c.boom_dates]),
                busts=t.join([t.date_both(d) for d in c.bust_dates]),
            )
            items.append(CycleItem(c.boom_dates, c.bust_dates, text))
    return tuple(items)


def longest_exertion(days: Sequence[DayRow]) -> tuple[int, date] | None:
    """The week's longest continuous exertion and its day (the first, on a tie)."""
    longest: tuple[int, date] | None = None
    for r in days:
        m = r.longest_exertion_minutes
        if m and (longest is None or m > longest[0]):
            longest = (m, r.date)
    return longest


def daypart_shares(days: Sequence[DayRow]) -> tuple[float | None, float | None, float | None]:
    """The week's share of active minutes in the morning, afternoon and evening."""
    act = [r.active_minutes or 0 for r in days]
    return (
        daypart_share(act, [r.morning_share for r in days]),
        daypart_share(act, [r.afternoon_share for r in days]),
        daypart_share(act, [r.evening_share for r in days]),
    )
