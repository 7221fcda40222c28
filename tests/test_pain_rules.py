"""Pain and activity (tracker.pacing.pain, tracker.analysis.spearman): every rule by table,
and ρ with its interval against scipy.stats.spearmanr and an independent Fisher-z
computation (scipy.stats.norm, math.atanh)."""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.analysis.spearman import (
    FIELLER_SE_FACTOR,
    average_ranks,
    fisher_interval,
    rank_correlation,
    spearman_rho,
)
from tracker.pacing.cycles import Cycle
from tracker.pacing.day_rules import DayType
from tracker.pacing.days import DaySummary
from tracker.pacing.pain import (
    PainLinkStatus,
    cycle_pain,
    next_day_link,
    pain_activity,
    same_day_link,
    time_contingent_split,
)
from tracker.pacing.params import PacingParams
from tracker.pacing.sessions import (
    SOURCE_LOGGED,
    PlanCheck,
    Session,
    SessionCheck,
    SessionVerdict,
)

P = PacingParams()
LAST = date(2026, 3, 31)
BRUSSELS = ZoneInfo("Europe/Brussels")


def day(d: date, active: int, valid: bool = True) -> DaySummary:
    empty = DaySummary.empty(d, 1440)
    return dataclasses.replace(
        empty,
        active_minutes=active,
        valid=valid,
        worn_minutes=900 if valid else 0,
        data_minutes=900 if valid else 0,
        day_type=DayType.NORMAL if valid else DayType.NO_DATA,
    )


def window_days(n: int = 28, last: date = LAST) -> list[date]:
    return [last - timedelta(days=n - 1 - k) for k in range(n)]


def reference_interval(rho: float, n: int) -> tuple[float, float]:
    """Fisher z with SE 1.06/sqrt(n-3), computed independently with scipy's normal."""
    z = scipy.stats.norm.ppf(0.975)
    se = 1.06 / math.sqrt(n - 3)
    return math.tanh(math.atanh(rho) - z * se), math.tanh(math.atanh(rho) + z * se)


# -- rho and its interval ---------------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 240)), min_size=4, max_size=40))
def test_rho_and_interval_match_scipy(pairs: list[tuple[int, int]]) -> None:
    x = np.array([p for p, _ in pairs], dtype=float)
    y = np.array([a for _, a in pairs], dtype=float)
    ours = rank_correlation(x, y)
    if np.all(x == x[0]) or np.all(y == y[0]):
        assert ours.rho is None and ours.low is None  # scipy says nan (and warns)
        return
    expected = scipy.stats.spearmanr(x, y).statistic
    assert ours.rho == pytest.approx(expected, abs=1e-12)
    if abs(expected) < 1:
        low, high = reference_interval(float(expected), len(pairs))
        assert ours.low == pytest.approx(low, abs=1e-9)
        assert ours.high == pytest.approx(high, abs=1e-9)


@given(st.lists(st.integers(-3, 3), min_size=1, max_size=30))
def test_average_ranks_are_scipys(values: list[int]) -> None:
    assert average_ranks(values) == pytest.approx(scipy.stats.rankdata(values, method="average"))


@pytest.mark.parametrize(
    ("x", "y", "rho"),
    [
        ([1, 2, 3, 4], [10, 20, 30, 40], 1.0),
        ([1, 2, 3, 4], [40, 30, 20, 10], -1.0),
        # Ties: ranks x = 1.5 1.5 3 4, y = 1 2 3 4 -> rho = 0.9486832980505138.
        ([5, 5, 6, 7], [1, 2, 3, 4], 0.9486832980505138),
        ([3, 3, 3, 3], [1, 2, 3, 4], None),
        ([1], [2], None),
    ],
)
def test_rho_by_hand(x: list[float], y: list[float], rho: float | None) -> None:
    found = spearman_rho(x, y)
    assert found == (None if rho is None else pytest.approx(rho))


def test_interval_collapses_at_a_perfect_correlation_and_needs_four_pairs() -> None:
    assert fisher_interval(1.0, 20) == (1.0, 1.0)
    assert fisher_interval(0.3, 3) is None
    interval = fisher_interval(0.0, 28)
    assert interval is not None
    low, high = interval
    half = 1.959963984540054 * FIELLER_SE_FACTOR / 5.0
    assert (low, high) == pytest.approx((-math.tanh(half), math.tanh(half)))


