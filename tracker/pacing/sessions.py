"""The time-contingent check: each session against the agreed time of its plan week.

Brochure: "op een slechte dag, met veel pijn, toch proberen de activiteit gedurende de
afgesproken tijd uit te voeren. Ook op een goede dag ga je niet over de afgesproken tijd
heen." A session is ``under`` below 90 % of its week's quota, ``over`` above 110 %.

Per plan week: sessions planned (``sessions_per_week``) and done, adherence = done /
planned, and ``mostly_under``: more than half of the week's sessions fell short, where
a planned session that was never done counts as short once the week is over. Two plan
weeks in a row mostly under quota is ``stagnating`` (the brochure: "de opbouw stagneert
structureel"), with its advice to revisit the plan. It is the plan's state now: the
latest weeks decide, so a plan back on track is no longer stagnating.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tracker.domain.units import DAYS_PER_WEEK
from tracker.pacing.day_rules import BOUNDARY_SLACK_MIN
from tracker.pacing.params import PacingParams
from tracker.pacing.plan import Plan

SOURCE_BOUT = "bout"
SOURCE_LOGGED = "logged"
STAGNATION_WEEKS = 2  # issue 3: two plan weeks in a row mostly under quota
STAGNATION_TEXT_KEY = "stagnation"  # tracker.pacing.texts


@dataclass(frozen=True, slots=True)
class Session:
    start: datetime
    minutes: float
    source: str  # SOURCE_BOUT (walking, from step bouts) or SOURCE_LOGGED
    activity: str = "walking"


class SessionVerdict(StrEnum):
    UNDER = "under"
    ON_PLAN = "on_plan"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class SessionCheck:
    session: Session
    week: int
    quota: float
    verdict: SessionVerdict

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.session.start.isoformat(),
            "minutes": self.session.minutes,
            "source": self.session.source,
            "week": self.week,
            "quota": self.quota,
            "verdict": str(self.verdict),
        }


@dataclass(frozen=True, slots=True)
class WeekCheck:
    week: int
    start: date
    quota: float
    planned: int
    done: int
    under: int
    on_plan: int
    over: int
    complete: bool  # the week has ended (before ``today``)
    adherence: float  # done / planned
    mostly_under: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "quota": self.quota,
            "planned": self.planned,
            "done": self.done,
            "under": self.under,
            "on_plan": self.on_plan,
            "over": self.over,
            "complete": self.complete,
            "adherence": self.adherence,
            "mostly_under": self.mostly_under,
        }


@dataclass(frozen=True, slots=True)
class PlanCheck:
    today: date
    current_week: int | None  # None before the plan starts
    sessions: tuple[SessionCheck, ...]
    weeks: tuple[WeekCheck, ...]
    stagnating: bool
    advice: str | None  # a text key in tracker.pacing.texts, or None

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "current_week": self.current_week,
            "sessions": [s.to_json() for s in self.sessions],
            "weeks": [w.to_json() for w in self.weeks],
            "stagnating": self.stagnating,
            "advice": self.advice,
        }


def verdict(minutes: float, quota: float, params: PacingParams) -> SessionVerdict:
    """under < 90 % <= on plan <= 110 % < over (both bounds inclusive for on_plan)."""
    if minutes < params.session_under_ratio * quota - BOUNDARY_SLACK_MIN:
        return SessionVerdict.UNDER
    if minutes > params.session_over_ratio * quota + BOUNDARY_SLACK_MIN:
        return SessionVerdict.OVER
    return SessionVerdict.ON_PLAN


def _mostly_under(under: int, done: int, planned: int, complete: bool) -> bool:
    missed = max(0, planned - done) if complete else 0
    judged = max(planned, done) if complete else done
    return judged > 0 and 2 * (under + missed) > judged


def check_sessions(
    plan: Plan,
    sessions: Sequence[Session],
    params: PacingParams,
    *,
    today: date | None = None,
) -> PlanCheck:
    """Judge every session of the plan's activity from the plan's start up to ``today``
    (default: the last session's day). Sessions of other activities, before the start or
    after ``today`` are left out, and so is a bout on a day with a logged session. Without a
    start date nothing can be placed in a week."""
    if today is None:
        days = [s.start.date() for s in sessions]
        today = max(days) if days else (plan.start_date or date.min)
    start_date = plan.start_date
    current_week = plan.week_of(today)
    if start_date is None or current_week is None:
        return PlanCheck(today, current_week, (), (), False, None)

    checks = _session_checks(plan, sessions, params, today)
    weeks = [
        _week_check(plan, checks, week, current_week, start_date)
        for week in range(current_week + 1)
    ]
    # Stagnation is the state of the plan now: the latest weeks, not any two weeks ever
    # (a plan back on track is no longer stagnating). The current week counts once it is
    # mostly under already; until then the weeks before it decide.
    judged = weeks if weeks and weeks[-1].mostly_under else weeks[:-1]
    latest = judged[-STAGNATION_WEEKS:]
    stagnating = len(latest) == STAGNATION_WEEKS and all(w.mostly_under for w in latest)
    return PlanCheck(
        today=today,
        current_week=current_week,
        sessions=tuple(checks),
        weeks=tuple(weeks),
        stagnating=stagnating,
        advice=STAGNATION_TEXT_KEY if stagnating else None,
    )


def _session_checks(
    plan: Plan, sessions: Sequence[Session], params: PacingParams, today: date
) -> list[SessionCheck]:
    """Each session of the plan's activity within the plan up to ``today``, judged
    against its week's quota, in time order."""
    # The person's own log wins over the sensors: on a day with a logged session of the
    # plan's activity, a walk found in the step bouts is the same walk, not a second one.
    logged_days = {
        s.start.date()
        for s in sessions
        if s.source == SOURCE_LOGGED and s.activity == plan.activity
    }
    checks: list[SessionCheck] = []
    for session in sorted(sessions, key=lambda s: s.start):
        day = session.start.date()
        week = plan.week_of(day)
        if week is None or day > today or session.activity != plan.activity:
            continue
        if session.source == SOURCE_BOUT and day in logged_days:
            continue
        quota = plan.quota_for_week(week)
        checks.append(SessionCheck(session, week, quota, verdict(session.minutes, quota, params)))
    return checks


def _week_check(
    plan: Plan, checks: Sequence[SessionCheck], week: int, current_week: int, start_date: date
) -> WeekCheck:
    in_week = [c for c in checks if c.week == week]
    counts = {v: sum(1 for c in in_week if c.verdict is v) for v in SessionVerdict}
    week_start = start_date.fromordinal(start_date.toordinal() + DAYS_PER_WEEK * week)
    complete = week < current_week
    done = len(in_week)
    return WeekCheck(
        week=week,
        start=week_start,
        quota=plan.quota_for_week(week),
        planned=plan.sessions_per_week,
        done=done,
        under=counts[SessionVerdict.UNDER],
        on_plan=counts[SessionVerdict.ON_PLAN],
        over=counts[SessionVerdict.OVER],
        complete=complete,
        adherence=done / plan.sessions_per_week,
        mostly_under=_mostly_under(
            counts[SessionVerdict.UNDER], done, plan.sessions_per_week, complete
        ),
    )


def walking_sessions(
    bouts: Sequence[tuple[datetime, float]], plan: Plan, params: PacingParams
) -> list[Session]:
    """Walking sessions from step bouts ``(start, minutes)``: per calendar day of the bout's
    start, the longest bout, when it is at least ``session_min_quota_fraction`` of that
    week's quota. Shorter bouts are household activity, not the planned walk; counting them
    would make every day look like a session far under quota."""
    longest: dict[date, tuple[datetime, float]] = {}
    for start, minutes in bouts:
        day = start.date()
        if day not in longest or minutes > longest[day][1]:
            longest[day] = (start, minutes)
    out: list[Session] = []
    for day in sorted(longest):
        start, minutes = longest[day]
        week = plan.week_of(day)
        if week is None:
            continue
        if minutes >= params.session_min_quota_fraction * plan.quota_for_week(week):
            out.append(Session(start=start, minutes=minutes, source=SOURCE_BOUT))
    return out
