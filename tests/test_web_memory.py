"""The hub page gives large buffers back to the system once freed (tracker/web/memory.py):
measured in a fresh interpreter, since the setting is for the whole process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Three 16 MB buffers allocated and freed in turn, then the growth of the resident set.
PROBE = """
import sys
from tracker.web.memory import return_large_buffers
tuned = return_large_buffers() if sys.argv[1] == "tuned" else None
import numpy as np
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
before = rss_mb()
for _ in range(3):
    buffer = np.ones(2_000_000)
    del buffer
print(tuned, rss_mb() - before)
"""
BUFFER_MB = 16


def growth(mode: str) -> tuple[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], float(out[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_freed_large_buffers_leave_the_resident_set() -> None:
    tuned, kept = growth("tuned")
    if tuned == "False":
        pytest.skip("no glibc here: nothing to tune")
    assert tuned == "True"
    assert kept < BUFFER_MB / 4
    # Without the setting glibc keeps the buffer: what the test guards against.
    _, untuned = growth("default")
    assert untuned > BUFFER_MB / 2
