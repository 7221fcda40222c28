"""Pain and activity side by side: the evening check-ins against the minutes.

The brochure makes pain the "maatgever" of the baseline measurements, and asks for the
opposite during the build-up: the agreed time on a bad day too, and not more on a good
day (tijdcontingent, not pijncontingent). These rules describe, over the last
``pain_window_days`` (28) days ending on the last day analysed, how the two went together:

- **same day**: Spearman's ρ between the worst pain of a day and its active minutes, over
  valid days with a check-in. ``activity_follows_pain`` when the whole 95 % interval lies
  below 0 (more pain, less activity: the pain-contingent pattern the program replaces);
- **next day**: ρ between the active minutes of day d and the worst pain of day d + 1,
  both days inside the window, valid and with a check-in. ``pain_follows_activity`` when
  the whole interval lies above 0;
- either is ``insufficient_data`` below ``pain_min_days`` (14) days or pairs, else
  ``no_clear_link`` (ρ is null when it cannot be computed: too few days, or a pain or an
  activity that never changed);
- **time-contingent check on harder days**: the plan's sessions in the window, split by
  their day's worst pain (at or above the window's median: a harder day), counted under,
  on and over plan;
- **cycles with pain**: the worst pain of each boom and bust day of a cycle, when known.

Descriptive, never a diagnosis (shared/DESIGN.md §5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import numpy as np

from tracker.analysis.spearman import RankCorrelation, rank_correlation
from tracker.domain.jsonable import jsonable
from tracker.pacing.cycles import Cycle
from tracker.pacing.days import DaySummary
from tracker.pacing.params import PacingParams
from tracker.pacing.sessions import PlanCheck, SessionVerdict

# Both findings use a 95 % interval (DESIGN.md §5).
PAIN_CONFIDENCE = 0.95
ONE_DAY = timedelta(days=1)


class PainLinkStatus(StrEnum):
    ACTIVITY_FOLLOWS_PAIN = "activity_follows_pain"
    PAIN_FOLLOWS_ACTIVITY = "pain_follows_activity"
    NO_CLEAR_LINK = "no_clear_link"
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True, slots=True)
class PainLink:
    """One rank correlation and what it says."""

    n: int  # days (same day) or day pairs (next day) it was computed over
    rho: float | None  # None below the minimum, or when one side never changed
    low: float | None
    high: float | None
    status: PainLinkStatus

    @property
    def interval(self) -> list[float] | None:
        return None if self.low is None or self.high is None else [self.low, self.high]


@dataclass(frozen=True, slots=True)
class PainDay:
    """One day of the window, for the chart: active minutes (valid days) and worst pain."""

    date: date
    active_minutes: int | None
    worst_pain: int | None


@dataclass(frozen=True, slots=True)
class VerdictCounts:
    sessions: int
    under: int
    on_plan: int
    over: int

    def share(self, verdict: SessionVerdict) -> float | None:
        count = {"under": self.under, "on_plan": self.on_plan, "over": self.over}[verdict]
        return count / self.sessions if self.sessions else None

    def to_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "under": self.under,
            "on_plan": self.on_plan,
            "over": self.over,
            "under_share": self.share(SessionVerdict.UNDER),
            "on_plan_share": self.share(SessionVerdict.ON_PLAN),
            "over_share": self.share(SessionVerdict.OVER),
        }


@dataclass(frozen=True, slots=True)
class TimeContingentSplit:
    """Plan sessions on harder days (worst pain at or above the median) and easier ones."""

    median_worst_pain: float | None  # None below pain_min_days check-ins
    harder: VerdictCounts
    easier: VerdictCounts

    @property
    def sufficient(self) -> bool:
        return self.median_worst_pain is not None


@dataclass(frozen=True, slots=True)
class CyclePain:
    """The worst pain on a cycle's boom and bust days (None where no check-in)."""

    first_boom: date
    boom_pain: tuple[int | None, ...]
    bust_pain: tuple[int | None, ...]

    @property
    def before(self) -> int | None:
        """The worst pain of the last boom day that has a check-in."""
        known = [p for p in self.boom_pain if p is not None]
        return known[-1] if known else None

    @property
    def after(self) -> int | None:
        """The highest worst pain of the bust days."""
        known = [p for p in self.bust_pain if p is not None]
        return max(known) if known else None


