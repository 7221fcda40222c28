"""``tracker import`` of a minute table: checked whole, written whole, never silently merged."""

from __future__ import annotations

from pathlib import Path

from tests.cli import tracker

HEADER = "time,steps,heart_rate_bpm\n"


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


def export(data: Path) -> str:
    out = tracker("export", "--data-dir", data, "--output", "-")
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_second_import_with_other_values_is_refused_naming_the_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = write(tmp_path / "a.csv", "2026-03-16T08:00:00+01:00,50,70",
                  "2026-03-16T08:01:00+01:00,60,71.5")  # fmt: skip
    assert tracker("import", "--data-dir", data, first).returncode == 0
    before = export(data)
    # Same first minute, other steps on the second, and heart rate on a new third minute.
    second = write(
        tmp_path / "b.csv",
        "2026-03-16T08:00:00+01:00,50,70",
        "2026-03-16T08:01:00+01:00,61,71.5",
        "2026-03-16T08:02:00+01:00,,80",
    )
    r = tracker("import", "--data-dir", data, second)
    assert r.returncode == 1 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{second}:3:" in lines[0] and "1 minute of the file" in lines[0]
    assert "--replace" in lines[0]
    assert export(data) == before  # nothing written, not even the new minute

    r = tracker("import", "--data-dir", data, second, "--replace")
    assert r.returncode == 0, r.stderr
    assert "1 stored minute replaced" in r.stdout and "1 new" in r.stdout
    assert export(data) == HEADER + (
        "2026-03-16T08:00:00+01:00,50,70\n"
        "2026-03-16T08:01:00+01:00,61,71.5\n"
        "2026-03-16T08:02:00+01:00,,80\n"
    )


def test_the_same_data_again_adds_nothing_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    csv = write(tmp_path / "a.csv", "2026-03-16T08:00:00+01:00,50,70.25")
    assert tracker("import", "--data-dir", data, csv).returncode == 0
    # The export of the store is the same data too (heart rate rounded to 0.01 bpm).
    exported = tmp_path / "export.csv"
    assert tracker("export", "--data-dir", data, "--output", exported).returncode == 0
    for again in (csv, exported):
        r = tracker("import", "--data-dir", data, again)
        assert r.returncode == 0, r.stderr
        assert "0 new, 1 already stored" in r.stdout


def test_minutes_before_2000_or_in_the_future_are_refused_whole(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for when, what in (("1999-12-31T23:59:00+00:00", "before 2000"),
                       ("2099-03-16T08:00:00+01:00", "in the future")):  # fmt: skip
        csv = write(tmp_path / "x.csv", "2026-03-16T08:00:00+01:00,50,70", f"{when},10,")
        r = tracker("import", "--data-dir", data, csv)
        assert r.returncode == 1 and what in r.stderr and "Traceback" not in r.stderr
        assert not data.exists()  # a bad file does not even create the store


def test_local_times_with_a_timezone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    csv = tmp_path / "local.csv"
    csv.write_text(HEADER + "2026-03-16 08:00,50,70\n2026-07-16 08:00,60,\n")
    r = tracker("import", "--data-dir", data, csv)
    assert r.returncode == 1 and "--timezone" in r.stderr
    r = tracker("import", "--data-dir", data, csv, "--timezone", "Europe/Brussels")
    assert r.returncode == 0, r.stderr
    assert export(data) == HEADER + (
        "2026-03-16T08:00:00+01:00,50,70\n2026-07-16T08:00:00+02:00,60,\n"
    )
    bad = tracker("import", "--data-dir", data, csv, "--timezone", "Mars/Olympus")
    assert bad.returncode == 2 and "unknown time zone" in bad.stderr


def test_other_commands_do_not_create_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    watching = tmp_path / "watch.toml"
    watching.write_text(f'[import]\nwatch = ["{tmp_path}"]\n')
    for argv in (
        ("log", "session", "--data-dir", missing, "--minutes", "20"),
        ("plan", "set", "--data-dir", missing, "--start", "20", "--goal", "30", "--weeks", "2"),
        ("status", "--data-dir", missing),
        ("export", "--data-dir", missing, "--output", "-"),
        ("analyze", "--data-dir", missing),
        ("checkin", "--data-dir", missing, "--pain", "3", "--worst", "4", "--energy", "5"),
        ("ladder", "add", "bukken", "--fear", "4", "--data-dir", missing),
        ("worksheet", "answer", "energy", "wandelen", "--data-dir", missing),
        (
            "log",
            "relaxation",
            "--data-dir",
            missing,
            "--start",
            "2026-03-18T20:00",
            "--minutes",
            "15",
            "--kind",
            "progressive",
        ),
        ("inbox", "--data-dir", missing, "--config", watching),
    ):
        r = tracker(*argv)
        assert r.returncode == 1, (argv, r.stderr)
        assert "tracker init" in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert not missing.exists()
    assert tracker("init", "--data-dir", missing).returncode == 0
    assert (missing / "tracker.db").exists()


def test_a_row_with_both_values_blank_is_no_minute(tmp_path: Path) -> None:
    """It stores nothing, so it is not counted; a file of only such rows holds nothing."""
    data = tmp_path / "data"
    table = tmp_path / "m.csv"
    table.write_text(
        "time,steps,heart_rate_bpm\n2026-03-17T10:00:00+01:00,,\n2026-03-17T10:01:00+01:00,40,80\n"
    )
    done = tracker("import", "--data-dir", data, table)
    assert done.returncode == 0, done.stderr
    assert "1 minute, 1 new" in done.stdout
    blank = tmp_path / "blank.csv"
    blank.write_text("time,steps,heart_rate_bpm\n2026-03-17T10:05:00+01:00,,\n")
    refused = tracker("import", "--data-dir", data, blank)
    assert refused.returncode == 1 and "holds no steps and no heart rate" in refused.stderr