# -- same day ----------------------------------------------------------------------------


def test_same_day_pain_contingent_pattern() -> None:
    dates = window_days()
    pains = [k % 11 for k in range(28)]
    days = [
        day(d, 120 - 9 * p + (k % 3)) for k, (d, p) in enumerate(zip(dates, pains, strict=True))
    ]
    link = same_day_link(days, dict(zip(dates, pains, strict=True)), P)
    assert link.n == 28
    assert link.status is PainLinkStatus.ACTIVITY_FOLLOWS_PAIN
    expected = scipy.stats.spearmanr(pains, [d.active_minutes for d in days]).statistic
    assert link.rho == pytest.approx(expected)
    assert link.high is not None and link.high < 0


def test_too_few_days_a_day_without_checkin_and_a_no_data_day() -> None:
    dates = window_days(16)
    days = [day(d, 100 - 5 * k) for k, d in enumerate(dates)]
    pains = {d: k % 10 for k, d in enumerate(dates)}
    # 16 pairs; take two away: one day has no check-in, one has no valid minutes.
    del pains[dates[3]]
    days[5] = day(dates[5], 0, valid=False)
    link = same_day_link(days, pains, P)
    assert link.n == 14 and link.status is not PainLinkStatus.INSUFFICIENT_DATA
    del pains[dates[7]]
    short = same_day_link(days, pains, P)
    assert short.n == 13
    assert short.status is PainLinkStatus.INSUFFICIENT_DATA
    assert short.rho is None and short.interval is None


def test_no_clear_link_when_pain_never_changes() -> None:
    dates = window_days()
    days = [day(d, 40 + k) for k, d in enumerate(dates)]
    link = same_day_link(days, dict.fromkeys(dates, 4), P)
    assert link.status is PainLinkStatus.NO_CLEAR_LINK and link.rho is None


def test_no_clear_link_for_unrelated_pain() -> None:
    rng = np.random.default_rng(3)
    dates = window_days()
    days = [day(d, int(a)) for d, a in zip(dates, rng.integers(20, 90, 28), strict=True)]
    pains = dict(zip(dates, (int(p) for p in rng.integers(0, 11, 28)), strict=True))
    link = same_day_link(days, pains, P)
    assert link.status is PainLinkStatus.NO_CLEAR_LINK
    assert link.low is not None and link.high is not None and link.low < 0 < link.high


# -- next day ----------------------------------------------------------------------------


