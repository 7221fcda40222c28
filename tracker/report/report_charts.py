"""The weekly report's charts, drawn from its view model with the words of its language.

Imported only when a report is rendered: the charts need numpy and matplotlib.
"""

from __future__ import annotations

from tracker.report import charts as draw
from tracker.report.chart_style import Chart
from tracker.report.model import CapacitySection, PlanSection, WeeklyReport
from tracker.report.program_charts import pain_chart
from tracker.report.program_model import ProgramSection
from tracker.report.texts import Texts


def charts(r: WeeklyReport, t: Texts) -> dict[str, Chart]:
    """Every chart the report has data for, by its key in the template."""
    out: dict[str, Chart] = {}
    if r.has_data:
        out["days"] = _days_chart(r, t)
        out["heatmap"] = _heatmap_chart(r, t)
    if r.plan is not None:
        out["plan"] = _plan_chart(r, r.plan, t)
    if r.capacity is not None:
        out["capacity"] = _capacity_chart(r, r.capacity, t)
    if r.program is not None:
        out["pain"] = _pain_chart(r, r.program, t)
    if r.has_heart:
        out["heart"] = _heart_chart(r, t)
    return out


def _day_labels(r: WeeklyReport) -> list[str]:
    return [f"{d.abbr} {d.date.day}/{d.date.month}" for d in r.days]


def _days_chart(r: WeeklyReport, t: Texts) -> Chart:
    return draw.days_chart(
        _day_labels(r),
        [d.active_minutes for d in r.days],
        [d.lower for d in r.days],
        [d.upper for d in r.days],
        [d.baseline for d in r.days],
        [d.day_type for d in r.days],
        title=t("chart_days_title"),
        legend={
            "active": t("active_minutes"),
            "band": f"{t('lower')} – {t('upper')}",
            "baseline": t("usual"),
            "boom": t("day_type_boom"),
            "bust": t("day_type_bust"),
        },
    )


def _heatmap_chart(r: WeeklyReport, t: Texts) -> Chart:
    return draw.heatmap_chart(
        _day_labels(r),
        r.hour_map,
        title=t("chart_heatmap_title"),
        hour_label=t("hour"),
    )


def _week_label(r: WeeklyReport) -> str:
    """The reported week as the charts' legends name it: the subtitle up to its comma."""
    return r.subtitle.split(",")[0]


def _plan_chart(r: WeeklyReport, plan: PlanSection, t: Texts) -> Chart:
    return draw.plan_chart(
        [w.week for w in plan.weeks],
        [w.quota for w in plan.weeks],
        plan.all_session_weeks,
        plan.all_session_minutes,
        current_week=plan.current_week,
        title=t("chart_plan_title"),
        legend={
            "quota": t("col_quota"),
            "sessions": t("chart_sessions"),
            "week": t("col_plan_week"),
            "minutes": t("minutes_short"),
            "now": _week_label(r),
        },
    )


def _capacity_chart(r: WeeklyReport, cap: CapacitySection, t: Texts) -> Chart:
    return draw.capacity_chart(
        [f"{d.day}/{d.month}" for d in cap.dates],
        cap.daily_active,
        cap.median,
        cap.lower,
        cap.upper,
        highlight_from=len(cap.dates) - 7,
        title=t("chart_capacity_title"),
        legend={
            "daily": t("active_minutes"),
            "median": t("col_usual"),
            "band": f"{t('col_p10')} – {t('col_p90')}",
            "week": _week_label(r),
            "y": t("active_minutes"),
        },
    )


def _pain_chart(r: WeeklyReport, program: ProgramSection, t: Texts) -> Chart:
    pain = program.pain
    return pain_chart(
        [f"{d.day}/{d.month}" for d in pain.dates],
        pain.active,
        pain.worst_pain,
        week_from=pain.week_from,
        title=t("chart_pain_title"),
        legend={
            "active": t("active_minutes"),
            "pain": t("worst_pain"),
            "week": _week_label(r),
        },
    )


def _heart_chart(r: WeeklyReport, t: Texts) -> Chart:
    return draw.heart_chart(
        _day_labels(r),
        [d.resting_hr_bpm for d in r.days],
        title=t("chart_heart_title"),
        y_label=t("col_resting_hr"),
    )
