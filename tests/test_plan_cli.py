"""``tracker plan`` and ``tracker log`` as a user runs them: subprocesses, exit codes."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli import tracker as run_tracker

ROOT = Path(__file__).resolve().parents[1]
# The CLI runs with TZ=UTC, so "today" is the UTC date.
TODAY = datetime.now(UTC).date()


def tracker(*args: str) -> subprocess.CompletedProcess[str]:
    # "Today" in these tests is a UTC date.
    return run_tracker(*args, env={"TZ": "UTC"})


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_preview_json_contract() -> None:
    r = tracker(
        "plan", "preview", "--baseline", "25,27,28", "--goal", "40", "--weeks", "5", "--json"
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "baseline": 80 / 3,
        "start": 20.0,
        "increment": 4.0,
        "weeks": [{"week": k, "quota": 20.0 + 4 * k} for k in range(6)],
    }
    assert r.stderr == ""


def test_preview_from_start_level_brochure_example() -> None:
    r = tracker("plan", "preview", "--start", "20", "--goal", "40", "--weeks", "5", "--json")
    out = json.loads(r.stdout)
    assert out["baseline"] is None and out["increment"] == 4.0
    assert [w["quota"] for w in out["weeks"]] == [20.0, 24.0, 28.0, 32.0, 36.0, 40.0]


def test_preview_human_schedule() -> None:
    r = tracker("plan", "preview", "--baseline", "25,27,28", "--goal", "40", "--weeks", "5")
    assert r.returncode == 0
    assert "basisniveau" in r.stdout and "26.7" in r.stdout
    rows = [line.split() for line in r.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [(int(w), float(m)) for w, m in rows] == [(k, 20.0 + 4 * k) for k in range(6)]


def test_reduction_outside_advice_warns_but_works() -> None:
    args = ["plan", "preview", "--baseline", "40,40,40", "--goal", "60", "--weeks", "4"]
    human = tracker(*args, "--reduction", "0.5")
    assert human.returncode == 0 and "warning" in human.stderr and "0.2-0.3" in human.stderr
    machine = tracker(*args, "--reduction", "0.5", "--json")
    as_json = json.loads(machine.stdout)
    assert as_json["start"] == 20.0
    # The JSON stays exactly the contract's shape; the warning is on stderr.
    assert set(as_json) == {"baseline", "start", "increment", "weeks"}
    assert "0.2-0.3" in machine.stderr


def test_one_measurement_warns_that_the_brochure_measures_three_times() -> None:
    args = ["plan", "preview", "--baseline", "40", "--goal", "60", "--weeks", "4", "--json"]
    r = tracker(*args)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["baseline"] == 40.0
    assert r.stderr.startswith("tracker: warning: ") and "three" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_zero_baseline_says_so_in_one_line() -> None:
    r = tracker("plan", "preview", "--baseline", "0,0,0", "--goal", "40", "--weeks", "5")
    one_line_error(r, 2)
    assert "baseline" in r.stderr and "0 minutes" in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--start", "20", "--goal", "40", "--weeks", "0"],
        ["--start", "20", "--goal", "10", "--weeks", "5"],
        ["--baseline", "25,abc,28", "--goal", "40", "--weeks", "5"],
        ["--baseline", "", "--goal", "40", "--weeks", "5"],
        ["--baseline", "25,,28", "--goal", "40", "--weeks", "5"],
        ["--baseline", "25,-3", "--goal", "40", "--weeks", "5"],
        ["--baseline", "25", "--goal", "40", "--weeks", "5", "--reduction", "0.95"],
        ["--baseline", "25", "--goal", "40", "--weeks", "5", "--reduction", "-0.1"],
        ["--baseline", "25", "--start", "20", "--goal", "40", "--weeks", "5"],
        ["--goal", "40", "--weeks", "5"],
        ["--start", "20", "--goal", "40", "--weeks", "two"],
        ["--start", "20", "--goal", "nan", "--weeks", "5"],
        ["--baseline", "0,0,0", "--goal", "40", "--weeks", "5"],
        ["--start", "0", "--goal", "40", "--weeks", "5"],
    ],
)
def test_impossible_preview_exits_2_with_one_line(args: list[str]) -> None:
    one_line_error(tracker("plan", "preview", *args, "--json"), 2)


def test_set_show_and_log(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert tracker("init", "--data-dir", data).returncode == 0
    start = TODAY - timedelta(days=8)  # today is in plan week 1
    r = tracker(
        "plan", "set", "--data-dir", data, "--start", "20", "--goal", "40", "--weeks", "5",
        "--activity", "fietsen", "--start-date", start.isoformat(), "--sessions-per-week", "4",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "stored" in r.stdout
    r = tracker(
        "log", "session", "--data-dir", data, "--minutes", "20", "--date", start.isoformat()
    )
    assert r.returncode == 0, r.stderr
    # The verdict in words, never the internal name (on_plan, under).
    assert "fietsen" in r.stdout and "as agreed" in r.stdout and "on_plan" not in r.stdout
    r = tracker("log", "session", "--data-dir", data, "--minutes", "10")
    assert r.returncode == 0 and "shorter than agreed" in r.stdout

    shown = json.loads(tracker("plan", "show", "--data-dir", data, "--json").stdout)
    assert shown["activity"] == "fietsen" and shown["sessions_per_week"] == 4
    assert shown["start_date"] == start.isoformat() and shown["current_week"] == 1
    assert [w["quota"] for w in shown["weeks"]] == [20.0, 24.0, 28.0, 32.0, 36.0, 40.0]
    weeks = shown["check"]["weeks"]
    assert [(w["done"], w["on_plan"], w["under"]) for w in weeks] == [(1, 1, 0), (1, 0, 1)]
    assert weeks[0]["mostly_under"]  # 1 of 4 planned sessions done

    human = tracker("plan", "show", "--data-dir", data)
    assert human.returncode == 0
    marked = [line for line in human.stdout.splitlines() if "deze week" in line]
    assert len(marked) == 1 and marked[0].split()[0] == "1"


def test_show_without_a_plan_or_store(tmp_path: Path) -> None:
    one_line_error(tracker("plan", "show", "--data-dir", str(tmp_path / "none")), 1)
    tracker("log", "session", "--data-dir", str(tmp_path / "d"), "--minutes", "5")
    one_line_error(tracker("plan", "show", "--data-dir", str(tmp_path / "d")), 1)


@pytest.mark.parametrize(
    "args",
    [
        ["--minutes", "0"],
        ["--minutes", "-5"],
        ["--minutes", "1441"],
        ["--minutes", "inf"],
        ["--minutes", "abc"],
        ["--minutes", "10", "--date", (TODAY + timedelta(days=2)).isoformat()],
        ["--minutes", "10", "--date", "2026-13-01"],
        [],
    ],
)
def test_impossible_log_exits_2(tmp_path: Path, args: list[str]) -> None:
    one_line_error(tracker("log", "session", "--data-dir", str(tmp_path), *args), 2)
    # Nothing was stored.
    db = tmp_path / "tracker.db"
    if db.exists():
        import sqlite3

        con = sqlite3.connect(db)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "pacing_session" in tables:
                assert con.execute("SELECT COUNT(*) FROM pacing_session").fetchone()[0] == 0
        finally:
            con.close()


def test_set_with_bad_start_date_exits_2(tmp_path: Path) -> None:
    r = tracker(
        "plan", "set", "--data-dir", str(tmp_path), "--start", "20", "--goal", "40",
        "--weeks", "5", "--start-date", "next monday",
    )  # fmt: skip
    one_line_error(r, 2)


def test_show_walking_plan_counts_step_bouts_from_the_store(tmp_path: Path) -> None:
    from tracker.domain.samples import StepSample
    from tracker.store.sqlite import Store

    data = tmp_path / "data"
    start = TODAY - timedelta(days=8)
    walks = [(0, 21), (2, 30), (3, 6), (7, 24)]  # (day of plan, minutes) at 10:00 UTC
    samples = []
    for day, minutes in walks:
        t0 = datetime.combine(start + timedelta(days=day), datetime.min.time(), UTC)
        t0 += timedelta(hours=10)
        samples += [
            StepSample("watch", int((t0 + timedelta(minutes=m)).timestamp() * 1000), 100)
            for m in range(minutes)
        ]
    with Store.create(data) as store:
        store.write(samples)
    r = tracker(
        "plan", "set", "--data-dir", str(data), "--start", "20", "--goal", "40",
        "--weeks", "5", "--start-date", start.isoformat(),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    shown = json.loads(tracker("plan", "show", "--data-dir", str(data), "--json").stdout)
    got = [(s["source"], s["minutes"], s["week"], s["verdict"]) for s in shown["check"]["sessions"]]
    # The 6-minute bout is household activity (under half the quota), not the planned walk.
    assert got == [
        ("bout", 21, 0, "on_plan"),
        ("bout", 30, 0, "over"),
        ("bout", 24, 1, "on_plan"),
    ]


def test_a_new_plan_version_keeps_the_verdicts_before_its_start(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert tracker("init", "--data-dir", data).returncode == 0
    first = TODAY - timedelta(days=14)
    second = TODAY - timedelta(days=3)
    plan = ("plan", "set", "--data-dir", data, "--goal", "40", "--weeks", "4",
            "--activity", "fietsen")  # fmt: skip
    assert tracker(*plan, "--start", "20", "--start-date", first.isoformat()).returncode == 0
    r = tracker("log", "session", "--data-dir", data, "--minutes", "20",
                "--date", (first + timedelta(days=1)).isoformat())  # fmt: skip
    assert "as agreed" in r.stdout
    day_before = (second - timedelta(days=1)).isoformat()
    show = ("plan", "show", "--data-dir", data, "--json")
    before = json.loads(tracker(*show, "--today", day_before).stdout)
    # A harder plan from three days ago: the session before it stays "as agreed".
    assert tracker(*plan, "--start", "30", "--start-date", second.isoformat()).returncode == 0
    again = json.loads(tracker(*show, "--today", day_before).stdout)
    assert again["check"] == before["check"] and again["start"] == 20
    now = json.loads(tracker("plan", "show", "--data-dir", data, "--json").stdout)
    assert now["start"] == 30 and [v["start"] for v in now["versions"]] == [20, 30]
    human = tracker("plan", "show", "--data-dir", data).stdout
    assert "Versions of the plan" in human and f"from {second.isoformat()}" in human


def test_a_session_that_counts_for_no_plan_says_so(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert tracker("init", "--data-dir", data).returncode == 0
    start = TODAY - timedelta(days=2)
    assert tracker("plan", "set", "--data-dir", data, "--start", "20", "--goal", "30",
                   "--weeks", "2", "--start-date", start.isoformat()).returncode == 0  # fmt: skip
    r = tracker("log", "session", "--data-dir", data, "--minutes", "22", "--activity", "cycling")
    assert r.returncode == 0 and "does not count for the plan" in r.stdout
    assert "cycling, and the plan is for walking" in r.stdout
    early = (start - timedelta(days=3)).isoformat()
    r = tracker("log", "session", "--data-dir", data, "--minutes", "20", "--date", early)
    assert "before the plan starts" in r.stdout
    shown = tracker("plan", "show", "--data-dir", data)
    assert "do not count for the plan" in shown.stdout and early in shown.stdout
    listed = json.loads(tracker("plan", "show", "--data-dir", data, "--json").stdout)
    assert {s["activity"] for s in listed["not_counted"]} == {"cycling", "walking"}
