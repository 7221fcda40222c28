"""Headless Chromium for report tests: a screenshot, the console log and the live DOM.

Debian's ``chromium`` is started with everything that could reach the network turned
off, and its own throwaway profile, so a test sees exactly what a person opening the
file would see, and would notice if the page tried to fetch anything.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# A cold start on a 2-core CI machine takes 2-5 s; this only stops a hung browser.
CHROMIUM_TIMEOUT_S = 60
WINDOW = "1200,3000"
QUIET_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


@dataclass(frozen=True, slots=True)
class ChromiumPage:
    png: Path
    screenshot_stderr: str
    dom: str
    dom_stderr: str


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S, check=False
    )


def render_in_chromium(html: Path, work: Path) -> ChromiumPage:
    """Screenshot ``html`` and dump its DOM after scripts and layout."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (Debian package chromium)")
    png = work / "page.png"
    url = html.resolve().as_uri()
    shot = _run(
        [
            CHROMIUM,
            *QUIET_FLAGS,
            f"--user-data-dir={work / 'profile-shot'}",
            f"--screenshot={png}",
            f"--window-size={WINDOW}",
            url,
        ]
    )
    assert png.exists(), f"chromium wrote no screenshot: {shot.stderr[-2000:]}"
    dump = _run(
        [CHROMIUM, *QUIET_FLAGS, f"--user-data-dir={work / 'profile-dom'}", "--dump-dom", url]
    )
    assert dump.returncode == 0, dump.stderr[-2000:]
    return ChromiumPage(png, shot.stderr, dump.stdout, dump.stderr)


def console_errors(stderr: str) -> list[str]:
    """Lines where the page logged to the console or threw."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
