"""The program's commands as a person types them: checkin, import
of a check-in list, analyze's pain and relaxation objects checked against scipy and the
minutes themselves, log relaxation, ladder, worksheet, log session --kind; every bad input
is one line, exit 1, and writes nothing."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import scipy.stats

from tests.cli import tracker
from tests.db import select
from tests.scenarios import BRUSSELS, build_table
from tracker.domain.minutes import MinuteTable
from tracker.formats.minute_csv import write_csv
from tracker.store.sqlite import Store

FIRST = date(2026, 2, 2)
DAYS = 42
LAST = FIRST + timedelta(days=DAYS - 1)  # Sunday 15 March 2026
NO_DATA = date(2026, 3, 4)  # no minutes at all, but a check-in
NO_CHECKIN = date(2026, 3, 9)  # minutes, but no check-in


def worst_pain_of(k: int) -> int:
    return [2, 3, 3, 5, 6, 4, 7][k % 7]  # ties on purpose


def active_of(k: int) -> int:
    # More pain, fewer active minutes (with a wobble): the pain-contingent pattern.
    return 110 - 9 * worst_pain_of(k) + (k * 5) % 13


@dataclass(frozen=True)
class Built:
    data: Path
    config: Path
    csv: Path


def _drop_day(table: MinuteTable, day: date) -> MinuteTable:
    lo = int(datetime.combine(day, datetime.min.time(), BRUSSELS).timestamp())
    keep = (table.time_s < lo) | (table.time_s >= lo + 86_400)
    return MinuteTable(
        table.time_s[keep], table.offset_s[keep], table.steps[keep], table.heart_rate_bpm[keep]
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("program")
    table = _drop_day(build_table(FIRST, [active_of(k) for k in range(DAYS)]), NO_DATA)
    csv = tmp / "minutes.csv"
    with csv.open("w", newline="") as fh:
        write_csv(table, fh)
    data = tmp / "data"
    assert tracker("import", "--data-dir", data, csv).returncode == 0
    config = tmp / "config.toml"
    config.write_text('[tracker]\ntimezone = "Europe/Brussels"\n')
    rows = ["date,pain,worst_pain,energy,note"]
    for k in range(DAYS):
        day = FIRST + timedelta(days=k)
        if day != NO_CHECKIN:
            rows.append(f'{day},{max(0, worst_pain_of(k) - 2)},{worst_pain_of(k)},5,"dag {k}, ok"')
    diary = tmp / "diary.csv"
    diary.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = tracker("import", "--data-dir", data, "--config", config, diary)
    assert done.returncode == 0, done.stderr
    assert "41 check-ins" in done.stdout
    return Built(data, config, csv)


def one_line_error(res: subprocess.CompletedProcess[str]) -> str:
    assert res.returncode == 1, (res.stdout, res.stderr)
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def expected_link(x: list[float], y: list[float]) -> tuple[float, list[float]]:
    rho = float(scipy.stats.spearmanr(x, y).statistic)
    z, se = scipy.stats.norm.ppf(0.975), 1.06 / math.sqrt(len(x) - 3)
    return rho, [math.tanh(math.atanh(rho) - z * se), math.tanh(math.atanh(rho) + z * se)]


def test_analyze_pain_is_spearman_over_the_last_28_days(built: Built) -> None:
    res = tracker("analyze", "--data-dir", built.data, "--config", built.config, "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    pain = out["pain"]
    assert (pain["first"], pain["last"]) == ((LAST - timedelta(days=27)).isoformat(), str(LAST))
    # Independent truth: the days analyze reports and the check-ins written above.
    days = {d["date"]: d for d in out["days"] if d["valid"]}
    worst = {
        (FIRST + timedelta(days=k)).isoformat(): worst_pain_of(k)
        for k in range(DAYS)
        if FIRST + timedelta(days=k) != NO_CHECKIN
    }
    window = [(LAST - timedelta(days=27 - i)).isoformat() for i in range(28)]
    same = [(worst[d], days[d]["active_minutes"]) for d in window if d in days and d in worst]
    assert len(same) == 26  # 28 days, minus the day without minutes and the one without check-in
    assert str(NO_DATA) not in days and pain["days"] == 26
    rho, ci = expected_link([p for p, _ in same], [a for _, a in same])
    assert pain["same_day_rho"] == pytest.approx(rho, abs=1e-9)
    assert pain["same_day_ci"] == pytest.approx(ci, abs=1e-9)
    assert pain["same_day"] == "activity_follows_pain" and ci[1] < 0
    pairs = [
        (days[a]["active_minutes"], worst[b])
        for a, b in itertools.pairwise(window)
        if a in days and b in days and a in worst and b in worst
    ]
    assert pain["next_day_pairs"] == len(pairs) == 23  # 27, minus two pairs per gap day
    rho, ci = expected_link([a for a, _ in pairs], [p for _, p in pairs])
    assert pain["next_day_rho"] == pytest.approx(rho, abs=1e-9)
    assert pain["next_day_ci"] == pytest.approx(ci, abs=1e-9)
    assert pain["next_day"] == ("pain_follows_activity" if ci[0] > 0 else "no_clear_link")


def test_until_moves_the_window_and_too_few_days_are_null(built: Built) -> None:
    until = FIRST + timedelta(days=12)  # 13 days of data and check-ins in all
    res = tracker(
        "analyze",
        "--data-dir",
        built.data,
        "--config",
        built.config,
        "--json",
        "--until",
        str(until),
    )
    pain = json.loads(res.stdout)["pain"]
    assert pain["last"] == str(until) and pain["days"] == 13
    assert pain["same_day"] == pain["next_day"] == "insufficient_data"
    assert pain["same_day_rho"] is None and pain["same_day_ci"] is None
    assert pain["next_day_rho"] is None and pain["next_day_ci"] is None


def test_analyze_input_has_checkins_only_with_a_store(built: Built) -> None:
    alone = json.loads(
        tracker("analyze", "--input", built.csv, "--json", "--timezone", "Europe/Brussels").stdout
    )
    assert alone["pain"]["checkins"] == 0 and alone["pain"]["same_day"] == "insufficient_data"
    assert alone["pain"]["last"] == str(LAST)
    both = tracker(
        "analyze",
        "--input",
        built.csv,
        "--data-dir",
        built.data,
        "--json",
        "--timezone",
        "Europe/Brussels",
    )
    assert both.returncode == 0, both.stderr
    from_store = json.loads(
        tracker("analyze", "--data-dir", built.data, "--config", built.config, "--json").stdout
    )
    assert json.loads(both.stdout)["pain"] == from_store["pain"]


def test_checkin_contract(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    data.mkdir()  # an empty directory made for the data (as `mktemp -d` does)
    day = ("--data-dir", data, "--date", "2026-03-18")
    ok = tracker("checkin", *day, "--pain", "3", "--worst", "5", "--energy", "6")
    assert ok.returncode == 0, ok.stderr
    again = tracker(
        "checkin", *day, "--pain", "2", "--worst", "4", "--energy", "7", "--note", "beter"
    )
    assert again.returncode == 0 and "replaced" in again.stdout
    rows = select(data / "tracker.db", "SELECT date, pain, worst_pain, energy, note FROM checkin")
    assert rows == [("2026-03-18", 2, 4, 7, "beter")]
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    for bad in (
        ["--pain", "11", "--worst", "5", "--energy", "6"],
        ["--pain", "3", "--worst", "-1", "--energy", "6"],
        ["--pain", "x", "--worst", "5", "--energy", "6"],
        ["--pain", "3", "--worst", "5", "--energy", "6.5"],
        ["--pain", "6", "--worst", "5", "--energy", "6"],
        ["--pain", "3", "--worst", "5", "--energy", "6", "--date", tomorrow],
        ["--pain", "3", "--worst", "5", "--energy", "6", "--date", "18/03/2026"],
        ["--pain", "3", "--worst", "5", "--energy", "6", "--note", "a\x07b"],
    ):
        res = tracker("checkin", "--data-dir", data, "--date", "2026-03-17", *bad)
        one_line_error(res)
        # Nothing written, and a directory that did not exist is not created.
        none = tracker("checkin", "--data-dir", tmp_path / "never", "--date", "2026-03-17", *bad)
        one_line_error(none)
        assert not (tmp_path / "never").exists()
    assert select(data / "tracker.db", "SELECT count(*) FROM checkin") == [(1,)]


def test_checkin_list_errors_name_their_line_and_write_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    good = tmp_path / "good.csv"
    good.write_text("date,pain,worst_pain,energy\n2026-03-16,2,3,6\n2026-03-17,4,6,3\n")
    assert tracker("import", "--data-dir", data, good).returncode == 0
    cases = {
        "date,pain,worst_pain,energy\n2026-03-18,2,3,6\n2026-03-19,2,x,6\n": ":3: worst_pain",
        "date,pain,worst_pain,energy\n2026-03-18,2,3,6\n2026-03-18,2,3,6\n": ":3: date 2026-03-18",
        "date,pain,worst_pain,energy\n2026-03-18,2,3,16\n": ":2: energy must be",
        "date,pain,worst_pain,energy\n2026-03-18,5,3,6\n": ":2: worst_pain cannot be lower",
        "date,pain,worst_pain,energy\n2099-03-18,1,3,6\n": ":2: date is in the future",
        "date,pain,worst_pain,energy\n18/03/2026,1,3,6\n": ":2: date '18/03/2026'",
        "date,pain,worst_pain,energy\n2026-03-18,1,3\n": ":2: expected 4 fields",
        'date,pain,worst_pain,energy,note\n2026-03-18,1,3,6,"open\n': "cannot be read",
    }
    for i, (text, where) in enumerate(cases.items()):
        bad = tmp_path / f"bad{i}.csv"
        bad.write_text(text)
        err = one_line_error(tracker("import", "--data-dir", data, bad))
        assert where in err, (where, err)
    assert select(data / "tracker.db", "SELECT date FROM checkin ORDER BY date") == [
        ("2026-03-16",),
        ("2026-03-17",),
    ]
    # A note with a comma, quoted; a day already stored is replaced and counted.
    more = tmp_path / "more.csv"
    more.write_text('\ufeffdate,pain,worst_pain,energy,note\n2026-03-17,1,2,8,"beter, echt"\n')
    res = tracker("import", "--data-dir", data, more)
    assert res.returncode == 0 and "1 replaced" in res.stdout, res.stdout


def test_log_relaxation_answers_with_the_minutes_around_it(built: Built, tmp_path: Path) -> None:
    data = tmp_path / "relax"
    assert tracker("import", "--data-dir", data, built.csv).returncode == 0
    start = "2026-03-11T19:50:00+01:00"
    res = tracker(
        "log",
        "relaxation",
        "--data-dir",
        data,
        "--config",
        built.config,
        "--start",
        start,
        "--minutes",
        "15",
        "--kind",
        "progressive",
    )
    assert res.returncode == 0, res.stderr
    out = json.loads(
        tracker("analyze", "--data-dir", data, "--config", built.config, "--json").stdout
    )
    (entry,) = out["relaxation"]
    assert (entry["start"], entry["minutes"], entry["kind"]) == (start, 15, "progressive")
    # Independent truth: the CSV's own heart rates in the three windows.
    rows = [line.split(",") for line in built.csv.read_text().splitlines()[1:]]
    t0 = datetime.fromisoformat(start)

    def mean(lo: int, hi: int) -> float | None:
        vals = [
            float(h)
            for t, _, h in rows
            if h and lo <= (datetime.fromisoformat(t) - t0).total_seconds() / 60 < hi
        ]
        return float(np.mean(vals)) if vals else None

    assert entry["hr_before"] == pytest.approx(mean(-10, 0))
    assert entry["hr_during"] == pytest.approx(mean(0, 15))
    assert entry["hr_after"] == pytest.approx(mean(15, 25))
    # No minute at night: null, not zero.
    night = tracker(
        "log",
        "relaxation",
        "--data-dir",
        data,
        "--start",
        "2026-03-12T02:00:00+01:00",
        "--minutes",
        "10",
        "--kind",
        "mindfulness",
    )
    assert night.returncode == 0
    out = json.loads(
        tracker("analyze", "--data-dir", data, "--config", built.config, "--json").stdout
    )
    late = next(r for r in out["relaxation"] if r["kind"] == "mindfulness")
    assert late["hr_before"] is late["hr_during"] is late["hr_after"] is None
    # After the last minute with data: listed too, its heart rate unknown.
    after = tracker(
        "log", "relaxation", "--data-dir", data, "--start", "2026-04-20T20:00:00+02:00",
        "--minutes", "20", "--kind", "breathing",
    )  # fmt: skip
    assert after.returncode == 0
    out = json.loads(
        tracker("analyze", "--data-dir", data, "--config", built.config, "--json").stdout
    )
    last = out["relaxation"][-1]
    assert (last["start"], last["kind"], last["hr_during"]) == (
        "2026-04-20T20:00:00+02:00", "breathing", None,
    )  # fmt: skip
    for bad in (
        ["--start", start, "--minutes", "15", "--kind", "yoga"],
        ["--start", start, "--minutes", "0", "--kind", "other"],
        ["--start", start, "--minutes", "veel", "--kind", "other"],
        ["--start", start, "--minutes", "500", "--kind", "other"],
        ["--start", "gisteren", "--minutes", "15", "--kind", "other"],
        ["--start", "2099-01-01T10:00", "--minutes", "15", "--kind", "other"],
    ):
        one_line_error(tracker("log", "relaxation", "--data-dir", data, *bad))
    out = json.loads(
        tracker("analyze", "--data-dir", data, "--config", built.config, "--json").stdout
    )
    assert len(out["relaxation"]) == 3


# Each command that writes an entry: its words, then its options.
ENTRY_COMMANDS = (
    (["checkin"], ["--date", "2026-03-18", "--pain", "3", "--worst", "5", "--energy", "6"]),
    (["log", "session"], ["--date", "2026-03-18", "--minutes", "20"]),
    (["log", "relaxation"], ["--start", "2026-03-18T20:00:00+01:00", "--minutes", "15",
                             "--kind", "progressive"]),
    (["ladder", "add"], ["bukken", "--fear", "40"]),
    (["plan", "set"], ["--baseline", "20,22,24", "--goal", "40", "--weeks", "5",
                       "--start-date", "2026-03-16"]),
)  # fmt: skip


@pytest.mark.parametrize(("words", "options"), ENTRY_COMMANDS, ids=lambda a: " ".join(a))
def test_entries_make_a_store_only_in_an_empty_directory(
    tmp_path: Path, words: list[str], options: list[str]
) -> None:
    """A mistyped --data-dir is refused and never created (issue 9); an empty directory
    made for the data takes a new store; a directory holding other files is refused."""
    typo = tmp_path / "typo"
    err = one_line_error(tracker(*words, "--data-dir", typo, *options))
    assert "tracker init" in err and not typo.exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x")
    assert "tracker init" in one_line_error(tracker(*words, "--data-dir", other, *options))
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    done = tracker(*words, "--data-dir", empty, *options)
    assert done.returncode == 0, done.stderr
    assert (empty / "tracker.db").exists()


def test_ladder_contract(tmp_path: Path) -> None:
    data = tmp_path / "ladder"
    data.mkdir()
    assert tracker("ladder", "add", "--data-dir", data, "bukken", "--fear", "40").returncode == 0
    show = json.loads(tracker("ladder", "show", "--data-dir", data, "--json").stdout)
    assert show == [
        {
            "name": "bukken",
            "rank": 1,
            "fear": 40,
            "sessions": 0,
            "done": False,
            "suggested": True,
            "exposures": [],
        }
    ]
    for name, fear in (("tillen", "70"), ("fietsen", "10")):
        assert tracker("ladder", "add", "--data-dir", data, name, "--fear", fear).returncode == 0
    res = tracker(
        "ladder",
        "practise",
        "--data-dir",
        data,
        "bukken",
        "--expected-pain",
        "6",
        "--expected-fear",
        "50",
        "--pain",
        "3",
        "--fear",
        "30",
    )
    assert res.returncode == 0, res.stderr
    assert tracker("ladder", "done", "--data-dir", data, "FIETSEN").returncode == 0
    show = json.loads(tracker("ladder", "show", "--data-dir", data, "--json").stdout)
    assert [(i["name"], i["rank"], i["done"], i["sessions"]) for i in show] == [
        ("fietsen", 1, True, 0),
        ("bukken", 2, False, 1),
        ("tillen", 3, False, 0),
    ]
    assert [i["name"] for i in show if i["suggested"]] == ["bukken"]
    assert show[1]["exposures"][0]["pain"] == 3
    for bad in (
        ["add", "bukken", "--fear", "20"],  # already there
        ["add", "springen", "--fear", "101"],
        ["add", "springen", "--fear", "veel"],
        ["add", "   ", "--fear", "20"],
        ["add", "x" * 61, "--fear", "20"],
        ["remove", "zwemmen"],
        [
            "practise",
            "bukken",
            "--expected-pain",
            "11",
            "--expected-fear",
            "5",
            "--pain",
            "1",
            "--fear",
            "1",
        ],
        [
            "practise",
            "zwemmen",
            "--expected-pain",
            "1",
            "--expected-fear",
            "5",
            "--pain",
            "1",
            "--fear",
            "1",
        ],
    ):
        one_line_error(tracker("ladder", bad[0], "--data-dir", data, *bad[1:]))
    for k in range(7):
        assert (
            tracker("ladder", "add", "--data-dir", data, f"beweging {k}", "--fear", "50").returncode
            == 0
        )
    err = one_line_error(tracker("ladder", "add", "--data-dir", data, "de elfde", "--fear", "5"))
    assert "ten" in err
    assert tracker("ladder", "remove", "--data-dir", data, "bukken").returncode == 0
    show = json.loads(tracker("ladder", "show", "--data-dir", data, "--json").stdout)
    assert len(show) == 9 and "bukken" not in [i["name"] for i in show]


def test_worksheet_answers_are_dated_and_kept(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    Store.create(data).close()  # as `tracker init` does: entries never make a store
    assert tracker("worksheet", "answer", "--data-dir", data, "energy", "wandelen").returncode == 0
    assert tracker("worksheet", "answer", "--data-dir", data, "energy", "de hond").returncode == 0
    out = json.loads(tracker("worksheet", "show", "--data-dir", data, "--json").stdout)
    assert [a["text"] for a in out["energy"]] == ["de hond", "wandelen"]
    assert out["outlet"] == [] and out["energy"][0]["date"] == date.today().isoformat()
    one_line_error(tracker("worksheet", "answer", "--data-dir", data, "geluk", "ja"))
    one_line_error(tracker("worksheet", "answer", "--data-dir", data, "energy", "   "))


def test_must_and_want_reach_the_report(built: Built, tmp_path: Path) -> None:
    data = tmp_path / "mw"
    assert tracker("import", "--data-dir", data, built.csv).returncode == 0
    for args in (
        ["--minutes", "30", "--activity", "strijken", "--kind", "must", "--date", "2026-03-10"],
        ["--minutes", "45", "--activity", "tuinieren", "--kind", "want", "--date", "2026-03-12"],
    ):
        assert tracker("log", "session", "--data-dir", data, *args).returncode == 0
    out = tmp_path / "r.html"
    res = tracker(
        "report",
        "--data-dir",
        data,
        "--config",
        built.config,
        "--week",
        "2026-W11",
        "--lang",
        "nl",
        "--output",
        out,
    )
    assert res.returncode == 0, res.stderr
    html = out.read_text()
    said = "1 keer iets wat moest (30 minuten) en 1 keer iets wat je graag deed (45 minuten)"
    assert said in html


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "session", "--date", "0206-03-18", "--minutes", "20"],
        ["log", "relaxation", "--start", "0206-03-18T20:00:00+01:00", "--minutes", "15",
         "--kind", "progressive"],
        ["checkin", "--date", "1999-12-31", "--pain", "3", "--worst", "5", "--energy", "6"],
        ["plan", "set", "--start", "20", "--goal", "40", "--weeks", "5",
         "--start-date", "0206-03-16"],
    ],
    ids=lambda a: " ".join(a[:2]),
)  # fmt: skip
def test_a_date_before_2000_is_a_typo_of_the_year(tmp_path: Path, argv: list[str]) -> None:
    data = tmp_path / "data"
    Store.create(data).close()
    done = tracker(*argv, "--data-dir", data)
    assert done.returncode in (1, 2) and "before 2000" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    tables = {name for (name,) in select(data / "tracker.db", "SELECT name FROM sqlite_master")}
    for table in {"pacing_session", "pacing_plan", "relaxation", "checkin"} & tables:
        assert select(data / "tracker.db", f"SELECT count(*) FROM {table}") == [(0,)], table
