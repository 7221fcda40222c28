"""Which week ``tracker report`` describes: the last complete one by default, any week by
its ISO name in any case or by a date inside it, and never the future as if it were past."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli import tracker
from tracker.domain.weeks import week_of

TODAY = datetime.now(UTC).date()
ENV = {"TZ": "UTC"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with a walk every day of the last three weeks, today included."""
    tmp = tmp_path_factory.mktemp("weeks")
    rows = []
    for k in range(21, -1, -1):
        day = TODAY - timedelta(days=k)
        for m in range(30):
            rows.append(f"{day.isoformat()}T09:{m:02d}:00+00:00,60,")
    csv = tmp / "m.csv"
    csv.write_text("time,steps,heart_rate_bpm\n" + "\n".join(rows) + "\n")
    assert tracker("import", "--data-dir", tmp / "data", csv, env=ENV).returncode == 0
    return tmp / "data"


def report(data: Path, *args: str) -> tuple[int, str, str]:
    out = data.parent / "r.html"
    r = tracker("report", "--data-dir", data, "--output", out, "--lang", "en", *args, env=ENV)
    html = out.read_text(encoding="utf-8") if r.returncode == 0 else ""
    out.unlink(missing_ok=True)
    return r.returncode, r.stderr, html


def test_the_default_is_the_last_complete_week(data: Path) -> None:
    last = week_of(TODAY - timedelta(days=7))
    code, err, html = report(data)
    assert code == 0, err
    assert f"Week {last.week} of {last.year}" in html and 'id="in-progress"' not in html


def test_a_week_by_name_in_lower_case_or_by_a_date_inside_it(data: Path) -> None:
    last = week_of(TODAY - timedelta(days=7))
    by_name = report(data, "--week", str(last).lower())[2]
    by_date = report(data, "--week", (last.monday + timedelta(days=3)).isoformat())[2]
    assert by_name and by_name == by_date


def test_this_week_says_it_is_not_over_yet(data: Path) -> None:
    code, err, html = report(data, "--week", TODAY.isoformat())
    assert code == 0, err
    assert 'id="in-progress"' in html and "not over yet" in html


@pytest.mark.parametrize("week", ["2099-W10", (date.today() + timedelta(days=14)).isoformat()])
def test_a_future_week_is_refused_in_one_line(data: Path, week: str) -> None:
    code, err, _ = report(data, "--week", week)
    assert code == 2 and "lies in the future" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "2026-W54", "2026W12", "soon"])
def test_impossible_weeks_are_one_line_usage_errors(data: Path, week: str) -> None:
    code, err, _ = report(data, "--week", week)
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
