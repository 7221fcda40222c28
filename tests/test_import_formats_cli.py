"""``tracker import`` of the files people's own wearables make: told apart by content,
checked whole, each source kept apart, and the same export twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.apple_health_export import write_export_file
from tests.cli import tracker
from tests.test_store_gadgetbridge import build


def export(data: Path) -> list[str]:
    out = tracker("export", "--data-dir", data, "--output", "-")
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()[1:]


def test_a_gadgetbridge_database_by_device(tmp_path: Path) -> None:
    db = build(tmp_path / "Gadgetbridge")
    data = tmp_path / "data"
    r = tracker("import", "--data-dir", data, db)
    assert r.returncode == 1 and "choose one with --device" in r.stderr
    assert not data.exists()
    r = tracker("import", "--data-dir", data, db, "--device", "Amazfit Bip")
    assert r.returncode == 0, r.stderr
    found = "Gadgetbridge database from Amazfit Bip, 2026-03-29: 5 minutes, 5 new"
    assert r.stdout.startswith(found)
    first = export(data)
    assert len(first) == 5
    again = tracker("import", "--data-dir", data, db, "--device", "Amazfit Bip")
    assert "0 new, 5 already stored" in again.stdout and export(data) == first


def test_an_apple_health_export_with_two_sources(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    write_export_file(path, 1_500_000, as_zip=True)
    data = tmp_path / "data"
    r = tracker("import", "--data-dir", data, path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("Apple Health export from") for line in lines)
    assert {"iPhone van Ann", "Apple Watch van Ann"} == {
        line.split(" from ", 1)[1].split(",", 1)[0] for line in lines
    }
    minutes = export(data)
    assert minutes
    again = tracker("import", "--data-dir", data, path)
    assert all(" 0 new," in line for line in again.stdout.splitlines()) and export(data) == minutes


def test_files_that_are_not_what_they_seem(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cases = {
        "empty.csv": b"",
        "notes.zip": b"PK\x03\x04" + b"\x00" * 40,
        "page.xml": b'<?xml version="1.0"?><html/>',
        "other.db": b"SQLite format 3\x00" + b"\x00" * 100,
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        r = tracker("import", "--data-dir", data, path)
        assert r.returncode == 1, (name, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and str(path) in r.stderr
        assert "Traceback" not in r.stderr
    assert not data.exists()


def test_a_fit_activity_through_import_and_export(tmp_path: Path) -> None:
    from tests.fit_files import activity_file, at, walk

    w = walk(at(2026, 3, 16, 8, 0, 30), 30 * 60)
    run = tmp_path / "run.fit"
    run.write_bytes(activity_file(w))
    data = tmp_path / "data"
    r = tracker("import", "--data-dir", data, run)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("FIT file from Garmin")
    rows = [line.split(",") for line in export(data)]
    steps = sum(int(s) for _, s, _ in rows if s)
    assert steps == round(2 * w.total_strides) or abs(steps - 2 * w.total_strides) <= 0.05 * (
        2 * w.total_strides
    )
    assert all(hr for _, _, hr in rows)
    before = export(data)
    # The same file again changes nothing; a truncated one is refused and changes nothing.
    assert " 0 new," in tracker("import", "--data-dir", data, run).stdout
    cut = tmp_path / "cut.fit"
    cut.write_bytes(run.read_bytes()[: run.stat().st_size // 2])
    r = tracker("import", "--data-dir", data, cut)
    assert r.returncode == 1 and str(cut) in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and export(data) == before