def test_next_day_pain_follows_activity_and_pairs_need_both_days() -> None:
    dates = window_days()
    active = [30 + 11 * (k % 9) for k in range(28)]
    days = [day(d, a) for d, a in zip(dates, active, strict=True)]
    # The worst pain of day d+1 rises with the active minutes of day d.
    pains = {dates[0]: 2} | {dates[k + 1]: min(10, active[k] // 12) for k in range(27)}
    link = next_day_link(days, pains, P)
    assert link.n == 27
    assert link.status is PainLinkStatus.PAIN_FOLLOWS_ACTIVITY
    x = [active[k] for k in range(27)]
    y = [pains[dates[k + 1]] for k in range(27)]
    assert link.rho == pytest.approx(scipy.stats.spearmanr(x, y).statistic)
    # Day d without a check-in breaks two pairs (d-1, d) and (d, d+1).
    fewer = dict(pains)
    del fewer[dates[10]]
    assert next_day_link(days, fewer, P).n == 25
    # An invalid day d+1 breaks the pair too.
    days[20] = day(dates[20], 0, valid=False)
    assert next_day_link(days, pains, P).n == 25


def test_pain_window_is_the_28_days_ending_on_the_last_day() -> None:
    dates = window_days(40)
    days = [day(d, 50 + (k * 7) % 30) for k, d in enumerate(dates)]
    pains = {d: (k * 3) % 11 for k, d in enumerate(dates)}
    found = pain_activity(days, pains, LAST, P)
    assert (found.first, found.last) == (LAST - timedelta(days=27), LAST)
    assert found.checkins == 28 and found.same_day.n == 28
    # Pairs inside the window only: 27.
    assert found.next_day.n == 27
    assert found.first is not None
    inside = [d for d in days if d.date >= found.first]
    x = [pains[d.date] for d in inside]
    y = [d.active_minutes for d in inside]
    assert found.same_day.rho == pytest.approx(scipy.stats.spearmanr(x, y).statistic)
    j = found.to_json()
    assert j["days"] == 28 and j["same_day"] in {s.value for s in PainLinkStatus}
    assert len(j["same_day_ci"]) == 2 and j["same_day_ci"][0] <= j["same_day_rho"]
    assert len(j["series"]) == 28


def test_without_checkins_everything_is_insufficient_and_null() -> None:
    days = [day(d, 60) for d in window_days()]
    j = pain_activity(days, {}, LAST, P).to_json()
    assert j["days"] == 0 and j["checkins"] == 0
    assert j["same_day"] == j["next_day"] == "insufficient_data"
    assert j["same_day_rho"] is j["same_day_ci"] is j["next_day_rho"] is j["next_day_ci"] is None
    empty = pain_activity([], {}, None, P).to_json()
    assert empty["same_day"] == "insufficient_data" and empty["first"] is None


# -- time-contingent check and cycles ----------------------------------------------------


def _check(sessions: list[tuple[date, SessionVerdict]]) -> PlanCheck:
    checks = tuple(
        SessionCheck(
            Session(datetime(d.year, d.month, d.day, 12, tzinfo=BRUSSELS), 20.0, SOURCE_LOGGED),
            0, 20.0, v,
        )
        for d, v in sessions
    )  # fmt: skip
    return PlanCheck(LAST, 0, checks, (), False, None)


def test_sessions_split_by_the_days_worst_pain() -> None:
    dates = window_days()
    # Worst pain 2 on even days, 6 on odd days: median 4.
    pains = {d: 2 if k % 2 == 0 else 6 for k, d in enumerate(dates)}
    sessions = [
        (dates[1], SessionVerdict.UNDER),  # harder
        (dates[3], SessionVerdict.UNDER),  # harder
        (dates[5], SessionVerdict.ON_PLAN),  # harder
        (dates[0], SessionVerdict.OVER),  # easier
        (dates[2], SessionVerdict.ON_PLAN),  # easier
        (LAST + timedelta(days=1), SessionVerdict.OVER),  # after the window: left out
    ]
    split = time_contingent_split(_check(sessions), pains, dates[0], LAST, P)
    assert split.median_worst_pain == 4.0
    assert (split.harder.sessions, split.harder.under, split.harder.on_plan) == (3, 2, 1)
    assert (split.easier.sessions, split.easier.over, split.easier.on_plan) == (2, 1, 1)
    assert split.harder.share(SessionVerdict.UNDER) == pytest.approx(2 / 3)
    # A day at the median counts as harder ("at or above").
    level = dict.fromkeys(dates, 5)
    at = time_contingent_split(_check([(dates[4], SessionVerdict.ON_PLAN)]), level, dates[0],
                               LAST, P)  # fmt: skip
    assert at.harder.sessions == 1 and at.easier.sessions == 0


def test_no_split_below_fourteen_checkins_and_none_for_a_day_without_one() -> None:
    dates = window_days()
    pains = {d: 3 for d in dates[:13]}
    split = time_contingent_split(_check([(dates[0], SessionVerdict.UNDER)]), pains, dates[0],
                                  LAST, P)  # fmt: skip
    assert not split.sufficient and split.harder.sessions == 0
    pains = {d: 3 for d in dates[:14]}
    split = time_contingent_split(_check([(dates[20], SessionVerdict.UNDER)]), pains, dates[0],
                                  LAST, P)  # fmt: skip
    assert split.sufficient and split.harder.sessions == split.easier.sessions == 0


def test_cycles_carry_the_worst_pain_of_their_days() -> None:
    boom, bust1, bust2 = date(2026, 3, 17), date(2026, 3, 19), date(2026, 3, 20)
    found = cycle_pain([Cycle((boom,), (bust1, bust2))], {boom: 3, bust1: 7})
    assert found[0].boom_pain == (3,) and found[0].bust_pain == (7, None)
    assert (found[0].before, found[0].after) == (3, 7)
    assert cycle_pain([Cycle((boom,), (bust1,))], {})[0].before is None
