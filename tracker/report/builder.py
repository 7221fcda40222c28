"""The weekly report's view model: a week's analysis described in the patient's words.

:func:`build_report` asks the application layer for the week (stored results, computed
where missing); :func:`report_from_result` is pure and is what the tests compare against
``analyze()``. The sections themselves are in :mod:`.sections`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime

from tracker import __version__
from tracker.app.program_week import ProgramWeek, load_program_week
from tracker.app.week import WeekData, load_week
from tracker.config import Config
from tracker.domain.units import MINUTES_PER_DAY, MS_PER_S
from tracker.domain.weeks import IsoWeek
from tracker.pacing.plan import Plan
from tracker.pacing.result import AnalysisResult
from tracker.report.model import (
    CapacitySection,
    CycleItem,
    DayRow,
    Footer,
    PlanSection,
    WeeklyReport,
)
from tracker.report.program_sections import program_section
from tracker.report.sections import (
    capacity_section,
    cycle_items,
    day_row,
    daypart_shares,
    device_lines,
    hour_rows,
    longest_exertion,
    plan_section,
    rule_lines,
    tip_text,
)
from tracker.report.texts import Texts
from tracker.report.tips import DAYPART_DOMINANT_SHARE, WeekFacts, select_questions, select_tips
from tracker.store.sqlite import DeviceStatusRow, Store

DAYPART_KEYS = ("daypart_morning", "daypart_afternoon", "daypart_evening")


def build_report(
    store: Store,
    config: Config,
    week: IsoWeek,
    lang: str,
    *,
    now: datetime | None = None,
) -> WeeklyReport:
    """The week as the store knows it, described."""
    moment = now or datetime.now(UTC)
    data = load_week(store, config, week, now_ms=int(moment.timestamp() * MS_PER_S))
    program = load_program_week(store, config, week, data.result)
    return report_from_week(data, config, lang, now=moment, program=program)


def report_from_week(
    data: WeekData,
    config: Config,
    lang: str,
    *,
    now: datetime,
    program: ProgramWeek | None = None,
) -> WeeklyReport:
    """The loaded week described (pure): what :func:`build_report` adds to ``load_week``."""
    return report_from_result(
        data.result,
        config,
        data.week,
        lang,
        plan=data.plan,
        week_minutes_with_data=data.minutes_with_data,
        devices=data.devices,
        now=now,
        today=None if data.ended else data.today,
        program=program,
    )


def _facts(
    days: Sequence[DayRow],
    cycles: Sequence[CycleItem],
    plan: PlanSection | None,
    capacity: CapacitySection | None,
    shares: tuple[float | None, ...],
    *,
    has_data: bool,
    limit: int,
    t: Texts,
) -> WeekFacts:
    """What the tips and questions are chosen from."""
    longest = longest_exertion(days)
    verdicts = Counter(s.verdict for s in plan.sessions) if plan else Counter()
    dominant = next(
        (
            key
            for key, share in zip(DAYPART_KEYS, shares, strict=True)
            if share is not None and share > DAYPART_DOMINANT_SHARE
        ),
        None,
    )
    bust_words = tuple(t.date_long(d) for c in cycles for d in c.bust_dates)
    return WeekFacts(
        has_data=has_data,
        boom_words=tuple(t.date_long(d) for c in cycles for d in c.boom_dates),
        bust_words=bust_words,
        longest_exertion_minutes=longest[0] if longest else 0,
        longest_exertion_day=t.date_long(longest[1]) if longest else "",
        max_continuous_minutes=limit,
        within_day_boom_days=tuple(t.date_long(r.date) for r in days if r.within_day_booms),
        sessions_over=verdicts["over"],
        sessions_under=verdicts["under"],
        sessions_on_plan=verdicts["on_plan"],
        capacity_declining=capacity is not None and capacity.status == "declining",
        avoidance=capacity is not None and capacity.avoidance_text is not None,
        dominant_daypart=dominant,
        any_boom=any(r.day_type == "boom" for r in days),
        any_bust=bool(bust_words) or any(r.day_type == "bust" for r in days),
        learning=all(r.baseline is None for r in days),
    )


def _footer(
    result: AnalysisResult | None,
    config: Config,
    week: IsoWeek,
    week_minutes_with_data: int,
    devices: Sequence[DeviceStatusRow],
    t: Texts,
) -> Footer:
    summaries = {d.date: d for d in result.days} if result is not None else {}
    day_minutes = sum(
        (summaries[d].day_minutes if d in summaries else MINUTES_PER_DAY) for d in week.days
    )
    percent = 100.0 * week_minutes_with_data / day_minutes
    return Footer(
        coverage=t(
            "coverage",
            minutes=week_minutes_with_data,
            total=day_minutes,
            percent=t.number(percent, 0),
        ),
        devices=device_lines(devices, t),
        rules=rule_lines(config, t),
        timezone=t(
            "timezone",
            tz=config.tracker.timezone or (result.timezone if result else t("timezone_rows")),
        ),
        generated_by=t("generated_by", version=__version__),
    )


def _day_rows(
    result: AnalysisResult | None, config: Config, week: IsoWeek, t: Texts
) -> tuple[DayRow, ...]:
    """The week's seven days, described from their summaries where the result has them."""
    summaries = {d.date: d for d in result.days} if result is not None else {}
    return tuple(day_row(d, summaries.get(d), config, t) for d in week.days)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _subtitle(week: IsoWeek, t: Texts) -> str:
    """The week's number and its dates: "week 12, 16 to 22 March 2026"."""
    return (
        t("week_label", week=week.week, year=week.year)
        + ", "
        + t("period", start=t.date_long(week.monday), end=t.date_long(week.sunday))
    )


