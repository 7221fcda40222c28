"""The program's tables in the store, round trip: ladder and exposures, relaxation (logged
and running), worksheets, must/want marks, check-ins in bulk; a read-only store that never
had the tables holds nothing; the check-in list's reader and the app layer's checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.scenarios import BRUSSELS
from tracker.app import ladder as app_ladder
from tracker.app import worksheets as app_worksheets
from tracker.app.checkins import InputError, check_checkin
from tracker.app.pain import check_checkin_file, check_entry, record_checkin
from tracker.app.relaxation import log_relaxation
from tracker.app.relaxation_control import relaxation_command, running
from tracker.domain.errors import ImportFileError, MinuteCsvError
from tracker.domain.exercises import RelaxationSession
from tracker.formats.checkin_csv import parse_checkin_text
from tracker.pacing.exposure import Exposure
from tracker.pacing.must_want import ActivityKind
from tracker.pacing.sessions import SOURCE_LOGGED, Session
from tracker.store import ladder, relaxation, worksheets
from tracker.store.checkins import CheckIn
from tracker.store.marks import log_marked_session, marked_activities
from tracker.store.pain_entries import save_checkins, worst_pain_by_day
from tracker.store.plans import logged_sessions
from tracker.store.sqlite import Store

NOW = datetime(2026, 3, 18, 21, 0, tzinfo=BRUSSELS)
NOW_MS = int(NOW.timestamp() * 1000)


def test_ladder_round_trip_and_removal_takes_the_sessions(store: Store) -> None:
    a = ladder.add_item(store, "bukken", 40, now_ms=NOW_MS)
    b = ladder.add_item(store, "tillen", 70, now_ms=NOW_MS + 1)
    with pytest.raises(ladder.DuplicateItem):
        ladder.add_item(store, "BUKKEN", 10, now_ms=NOW_MS)
    ladder.add_exposure(store, Exposure(0, a.id, NOW, 6, 50, 3, 30), now_ms=NOW_MS)
    ladder.add_exposure(store, Exposure(0, b.id, NOW, 8, 80, 8, 75), now_ms=NOW_MS)
    ladder.set_done(store, a.id, True, now_ms=NOW_MS)
    assert [i.done for i in ladder.items(store)] == [True, False]
    assert [e.pain for e in ladder.exposures(store)] == [3, 8]
    ladder.remove_item(store, a.id)
    assert [i.name for i in ladder.items(store)] == ["tillen"]
    assert [e.item_id for e in ladder.exposures(store)] == [b.id]
    got = ladder.exposures(store, NOW_MS, NOW_MS + 1)[0]
    assert got.time == NOW and (got.expected_pain, got.fear) == (8, 75)


def test_the_app_keeps_the_ladder_to_ten_and_checks_every_value(store: Store) -> None:
    for k in range(10):
        app_ladder.add_item(store, f"  beweging   {k} ", 10 * k, now_ms=NOW_MS + k)
    assert app_ladder.progress(store)[0].item.name == "beweging 0"  # spaces folded
    for name, fear, problem in (("nog een", 5, "ladder_full"), ("beweging 3", 5, "item_exists"),
                                ("", 5, "empty"), ("x" * 61, 5, "item_long"),
                                ("a\x1bb", 5, "control"), ("ok", 101, "fear_range"),
                                ("ok", None, "fear_range")):  # fmt: skip
        with pytest.raises(InputError) as err:
            app_ladder.add_item(store, name, fear, now_ms=NOW_MS)
        assert err.value.problem == problem, name
    item = app_ladder.item_named(store, "BEWEGING 2")
    with pytest.raises(InputError):
        app_ladder.record_exposure(store, item, NOW + timedelta(hours=1), 1, 1, 1, 1, now=NOW)
    with pytest.raises(InputError) as err:
        app_ladder.record_exposure(store, item, NOW, 1, 1, 11, 1, now=NOW)
    assert err.value.field == "pain"
    assert ladder.exposures(store) == []


def test_relaxation_logged_running_and_stopped(store: Store) -> None:
    log_relaxation(store, NOW - timedelta(hours=2), 15, "mindfulness", now=NOW)
    with pytest.raises(InputError):
        log_relaxation(store, NOW + timedelta(minutes=5), 15, "mindfulness", now=NOW)
    assert relaxation_command(store, "start", now=NOW).startswith("relaxation exercise running")
    # A second start keeps the first running.
    relaxation_command(store, "start", now=NOW + timedelta(minutes=3))
    run = running(store)
    assert run is not None and run.start == NOW
    said = relaxation_command(store, "stop", now=NOW + timedelta(minutes=20, seconds=20))
    assert said == "relaxation exercise of 20 min recorded"
    assert relaxation_command(store, "stop", now=NOW).startswith("no relaxation exercise")
    assert "ignored" in relaxation_command(store, "dance", now=NOW)
    sessions = relaxation.relaxations(store)
    assert [(s.minutes, s.kind) for s in sessions] == [(15.0, "mindfulness"), (20.0, "other")]
    assert sessions[1] == RelaxationSession(NOW, 20.0, "other")
    # A mis-tap (under a minute) leaves nothing behind.
    relaxation_command(store, "start", now=NOW + timedelta(hours=1))
    relaxation_command(store, "stop", now=NOW + timedelta(hours=1, seconds=20))
    assert running(store) is None and len(relaxation.relaxations(store)) == 2


def test_worksheets_keep_every_answer(store: Store) -> None:
    app_worksheets.save_answer(store, "help", "nee", day=date(2026, 3, 1), author="anna",
                               now_ms=1)  # fmt: skip
    app_worksheets.save_answer(store, "help", "soms\r\nwel", day=date(2026, 3, 8),
                               author="anna", now_ms=2)  # fmt: skip
    found = app_worksheets.answers(store)
    assert [a.text for a in found["help"]] == ["soms\nwel", "nee"]
    assert set(found) == set(app_worksheets.QUESTIONS) and found["life"] == []
    for question, text in (("geluk", "ja"), ("help", " "), ("help", "x" * 2001)):
        with pytest.raises(InputError):
            app_worksheets.save_answer(store, question, text, day=date(2026, 3, 8),
                                       author="anna", now_ms=3)  # fmt: skip
    assert len(worksheets.answers(store)) == 2


def test_marks_go_with_their_session(store: Store) -> None:
    s = Session(NOW, 30.0, SOURCE_LOGGED, "strijken")
    log_marked_session(store, s, ActivityKind.MUST)
    log_marked_session(store, Session(NOW, 10.0, SOURCE_LOGGED, "lezen"), None)
    assert [x.activity for x in logged_sessions(store)] == ["strijken", "lezen"]
    (mark,) = marked_activities(store, NOW.date(), NOW.date())
    assert (mark.activity, mark.kind, mark.minutes) == ("strijken", ActivityKind.MUST, 30.0)
    assert (
        marked_activities(store, NOW.date() + timedelta(days=1), NOW.date() + timedelta(days=2))
        == []
    )


def test_checkins_in_bulk_replace_and_count(store: Store) -> None:
    d1, d2 = date(2026, 3, 16), date(2026, 3, 17)
    record_checkin(store, check_entry(d1, 2, 3, 5, "", today=d2), now_ms=1)
    with pytest.raises(InputError) as err:
        check_entry(d2 + timedelta(days=1), 2, 3, 5, "", today=d2)
    assert err.value.problem == "future"
    assert save_checkins(store, [CheckIn(d1, 1, 2, 6, ""), CheckIn(d2, 4, 7, 2, "")], now_ms=2) == 1
    assert worst_pain_by_day(store, None, None) == {d1: 2, d2: 7}
    assert worst_pain_by_day(store, d2, d2) == {d2: 7}


def test_a_read_only_store_without_the_tables_holds_nothing(tmp_path: Path) -> None:
    Store.create(tmp_path / "old").close()  # a store from before these tables
    with Store.open(tmp_path / "old", read_only=True) as old:
        assert ladder.items(old) == [] and ladder.exposures(old) == []
        assert relaxation.relaxations(old) == [] and relaxation.running(old) is None
        assert worksheets.answers(old) == [] and worst_pain_by_day(old, None, None) == {}
        assert marked_activities(old, date(2026, 1, 1), date(2026, 12, 31)) == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "header must be"),
        ("time,steps,heart_rate_bpm\n", 1, "header must be"),
        ("date,pain,worst_pain,energy\n", 2, "holds no check-ins"),
        ("date,pain,worst_pain,energy\n\n2026-03-16,1,2,3\n2026-03-17,1,2\n", 4, "expected 4"),
        ("date,pain,worst_pain,energy\n2026-03-16,1,2.5,3\n", 2, "worst_pain '2.5'"),
        ("date,pain,worst_pain,energy\n2026-02-30,1,2,3\n", 2, "date '2026-02-30'"),
        ("date,pain,worst_pain,energy\n2026-03-16,1,2,3\n2026-03-16,1,2,3\n", 3, "also on line 2"),
        ("date,pain,worst_pain,energy,note\n2026-03-16,1,2,3,\"a\nb\"\n2026-03-17,x,2,3,\n",
         4, "pain 'x'"),
    ],
)  # fmt: skip
def test_the_checkin_list_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MinuteCsvError) as err:
        parse_checkin_text(text, "diary.csv")
    assert err.value.line == line and words in str(err.value), str(err.value)
    assert str(err.value).startswith(f"diary.csv:{line}: ")


def test_the_checkin_list_is_checked_by_the_hub_pages_rules(tmp_path: Path) -> None:
    good = tmp_path / "ok.csv"
    good.write_text('date,pain,worst_pain,energy,note\n2026-03-16,1,2,3,"een, twee"\n')
    (c,) = check_checkin_file(good, today=date(2026, 3, 18)).checkins
    assert c.note == "een, twee"
    bad = tmp_path / "bad.csv"
    bad.write_text("date,pain,worst_pain,energy\n2026-03-16,1,2,3\n2026-03-17,4,2,3\n")
    with pytest.raises(ImportFileError) as err:
        check_checkin_file(bad, today=date(2026, 3, 18))
    assert str(err.value) == (
        f"{bad}:3: worst_pain cannot be lower than the pain now; nothing was imported"
    )


def test_settled_nights_are_kept_and_an_import_forgets_them(store: Store) -> None:
    from tracker.app.body import nights_for
    from tracker.config import Config
    from tracker.domain.samples import HeartRateSample
    from tracker.store.derived import forget_days_from
    from tracker.store.nights import stored_nights

    config = Config(zone=BRUSSELS)
    first = date(2026, 3, 10)
    for k in range(5):  # 01:00-02:00 at 55 bpm, one sample a minute
        t0 = int(datetime.combine(first + timedelta(days=k), datetime.min.time(), BRUSSELS)
                 .timestamp() * 1000) + 3_600_000  # fmt: skip
        store.write([HeartRateSample("strap", t0 + m * 60_000, 55.0) for m in range(60)])
    now_ms = int(datetime(2026, 3, 14, 12, tzinfo=BRUSSELS).timestamp() * 1000)
    nights = nights_for(store, config, first, first + timedelta(days=4), now_ms=now_ms)
    assert [n.resting_hr_bpm for n in nights] == [55.0] * 5
    # Kept: the mornings at least two days before "now" (10, 11, 12 March).
    assert sorted(stored_nights(store, first, first + timedelta(days=4))) == [
        first, first + timedelta(days=1), first + timedelta(days=2),
    ]  # fmt: skip
    forget_days_from(store, first + timedelta(days=1))
    assert sorted(stored_nights(store, first, first + timedelta(days=4))) == [first]


@pytest.mark.parametrize(
    ("pain", "worst", "energy", "note", "problems"),
    [
        (None, None, None, "", {"pain": "choose", "worst_pain": "choose", "energy": "choose"}),
        (11, 3, None, "a\x07b", {"pain": "scale", "energy": "choose", "note": "control"}),
        (5, 3, 12, "", {"energy": "scale", "worst_pain": "below_now"}),
        (5, None, 2, "", {"worst_pain": "choose"}),
    ],
)
def test_a_checkin_names_every_impossible_field_the_first_first(
    pain: int | None, worst: int | None, energy: int | None, note: str,
    problems: dict[str, str],
) -> None:  # fmt: skip
    """The hub page marks them all at once; the command line says the first."""
    with pytest.raises(InputError) as err:
        check_checkin(date(2026, 3, 18), pain, worst, energy, note)
    assert err.value.problems == problems
    assert next(iter(err.value.problems)) == err.value.field
