"""Helpers for the real servers the tests start: free loopback ports, clean stops."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float, *, kill: bool = False) -> None:
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
