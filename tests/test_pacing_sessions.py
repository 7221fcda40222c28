"""Time-contingent session checks, weekly adherence and stagnation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.pacing.params import PacingParams
from tracker.pacing.plan import make_plan
from tracker.pacing.sessions import (
    SOURCE_BOUT,
    SOURCE_LOGGED,
    Session,
    SessionVerdict,
    check_sessions,
    verdict,
    walking_sessions,
)
from tracker.pacing.texts import TEXTS, text

P = PacingParams()
MONDAY = date(2026, 3, 2)
# 20 -> 40 in 5 weeks: quotas 20, 24, 28, 32, 36, 40.
PLAN = make_plan(start=20, goal=40, weeks=5, start_date=MONDAY)


def at(day_offset: int, minutes: float, hour: int = 10, activity: str = "walking") -> Session:
    start = datetime.combine(MONDAY + timedelta(days=day_offset), datetime.min.time(), UTC)
    return Session(start + timedelta(hours=hour), minutes, SOURCE_LOGGED, activity)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (17.9, SessionVerdict.UNDER),
        (18.0, SessionVerdict.ON_PLAN),  # exactly 90 % of 20
        (20.0, SessionVerdict.ON_PLAN),
        (22.0, SessionVerdict.ON_PLAN),  # exactly 110 % of 20
        (22.1, SessionVerdict.OVER),
    ],
)
def test_verdict_boundaries(minutes: float, expected: SessionVerdict) -> None:
    assert verdict(minutes, 20.0, P) is expected


def test_each_session_is_judged_against_its_own_plan_week() -> None:
    sessions = [at(0, 20), at(6, 18), at(7, 20), at(14, 31), at(40, 40)]
    check = check_sessions(PLAN, sessions, P, today=MONDAY + timedelta(days=40))
    got = [(c.week, c.quota, c.verdict) for c in check.sessions]
    assert got == [
        (0, 20.0, SessionVerdict.ON_PLAN),
        (0, 20.0, SessionVerdict.ON_PLAN),
        (1, 24.0, SessionVerdict.UNDER),  # 20 < 0.9 x 24
        (2, 28.0, SessionVerdict.OVER),  # 31 > 1.1 x 28
        (5, 40.0, SessionVerdict.ON_PLAN),  # week 5 = the goal
    ]


def test_sessions_outside_the_plan_are_left_out() -> None:
    sessions = [at(-1, 20), at(1, 20, activity="cycling"), at(3, 20)]
    check = check_sessions(PLAN, sessions, P, today=MONDAY + timedelta(days=2))
    # Before the start, another activity, after "today": none of them counts.
    assert check.sessions == ()
    assert check.weeks[0].done == 0 and not check.weeks[0].complete


def test_weekly_adherence_and_mostly_under() -> None:
    sessions = [at(0, 20), at(2, 20), at(4, 20), at(7, 10), at(9, 10), at(11, 24)]
    check = check_sessions(PLAN, sessions, P, today=MONDAY + timedelta(days=15))
    w0, w1, w2 = check.weeks
    assert (w0.planned, w0.done, w0.on_plan, w0.adherence, w0.mostly_under) == (3, 3, 3, 1.0, False)
    assert (w1.done, w1.under, w1.on_plan, w1.mostly_under, w1.complete) == (3, 2, 1, True, True)
    # The current week is not judged on sessions still to come.
    assert (w2.done, w2.complete, w2.mostly_under) == (0, False, False)
    assert check.current_week == 2
    assert not check.stagnating and check.advice is None


def test_missed_sessions_count_as_short_once_the_week_is_over() -> None:
    # One on-plan session out of three planned: the week fell short.
    check = check_sessions(PLAN, [at(0, 20)], P, today=MONDAY + timedelta(days=7))
    assert check.weeks[0].adherence == pytest.approx(1 / 3)
    assert check.weeks[0].mostly_under


def test_two_weeks_in_a_row_mostly_under_is_stagnating() -> None:
    weak = [at(d, 15) for d in (0, 2, 4, 7, 9, 11)]
    check = check_sessions(PLAN, weak, P, today=MONDAY + timedelta(days=14))
    assert [w.mostly_under for w in check.weeks] == [True, True, False]
    assert check.stagnating
    assert check.advice == "stagnation"
    advice_nl = text(check.advice)
    assert "stagneert" in advice_nl and "realistisch" in advice_nl
    assert "stalling" in text(check.advice, "en")


def test_one_bad_week_between_good_ones_is_not_stagnating() -> None:
    sessions = [at(d, 20) for d in (0, 2, 4)] + [at(d, 10) for d in (7, 9, 11)]
    sessions += [at(d, 28) for d in (14, 16, 18)]
    check = check_sessions(PLAN, sessions, P, today=MONDAY + timedelta(days=21))
    assert [w.mostly_under for w in check.weeks] == [False, True, False, False]
    assert not check.stagnating


def test_before_the_start_nothing_is_judged() -> None:
    check = check_sessions(PLAN, [at(0, 20)], P, today=MONDAY - timedelta(days=1))
    assert check.current_week is None and check.weeks == () and not check.stagnating


def test_walking_sessions_take_the_longest_bout_of_a_day_if_long_enough() -> None:
    def t(day: int, hour: int) -> datetime:
        return datetime(2026, 3, 2 + day, hour, tzinfo=UTC)

    bouts = [(t(0, 9), 6.0), (t(0, 14), 21.0), (t(1, 9), 9.0), (t(7, 9), 12.0)]
    got = walking_sessions(bouts, PLAN, P)
    # Day 0: the 21-minute walk. Day 1: 9 < 0.5 x 20, household. Day 7: 12 >= 0.5 x 24.
    assert [(s.start, s.minutes, s.source) for s in got] == [
        (t(0, 14), 21.0, SOURCE_BOUT),
        (t(7, 9), 12.0, SOURCE_BOUT),
    ]


def test_every_text_has_both_languages() -> None:
    for key, entry in TEXTS.items():
        assert set(entry) == {"nl", "en"}, key


def test_a_logged_session_replaces_the_bout_of_that_day() -> None:
    bout = Session(at(0, 0).start, 35.0, SOURCE_BOUT)
    logged = at(0, 20, hour=15)
    other_day = Session(at(1, 0).start, 21.0, SOURCE_BOUT)
    check = check_sessions(PLAN, [bout, logged, other_day], P, today=MONDAY + timedelta(days=2))
    assert [(c.session.source, c.session.minutes) for c in check.sessions] == [
        (SOURCE_LOGGED, 20),
        (SOURCE_BOUT, 21.0),
    ]


def test_stagnation_ends_once_the_plan_is_back_on_track() -> None:
    # Weeks 0 and 1 mostly under, weeks 2 and 3 on plan: stagnating then, not now.
    sessions = [at(d, 15) for d in (0, 2, 4)] + [at(d, 15) for d in (7, 9, 11)]
    sessions += [at(d, 28) for d in (14, 16, 18)] + [at(d, 32) for d in (21, 23, 25)]
    then = check_sessions(PLAN, sessions, P, today=MONDAY + timedelta(days=14))
    assert then.stagnating and then.advice == "stagnation"
    now = check_sessions(PLAN, sessions, P, today=MONDAY + timedelta(days=28))
    assert [w.mostly_under for w in now.weeks] == [True, True, False, False, False]
    assert not now.stagnating and now.advice is None


def test_a_current_week_already_mostly_under_extends_the_stagnation() -> None:
    # Week 0 under, week 1 (current) has two short sessions already: stagnating.
    sessions = [at(d, 15) for d in (0, 2, 4)] + [at(d, 15) for d in (7, 9)]
    check = check_sessions(PLAN, sessions, P, today=MONDAY + timedelta(days=10))
    assert [w.mostly_under for w in check.weeks] == [True, True]
    assert check.stagnating
