"""A damaged store (pages overwritten, as a failing SD card does) is named as damaged, in
one line that says what to do, by every command; and nothing is written into it.

The damage is real: random pages of a copy of a store built through the real code paths
(tests/stores.py) are overwritten with random bytes, for several seeds.
"""

from __future__ import annotations

import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli import tracker
from tests.stores import (
    PAGE_BYTES,
    UNREACHABLE_URL,
    RealStore,
    copy_store,
    damage_pages,
)
from tracker.store import damage
from tracker.store.backup import backup_store, restore_store
from tracker.store.check_record import RECORD_NAME, read_record
from tracker.store.damage import StoreDamaged
from tracker.store.maintenance import check_store
from tracker.store.sqlite import Store

SEEDS = (0, 1, 2, 3)
PAGES_DAMAGED = 3


@pytest.fixture
def fresh(real: RealStore, tmp_path: Path) -> RealStore:
    return copy_store(real, tmp_path / "copy")


def pages_of(db_path: Path, table: str) -> list[int]:
    """The pages of one table's b-tree (SQLite's dbstat)."""
    db = sqlite3.connect(db_path)
    try:
        return [int(p) for (p,) in db.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    finally:
        db.close()


def overwrite(db_path: Path, page: int, data: bytes = b"\xa5" * PAGE_BYTES) -> None:
    with db_path.open("r+b") as fh:
        fh.seek((page - 1) * PAGE_BYTES)
        fh.write(data)


def commands(store: RealStore, tmp: Path) -> Iterator[tuple[str, list[str | Path]]]:
    """Every command that opens the store, as a person would type it."""
    d = store.data_dir
    csv = tmp / "minutes.csv"
    csv.write_text("time,steps,heart_rate_bpm\n2026-02-16T10:00:00+01:00,50,80\n")
    config = tmp / "config.toml"
    config.write_text(f'[influxdb]\nurl = "{UNREACHABLE_URL}"\nbucket = "b"\n')
    config.chmod(0o600)
    last = store.last_day.isoformat()
    yield "status", ["status", "--data-dir", d]
    yield "export", ["export", "--data-dir", d, "--output", tmp / "out.csv"]
    yield "analyze", ["analyze", "--data-dir", d]
    yield "report", ["report", "--data-dir", d, "--week", store.week, "--output", tmp / "r.html"]
    yield "plan show", ["plan", "show", "--data-dir", d, "--today", last]
    yield "sync", ["sync", "--data-dir", d, "--config", config]
    yield "check", ["check", "--data-dir", d]
    yield "backup", ["backup", "--data-dir", d, "--output", tmp / f"backup-{d.name}.db"]
    yield "import", ["import", "--data-dir", d, csv]
    yield "log", ["log", "session", "--data-dir", d, "--minutes", "20", "--date", last]
    yield "plan set", [
        "plan", "set", "--data-dir", d, "--baseline", "25,27,28", "--goal", "40", "--weeks", "5"
    ]  # fmt: skip
    yield "day-end", ["day-end", "--data-dir", d]
    yield "user list", ["user", "list", "--data-dir", d]


def assert_damage_line(proc: subprocess.CompletedProcess[str], store: RealStore) -> None:
    assert "internal error" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.splitlines()[-1]
    assert f"the store in {store.data_dir} is damaged" in last
    assert f"tracker check --data-dir {store.data_dir}" in last or "tracker restore" in last
    if "check" not in proc.args:
        assert proc.stderr.count("\n") == 1, proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_every_command_says_the_store_is_damaged(
    real: RealStore, tmp_path: Path, seed: int
) -> None:
    store = copy_store(real, tmp_path / "data")
    damage_pages(store.db_path, seed, PAGES_DAMAGED)
    before = store.db_path.read_bytes()
    for name, argv in commands(store, tmp_path):
        proc = tracker(*argv)
        assert_damage_line(proc, store)
        # Nothing was written: not into the file, not into a write-ahead log.
        assert store.db_path.read_bytes() == before, name
        wal = store.data_dir / "tracker.db-wal"
        assert not wal.exists() or wal.stat().st_size == 0, name
    assert not list(tmp_path.glob("*backup*"))  # a damaged store is never backed up


@pytest.mark.slow
def test_a_clean_copy_passes_every_command(real: RealStore, tmp_path: Path) -> None:
    """The same commands on the undamaged store: the damage test above is not a tautology."""
    store = copy_store(real, tmp_path / "data")
    for name, argv in commands(store, tmp_path):
        if name in ("sync", "day-end"):
            continue  # sync needs a server; day-end is covered by its own tests
        proc = tracker(*argv)
        assert proc.returncode == 0, (name, proc.stderr)
        assert "damaged" not in proc.stderr


def test_a_damaged_header_is_damage_too(fresh: RealStore) -> None:
    overwrite(fresh.db_path, 1)
    proc = tracker("export", "--data-dir", fresh.data_dir, "--output", "-")
    assert_damage_line(proc, fresh)
    check = tracker("check", "--data-dir", fresh.data_dir)
    assert check.returncode == 1 and "not a database" in check.stdout


def test_check_lists_what_sqlite_found(fresh: RealStore) -> None:
    sound = tracker("check", "--data-dir", fresh.data_dir)
    assert sound.returncode == 0, sound.stderr
    assert f"the store in {fresh.data_dir} is sound" in sound.stdout
    overwrite(fresh.db_path, pages_of(fresh.db_path, "steps")[-1])
    damaged = tracker("check", "--data-dir", fresh.data_dir)
    assert damaged.returncode == 1
    assert "table steps:" in damaged.stdout
    assert damaged.stderr.count("\n") == 1
    assert "tracker restore --input BACKUP" in damaged.stderr
    doc = tracker("check", "--data-dir", fresh.data_dir, "--json")
    assert doc.returncode == 1 and '"ok": false' in doc.stdout


def test_an_empty_file_is_not_a_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "tracker.db").write_bytes(b"")
    with pytest.raises(StoreDamaged):
        Store.open(data, read_only=True)
    proc = tracker("check", "--data-dir", data)
    assert proc.returncode == 1 and "tables are missing" in proc.stdout


