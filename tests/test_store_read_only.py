"""Every command that only reads the store works on a read-only store: a backup on a
read-only mount, a directory or a file nobody may write (made read-only for real, for
root too: tests/read_only_media.py).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli import tracker
from tests.read_only_media import T0_MS, assert_cannot_write, copy_while_writing, read_only
from tests.stores import RealStore, copy_store
from tracker.domain.samples import HeartRateSample
from tracker.store.sqlite import DB_NAME, Store

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer

# The ways a store can be read-only here, and what each one locks.
WAYS = ("directory", "file", "mount")


def read_commands(store_dir: Path, real: RealStore, out: Path) -> dict[str, list[str | Path]]:
    last = real.last_day.isoformat()
    report = out / "r.html"
    return {
        "status": ["status", "--data-dir", store_dir],
        "status --json": ["status", "--data-dir", store_dir, "--json"],
        "export": ["export", "--data-dir", store_dir, "--output", out / "minutes.csv"],
        "analyze": ["analyze", "--data-dir", store_dir, "--json"],
        "report": ["report", "--data-dir", store_dir, "--week", real.week, "--output", report],
        "plan show": ["plan", "show", "--data-dir", store_dir, "--today", last, "--json"],
        "check": ["check", "--data-dir", store_dir],
    }


def comparable(name: str, stdout: str) -> object:
    """What a command printed, less what changes by itself: the disk's free space that
    ``status --json`` reports moves with every file any process writes."""
    if name != "status --json":
        return stdout
    doc = json.loads(stdout)
    del doc["daemon"]["disk_free_bytes"]
    return doc


@pytest.fixture(scope="module")
def expected(real: RealStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What each command prints on the writable original."""
    out = tmp_path_factory.mktemp("expected")
    got = {}
    for name, argv in read_commands(real.data_dir, real, out).items():
        proc = tracker(*argv)
        assert proc.returncode == 0, (name, proc.stderr)
        got[name] = proc.stdout
    got["minutes.csv"] = (out / "minutes.csv").read_text()
    return got


@pytest.mark.slow
@pytest.mark.parametrize("way", WAYS)
def test_read_commands_work_on_a_read_only_store(
    real: RealStore, expected: dict[str, str], tmp_path: Path, way: str
) -> None:
    copy = copy_store(real, tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    before = sorted(p.name for p in copy.data_dir.iterdir())
    with read_only(copy.data_dir, way, tmp_path / "mnt") as store_dir:
        assert_cannot_write(store_dir, directory_too=way != "file")
        for name, argv in read_commands(store_dir, real, out).items():
            proc = tracker(*argv)
            assert proc.returncode == 0, (way, name, proc.stderr)
            assert "warning" not in proc.stderr, (way, name, proc.stderr)
            if name in ("status", "check"):
                continue  # they name the directory, which differs
            if name == "report":
                assert "<html" in (out / "r.html").read_text()
                continue
            assert comparable(name, proc.stdout) == comparable(name, expected[name]), (way, name)
        assert (out / "minutes.csv").read_text() == expected["minutes.csv"]
    if way != "file":
        assert sorted(p.name for p in copy.data_dir.iterdir()) == before


def test_status_of_a_read_only_store_without_alert_tables(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store.create(data):
        pass
    with read_only(data, "directory", tmp_path / "mnt") as store_dir:
        assert_cannot_write(store_dir, directory_too=True)
        proc = tracker("status", "--data-dir", store_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Alerts: none sent yet" in proc.stdout


# -- a copy taken while the daemon was writing: its newest changes are in the WAL --------


def minutes_exported(store_dir: Path, out: Path) -> tuple[int, str]:
    proc = tracker("export", "--data-dir", store_dir, "--output", out)
    assert proc.returncode == 0, proc.stderr
    return len(out.read_text().splitlines()) - 1, proc.stderr


def test_a_read_only_copy_with_its_log_and_index_is_read_whole(tmp_path: Path) -> None:
    copy = copy_while_writing(tmp_path, with_index=True)
    with read_only(copy, "directory", tmp_path / "mnt") as store_dir:
        assert_cannot_write(store_dir, directory_too=True)
        rows, stderr = minutes_exported(store_dir, tmp_path / "m.csv")
    assert rows == 3 and stderr.startswith("3 minutes written")


def test_a_read_only_copy_without_its_index_says_what_is_left_out(tmp_path: Path) -> None:
    copy = copy_while_writing(tmp_path, with_index=False)
    with read_only(copy, "directory", tmp_path / "mnt") as store_dir:
        assert_cannot_write(store_dir, directory_too=True)
        rows, stderr = minutes_exported(store_dir, tmp_path / "m.csv")
    # SQLite cannot read a log without writing its index beside it: the last sample is
    # missing, and the person is told so in one line.
    assert rows == 2
    warning = stderr.splitlines()[0]
    assert warning.startswith("tracker: warning: ") and "tracker.db-wal" in warning
    assert "left out" in warning


def test_nothing_is_created_beside_a_read_only_store(tmp_path: Path) -> None:
    """``mode=ro`` on a writable directory would create the WAL index: the check on open
    and the queries leave a clean copy (no -wal, -shm) without new files where it cannot."""
    data = tmp_path / "data"
    with Store.create(data) as store:
        store.write([HeartRateSample("strap", T0_MS, 70.0)])
    with read_only(data, "directory", tmp_path / "mnt") as store_dir:
        with Store.open(store_dir, read_only=True) as store:
            assert store.read_only and store.fully_checked
            assert store.minute_rows() == [(T0_MS // 1000, None, 70.0)]
            with pytest.raises(sqlite3.OperationalError):
                store.db.execute("DELETE FROM heart_rate")
        assert sorted(p.name for p in store_dir.iterdir()) == [DB_NAME]


@pytest.mark.slow
def test_sync_sends_history_from_a_read_only_store(
    real: RealStore, tmp_path: Path, victoria: VictoriaServer
) -> None:
    copy = copy_store(real, tmp_path / "data")
    config = tmp_path / "config.toml"
    config.write_text(f'[influxdb]\nurl = "{victoria.url}"\nbucket = "b"\n')
    config.chmod(0o600)
    with read_only(copy.data_dir, "directory", tmp_path / "mnt") as store_dir:
        assert_cannot_write(store_dir, directory_too=True)
        proc = tracker("sync", "--data-dir", store_dir, "--config", config)
    assert proc.returncode == 0, proc.stderr
    with Store.open(real.data_dir, read_only=True) as store:
        strap_seconds = store.db.execute(
            "SELECT count(*) FROM heart_rate WHERE device = 'strap'"
        ).fetchone()[0]
    assert victoria.count("heart_rate_bpm") >= strap_seconds > 0