@dataclass(frozen=True, slots=True)
class PainActivity:
    first: date | None  # the window (None when nothing was analysed)
    last: date | None
    checkins: int  # check-ins in the window
    same_day: PainLink
    next_day: PainLink
    time_contingent: TimeContingentSplit
    cycles: tuple[CyclePain, ...]
    series: tuple[PainDay, ...]

    def to_json(self) -> dict[str, Any]:
        """The ``pain`` object of ``tracker analyze --json``."""
        tc = self.time_contingent
        return {
            "first": jsonable(self.first),
            "last": jsonable(self.last),
            "checkins": self.checkins,
            "days": self.same_day.n,
            "same_day_rho": self.same_day.rho,
            "same_day_ci": self.same_day.interval,
            "same_day": str(self.same_day.status),
            "next_day_pairs": self.next_day.n,
            "next_day_rho": self.next_day.rho,
            "next_day_ci": self.next_day.interval,
            "next_day": str(self.next_day.status),
            "time_contingent": {
                "median_worst_pain": tc.median_worst_pain,
                "harder_days": tc.harder.to_json(),
                "easier_days": tc.easier.to_json(),
            },
            "cycles": [
                {
                    "first_boom": c.first_boom.isoformat(),
                    "boom_worst_pain": list(c.boom_pain),
                    "bust_worst_pain": list(c.bust_pain),
                }
                for c in self.cycles
            ],
            "series": [
                {
                    "date": d.date.isoformat(),
                    "active_minutes": d.active_minutes,
                    "worst_pain": d.worst_pain,
                }
                for d in self.series
            ],
        }


def _link(
    x: Sequence[float], y: Sequence[float], params: PacingParams, positive: PainLinkStatus
) -> PainLink:
    """ρ over the pairs and its status; ``positive`` is the status of a whole interval on
    its side of 0 (above for ``pain_follows_activity``, below for the other)."""
    n = len(x)
    if n < params.pain_min_days:
        return PainLink(n, None, None, None, PainLinkStatus.INSUFFICIENT_DATA)
    found: RankCorrelation = rank_correlation(x, y, PAIN_CONFIDENCE)
    below = found.high is not None and found.high < 0
    above = found.low is not None and found.low > 0
    whole_side = below if positive is PainLinkStatus.ACTIVITY_FOLLOWS_PAIN else above
    status = positive if whole_side else PainLinkStatus.NO_CLEAR_LINK
    return PainLink(n, found.rho, found.low, found.high, status)


def pain_window(last: date, params: PacingParams) -> tuple[date, date]:
    """The ``pain_window_days`` days ending on ``last``."""
    return last - (params.pain_window_days - 1) * ONE_DAY, last


def same_day_link(
    days: Sequence[DaySummary], worst_pain: Mapping[date, int], params: PacingParams
) -> PainLink:
    """Worst pain against active minutes over the valid ``days`` with a check-in."""
    pairs = [
        (worst_pain[d.date], d.active_minutes) for d in days if d.valid and d.date in worst_pain
    ]
    return _link(
        [float(p) for p, _ in pairs],
        [float(a) for _, a in pairs],
        params,
        PainLinkStatus.ACTIVITY_FOLLOWS_PAIN,
    )


