"""Run the ``tracker`` command line as a user does: a fresh process, output captured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# A command that has not finished by then is hung; the test fails instead of stalling.
CLI_TIMEOUT_S = 120.0


def tracker(
    *args: str | Path,
    input: str | None = None,
    timeout: float = CLI_TIMEOUT_S,
    env: dict[str, str] | None = None,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[str]:
    """``python -m tracker.cli ARGS`` with text output; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *map(str, args)],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=timeout,
        check=False,
    )
