"""tracker backup and tracker restore: a checked, private, consistent copy taken while
the daemon writes, and a restore that checks first and never overwrites a store."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli import REPO, tracker
from tests.read_only_media import assert_cannot_write, copy_while_writing, read_only
from tests.stores import RealStore, copy_store, damage_pages
from tracker.domain.errors import StoreError
from tracker.store.backup import BACKUP_NAME_RE, backup_name, backup_store, restore_store
from tracker.store.damage import StoreDamaged
from tracker.store.sqlite import DB_NAME, Store

CONTRIB = REPO / "contrib"


def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in key order: what a backup must hold."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: db.execute(f'SELECT * FROM "{n}" ORDER BY 1, 2').fetchall() for n in names}
    finally:
        db.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_is_a_private_checked_copy_of_every_table(real: RealStore, tmp_path: Path) -> None:
    out = tmp_path / "backup.db"
    proc = tracker("backup", "--data-dir", real.data_dir, "--output", out)
    assert proc.returncode == 0, proc.stderr
    assert f"written to {out}" in proc.stdout and "checked" in proc.stdout
    assert mode(out) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.db"]  # one file, no -wal
    db = sqlite3.connect(out)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    copied = tables(out)
    assert copied == tables(real.db_path)
    assert len(copied["heart_rate"]) > 1000 and copied["pacing_plan"] and copied["alert"]


def test_restore_brings_back_the_same_store(real: RealStore, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    assert tracker("backup", "--data-dir", real.data_dir, "--output", backup).returncode == 0
    target = tmp_path / "new" / "data"
    proc = tracker("restore", "--input", backup, "--data-dir", target)
    assert proc.returncode == 0, proc.stderr
    assert f"restored {backup} into {target}" in proc.stdout
    assert mode(target) == 0o700 and mode(target / DB_NAME) == 0o600
    assert sorted(p.name for p in target.iterdir()) == [DB_NAME]
    with Store.open(target) as store:  # a working store again, in WAL mode
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert tables(target / DB_NAME) == tables(real.db_path)
    exported = [
        tracker("export", "--data-dir", d, "--output", "-").stdout for d in (real.data_dir, target)
    ]
    assert exported[0] == exported[1] and exported[0].count("\n") > 1000


def test_restore_into_an_existing_empty_directory(real: RealStore, tmp_path: Path) -> None:
    backup = backup_store(real.data_dir, tmp_path / "b.db").path
    target = tmp_path / "empty"
    target.mkdir(mode=0o755)
    restore_store(backup, target)
    assert mode(target) == 0o700


def test_restore_never_overwrites(real: RealStore, tmp_path: Path) -> None:
    backup = backup_store(real.data_dir, tmp_path / "b.db").path
    store = copy_store(real, tmp_path / "data")
    before = store.db_path.read_bytes()
    proc = tracker("restore", "--input", backup, "--data-dir", store.data_dir)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert f"{store.data_dir} is not empty" in proc.stderr and "mv " in proc.stderr
    assert store.db_path.read_bytes() == before
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="is not empty"):
        restore_store(backup, stray)
    assert [p.name for p in stray.iterdir()] == ["notes.txt"]


def test_restore_checks_the_backup_first(real: RealStore, tmp_path: Path) -> None:
    backup = backup_store(real.data_dir, tmp_path / "b.db").path
    damage_pages(backup, seed=7, pages=3)
    target = tmp_path / "data"
    proc = tracker("restore", "--input", backup, "--data-dir", target)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert f"the backup {backup} is damaged" in proc.stderr
    assert "nothing was restored; try an older backup" in proc.stderr
    assert "internal error" not in proc.stderr
    assert not target.exists()


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just words " * 200)
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE photos (name TEXT)")
    db.commit()
    db.close()
    for path, said in ((text, "is not a tracker backup"), (other, "tables are missing")):
        proc = tracker("restore", "--input", path, "--data-dir", tmp_path / "data")
        assert proc.returncode == 1 and said in proc.stderr, proc.stderr
        assert not (tmp_path / "data").exists()
    missing = tracker("restore", "--input", tmp_path / "nope.db", "--data-dir", tmp_path / "d")
    assert missing.returncode == 1 and "no backup at" in missing.stderr


def test_a_damaged_store_is_not_backed_up(real: RealStore, tmp_path: Path) -> None:
    store = copy_store(real, tmp_path / "data")
    backups = tmp_path / "backups"
    backups.mkdir()
    last_night = datetime.now(UTC) - timedelta(days=1)
    good = backup_store(store.data_dir, backups, keep=2, moment=last_night).path
    damage_pages(store.db_path, seed=3, pages=3)
    proc = tracker("backup", "--data-dir", store.data_dir, "--output", backups, "--keep", "1")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "is damaged, so no backup was written (older backups are kept)" in proc.stderr
    assert [p.name for p in backups.iterdir()] == [good.name]  # no part file left either


def test_keep_removes_only_the_oldest_dated_backups(real: RealStore, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "tracker-before-upgrade.db").write_text("mine too")
    t0 = datetime(2026, 3, 1, 3, 30, tzinfo=UTC)
    made = [
        backup_store(real.data_dir, folder, keep=3, moment=t0 + timedelta(days=i)).path
        for i in range(5)
    ]
    assert all(BACKUP_NAME_RE.match(p.name) for p in made)
    assert made[0].name == "tracker-20260301T033000Z.db"
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([p.name for p in made[2:]] + ["notes.txt", "tracker-before-upgrade.db"])


def test_dated_names_sort_in_time_order_across_a_dst_change() -> None:
    from zoneinfo import ZoneInfo

    brussels = ZoneInfo("Europe/Brussels")
    # 02:30 local happens twice on 2026-10-25: the second is an hour later.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=brussels, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=brussels, fold=1)
    between = datetime(2026, 10, 25, 2, 10, tzinfo=brussels, fold=1)
    moments = (first, second, between)
    in_time = sorted(moments, key=lambda m: m.timestamp())
    assert in_time == [first, between, second]
    assert sorted(backup_name(m) for m in moments) == [backup_name(m) for m in in_time]


def test_backup_refusals(real: RealStore, tmp_path: Path) -> None:
    existing = tmp_path / "old.db"
    existing.write_text("an older backup")
    cases: list[tuple[list[str | Path], str]] = [
        (["--output", existing], "exists: a backup never overwrites another one"),
        (["--output", real.data_dir / "copy.db"], "write the backup outside"),
        (["--output", tmp_path / "no" / "such" / "b.db"], "is not a directory"),
        (["--output", tmp_path / "b.db", "--keep", "2"], "--keep needs"),
    ]
    for extra, said in cases:
        proc = tracker("backup", "--data-dir", real.data_dir, *extra)
        assert proc.returncode in (1, 2) and said in proc.stderr, (extra, proc.stderr)
        assert proc.stderr.count("\n") == 1
    assert existing.read_text() == "an older backup"


def test_backup_and_restore_from_read_only_media(real: RealStore, tmp_path: Path) -> None:
    store = copy_store(real, tmp_path / "data")
    backup = backup_store(store.data_dir, tmp_path / "b.db").path
    with read_only(store.data_dir, "directory", tmp_path / "mnt") as locked:
        assert_cannot_write(locked, directory_too=True)
        again = tracker("backup", "--data-dir", locked, "--output", tmp_path / "again.db")
        assert again.returncode == 0, again.stderr
    media = tmp_path / "usb"
    media.mkdir()
    shutil.copy2(backup, media / "b.db")
    with read_only(media, "directory", tmp_path / "mnt2") as locked:
        with pytest.raises(OSError):
            os.close(os.open(locked / "b.db", os.O_WRONLY))
        proc = tracker("restore", "--input", locked / "b.db", "--data-dir", tmp_path / "new")
    assert proc.returncode == 0, proc.stderr
    assert tables(tmp_path / "new" / DB_NAME) == tables(real.db_path)


# -- consistent while the daemon writes -------------------------------------------------

WRITER = """
import sys, time
from tracker.store.sqlite import Store
from tracker.domain.samples import HeartRateSample
store = Store.open(sys.argv[1])
batch, rows = 0, int(sys.argv[2])
deadline = time.monotonic() + float(sys.argv[3])
while time.monotonic() < deadline:
    start = 2_000_000_000_000 + batch * rows * 1000
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO heart_rate VALUES (?, ?, 3600, 70.0, 1, NULL, '0.8,0.81')",
            [("writer", start + i * 1000) for i in range(rows)],
        )
        batch += 1
        db.execute("INSERT OR REPLACE INTO meta VALUES ('writer_batches', ?)", (str(batch),))
