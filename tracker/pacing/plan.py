"""The graded-activity plan, computed exactly as the back-school brochure does.

Brochure ("vergroten van activiteitenniveau"): the basisniveau is the mean of (usually
three) measurements of how long the activity can be done; start 20-30 % below it (the
startniveau); the weekly step is (einddoel - startniveau) / weeks, e.g. 20 -> 40 minutes
in 5 weeks is +4 minutes a week; practise at least three times a week.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.domain.errors import UsageError
from tracker.domain.units import MINUTES_PER_DAY

# Brochure: "20 tot 30% onder het basisniveau"; outside this band the plan is allowed
# (a therapist may choose otherwise) but comes with a warning.
ADVISED_REDUCTION_MIN = 0.2
ADVISED_REDUCTION_MAX = 0.3
# A reduction above 90 % leaves almost nothing to start from; 0-0.9 is the allowed range.
REDUCTION_MAX = 0.9
# Ten years of weekly quotas is already far beyond any back-school plan.
WEEKS_MAX = 520
# A session a day, twice: more than this a week is not a plan but a mistake.
SESSIONS_PER_WEEK_MAX = 14
# Brochure: the basisniveau is the mean of three measurements; fewer is allowed (a
# therapist may have one good one) but comes with a warning.
ADVISED_MEASUREMENTS = 3


@dataclass(frozen=True, slots=True)
class Quota:
    week: int
    minutes: float


@dataclass(frozen=True, slots=True)
class Plan:
    activity: str
    baseline: float | None
    start: float
    goal: float
    weeks: int
    increment: float
    sessions_per_week: int
    start_date: date | None
    quotas: tuple[Quota, ...]
    warnings: tuple[str, ...]

    def quota_for_week(self, week: int) -> float:
        """Quota of plan week ``week``; after the last week the goal is kept."""
        if week < 0:
            raise ValueError("plan weeks start at 0")
        return self.quotas[min(week, self.weeks)].minutes

    def week_of(self, day: date) -> int | None:
        """The plan week ``day`` falls in (0-based), None before the start or without one."""
        if self.start_date is None or day < self.start_date:
            return None
        return (day - self.start_date).days // 7

    def to_json(self) -> dict[str, Any]:
        """The preview contract: baseline, start, increment and one quota per week."""
        return {
            "baseline": self.baseline,
            "start": self.start,
            "increment": self.increment,
            "weeks": [{"week": q.week, "quota": q.minutes} for q in self.quotas],
        }


def _finite_minutes(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise UsageError(f"{what} must be a finite number of minutes, not {value!r}")
    if value < 0:
        raise UsageError(f"{what} must not be negative (got {value:g} minutes)")
    if value > MINUTES_PER_DAY:
        raise UsageError(f"{what} of {value:g} minutes is more than a day")
    return float(value)


def make_plan(
    *,
    measurements: Sequence[float] | None = None,
    start: float | None = None,
    goal: float,
    weeks: int,
    reduction: float = 0.25,
    sessions_per_week: int = 3,
    activity: str = "walking",
    start_date: date | None = None,
) -> Plan:
    """Build the plan from measurements (the basisniveau) or a given start level.

    Raises :class:`UsageError` (exit 2) on impossible input, a zero baseline or start
    level among it (a quota of 0 minutes makes every session "over"); a reduction outside
    the brochure's 20-30 % or fewer than three measurements is allowed and listed in
    ``warnings``.
    """
    if (measurements is None) == (start is None):
        raise UsageError("give either the baseline measurements or a start level, not both")
    _check_settings(reduction, weeks, sessions_per_week, activity)
    goal = _finite_minutes(goal, "the goal")
    warnings: list[str] = []
    baseline: float | None
    if measurements is not None:
        baseline = _baseline(measurements, warnings)
        start_level = baseline * (1 - reduction)
        if not ADVISED_REDUCTION_MIN <= reduction <= ADVISED_REDUCTION_MAX:
            warnings.append(
                f"reduction {reduction:g} is outside the advised 0.2-0.3 "
                "(start 20 to 30 % below the baseline)"
            )
    else:
        assert start is not None
        baseline = None
        start_level = _finite_minutes(start, "the start level")
        if start_level == 0:
            raise UsageError(
                "the start level is 0 minutes; start from what you can do now, even a few minutes"
            )
    if goal < start_level:
        raise UsageError(
            f"the goal ({goal:g} min) is below the start level ({start_level:g} min); "
            "a plan builds up, choose a higher goal"
        )
    increment = (goal - start_level) / weeks
    quotas = tuple(Quota(week=k, minutes=start_level + k * increment) for k in range(weeks + 1))
    return Plan(
        activity=activity.strip(),
        baseline=baseline,
        start=start_level,
        goal=goal,
        weeks=weeks,
        increment=increment,
        sessions_per_week=sessions_per_week,
        start_date=start_date,
        quotas=quotas,
        warnings=tuple(warnings),
    )


def _check_settings(reduction: float, weeks: int, sessions_per_week: int, activity: str) -> None:
    """UsageError for a reduction, length, frequency or activity no plan can have."""
    if not 0 <= reduction <= REDUCTION_MAX or math.isnan(reduction):
        raise UsageError(f"reduction must be between 0 and {REDUCTION_MAX} (got {reduction:g})")
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        raise UsageError(f"weeks must be a whole number (got {weeks!r})")
    if not 1 <= weeks <= WEEKS_MAX:
        raise UsageError(f"weeks must be between 1 and {WEEKS_MAX} (got {weeks})")
    if not 1 <= sessions_per_week <= SESSIONS_PER_WEEK_MAX:
        raise UsageError(
            f"sessions per week must be between 1 and {SESSIONS_PER_WEEK_MAX} "
            f"(got {sessions_per_week}); the brochure advises at least 3"
        )
    if not activity.strip():
        raise UsageError("the activity needs a name, e.g. walking")


def _baseline(measurements: Sequence[float], warnings: list[str]) -> float:
    """The basisniveau: the mean of the measurements (a warning when fewer than three)."""
    values = [_finite_minutes(float(m), "a measurement") for m in measurements]
    if not values:
        raise UsageError("give at least one baseline measurement (the brochure uses three)")
    # sum/len: the brochure's plain mean, computed the way anyone would check it.
    baseline = sum(values) / len(values)
    if baseline == 0:
        raise UsageError(
            "the baseline measurements are all 0 minutes; measure how long you can do "
            "the activity now (even a few minutes) and build up from there"
        )
    if len(values) < ADVISED_MEASUREMENTS:
        warnings.append(
            f"only {len(values)} baseline measurement{'s' if len(values) > 1 else ''}: "
            "the brochure measures three times and takes the mean"
        )
    return baseline


def version_on(versions: Sequence[Plan], day: date) -> Plan | None:
    """The plan in force on ``day``: of the versions (in the order they were set) that had
    started by then, the one set last. A new version never changes what was in force
    before its own start date, so verdicts before it stay as they were."""
    started = [v for v in versions if v.start_date is not None and v.start_date <= day]
    return started[-1] if started else None


def plan_for(versions: Sequence[Plan], day: date) -> Plan | None:
    """The version in force on ``day``, else the one set last (it starts later)."""
    return version_on(versions, day) or (versions[-1] if versions else None)
