"""Read-only media for the tests, made read-only for real.

Root ignores file modes, so the media are locked in a way root cannot bypass, and each
test checks with a write that must fail before it runs anything:

- not root: ``chmod`` (a directory 0500, files 0400);
- root: ``chattr +i`` (immutable: not even root may write; ext4 and most Linux file
  systems), and a read-only bind mount (``mount -o remount,bind,ro``).

A way the machine does not offer is skipped with its reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.domain.samples import HeartRateSample
from tracker.store.sqlite import DB_NAME, Store

IS_ROOT = os.geteuid() == 0


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