def _people(config: Config, t: Texts) -> tuple[str | None, str | None]:
    """The lines naming the patient and the therapist, where the config names them."""
    report_cfg = config.report
    patient = report_cfg.patient_name if report_cfg and report_cfg.patient_name else None
    therapist = report_cfg.therapist_name if report_cfg and report_cfg.therapist_name else None
    return (
        t("for_patient", name=patient) if patient else None,
        t("with_therapist", name=therapist) if therapist else None,
    )


def report_from_result(
    result: AnalysisResult | None,
    config: Config,
    week: IsoWeek,
    lang: str,
    *,
    plan: Plan | None,
    week_minutes_with_data: int,
    devices: Sequence[DeviceStatusRow],
    now: datetime,
    today: date | None = None,
    program: ProgramWeek | None = None,
) -> WeeklyReport:
    """Describe ``week`` from an analysis result covering it (pure); ``today`` is set
    while the week is not over (the figures run up to it)."""
    t = Texts(lang)
    days = _day_rows(result, config, week, t)
    valid_rows = [r for r in days if r.active_minutes is not None]
    has_data = week_minutes_with_data > 0
    cycles = cycle_items(result, week, t)
    shares = daypart_shares(days)
    plan_rows = plan_section(result, plan, week, t, has_data=has_data) if plan else None
    capacity = capacity_section(result, week, t) if result is not None else None
    limit = config.analysis.max_continuous_minutes
    facts = _facts(days, cycles, plan_rows, capacity, shares, has_data=has_data, limit=limit, t=t)
    hours = hour_rows(result, week.days)
    patient, therapist = _people(config, t)
    return WeeklyReport(
        lang=lang,
        week=week,
        title=t("title"),
        subtitle=_subtitle(week, t),
        patient=patient,
        therapist=therapist,
        generated=t("generated", date=t.date_long(now.date())),
        in_progress=t("in_progress", date=t.date_long(today)) if today else None,
        has_data=has_data,
        days=days,
        days_valid=len(valid_rows),
        active_total=sum(r.active_minutes or 0 for r in valid_rows),
        active_mean=_mean([r.active_minutes or 0 for r in valid_rows]),
        steps_total=sum(r.steps or 0 for r in days),
        baseline=next((r.baseline for r in days if r.baseline is not None), None),
        learning=all(r.baseline is None for r in days),
        cycles=cycles,
        plan=plan_rows,
        hour_map=hours,
        active_hours=tuple(h for h in range(24) if any(row[h] for row in hours)),
        longest_exertion=longest_exertion(days),
        long_bouts_total=sum(r.long_bouts or 0 for r in days),
        pause_mean=_mean([r.pause_minutes for r in valid_rows if r.pause_minutes is not None]),
        daypart_shares=shares,
        capacity=capacity,
        has_heart=any(r.resting_hr_bpm is not None or r.rmssd_ms is not None for r in days),
        tips=tuple(tip_text(tip, t) for tip in select_tips(facts)),
        questions=tuple(t(k) for k in select_questions(facts)),
        footer=_footer(result, config, week, week_minutes_with_data, devices, t),
        max_continuous_minutes=limit,
        program=program_section(result, week, program, plan, config, t),
    )
