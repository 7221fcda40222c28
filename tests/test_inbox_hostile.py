"""The watched folders under hostile files, each a real ``tracker inbox`` process over a
real store: odd names, odd files, and the status that says what became of them."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli import REPO, tracker_process
from tracker.config.imports import ImportConfig
from tracker.daemon.inbox_watch import InboxWatcher
from tracker.formats.unfinished import UNENDED_SETTLE_S

CONFIG = """[tracker]
timezone = "Europe/Brussels"
data_dir = "{data}"

[import]
watch = ["{inbox}"]
"""
# A file the folder's events announce is handed on well within this (settle time 0.5 s).
EVENT_DEADLINE_S = 8.0
# A daemon without devices is up within this, even on a loaded machine.
DAEMON_START_S = 30.0
# Free space on a nearly full disk: enough for a few pages of the store, too little for
# three days of minutes.
ROOM_FOR_A_LINE_BYTES = 64 << 10
MINUTES = "time,steps,heart_rate_bpm\n2026-03-17T10:00:00+01:00,40,80\n"


def folder_and_config(tmp_path: Path) -> tuple[Path, Path]:
    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.format(data=data, inbox=inbox))
    assert tracker_process("init", "--config", config).returncode == 0
    return inbox, config


def test_a_file_name_that_is_not_utf8_is_imported_once_and_named(tmp_path: Path) -> None:
    inbox, config = folder_and_config(tmp_path)
    # "bét.csv" written by an old Windows share in Latin-1: not UTF-8.
    odd = Path(os.fsdecode(bytes(inbox) + b"/b\xe9t.csv"))
    odd.write_text(MINUTES)
    (inbox / "bad-\udcff.csv").write_text("no minutes here\n")
    first = tracker_process("inbox", "--config", config)
    assert first.returncode == 0, first.stderr
    assert "imported " in first.stdout and "b\\xe9t.csv" in first.stdout
    assert "not imported " in first.stdout and "bad-\\xff.csv" in first.stdout
    again = tracker_process("inbox", "--config", config)
    assert again.returncode == 0, again.stderr
    assert "2 file(s) already seen" in again.stdout
    status = tracker_process("status", "--config", config)
    assert status.returncode == 0, status.stderr
    assert "not imported: bad-\\xff.csv: line 1:" in status.stdout
    exported = tracker_process("export", "--config", config, "--output", "-")
    assert exported.stdout == MINUTES


def test_a_table_whose_copy_stalled_mid_line_is_read_once_the_copy_ends(tmp_path: Path) -> None:
    inbox, config = folder_and_config(tmp_path)
    full = MINUTES + "2026-03-17T10:01:00+01:00,45,81\n"
    copy = inbox / "minutes.csv"
    copy.write_text(full[: full.index(",81")] + ",")  # "…,45," for longer than settle_seconds
    first = tracker_process("inbox", "--config", config)
    assert first.returncode == 0, first.stderr
    assert f"waiting {copy}: " in first.stdout and "is it still being copied?" in first.stdout
    assert "not imported" not in tracker_process("status", "--config", config).stdout
    copy.write_text(full)  # the copy goes on
    second = tracker_process("inbox", "--config", config)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith(f"imported {copy}\n"), second.stdout
    exported = tracker_process("export", "--config", config, "--output", "-")
    assert exported.stdout == full


def test_a_finished_table_without_a_last_line_end_is_read_after_a_while(
    tmp_path: Path,
) -> None:
    """Made by hand, no line end after the last row: read as it is once it has not
    changed for UNENDED_SETTLE_S (its time set back, as if that long ago)."""
    inbox, config = folder_and_config(tmp_path)
    table = inbox / "by-hand.csv"
    table.write_text(MINUTES.rstrip("\n"))
    assert "waiting " in tracker_process("inbox", "--config", config).stdout
    back = time.time() - UNENDED_SETTLE_S - 1
    os.utime(table, (back, back))
    later = tracker_process("inbox", "--config", config)
    assert later.returncode == 0, later.stderr
    assert later.stdout.startswith(f"imported {table}\n"), later.stdout
    exported = tracker_process("export", "--config", config, "--output", "-")
    assert exported.stdout == MINUTES


# Slow: a few seconds of real time with real inotify events (watchfiles).
@pytest.mark.slow
async def test_folder_events_go_on_after_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    handed: list[Path] = []

    async def handle(paths: list[Path]) -> bool:
        handed.extend(paths)
        return True  # imported

    # Rescans far apart: only the folder's events can hand the second file on in time.
    config = ImportConfig(watch=(str(tmp_path),), settle_seconds=0.5, rescan_minutes=10.0)
    task = asyncio.create_task(InboxWatcher(config, handle).run())
    await asyncio.sleep(1.0)  # the events are being watched
    Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.csv")).write_text(MINUTES)
    await asyncio.sleep(1.0)
    (tmp_path / "later.csv").write_text(MINUTES)
    deadline = asyncio.get_running_loop().time() + EVENT_DEADLINE_S
    while len(handed) < 2 and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sorted(p.name for p in handed) == sorted(["caf\udce9.csv", "later.csv"])


# Slow: two rescans of real time (1.2 s each).
@pytest.mark.slow
async def test_files_the_import_did_not_take_are_handed_on_again(tmp_path: Path) -> None:
    handed: list[list[Path]] = []

    async def handle(paths: list[Path]) -> bool | None:
        handed.append(paths)
        return None if len(handed) == 1 else True  # the first child failed (a full disk)

    config = ImportConfig(watch=(str(tmp_path),), settle_seconds=0.2, rescan_minutes=0.02)
    run = tmp_path / "run.fit"
    run.write_bytes(b"a watch's activity")
    task = asyncio.create_task(InboxWatcher(config, handle).run())
    deadline = asyncio.get_running_loop().time() + EVENT_DEADLINE_S
    while len(handed) < 2 and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(3.0)  # two rescans more: imported now, it is not handed on again
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert handed == [[run], [run]]


# A store that never met a watched file (the table is created on the full disk), and one
# with a little room left: enough to record a failure, too little for the minutes.
@pytest.mark.parametrize("room", [0, ROOM_FOR_A_LINE_BYTES], ids=["full", "nearly-full"])
def test_a_file_met_by_a_full_disk_is_imported_once_there_is_room(
    tmp_path: Path, room: int
) -> None:
    from tests.disks import fill, mount_tmpfs, unmount
    from tests.test_disk_full import minute_csv
    from tracker.store.sqlite import Store

    disk = tmp_path / "disk"
    mount_tmpfs(disk, 2 << 20)
    try:
        inbox, data = tmp_path / "inbox", disk / "data"
        inbox.mkdir()
        config = tmp_path / "config.toml"
        config.write_text(CONFIG.format(data=data, inbox=inbox))
        assert tracker_process("init", "--config", config).returncode == 0
        if room:
            first = MINUTES.replace("2026-03-17", "2026-01-05")  # before the big file's days
            (inbox / "first.csv").write_text(first)  # the folder's table exists before
            assert tracker_process("inbox", "--config", config).returncode == 0
        minute_csv(inbox / "minutes.csv", 3 * 1440)
        with Store.open(data):  # the daemon, which has the store open
            filler = fill(disk)
            os.truncate(filler, filler.stat().st_size - room)
            full = tracker_process("inbox", "--config", config)
        assert full.returncode == 1 and "is full" in full.stderr, (full.stdout, full.stderr)
        filler.unlink()
        later = tracker_process("inbox", "--config", config)
        assert later.returncode == 0, later.stderr
        assert later.stdout.startswith(f"imported {inbox / 'minutes.csv'}\n"), later.stdout
        status = tracker_process("status", "--config", config)
        assert "not imported" not in status.stdout, status.stdout
    finally:
        unmount(disk)


def as_a_service_user(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``tracker ARGS`` as root without its power to read every file (as the ``tracker``
    user of a hub meets a file copied in by someone else with mode 0600)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to take away the power to read any file")
    caps = "-dac_override,-dac_read_search"
    return subprocess.run(
        ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}",
         sys.executable, "-m", "tracker.cli", *map(str, args)],
        capture_output=True, text=True, cwd=REPO, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip


def test_a_file_the_hub_may_not_read_is_named_and_read_once_it_may(tmp_path: Path) -> None:
    inbox, config = folder_and_config(tmp_path)
    secret = inbox / "minutes.csv"
    secret.write_text(MINUTES)
    secret.chmod(0)
    first = as_a_service_user("inbox", "--config", config)
    assert first.returncode == 0, first.stderr
    status = tracker_process("status", "--config", config)
    assert "not imported: minutes.csv: cannot read it: Permission denied" in status.stdout
    secret.chmod(0o644)  # the person fixes it: the ctime changes, size and mtime do not
    second = as_a_service_user("inbox", "--config", config)
    assert second.stdout.startswith(f"imported {secret}\n"), (second.stdout, second.stderr)
    status = tracker_process("status", "--config", config)
    assert "not imported" not in status.stdout, status.stdout


def test_a_folder_the_hub_may_not_read_is_said_so(tmp_path: Path) -> None:
    inbox, config = folder_and_config(tmp_path)
    (inbox / "minutes.csv").write_text(MINUTES)
    inbox.chmod(0)
    try:
        status = as_a_service_user("status", "--config", config)
        assert f"  {inbox}: cannot be read right now\n" in status.stdout, status.stdout
        done = as_a_service_user("inbox", "--config", config)
        assert done.returncode == 0, done.stderr
        assert done.stderr == (
            f"tracker: watched folder {inbox} cannot be read: Permission denied\n"
        )
    finally:
        inbox.chmod(0o755)


def wait_for_line(log: Path, words: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while words not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)


# Slow: a daemon started and stopped (a few seconds).
@pytest.mark.slow
def test_the_daemon_log_says_what_was_imported_and_not_each_change_seen(tmp_path: Path) -> None:
    from tests.cli import spawn_tracker
    from tests.servers import stop_process

    inbox, config = folder_and_config(tmp_path)
    config.write_text(config.read_text() + "settle_seconds = 0.5\n")
    (inbox / "first.csv").write_text(MINUTES)  # found by the first look at the folder
    second = MINUTES.replace("2026-03-17", "2026-03-18")
    log = tmp_path / "daemon.log"
    with log.open("w") as sink:
        daemon = spawn_tracker(
            "run", "--config", config, stderr=sink.fileno(), stdout=sink.fileno()
        )
        try:
            wait_for_line(log, "imported", DAEMON_START_S)
            (inbox / "second.csv").write_text(second)  # announced by the folder's events
            wait_for_line(log, "second.csv", EVENT_DEADLINE_S)
        finally:
            stop_process(daemon, 30)
    text = log.read_text()
    assert f"imported {inbox / 'second.csv'}" in text, text
    assert "watchfiles" not in text, text