def next_day_link(
    days: Sequence[DaySummary], worst_pain: Mapping[date, int], params: PacingParams
) -> PainLink:
    """Active minutes of day d against worst pain of d + 1, both among ``days``, valid and
    with a check-in."""
    usable = {d.date: d for d in days if d.valid and d.date in worst_pain}
    pairs = [
        (float(usable[d].active_minutes), float(worst_pain[d + ONE_DAY]))
        for d in sorted(usable)
        if d + ONE_DAY in usable
    ]
    return _link(
        [a for a, _ in pairs], [p for _, p in pairs], params, PainLinkStatus.PAIN_FOLLOWS_ACTIVITY
    )


def _counts(verdicts: Sequence[SessionVerdict]) -> VerdictCounts:
    return VerdictCounts(
        sessions=len(verdicts),
        under=sum(v is SessionVerdict.UNDER for v in verdicts),
        on_plan=sum(v is SessionVerdict.ON_PLAN for v in verdicts),
        over=sum(v is SessionVerdict.OVER for v in verdicts),
    )


def time_contingent_split(
    check: PlanCheck | None,
    worst_pain: Mapping[date, int],
    first: date,
    last: date,
    params: PacingParams,
) -> TimeContingentSplit:
    """The plan's sessions of ``[first, last]`` on harder days (worst pain at or above the
    median of the window's check-ins) and on easier days; sessions on a day without a
    check-in are left out. Nothing is split below ``pain_min_days`` check-ins."""
    pains = [p for d, p in worst_pain.items() if first <= d <= last]
    empty = VerdictCounts(0, 0, 0, 0)
    if len(pains) < params.pain_min_days:
        return TimeContingentSplit(None, empty, empty)
    median = float(np.median(np.asarray(pains, dtype=np.float64)))
    harder: list[SessionVerdict] = []
    easier: list[SessionVerdict] = []
    for sc in check.sessions if check is not None else ():
        day = sc.session.start.date()
        if not first <= day <= last or day not in worst_pain:
            continue
        (harder if worst_pain[day] >= median else easier).append(sc.verdict)
    return TimeContingentSplit(median, _counts(harder), _counts(easier))


def cycle_pain(cycles: Sequence[Cycle], worst_pain: Mapping[date, int]) -> tuple[CyclePain, ...]:
    """Each cycle's boom- and bust-day worst pain (None where the day has no check-in)."""
    return tuple(
        CyclePain(
            c.first_boom,
            tuple(worst_pain.get(d) for d in c.boom_dates),
            tuple(worst_pain.get(d) for d in c.bust_dates),
        )
        for c in cycles
    )


def pain_activity(
    days: Sequence[DaySummary],
    worst_pain: Mapping[date, int],
    last: date | None,
    params: PacingParams,
    *,
    plan_check: PlanCheck | None = None,
    cycles: Sequence[Cycle] = (),
) -> PainActivity:
    """Every finding over the ``pain_window_days`` days ending on ``last`` (the last day
    analysed; None when there is nothing to analyse)."""
    if last is None:
        none = PainLink(0, None, None, None, PainLinkStatus.INSUFFICIENT_DATA)
        empty = VerdictCounts(0, 0, 0, 0)
        return PainActivity(None, None, 0, none, none, TimeContingentSplit(None, empty, empty),
                            cycle_pain(cycles, worst_pain), ())  # fmt: skip
    first, last = pain_window(last, params)
    window = [d for d in days if first <= d.date <= last]
    by_date = {d.date: d for d in window}
    series = []
    for k in range(params.pain_window_days):
        day = first + k * ONE_DAY
        summary = by_date.get(day)
        active = summary.active_minutes if summary is not None and summary.valid else None
        series.append(PainDay(day, active, worst_pain.get(day)))
    return PainActivity(
        first=first,
        last=last,
        checkins=sum(1 for d in worst_pain if first <= d <= last),
        same_day=same_day_link(window, worst_pain, params),
        next_day=next_day_link(window, worst_pain, params),
        time_contingent=time_contingent_split(plan_check, worst_pain, first, last, params),
        cycles=cycle_pain(cycles, worst_pain),
        series=tuple(series),
    )
