"""Every command that only reads the store works on a read-only store: a backup on a
read-only mount, a directory or a file nobody may write.

Root ignores file modes, so the tests make the media really read-only, and check it with
a write that must fail before they run anything:

- not root: ``chmod`` (a directory 0500, files 0400);
- root: ``chattr +i`` (immutable: not even root may write; ext4 and most Linux file
  systems), and a read-only bind mount (``mount -o remount,bind,ro``).

A way the machine does not offer is skipped with its reason; a test whose store turns
out to be writable fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli import tracker
from tests.stores import RealStore, build_real_store, copy_store
from tracker.domain.samples import HeartRateSample
from tracker.store.sqlite import DB_NAME, Store

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer

IS_ROOT = os.geteuid() == 0
# The ways a store can be read-only here, and what each one locks.
WAYS = ("directory", "file", "mount")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> RealStore:
    return build_real_store(tmp_path_factory.mktemp("real") / "data")


def _run(*argv: str | Path) -> None:
    proc = subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"{' '.join(map(str, argv))} failed here: {proc.stderr.strip()}")


def _immutable(paths: list[Path]) -> contextlib.AbstractContextManager[None]:
    @contextlib.contextmanager
    def locked() -> Iterator[None]:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is not installed (e2fsprogs)")
        _run("chattr", "+i", *paths)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=False)

    return locked()


def _modes(paths: list[Path], directory: Path | None) -> contextlib.AbstractContextManager[None]:
    @contextlib.contextmanager
    def locked() -> Iterator[None]:
        for p in paths:
            p.chmod(0o400)
        if directory is not None:
            directory.chmod(0o500)
        try:
            yield
        finally:
            if directory is not None:
                directory.chmod(0o700)
            for p in paths:
                p.chmod(0o600)

    return locked()


@contextlib.contextmanager
def read_only(data_dir: Path, way: str, mount_at: Path) -> Iterator[Path]:
    """``data_dir`` made read-only the given way; yields the directory to use."""
    files = sorted(data_dir.iterdir())
    if way == "mount":
        if not IS_ROOT:
            pytest.skip("a read-only bind mount needs root")
        mount_at.mkdir()
        _run("mount", "--bind", data_dir, mount_at)
        try:
            _run("mount", "-o", "remount,bind,ro", mount_at)
            yield mount_at
        finally:
            subprocess.run(["umount", str(mount_at)], check=False)
        return
    directory = data_dir if way == "directory" else None
    if IS_ROOT:
        lock = _immutable([*files, *([directory] if directory else [])])
    else:
        lock = _modes(files, directory)
    with lock:
        yield data_dir


def assert_cannot_write(data_dir: Path, *, directory_too: bool) -> None:
    """The test is real: writing the database (and, for a locked directory, creating a
    file in it) fails, for root too."""
    with pytest.raises(OSError) as caught:
        os.close(os.open(data_dir / DB_NAME, os.O_WRONLY))
    assert caught.value.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    if directory_too:
        with pytest.raises(OSError):
            (data_dir / "probe").touch()


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
            assert proc.stdout == expected[name], (way, name)
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


T0_MS = 1_773_644_400_000


def copy_while_writing(tmp_path: Path, *, with_index: bool) -> Path:
    """A store copied while a writer holds it open: two samples in the main file, a third
    only in ``tracker.db-wal`` (and its index ``-shm`` copied or not)."""
    live = tmp_path / "live"
    copy = tmp_path / "copy"
    store = Store.create(live)
    try:
        store.write([HeartRateSample("strap", T0_MS + i * 60_000, 70.0) for i in range(2)])
        store.db.execute("PRAGMA wal_autocheckpoint=0")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.write([HeartRateSample("strap", T0_MS + 2 * 60_000, 71.0)])
        copy.mkdir(mode=0o700)
        for suffix in ("", "-wal", *(("-shm",) if with_index else ())):
            shutil.copy2(live / f"{DB_NAME}{suffix}", copy / f"{DB_NAME}{suffix}")
    finally:
        store.close()
    assert (copy / f"{DB_NAME}-wal").stat().st_size > 0
    return copy


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
