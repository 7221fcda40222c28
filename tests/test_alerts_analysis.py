"""From the day-end analysis to alerts and Home Assistant numbers, on scenario data."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.scenarios import BRUSSELS, repeated_boom_bust
from tracker.alerts.alerter import Alerter
from tracker.alerts.events import CycleConfirmed, PlanStagnating, PlanWeekNumbers
from tracker.alerts.hubstate import build_hub_state
from tracker.alerts.outcome import events_from_outcome
from tracker.alerts.texts import render
from tracker.app.judging import JudgeOutcome, judge_completed_days
from tracker.config import Config, parse_config
from tracker.domain.samples import HeartRateSample, StepSample
from tracker.pacing.sessions import PlanCheck, WeekCheck
from tracker.store.sqlite import DeviceStatusRow, Store

CONFIG = parse_config(
    {"tracker": {"person": "An", "timezone": "Europe/Brussels"}, "alerts": {"language": "nl"}}
)


def ms(day: date, hour: int = 0, minute: int = 0) -> int:
    return int(datetime.combine(day, time(hour, minute), BRUSSELS).timestamp() * 1000)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, JudgeOutcome]]:
    sc = repeated_boom_bust(weeks=6)
    path = tmp_path_factory.mktemp("analysed") / "data"
    store = Store.create(path, tz=BRUSSELS)
    store.import_minutes(sc.table)
    now = ms(sc.dates[-1] + timedelta(days=1), 1)
    outcome = judge_completed_days(store, Config(zone=BRUSSELS), now_ms=now)
    store.close()
    assert len(outcome.new_cycles) == 3
    yield path, outcome


def test_each_new_cycle_is_one_alert_with_the_analysis_numbers(
    analysed: tuple[Path, JudgeOutcome],
) -> None:
    path, outcome = analysed
    assert outcome.result is not None
    days = {d.date: d for d in outcome.result.days}
    with Store.create(path, tz=BRUSSELS) as store:
        alerter = Alerter(store, CONFIG, clock=lambda: ms(date(2026, 2, 16), 2))
        raised = alerter.day_end(outcome)
        cycles = [e for e in raised if isinstance(e, CycleConfirmed)]
        assert [c.boom_dates for c in cycles] == [c.boom_dates for c in outcome.new_cycles]
        assert [c.bust_dates for c in cycles] == [c.bust_dates for c in outcome.new_cycles]
        for c in cycles:
            for n in (*c.boom_days, *c.bust_days):
                assert n.active_minutes == days[n.day].active_minutes
                assert n.baseline_minutes == days[n.day].baseline_active_minutes
            assert all(days[d].day_type == "boom" for d in c.boom_dates)
            assert all(days[d].day_type == "bust" for d in c.bust_dates)
        # The first boom in words, with its numbers, as the patient reads it.
        first = cycles[0].boom_days[0]
        text = render(cycles[0], "nl").body
        assert f"{round(first.active_minutes)} actieve minuten" in text
        assert f"(op een gewone dag {round(first.baseline_minutes)})" in text
        # The daemon restarts and the same outcome is handed over again: nothing new.
        again = Alerter(store, CONFIG, clock=lambda: ms(date(2026, 2, 16), 3))
        assert again.day_end(outcome) == []
        n = store.db.execute("SELECT count(*) FROM alert WHERE kind = 'boom_bust'").fetchone()
        assert n[0] == 3


def test_learning_days_never_alert(analysed: tuple[Path, JudgeOutcome]) -> None:
    _, outcome = analysed
    assert outcome.result is not None
    # Pretend the boom day had no baseline yet (still learning): that cycle is dropped.
    first_boom = outcome.new_cycles[0].boom_dates[0]
    days = tuple(
        dataclasses.replace(d, baseline_active_minutes=None) if d.date == first_boom else d
        for d in outcome.result.days
    )
    result = dataclasses.replace(outcome.result, days=days)
    events = events_from_outcome(dataclasses.replace(outcome, result=result), "An")
    assert first_boom not in [e.boom_dates[0] for e in events if isinstance(e, CycleConfirmed)]
    assert len(events) == 2


def _week(n: int, under: bool) -> WeekCheck:
    return WeekCheck(
        week=n,
        start=date(2026, 3, 2) + timedelta(weeks=n - 1),
        quota=20.0 + 4 * (n - 1),
        planned=3,
        done=2 if under else 3,
        under=2 if under else 0,
        on_plan=0 if under else 3,
        over=0,
        complete=True,
        adherence=2 / 3 if under else 1.0,
        mostly_under=under,
    )


def test_stagnating_plan_is_one_alert_per_stagnation(
    analysed: tuple[Path, JudgeOutcome],
) -> None:
    _, outcome = analysed
    assert outcome.result is not None
    weeks = (_week(1, False), _week(2, True), _week(3, True))
    check = PlanCheck(date(2026, 3, 23), 4, (), weeks, True, "stagnation")
    with_plan = dataclasses.replace(
        outcome, new_cycles=(), result=dataclasses.replace(outcome.result, plan_check=check)
    )
    (event,) = events_from_outcome(with_plan, "An")
    assert isinstance(event, PlanStagnating)
    assert event.weeks == (
        PlanWeekNumbers(2, date(2026, 3, 9), 24.0, 3, 2, 2),
        PlanWeekNumbers(3, date(2026, 3, 16), 28.0, 3, 2, 2),
    )
    assert (
        "week 2 (vanaf maandag 9 maart 2026): 2 van de 3 sessies gedaan, 2 korter dan de "
        "afgesproken 24 minuten" in render(event, "nl").body
    )
    # A week later the plan is still stuck: same stagnation, same key, no second alert.
    later = PlanCheck(date(2026, 3, 30), 5, (), (*weeks, _week(4, True)), True, "stagnation")
    (still,) = events_from_outcome(
        dataclasses.replace(
            with_plan, result=dataclasses.replace(outcome.result, plan_check=later)
        ),
        "An",
    )
    assert still.key == event.key
    not_stuck = dataclasses.replace(check, stagnating=False)
    assert (
        events_from_outcome(
            dataclasses.replace(
                with_plan, result=dataclasses.replace(outcome.result, plan_check=not_stuck)
            ),
            "An",
        )
        == []
    )


def test_hub_state_for_home_assistant(analysed: tuple[Path, JudgeOutcome]) -> None:
    path, outcome = analysed
    assert outcome.result is not None
    today = outcome.result.days[-1].date + timedelta(days=1)
    with Store.create(path, tz=BRUSSELS) as store:
        # Today so far: 10 minutes of walking at 60 steps/min, 10 calm minutes.
        samples: list[StepSample | HeartRateSample] = []
        for m in range(20):
            t = ms(today, 9, m)
            samples.append(StepSample("watch", t, 60 if m < 10 else 5))
            samples.append(HeartRateSample("strap", t, 70.0))
        store.write(samples)
        store.save_device_status(
            [
                DeviceStatusRow(
                    "watch",
                    "AA",
                    "InfiniTime",
                    True,
                    ms(today, 9, 19),
                    64,
                    2,
                    "",
                    None,
                    ms(today, 9, 20),
                )
            ]
        )
        state = build_hub_state(store, CONFIG, now_ms=ms(today, 9, 30))
    judged = outcome.result.days[-1]
    assert state.steps_today == 10 * 60 + 10 * 5
    assert state.active_minutes_today == 10
    assert state.baseline_minutes == judged.baseline_active_minutes
    assert state.day_type == str(judged.day_type)
    assert [(d.device, d.connected, d.battery_percent) for d in state.devices] == [
        ("watch", True, 64)
    ]
