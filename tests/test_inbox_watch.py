"""The watched folders: a file is handed on once, when it has stopped growing."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from tracker.config.imports import ImportConfig
from tracker.daemon.inbox_watch import InboxWatcher
from tracker.formats.unfinished import UNENDED_SETTLE_S


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def _nothing(paths: list[Path]) -> None:
    del paths


def test_a_file_is_ready_once_it_stopped_growing(tmp_path: Path) -> None:
    clock = Clock()
    w = InboxWatcher(ImportConfig(watch=(str(tmp_path),), settle_seconds=5.0), _nothing, clock)
    f = tmp_path / "run.fit"
    f.write_bytes(b"x" * 10)
    assert w.look(clock()) == ([], True)
    clock.now = 3.0
    with f.open("ab") as fh:
        fh.write(b"y" * 10)  # still arriving: the settle time starts again
    assert w.look(clock()) == ([], True)
    clock.now = 7.0
    assert w.look(clock()) == ([], True)
    clock.now = 8.5
    assert w.look(clock()) == ([f], False)
    # Hidden files (a copy in progress) and folders are never handed on.
    (tmp_path / ".run.fit.part").write_bytes(b"z")
    (tmp_path / "sub").mkdir()
    clock.now = 20.0
    assert w.look(clock())[0] == [f]


def test_a_table_without_a_last_line_end_waits_longer(tmp_path: Path) -> None:
    clock = Clock()
    wall = [1_000_000.0]
    w = InboxWatcher(
        ImportConfig(watch=(str(tmp_path),), settle_seconds=5.0), _nothing, clock,
        wall_clock=lambda: wall[0],
    )  # fmt: skip
    f = tmp_path / "minutes.csv"
    f.write_text("time,steps,heart_rate_bpm\n2026-03-17T10:00:00+01:00,45,")
    os.utime(f, (wall[0], wall[0]))
    assert w.look(clock()) == ([], True)
    clock.now = 10.0
    assert w.look(clock()) == ([], True)  # settled, but its last line may still come
    wall[0] += UNENDED_SETTLE_S
    assert w.look(clock()) == ([f], False)


# Slow: about 5 s of real time (the watcher's own loop, its settle time, and a wait for a
# wrongful second hand-on); the settle rule itself is the clock-driven test above.
@pytest.mark.slow
async def test_written_in_chunks_it_is_handed_on_once_when_complete(tmp_path: Path) -> None:
    handed: list[list[Path]] = []

    async def handle(paths: list[Path]) -> bool:
        handed.append(paths)
        return True  # imported

    w = InboxWatcher(ImportConfig(watch=(str(tmp_path),), settle_seconds=1.0), handle)
    task = asyncio.create_task(w.run())
    f = tmp_path / "export.db"
    with f.open("wb") as fh:
        for _ in range(4):
            fh.write(b"a" * 1000)
            fh.flush()
            await asyncio.sleep(0.4)
    deadline = asyncio.get_running_loop().time() + 10
    while not handed and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(2.5)  # time enough to hand it on a second time, if it would
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert handed == [[f]]
    assert f.stat().st_size == 4000


def test_a_missing_folder_is_no_error(tmp_path: Path) -> None:
    w = InboxWatcher(ImportConfig(watch=(str(tmp_path / "not-mounted"),)), _nothing, Clock())
    assert w.look(0.0) == ([], False)


def test_a_file_whose_permissions_change_is_handed_on_again(tmp_path: Path) -> None:
    # A file the hub could not read is made readable: neither its size nor its time
    # changes, only its ctime; it must be tried again.
    clock = Clock()
    w = InboxWatcher(ImportConfig(watch=(str(tmp_path),), settle_seconds=5.0), _nothing, clock)
    f = tmp_path / "run.fit"
    f.write_bytes(b"x" * 10)
    f.chmod(0)
    w.look(0.0)
    clock.now = 6.0
    ready, _ = w.look(clock.now)
    assert ready == [f]
    w._handled.update(w._keys(ready))
    f.chmod(0o644)
    w.look(7.0)
    assert w.look(13.0)[0] == [f]
