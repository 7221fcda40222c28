"""Helpers for the real servers the tests start: free loopback ports, readiness, clean stops."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# What of a server's log a failure shows.
LOG_TAIL_CHARS = 2000


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_process(proc: subprocess.Popen[Any], timeout_s: float, *, kill: bool = False) -> None:
    """SIGTERM (or SIGKILL with ``kill``), wait, and kill what does not stop in time."""
    if kill:
        proc.kill()
    else:
        proc.terminate()
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def start_logged(args: list[str], log: Path, **popen: Any) -> subprocess.Popen[bytes]:
    """``args`` started with stdout and stderr appended to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, **popen)


def wait_ready(
    proc: subprocess.Popen[Any],
    ready: Callable[[], bool],
    what: str,
    *,
    log: Path,
    timeout_s: float,
    poll_s: float,
) -> None:
    """Poll ``ready`` until it holds; the test fails (with the log's tail) as soon as the
    process exits, or at the deadline, after killing it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}: {_tail(log)}")
        if ready():
            return
        time.sleep(poll_s)
    stop_process(proc, timeout_s, kill=True)
    pytest.fail(f"{what} did not answer within {timeout_s} s: {_tail(log)}")


def _tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace")[-LOG_TAIL_CHARS:]
    except OSError:
        return "(no log)"
