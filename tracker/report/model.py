"""The weekly report's content as plain values: what the template shows, already in words.

Built by :mod:`tracker.report.builder` from an analysis result; rendered by
:mod:`tracker.report.render`. Numbers stay numbers (the charts and the tests use them);
day types and verdicts carry both their code and their words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.domain.weeks import IsoWeek
from tracker.pacing.pain import VerdictCounts
from tracker.report.program_model import ProgramSection


@dataclass(frozen=True, slots=True)
class DayRow:
    """One day of the reported week; None where there is nothing to show."""

    date: date
    abbr: str  # "ma"
    words: str  # "maandag 16 maart 2026"
    worn_minutes: int | None
    active_minutes: int | None
    steps: int | None
    baseline: float | None
    lower: float | None  # bust threshold: bust_ratio x baseline
    upper: float | None  # boom threshold: max(boom_ratio x baseline, baseline + excess)
    day_type: str  # DayType value
    day_type_text: str
    longest_exertion_minutes: int | None
    long_bouts: int | None
    pause_minutes: int | None
    morning_share: float | None
    afternoon_share: float | None
    evening_share: float | None
    within_day_booms: int
    resting_hr_bpm: float | None
    rmssd_ms: float | None


@dataclass(frozen=True, slots=True)
class CycleItem:
    boom_dates: tuple[date, ...]
    bust_dates: tuple[date, ...]
    text: str  # the sentence naming every date in words and ISO


@dataclass(frozen=True, slots=True)
class SessionRow:
    date: date
    words: str
    minutes: float
    quota: float
    plan_week: int
    source_text: str
    verdict: str  # SessionVerdict value
    verdict_text: str


@dataclass(frozen=True, slots=True)
class PlanWeekRow:
    week: int
    quota: float
    planned: int
    done: VerdictCounts  # the sessions done in the week, by verdict
    current: bool


@dataclass(frozen=True, slots=True)
class PlanSection:
    summary: str
    this_week: str  # the quota sentence, or "starts on …"
    done_text: str
    weeks: tuple[PlanWeekRow, ...]
    sessions: tuple[SessionRow, ...]  # of the reported week
    all_session_weeks: tuple[float, ...]  # chart x: plan week + position in the week
    all_session_minutes: tuple[float, ...]
    current_week: int | None
    stagnating: bool


@dataclass(frozen=True, slots=True)
class CapacityRow:
    """The band on the last day of one calendar week (for the table under the chart)."""

    week_end: date
    median: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True, slots=True)
class CapacitySection:
    status: str  # CapacityStatus value
    status_text: str
    avoidance_text: str | None
    dates: tuple[date, ...]  # the chart's days (the last weeks up to the report's Sunday)
    daily_active: tuple[float | None, ...]
    median: tuple[float | None, ...]
    lower: tuple[float | None, ...]
    upper: tuple[float | None, ...]
    weekly: tuple[CapacityRow, ...]


@dataclass(frozen=True, slots=True)
class Footer:
    coverage: str
    devices: tuple[str, ...]
    rules: tuple[str, ...]
    timezone: str
    generated_by: str


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    lang: str
    week: IsoWeek
    title: str
    subtitle: str  # "week 12 van 2026, van maandag 16 maart 2026 tot en met …"
    patient: str | None
    therapist: str | None
    generated: str
    # Set while the week is not over: up to which day the figures run, in words.
    in_progress: str | None
    has_data: bool
    days: tuple[DayRow, ...]  # always the 7 days Monday..Sunday
    days_valid: int
    active_total: int
    active_mean: float | None
    steps_total: int
    baseline: float | None  # the week's baseline (Monday's, else the first known)
    learning: bool  # no baseline known on any day of the week
    cycles: tuple[CycleItem, ...]
    plan: PlanSection | None
    hour_map: tuple[tuple[int, ...], ...]  # 7 rows x 24 hours
    active_hours: tuple[int, ...]  # hours of the day with any active minute this week
    longest_exertion: tuple[int, date] | None
    long_bouts_total: int
    pause_mean: float | None
    daypart_shares: tuple[float | None, float | None, float | None]  # of the week's active min
    capacity: CapacitySection | None
    has_heart: bool
    tips: tuple[str, ...]
    questions: tuple[str, ...]
    footer: Footer
    max_continuous_minutes: int
    # What the person told this week (pain, relaxation, must/want, exposure); None when the
    # report is built without the store's entries.
    program: ProgramSection | None = None
