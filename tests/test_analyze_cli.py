"""``tracker analyze`` from the outside: the JSON contract, the table, every exit code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli import tracker
from tests.scenarios import repeated_boom_bust

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scenario_csv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    sc = repeated_boom_bust(weeks=5)
    path = sc.write_csv(tmp_path_factory.mktemp("cli") / "minutes.csv")
    return path, sc


def test_json_contract(scenario_csv: tuple[Path, Any]) -> None:
    path, sc = scenario_csv
    res = tracker("analyze", "--input", str(path), "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    days = out["days"]
    assert [d["date"] for d in days] == [d.isoformat() for d in sc.dates]
    for d, active in zip(days, sc.active_minutes, strict=True):
        assert d["worn_minutes"] == 900 and d["active_minutes"] == active
        assert isinstance(d["steps"], int) and d["steps"] > 0
        assert d["day_type"] in {"no_data", "learning", "boom", "bust", "normal"}
        assert d["baseline_active_minutes"] is None or isinstance(
            d["baseline_active_minutes"], float
        )
    assert days[0]["baseline_active_minutes"] is None and days[0]["day_type"] == "learning"
    bout = out["bouts"][0]
    assert bout["start"] == f"{sc.dates[0].isoformat()}T09:00:00+01:00"
    assert bout["end"] == f"{sc.dates[0].isoformat()}T09:20:00+01:00"
    assert bout["minutes"] == 20
    assert out["cycles"] == [
        {"boom_dates": [b.isoformat()], "bust_dates": [u.isoformat()]}
        for b, u in zip(sc.boom_dates, sc.bust_dates, strict=True)
    ]


def test_timezone_option(tmp_path: Path) -> None:
    csv = tmp_path / "utc.csv"
    csv.write_text(
        "time,steps,heart_rate_bpm\n2026-03-16T23:30:00+00:00,60,\n2026-03-17T00:30:00+00:00,60,\n"
    )
    plain = json.loads(tracker("analyze", "--input", str(csv), "--json").stdout)
    assert [d["date"] for d in plain["days"]] == ["2026-03-16", "2026-03-17"]
    res = tracker("analyze", "--input", str(csv), "--timezone", "Europe/Brussels", "--json")
    zoned = json.loads(res.stdout)
    assert [d["date"] for d in zoned["days"]] == ["2026-03-17"]
    assert zoned["days"][0]["active_minutes"] == 2


def test_readable_table(scenario_csv: tuple[Path, Any]) -> None:
    path, sc = scenario_csv
    res = tracker("analyze", "--input", str(path))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split()[:4] == ["date", "day", "type", "worn"]
    boom_line = next(line for line in lines if line.startswith(sc.boom_dates[0].isoformat()))
    assert "BOOM" in boom_line and "180" in boom_line
    assert any("boom " + sc.boom_dates[0].isoformat() in line for line in lines)


def test_malformed_csv_names_the_line_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "time,steps,heart_rate_bpm\n"
        "2026-03-16T08:00:00+01:00,12,70\n"
        "2026-03-16T08:01:00+01:00,twelve,70\n"
    )
    res = tracker("analyze", "--input", str(bad), "--json")
    assert res.returncode == 1
    assert res.stdout == ""
    assert res.stderr.strip() == (
        f"tracker: {bad}:3: steps 'twelve' is not a whole number (digits 0-9 only)"
    )
    assert "Traceback" not in res.stderr


def test_missing_file_exits_1(tmp_path: Path) -> None:
    res = tracker("analyze", "--input", str(tmp_path / "nope.csv"))
    assert res.returncode == 1 and "cannot read" in res.stderr


@pytest.mark.parametrize(
    ("config", "option", "message"),
    [
        (None, ("--timezone", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        ("[analysis]\nactive_steps_per_min = -5\n", (), "analysis.active_steps_per_min"),
    ],
    ids=["unknown time zone", "bad config"],
)
def test_bad_options_exit_2_in_one_line(
    tmp_path: Path,
    scenario_csv: tuple[Path, Any],
    config: str | None,
    option: tuple[str, ...],
    message: str,
) -> None:
    if config is not None:
        (tmp_path / "bad.toml").write_text(config)
        option = ("--config", str(tmp_path / "bad.toml"))
    res = tracker("analyze", "--input", str(scenario_csv[0]), *option)
    assert res.returncode == 2
    assert message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_config_changes_the_rules(tmp_path: Path, scenario_csv: tuple[Path, Any]) -> None:
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("[analysis]\nactive_steps_per_min = 200\n")
    res = tracker("analyze", "--input", str(scenario_csv[0]), "--config", str(cfg), "--json")
    assert res.returncode == 0, res.stderr
    assert all(d["active_minutes"] == 0 for d in json.loads(res.stdout)["days"])


def test_input_takes_entries_from_a_store_and_the_config_names_the_store(tmp_path: Path) -> None:
    # Both: the file's minutes, the store's check-ins; a store that is not there says so.
    res = tracker("analyze", "--input", "x.csv", "--data-dir", str(tmp_path))
    assert res.returncode == 1 and "tracker init" in res.stderr
    # Neither: the configuration's data_dir (here one without a store: one line says so).
    config = tmp_path / "c.toml"
    config.write_text(f'[tracker]\ndata_dir = "{tmp_path / "none"}"\n')
    res = tracker("analyze", env={"TRACKER_CONFIG": str(config)})
    assert (
        res.returncode == 1
        and "tracker init" in res.stderr
        and str(tmp_path / "none") in res.stderr
    )


def test_data_dir_after_import(tmp_path: Path, scenario_csv: tuple[Path, Any]) -> None:
    path, _ = scenario_csv
    data = tmp_path / "data"
    imp = tracker("import", "--data-dir", str(data), str(path))
    assert imp.returncode == 0, imp.stderr
    zone = ("--timezone", "Europe/Brussels")  # the store's days follow a zone, never rows
    from_store = json.loads(tracker("analyze", "--data-dir", str(data), "--json", *zone).stdout)
    from_csv = json.loads(tracker("analyze", "--input", str(path), "--json", *zone).stdout)
    assert from_store["days"] == from_csv["days"]
    assert from_store["cycles"] == from_csv["cycles"]
    missing = tracker("analyze", "--data-dir", str(tmp_path / "none"))
    assert missing.returncode == 1 and "no tracker data" in missing.stderr


def test_empty_file_exits_1_naming_line_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    res = tracker("analyze", "--input", str(empty), "--json")
    assert res.returncode == 1, res.stderr
    assert res.stdout == ""
    assert res.stderr.strip() == (
        f"tracker: {empty}:1: file is empty (expected header time,steps,heart_rate_bpm)"
    )


def test_the_store_is_analysed_in_the_configured_zone(tmp_path: Path) -> None:
    """An autumn DST day has 1500 minutes in Brussels; analyze follows the config's zone."""
    csv = tmp_path / "dst.csv"
    rows = [
        f"2026-10-{d:02d}T{h:02d}:00:00+00:00,50," for d in (24, 25, 26) for h in range(0, 24, 3)
    ]
    csv.write_text("time,steps,heart_rate_bpm\n" + "\n".join(rows) + "\n")
    data = tmp_path / "data"
    assert tracker("import", "--data-dir", data, csv).returncode == 0
    config = tmp_path / "c.toml"
    config.write_text(f'[tracker]\ntimezone = "Europe/Brussels"\ndata_dir = "{data}"\n')
    out = tracker("analyze", "--config", config, "--json")
    assert out.returncode == 0, out.stderr
    days = {d["date"]: d["day_minutes"] for d in json.loads(out.stdout)["days"]}
    assert days["2026-10-25"] == 1500
    assert json.loads(out.stdout)["timezone"] == "Europe/Brussels"


