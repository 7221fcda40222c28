"""The report's program sections as plain values, already in words: pain and activity with
the body's signals, relaxation, must and want, graded exposure.

Built by :mod:`tracker.report.program_sections`; shown by ``weekly_program.html.j2`` in the
report and on the hub's week page. Numbers stay numbers where the chart or a test uses
them; statuses carry their code (for ``data-`` attributes) and their words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CheckinRow:
    date: date
    words: str
    pain: int
    worst_pain: int
    energy: int
    note: str  # the person's own words: escaped where shown
    signals: str  # the body's signals of that morning, in a few words ("" when none)


@dataclass(frozen=True, slots=True)
class PainSection:
    window: str
    same_day_status: str  # PainLinkStatus value
    same_day_text: str
    next_day_status: str
    next_day_text: str
    stats: str  # the numbers behind both findings (Spearman's ρ), for the technical footer
    time_contingent: str  # the sessions on harder and easier days, in words
    time_contingent_advice: str | None
    cycles: tuple[str, ...]  # "Na de piekdag van … steeg je pijn van 3 naar 7."
    building_up: str | None  # said while the plan is in its first weeks
    # The chart: the 28 days of the window.
    dates: tuple[date, ...]
    active: tuple[float | None, ...]
    worst_pain: tuple[float | None, ...]
    week_from: int | None  # index of the reported week's Monday in ``dates``
    checkins: tuple[CheckinRow, ...]
    signals: tuple[str, ...]  # the week's mornings outside the band, in words
    signals_status: str  # "none", "few" or "found"
    signals_text: str  # what to say when there are none, or too few nights


@dataclass(frozen=True, slots=True)
class RelaxRow:
    date: date
    words: str
    start: str  # "20:00"
    kind: str  # its words
    minutes: float
    hr_before: float | None
    hr_during: float | None
    hr_after: float | None
    rmssd_before: float | None
    rmssd_during: float | None


@dataclass(frozen=True, slots=True)
class BalanceRow:
    date: date
    abbr: str
    active: int
    pauses: int
    exercises: float
    relaxation: float


@dataclass(frozen=True, slots=True)
class RelaxSection:
    window: int  # minutes before and after an exercise its heart rate is compared with
    summary: str
    heart: str | None
    rows: tuple[RelaxRow, ...]
    days: tuple[BalanceRow, ...]


@dataclass(frozen=True, slots=True)
class MustWantRow:
    date: date
    abbr: str
    must: str  # "2 · 45 min"
    want: str


@dataclass(frozen=True, slots=True)
class MustWantSection:
    summary: str
    advice: str | None
    days: tuple[MustWantRow, ...]
    must_minutes: float
    want_minutes: float


@dataclass(frozen=True, slots=True)
class ExposureRow:
    date: date
    words: str
    item: str  # the person's own words: escaped where shown
    rank: int | None
    expected_pain: int
    pain: int
    expected_fear: int
    fear: int


@dataclass(frozen=True, slots=True)
class ExposureSection:
    summary: str
    next_step: str
    rows: tuple[ExposureRow, ...]
    has_ladder: bool


@dataclass(frozen=True, slots=True)
class ProgramSection:
    pain: PainSection
    relax: RelaxSection
    must_want: MustWantSection
    exposure: ExposureSection
