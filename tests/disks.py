"""A real, small filesystem to fill up: a tmpfs mounted for one test.

A full tmpfs fails writes with ENOSPC exactly as a full SD card does, and SQLite turns
that into SQLITE_FULL. Mounting needs root (or CAP_SYS_ADMIN); where that is refused the
tests that need it are skipped and say why. ``PRAGMA max_page_count`` makes SQLite
answer SQLITE_FULL too, without a mount; tests/test_disk_full.py uses both.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

FILLER_NAME = "filler"


def mount_tmpfs(point: Path, size_bytes: int) -> None:
    """Mount a tmpfs of ``size_bytes`` on ``point``; skips the test where that is refused."""
    point.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_bytes},mode=0700", "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {proc.stderr.strip()}")


def unmount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk refuses another byte; returns it (delete it to free)."""
    path = disk / FILLER_NAME
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        chunk = 1 << 20
        while chunk:
            try:
                if os.write(fd, b"\0" * chunk) < chunk:
                    chunk //= 2
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                chunk //= 2
    finally:
        os.close(fd)
    return path


def free_bytes(disk: Path) -> int:
    st = os.statvfs(disk)
    return st.f_bavail * st.f_frsize