# -- a store too big for the whole-file check on every open ------------------------------


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend every store is big: only the small tables are checked on open."""
    monkeypatch.setattr(damage, "FULL_CHECK_MAX_BYTES", 0)


@pytest.mark.usefixtures("big")
def test_a_big_store_checks_its_small_tables_on_open(fresh: RealStore) -> None:
    overwrite(fresh.db_path, pages_of(fresh.db_path, "pacing_plan")[0])
    with pytest.raises(StoreDamaged, match="is damaged"):
        Store.open(fresh.data_dir)


@pytest.mark.usefixtures("big")
def test_damage_in_samples_is_named_when_touched(fresh: RealStore) -> None:
    overwrite(fresh.db_path, pages_of(fresh.db_path, "heart_rate")[-1])
    store = Store.open(fresh.data_dir, read_only=True)
    assert not store.fully_checked  # the samples were not looked at on open
    with pytest.raises(StoreDamaged, match="tracker check --data-dir"), store:
        store.minute_table()


@pytest.mark.usefixtures("big")
def test_an_odd_failure_in_a_damaged_store_is_named_as_damage(fresh: RealStore) -> None:
    overwrite(fresh.db_path, pages_of(fresh.db_path, "heart_rate")[-1])
    with pytest.raises(StoreDamaged) as caught, Store.open(fresh.data_dir):
        raise ValueError("a garbled value")
    assert isinstance(caught.value.__cause__, ValueError)


def test_an_odd_failure_in_a_sound_store_stays_what_it_is(fresh: RealStore) -> None:
    with pytest.raises(ValueError, match="a bug"), Store.open(fresh.data_dir):
        raise ValueError("a bug")


def test_nothing_is_written_before_the_check(fresh: RealStore) -> None:
    """Opening for writing creates missing tables: never in a damaged store."""
    db = sqlite3.connect(fresh.db_path)
    db.execute("DROP TABLE beats")  # as in a store made before the table existed
    db.commit()
    db.close()
    overwrite(fresh.db_path, pages_of(fresh.db_path, "steps")[-1])
    before = fresh.db_path.read_bytes()
    with pytest.raises(StoreDamaged):
        Store.open(fresh.data_dir)
    assert fresh.db_path.read_bytes() == before
    assert not (fresh.data_dir / "tracker.db-wal").exists()


# -- the last whole-file check, heeded by every later command ---------------------------


@pytest.mark.usefixtures("big")
def test_damage_found_by_the_nightly_backup_stops_every_command(
    fresh: RealStore, tmp_path: Path
) -> None:
    overwrite(fresh.db_path, pages_of(fresh.db_path, "heart_rate")[-1])
    Store.open(fresh.data_dir).close()  # big: the samples are not looked at on open
    with pytest.raises(StoreDamaged, match="no backup was written"):
        backup_store(fresh.data_dir, tmp_path)
    # From now on every open says so, though the damage is where the open does not look.
    with pytest.raises(StoreDamaged, match="is damaged: run `tracker check"):
        Store.open(fresh.data_dir, read_only=True)
    with pytest.raises(StoreDamaged):
        Store.open(fresh.data_dir)
    record = read_record(fresh.db_path)
    assert record is not None and not record.ok and record.by == "backup"


@pytest.mark.usefixtures("big")
def test_a_sound_check_is_recorded_and_changes_nothing(fresh: RealStore) -> None:
    assert check_store(fresh.data_dir).ok
    record = read_record(fresh.db_path)
    assert record is not None and record.ok and record.by == "check"
    assert stat.S_IMODE((fresh.data_dir / RECORD_NAME).stat().st_mode) == 0o600
    Store.open(fresh.data_dir, read_only=True).close()


@pytest.mark.usefixtures("big")
def test_a_record_is_about_one_file_only(fresh: RealStore, tmp_path: Path) -> None:
    """A restored store (a new file) is not held to the damaged one's record."""
    good = backup_store(fresh.data_dir, tmp_path / "good.db").path
    overwrite(fresh.db_path, pages_of(fresh.db_path, "steps")[-1])
    assert not check_store(fresh.data_dir).ok
    with pytest.raises(StoreDamaged):
        Store.open(fresh.data_dir)
    restore_store(good, tmp_path / "restored")
    (tmp_path / "restored" / RECORD_NAME).write_bytes((fresh.data_dir / RECORD_NAME).read_bytes())
    Store.open(tmp_path / "restored").close()  # another file: the record does not apply
