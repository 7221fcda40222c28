"""A confirmed boom-bust cycle carries the worst pain of its days: the day-end job reads
the check-ins, the alert names them ("na de piekdag steeg je pijn van 3 naar 7"), and
the queued event round-trips through JSON with them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from tests.scenarios import BRUSSELS, repeated_boom_bust
from tracker.alerts.events import CycleConfirmed, DayNumbers, event_from_json, event_to_json
from tracker.alerts.outcome import events_from_outcome
from tracker.alerts.texts import render
from tracker.app.judging import judge_completed_days
from tracker.config import Config
from tracker.store.checkins import CheckIn
from tracker.store.pain_entries import save_checkins
from tracker.store.sqlite import Store


def ms(day: date, hour: int = 0) -> int:
    return int(datetime.combine(day, time(hour), BRUSSELS).timestamp() * 1000)


def test_day_end_cycle_alert_names_the_pain_of_its_days(tmp_path: Path) -> None:
    sc = repeated_boom_bust(weeks=6)
    store = Store.create(tmp_path / "data", tz=BRUSSELS)
    store.import_minutes(sc.table)
    boom, bust = sc.boom_dates[0], sc.bust_dates[0]
    save_checkins(
        store,
        [CheckIn(boom, 2, 3, 7, ""), CheckIn(bust, 5, 7, 3, "moe")],
        now_ms=ms(sc.dates[-1]),
    )
    outcome = judge_completed_days(
        store, Config(zone=BRUSSELS), now_ms=ms(sc.dates[-1] + timedelta(days=1), 1)
    )
    events = [e for e in events_from_outcome(outcome, "An") if isinstance(e, CycleConfirmed)]
    first = next(e for e in events if e.boom_dates[0] == boom)
    assert [d.worst_pain for d in first.boom_days] == [3]
    assert first.bust_days[0].day == bust and first.bust_days[0].worst_pain == 7
    # A cycle whose days have no check-in says nothing about pain.
    other = next(e for e in events if e.boom_dates[0] != boom)
    assert all(d.worst_pain is None for d in (*other.boom_days, *other.bust_days))
    nl = render(first, "nl")
    assert "Na de piekdag steeg je pijn van 3 naar 7." in nl.body
    assert "pijn op zijn ergst 7" in nl.body
    assert "After the boom day your pain went up from 3 to 7." in render(first, "en").body
    quiet = render(other, "nl").body
    assert "Na de piekdag" not in quiet and "pijn op zijn ergst" not in quiet
    again = event_from_json(first.kind, event_to_json(first))
    assert again == first
    store.close()


def test_pain_sentence_by_table() -> None:
    d1, d2 = date(2026, 3, 17), date(2026, 3, 19)

    def event(before: int | None, after: int | None) -> CycleConfirmed:
        return CycleConfirmed(
            "An", (DayNumbers(d1, 180, 60, before),), (DayNumbers(d2, 20, 60, after),)
        )

    assert "daalde je pijn van 6 naar 4" in render(event(6, 4), "nl").body
    assert "bleef je pijn even sterk (5)" in render(event(5, 5), "nl").body
    assert "piekdag" not in render(event(None, 7), "nl").body
    # An alert queued by an older version (no worst_pain key) still renders.
    old = '{"boom_days": [{"active_minutes": 180, "baseline_minutes": 60, "date": "2026-03-17"}],' \
        ' "bust_days": [{"active_minutes": 20, "baseline_minutes": 60, "date": "2026-03-19"}],' \
        ' "person": "An"}'  # fmt: skip
    assert event_from_json("boom_bust", old) == event(None, None)
