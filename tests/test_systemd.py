"""sd_notify: `tracker run` under systemd says READY, pings the watchdog and says STOPPING."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracker.daemon.systemd import Notifier

# Slow: tracker run under a notify socket, with the emulated stack.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def listen(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(0.2)
    return sock


def drain(sock: socket.socket, until: float) -> list[str]:
    got: list[str] = []
    while time.monotonic() < until:
        try:
            got.append(sock.recv(4096).decode())
        except TimeoutError:
            continue
    return got


def test_notifier_speaks_the_protocol(tmp_path: Path) -> None:
    path = tmp_path / "notify"
    with listen(path) as sock:
        n = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "4000000"})
        assert n.enabled and n.watchdog_interval_s == 2.0
        n.ready("collecting")
        n.watchdog()
        n.stopping()
        assert drain(sock, time.monotonic() + 0.5) == [
            "READY=1\nSTATUS=collecting",
            "WATCHDOG=1",
            "STOPPING=1",
        ]


def test_not_under_systemd_does_nothing() -> None:
    n = Notifier({})
    assert not n.enabled and n.watchdog_interval_s is None
    n.ready()  # no socket: silently nothing


def test_watchdog_for_another_pid_is_ignored(tmp_path: Path) -> None:
    n = Notifier(
        {"NOTIFY_SOCKET": str(tmp_path / "x"), "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"}
    )
    assert n.watchdog_interval_s is None


def test_tracker_run_under_systemd(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[[devices]]\nid = "strap"\nname = "Polar H10 1"\n')
    path = tmp_path / "notify"
    with listen(path) as sock:
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "NOTIFY_SOCKET": str(path),
            "WATCHDOG_USEC": "1000000",  # ping every 0.5 s
        }
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tracker.cli",
                "run",
                "--config",
                str(config),
                "--data-dir",
                str(tmp_path / "data"),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            got = drain(sock, time.monotonic() + 5)
            proc.send_signal(signal.SIGTERM)
            got += drain(sock, time.monotonic() + 3)
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err
    assert got[0].startswith("READY=1")
    assert got.count("WATCHDOG=1") >= 3
    assert got[-1] == "STOPPING=1"
