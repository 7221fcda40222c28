"""Boom-bust cycles: hand-made day-type tables at every edge, and a property test."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.pacing.cycles import Cycle, find_cycles
from tracker.pacing.day_rules import DayType
from tracker.pacing.params import PacingParams

P = PacingParams()
B, N, L, X, Z = DayType.BOOM, DayType.NORMAL, DayType.LEARNING, DayType.BUST, DayType.NO_DATA
D0 = date(2026, 3, 2)


def days(n: int) -> list[date]:
    return [D0 + timedelta(days=i) for i in range(n)]


def cycles_of(types: list[DayType]) -> list[tuple[list[int], list[int]]]:
    """Cycles as day indexes, for readable expectations."""
    found = find_cycles(days(len(types)), types, P)
    return [
        ([(d - D0).days for d in c.boom_dates], [(d - D0).days for d in c.bust_dates])
        for c in found
    ]


def test_bust_on_day_plus_three_counts_plus_four_does_not() -> None:
    assert cycles_of([N, B, N, N, X, N]) == [([1], [4])]
    assert cycles_of([N, B, N, N, N, X]) == []


def test_bust_the_next_day() -> None:
    assert cycles_of([B, X]) == [([0], [1])]


def test_run_of_two_booms_then_bust() -> None:
    assert cycles_of([N, B, B, X, N]) == [([1, 2], [3])]
    # The window counts from the last boom day of the run.
    assert cycles_of([B, B, N, N, X]) == [([0, 1], [4])]


def test_no_data_after_a_boom_is_not_a_bust() -> None:
    assert cycles_of([N, B, Z, Z, Z, N]) == []
    # ... and does not hide a real bust in the window either.
    assert cycles_of([N, B, Z, X]) == [([1], [3])]


def test_no_data_splits_a_boom_run() -> None:
    assert cycles_of([B, Z, B, X]) == [([2], [3])]


def test_every_bust_in_the_window_is_listed() -> None:
    assert cycles_of([B, X, X, X, X]) == [([0], [1, 2, 3])]


def test_a_new_boom_ends_the_window() -> None:
    # Boom, normal, boom, bust: the second boom starts its own run and owns the bust.
    assert cycles_of([B, N, B, X]) == [([2], [3])]
    # The bust before the new boom stays with the first run.
    assert cycles_of([B, X, B, X]) == [([0], [1]), ([2], [3])]


def test_nothing_during_learning() -> None:
    assert cycles_of([L, L, L, L]) == []
    assert cycles_of([B, L, L, L]) == []


def test_missing_dates_are_days_without_data() -> None:
    dates = [D0, D0 + timedelta(days=1), D0 + timedelta(days=3)]
    assert find_cycles(dates, [B, B, X], P) == [
        Cycle(boom_dates=(D0, D0 + timedelta(days=1)), bust_dates=(D0 + timedelta(days=3),))
    ]
    # A gap inside a run of booms splits it.
    assert find_cycles([D0, D0 + timedelta(days=2), D0 + timedelta(days=3)], [B, B, X], P) == [
        Cycle(boom_dates=(D0 + timedelta(days=2),), bust_dates=(D0 + timedelta(days=3),))
    ]


def test_configured_window() -> None:
    params = PacingParams(cycle_window_days=1)
    assert find_cycles(days(3), [B, N, X], params) == []
    assert find_cycles(days(2), [B, X], params) != []


def test_to_json() -> None:
    (cycle,) = find_cycles(days(3), [B, B, X], P)
    assert cycle.to_json() == {
        "boom_dates": ["2026-03-02", "2026-03-03"],
        "bust_dates": ["2026-03-04"],
    }
    assert cycle.first_boom == D0


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.sampled_from(list(DayType)), max_size=60))
def test_cycles_only_from_boom_and_bust_days(types: list[DayType]) -> None:
    dates = days(len(types))
    kind = dict(zip(dates, types, strict=True))
    seen_busts: set[date] = set()
    previous_end = date.min
    for cycle in find_cycles(dates, types, P):
        assert cycle.boom_dates and cycle.bust_dates
        assert all(kind[d] is DayType.BOOM for d in cycle.boom_dates)
        assert all(kind[d] is DayType.BUST for d in cycle.bust_dates)
        # Booms are consecutive and maximal; busts follow within the window.
        run = cycle.boom_dates
        assert all((b - a).days == 1 for a, b in itertools.pairwise(run))
        assert kind.get(run[0] - timedelta(days=1)) is not DayType.BOOM
        assert kind.get(run[-1] + timedelta(days=1)) is not DayType.BOOM
        assert all(1 <= (d - run[-1]).days <= P.cycle_window_days for d in cycle.bust_dates)
        assert run[0] > previous_end
        assert not seen_busts & set(cycle.bust_dates)
        seen_busts |= set(cycle.bust_dates)
        previous_end = cycle.bust_dates[-1]
    # Completeness: every boom run with a bust in its window (before the next boom) is found.
    found_runs = {c.boom_dates[-1] for c in find_cycles(dates, types, P)}
    for i, t in enumerate(types):
        if t is DayType.BOOM and (i + 1 == len(types) or types[i + 1] is not DayType.BOOM):
            window = types[i + 1 : i + 1 + P.cycle_window_days]
            before_boom = window[: window.index(B)] if B in window else window
            assert (dates[i] in found_runs) == (X in before_boom)