print(batch)
"""
ROWS_PER_BATCH = 500
WRITE_FOR_S = 6.0


@pytest.mark.slow
def test_backups_taken_while_another_process_writes_are_consistent(
    real: RealStore, tmp_path: Path
) -> None:
    """A writer process commits batches (rows plus a counter, one transaction each) while
    backups are taken: every backup holds whole batches only, and matches its counter."""
    store = copy_store(real, tmp_path / "data")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store.data_dir), str(ROWS_PER_BATCH), str(WRITE_FOR_S)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(0.5)
        counts = []
        for i in range(4):
            out = tmp_path / f"b{i}.db"
            proc = tracker("backup", "--data-dir", store.data_dir, "--output", out)
            assert proc.returncode == 0, proc.stderr
            db = sqlite3.connect(out)
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            batches = db.execute("SELECT value FROM meta WHERE key = 'writer_batches'").fetchone()
            rows = db.execute("SELECT count(*) FROM heart_rate WHERE device = 'writer'").fetchone()
            db.close()
            n = int(batches[0]) if batches else 0
            assert rows[0] == n * ROWS_PER_BATCH
            counts.append(n)
    finally:
        total = int(writer.communicate(timeout=60)[0])
    assert writer.returncode == 0
    # The backups saw the writer at work: later ones hold more, none holds everything.
    assert counts == sorted(counts) and counts[0] > 0 and counts[-1] < total


# -- the systemd timer ------------------------------------------------------------------


def unit(name: str) -> str:
    return (CONTRIB / name).read_text()


def exec_start(text: str) -> list[str]:
    line = next(x for x in text.splitlines() if x.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def test_the_timer_runs_the_backup_command_it_names(real: RealStore, tmp_path: Path) -> None:
    argv = exec_start(unit("tracker-backup.service"))
    assert argv[0] == "/opt/tracker/.venv/bin/tracker" and argv[1] == "backup"
    store = copy_store(real, tmp_path / "data")
    folder = tmp_path / "backups"
    folder.mkdir()
    swap = {"/var/lib/tracker": str(store.data_dir), "/var/backups/tracker": str(folder)}
    args = [swap.get(a, a) for a in argv[2:]]
    keep = int(args[args.index("--keep") + 1])
    # Earlier nights' backups (names only: the rotation goes by name).
    nights = [datetime(2026, 1, 1, 3, 30, tzinfo=UTC) + timedelta(days=i) for i in range(keep)]
    for night in nights:
        (folder / backup_name(night)).write_text("an earlier backup")
    proc = tracker("backup", *args)
    assert proc.returncode == 0, proc.stderr
    assert "removed 1 older backup(s): tracker-20260101T033000Z.db" in proc.stdout
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == keep and all(BACKUP_NAME_RE.match(n) for n in left)
    assert left[:-1] == [backup_name(n) for n in nights[1:]]
    assert tables(folder / left[-1]) == tables(store.db_path)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_units_are_valid_and_hardened_like_the_daemon(tmp_path: Path) -> None:
    venv_tracker = Path(sys.executable).with_name("tracker")
    for name in ("tracker-backup.service", "tracker-backup.timer", "tracker.service"):
        text = unit(name).replace("/opt/tracker/.venv/bin/tracker", str(venv_tracker))
        (tmp_path / name).write_text(text)
    verify = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            "--man=no",
            *(str(tmp_path / n) for n in ("tracker-backup.service", "tracker-backup.timer")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr

    def exposure(name: str) -> float:
        proc = subprocess.run(
            ["systemd-analyze", "security", "--offline=true", str(tmp_path / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        line = next(x for x in proc.stdout.splitlines() if "Overall exposure level" in x)
        return float(line.split(":")[1].split()[0])

    assert exposure("tracker-backup.service") <= exposure("tracker.service")
    timer = unit("tracker-backup.timer")
    assert "Persistent=true" in timer and "OnCalendar=" in timer
    service = unit("tracker-backup.service")
    for line in ("User=tracker", "UMask=0077", "NoNewPrivileges=true", "ProtectSystem=strict"):
        assert line in service


def test_restore_as_root_says_who_must_own_the_files(real: RealStore, tmp_path: Path) -> None:
    backup = backup_store(real.data_dir, tmp_path / "b.db").path
    proc = tracker("restore", "--input", backup, "--data-dir", tmp_path / "new")
    assert proc.returncode == 0
    assert ("chown -R tracker:tracker" in proc.stdout) == (os.geteuid() == 0)


def test_a_store_in_a_directory_with_uri_characters(real: RealStore, tmp_path: Path) -> None:
    """Read-only opens go through a file: URI; '?', '#' and '%' in a name must not cut it."""
    store = copy_store(real, tmp_path / "hub #1?%20" / "data")
    proc = tracker("export", "--data-dir", store.data_dir, "--output", "-")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") > 1000
    backup = backup_store(store.data_dir, tmp_path / "b #2?.db").path
    restore_store(backup, tmp_path / "r #3?")
    with pytest.raises(StoreDamaged):
        damage_pages(store.db_path, seed=1, pages=3)
        Store.open(store.data_dir, read_only=True)


def test_a_backup_of_a_read_only_copy_says_what_it_leaves_out(tmp_path: Path) -> None:
    copy = copy_while_writing(tmp_path, with_index=False)
    with read_only(copy, "directory", tmp_path / "mnt") as locked:
        assert_cannot_write(locked, directory_too=True)
        proc = tracker("backup", "--data-dir", locked, "--output", tmp_path / "b.db")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("tracker: warning: ") and "left out" in proc.stderr
    assert len(tables(tmp_path / "b.db")["heart_rate"]) == 2  # the third is in the log


def test_the_data_dir_can_come_from_the_configuration(real: RealStore, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[tracker]\ndata_dir = "{real.data_dir}"\n')
    check = tracker("check", "--config", config)
    assert check.returncode == 0 and f"the store in {real.data_dir} is sound" in check.stdout
    backup = tracker("backup", "--config", config, "--output", tmp_path / "b.db")
    assert backup.returncode == 0, backup.stderr
    restored = tmp_path / "restored.toml"
    restored.write_text(f'[tracker]\ndata_dir = "{tmp_path / "new"}"\n')
    restore = tracker("restore", "--config", restored, "--input", tmp_path / "b.db")
    assert restore.returncode == 0, restore.stderr
    assert (tmp_path / "new" / DB_NAME).exists()
