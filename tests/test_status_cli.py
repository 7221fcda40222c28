"""`tracker status` shows alert delivery per channel next to devices and the outbox."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli import tracker
from tracker.alerts.delivery import AlertQueue
from tracker.alerts.events import WeeklyReportReady
from tracker.store.sqlite import Store

REPO = Path(__file__).resolve().parents[1]


def status(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return tracker("status", "--data-dir", data, *extra)


def test_status_counts_waiting_alerts(tmp_path: Path) -> None:
    with Store.create(tmp_path) as store:
        queue = AlertQueue(store)
        assert queue.enqueue(
            WeeklyReportReady("2026-W12", "/r.html"), ["mqtt"], now_ms=1, expires_ms=2**50
        )
    proc = status(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "mqtt: 0 delivered, 1 waiting, 0 expired" in proc.stdout
    doc = json.loads(status(tmp_path, "--json").stdout)
    assert doc["alerts"] == [
        {"channel": "mqtt", "pending": 1, "delivered": 0, "expired": 0, "last_error": ""}
    ]


def test_status_without_data_is_one_line(tmp_path: Path) -> None:
    proc = status(tmp_path / "nothing")
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "no tracker data" in proc.stderr
