"""The issue's contract, from outside: `tracker demo` with [influxdb] loses no heart-rate minute.

With an ``[influxdb]`` section pointing at a server, ``tracker demo --days 2`` gets every
heart-rate minute of ``tracker export`` into the server as ``heart_rate`` points, even when
the server is stopped for a while mid-run and started again.
"""

from __future__ import annotations

import csv
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli import spawn_tracker, tracker
from tracker.cli import COMMANDS

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer


DEMO_TIMEOUT_S = 420.0
# How long the server stays away mid-run (several shipper retries and backoffs).
OUTAGE_S = 4.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif("demo" not in COMMANDS, reason="tracker demo is not registered yet"),
]


def test_demo_mirrors_every_heart_rate_minute_despite_an_outage(
    tmp_path: Path, victoria: VictoriaServer
) -> None:
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(
        f"""
[tracker]
person = "demo"
timezone = "Europe/Brussels"

[influxdb]
url = "{victoria.url}"
bucket = "tracker"
org = "home"
"""
    )
    data = tmp_path / "data"
    demo = spawn_tracker("demo", "--days", "2", "--data-dir", data, "--config", cfg)
    try:
        deadline = time.monotonic() + DEMO_TIMEOUT_S
        while victoria.count("heart_rate_bpm") == 0:
            assert demo.poll() is None, demo.communicate()
            assert time.monotonic() < deadline, "no heart-rate point reached the server"
            time.sleep(0.2)
        victoria.stop()
        time.sleep(OUTAGE_S)
        victoria.start()
        _out, err = demo.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
    assert demo.returncode == 0, err

    export = tmp_path / "minutes.csv"
    done = tracker("export", "--data-dir", data, "--output", export)
    assert done.returncode == 0, done.stderr
    with export.open(newline="") as fh:
        hr_minutes = {
            int(datetime.fromisoformat(row["time"]).timestamp()) // 60
            for row in csv.DictReader(fh)
            if row["heart_rate_bpm"]
        }
    assert hr_minutes, "the demo produced no heart-rate minutes"
    stored = victoria.points("heart_rate_bpm")  # also asserts no timestamp twice
    assert stored and all(dict(labels)["person"] == "demo" for labels in stored)
    server_minutes = {t // 60_000 for series in stored.values() for t in series}
    missing = sorted(hr_minutes - server_minutes)
    assert not missing, f"{len(missing)} heart-rate minutes missing, first {missing[:3]}"
