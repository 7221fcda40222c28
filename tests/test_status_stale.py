"""`tracker status` never presents a dead daemon's last word as the present: device rows
older than the daemon's heartbeat (plus a margin) are stale, with their age in words; a
full disk and lost samples are said in plain words."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli import spawn_tracker, tracker
from tracker.store.daemon_state import (
    HEARTBEAT_STALE_AFTER_MS,
    META_HEARTBEAT_MS,
    DaemonState,
    is_current,
    read_daemon_state,
)
from tracker.store.sqlite import DeviceStatusRow, Store

HOUR_MS = 3_600_000


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def strap(updated_ms: int, *, connected: bool = True) -> DeviceStatusRow:
    return DeviceStatusRow(
        "strap", "AA:BB", "Polar H10", connected, updated_ms - 2000, 81, 0, "", None, updated_ms
    )


def save(data: Path, rows: list[DeviceStatusRow], state: DaemonState) -> None:
    with Store.create(data) as store:
        store.save_device_status(rows, state.to_meta())


def status(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = tracker("status", "--data-dir", data, *extra)
    assert result.returncode == 0, result.stderr
    return result


def test_the_heartbeat_margin() -> None:
    t = 10 * HOUR_MS
    assert DaemonState(heartbeat_ms=t).running(t + HEARTBEAT_STALE_AFTER_MS)
    assert not DaemonState(heartbeat_ms=t).running(t + HEARTBEAT_STALE_AFTER_MS + 1)
    assert not DaemonState(heartbeat_ms=t, stopped_ms=t).running(t + 1)
    assert not DaemonState().running(t)


def test_a_row_is_current_only_with_the_latest_heartbeat_of_a_running_daemon() -> None:
    t = 10 * HOUR_MS
    running = DaemonState(heartbeat_ms=t)
    assert is_current(strap(t), running, t + 1000)
    assert is_current(strap(t - HEARTBEAT_STALE_AFTER_MS), running, t + 1000)
    assert not is_current(strap(t - HEARTBEAT_STALE_AFTER_MS - 1), running, t + 1000)
    assert not is_current(strap(t), running, t + HEARTBEAT_STALE_AFTER_MS + 1)
    assert not is_current(strap(t), DaemonState(heartbeat_ms=t, stopped_ms=t), t + 1000)


def test_a_daemon_that_died_3_h_ago(tmp_path: Path) -> None:
    seen = now_ms() - 3 * HOUR_MS
    save(tmp_path, [strap(seen)], DaemonState(heartbeat_ms=seen))
    text = status(tmp_path).stdout
    assert "strap: connected" not in text
    assert "strap: last seen by the daemon 3 h ago; the daemon is not running;" in text
    assert "Daemon: not running; last seen" in text and "(3 h ago)" in text
    assert "systemctl start tracker" in text
    doc = json.loads(status(tmp_path, "--json").stdout)
    assert doc["daemon"]["running"] is False and doc["daemon"]["heartbeat_ms"] == seen
    assert doc["devices"][0]["stale"] is True and doc["devices"][0]["connected"] is True


def test_a_running_daemon(tmp_path: Path) -> None:
    seen = now_ms() - 4000
    save(tmp_path, [strap(seen)], DaemonState(heartbeat_ms=seen))
    text = status(tmp_path).stdout
    assert "Daemon: running (status saved" in text
    assert "strap: connected, last sample" in text and "battery 81 %" in text
    doc = json.loads(status(tmp_path, "--json").stdout)
    assert doc["daemon"]["running"] is True and doc["devices"][0]["stale"] is False


def test_a_daemon_that_was_stopped(tmp_path: Path) -> None:
    seen = now_ms() - 2 * 86_400_000
    save(tmp_path, [strap(seen, connected=False)], DaemonState(heartbeat_ms=seen, stopped_ms=seen))
    text = status(tmp_path).stdout
    assert "Daemon: stopped" in text and "(2 days ago)" in text
    assert "strap: last seen by the daemon 2 days ago; the daemon was stopped;" in text


def test_a_device_the_running_daemon_no_longer_collects(tmp_path: Path) -> None:
    """Taken out of the configuration: its row stays, no heartbeat renews it."""
    now = now_ms()
    old = strap(now - 5 * 86_400_000)
    watch = DeviceStatusRow("watch", "CC", "InfiniTime", True, now - 3000, 60, 1, "", None, now)
    save(tmp_path, [old, watch], DaemonState(heartbeat_ms=now))
    text = status(tmp_path).stdout
    assert "watch: connected" in text
    assert "strap: last seen by the daemon 5 days ago; not collected any more" in text


def test_a_full_disk_and_lost_samples(tmp_path: Path) -> None:
    now = now_ms()
    state = DaemonState(
        heartbeat_ms=now,
        disk_full_since_ms=now - 20 * 60_000,
        samples_waiting=1234,
        samples_lost=56,
        last_loss_ms=now - 60_000,
    )
    save(tmp_path, [strap(now)], state)
    text = status(tmp_path).stdout
    assert "Disk: full since" in text and "(20 min ago)" in text
    assert "1234 samples wait in the daemon's memory" in text
    assert f"free some space on the disk holding {tmp_path}" in text
    assert "Lost: 56 samples could not be stored because the disk was full" in text
    doc = json.loads(status(tmp_path, "--json").stdout)["daemon"]
    assert doc["disk_full"] is True and doc["samples_lost"] == 56


@pytest.mark.slow
def test_the_daemon_keeps_a_heartbeat(tmp_path: Path) -> None:
    """`tracker run` saves its heartbeat from the start and every few seconds; killed
    (no chance to say it stopped), its status turns stale once the heartbeat is old."""
    config = tmp_path / "c.toml"
    config.write_text('[tracker]\nperson = "an"\n[[devices]]\nid = "strap"\nname = "Polar H10 1"\n')
    data = tmp_path / "data"
    argv = ["run", "--config", str(config), "--data-dir", str(data)]
    proc = spawn_tracker(*argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        beats: list[int] = []
        deadline = time.monotonic() + 60
        while len(beats) < 2 and time.monotonic() < deadline:
            beat = heartbeat(data)
            if beat is not None and (not beats or beat > beats[-1]):
                beats.append(beat)
            time.sleep(0.2)
        assert len(beats) == 2, "no heartbeat renewed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Daemon: running" in status(data).stdout  # killed a moment ago: not yet stale
    # Three hours pass.
    db = sqlite3.connect(data / "tracker.db", isolation_level=None)
    db.execute("UPDATE meta SET value = value - ? WHERE key = ?", (3 * HOUR_MS, META_HEARTBEAT_MS))
    db.execute("UPDATE device_status SET updated_ms = updated_ms - ?", (3 * HOUR_MS,))
    db.close()
    text = status(data).stdout
    assert "Daemon: not running; last seen" in text
    assert "strap: last seen by the daemon 3 h ago; the daemon is not running;" in text


def heartbeat(data: Path) -> int | None:
    if not (data / "tracker.db").exists():
        return None
    try:
        with Store.open(data, read_only=True) as store:
            return read_daemon_state(store).heartbeat_ms
    except Exception:
        return None  # not created yet