def test_since_until_and_a_store_of_many_years(tmp_path: Path) -> None:
    csv = tmp_path / "years.csv"
    csv.write_text(
        "time,steps,heart_rate_bpm\n2012-01-02T09:00:00+00:00,50,\n"
        + "".join(f"2026-03-{d:02d}T09:00:00+00:00,50,\n" for d in range(1, 11))
    )
    data = tmp_path / "data"
    assert tracker("import", "--data-dir", data, csv).returncode == 0
    zone = ("--timezone", "UTC")
    # Fourteen years apart: the default window is the last year with data.
    out = tracker("analyze", "--data-dir", data, "--json", *zone)
    assert out.returncode == 0, out.stderr
    dates = [d["date"] for d in json.loads(out.stdout)["days"]]
    assert dates[0] >= "2025-03-11" and dates[-1] == "2026-03-10"
    out = tracker("analyze", "--data-dir", data, "--json", *zone,
                  "--since", "2026-03-03", "--until", "2026-03-05")  # fmt: skip
    assert [d["date"] for d in json.loads(out.stdout)["days"]] == [
        "2026-03-03", "2026-03-04", "2026-03-05",
    ]  # fmt: skip
    bad = tracker("analyze", "--data-dir", data, "--since", "2026-04-01", *zone)
    assert bad.returncode == 2 and "after the last day" in bad.stderr
    bad = tracker("analyze", "--data-dir", data, "--since", "soon", *zone)
    assert bad.returncode == 2 and "--since must be a date" in bad.stderr


def test_rows_with_two_offsets_and_no_zone_are_refused_with_advice(tmp_path: Path) -> None:
    csv = tmp_path / "two.csv"
    csv.write_text(
        "time,steps,heart_rate_bpm\n2026-03-28T09:00:00+01:00,50,\n2026-03-29T09:00:00+02:00,50,\n"
    )
    r = tracker("analyze", "--input", csv)
    assert r.returncode == 2 and "--timezone" in r.stderr and len(r.stderr.splitlines()) == 1
    assert tracker("analyze", "--input", csv, "--timezone", "Europe/Brussels").returncode == 0
