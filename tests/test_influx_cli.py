"""``tracker sync`` and ``tracker status`` as the user runs them; sync sends to a real
VictoriaMetrics (those tests are slow)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tests.cli import tracker
from tracker.config.influx import InfluxConfig
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    StepSample,
)
from tracker.mirror.shipper import InfluxShipper
from tracker.store.daemon_state import DaemonState
from tracker.store.outbox import enable_outbox
from tracker.store.sqlite import DeviceStatusRow, Store

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer
    from tracker.domain.samples import Sample


ROOT = Path(__file__).resolve().parents[1]
DAY_MS = 86_400_000
T0_MS = 1_767_261_600_000  # 2026-01-01 10:00 UTC = 11:00 in Brussels
TOKEN = "cli-secret-token-42"


def write_config(tmp_path: Path, url: str, *, batch_size: int = 1000) -> Path:
    token = tmp_path / "influx.token"
    token.write_text(TOKEN + "\n")
    token.chmod(0o600)
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(
        f"""
[tracker]
person = "an"
timezone = "Europe/Brussels"

[influxdb]
url = "{url}"
org = "home"
bucket = "tracker"
token_file = "{token}"
batch_size = {batch_size}
"""
    )
    return cfg


def fill(data_dir: Path, days: int = 3) -> int:
    """Samples over ``days`` days: 2 heart rates a minute for 2 hours a day, and more."""
    samples: list[Sample] = []
    for d in range(days):
        base = T0_MS + d * DAY_MS
        for i in range(240):
            samples.append(HeartRateSample("strap", base + i * 30_000, 60.0 + i % 30, True))
        for i in range(120):
            samples.append(StepSample("watch", base + i * 60_000, 50 + i % 7))
        samples.append(BatterySample("watch", base, 90 - d))
        samples.append(ConnectionEvent("watch", base + 1, ConnectionState.CONNECTED))
    with Store.create(data_dir) as store:
        store.write(samples)
    return len(samples)


def test_sync_sends_all_history_with_progress(tmp_path: Path, victoria: VictoriaServer) -> None:
    n = fill(tmp_path / "data")
    cfg = write_config(tmp_path, victoria.url, batch_size=100)
    result = tracker("sync", "--data-dir", str(tmp_path / "data"), "--config", str(cfg))
    assert result.returncode == 0, result.stderr
    assert "sync: " in result.stderr and "(100%)" in result.stderr
    minutes = 3 * 120  # minutes with steps (heart-rate minutes are the same ones)
    assert f"{n + minutes} points sent to {victoria.url} bucket tracker" in result.stderr
    assert TOKEN not in result.stderr + result.stdout
    strap = (("device", "strap"), ("person", "an"))
    got = victoria.points("heart_rate_bpm")[strap]
    assert len(got) == 720 and got[T0_MS + 30_000] == 61.0
    assert victoria.count("steps_steps") == 360
    assert victoria.count("minute_heart_rate_bpm") == 360
    assert victoria.points("minute_steps")[(("person", "an"),)][T0_MS] == 50
    # Again, as after a restore: the server ends up with the same points, not twice.
    assert (
        tracker("sync", "--data-dir", str(tmp_path / "data"), "--config", str(cfg)).returncode == 0
    )
    assert victoria.count("heart_rate_bpm") == 720


def test_sync_since_sends_only_later_days(tmp_path: Path, victoria: VictoriaServer) -> None:
    fill(tmp_path / "data")
    cfg = write_config(tmp_path, victoria.url)
    args = ["--data-dir", str(tmp_path / "data"), "--config", str(cfg), "--since", "2026-01-02"]
    result = tracker("sync", *args)
    assert result.returncode == 0, result.stderr
    times = victoria.points("heart_rate_bpm")[(("device", "strap"), ("person", "an"))]
    assert min(times) == T0_MS + DAY_MS and len(times) == 480


def test_sync_without_influxdb_section_is_a_config_error(tmp_path: Path) -> None:
    fill(tmp_path / "data", days=1)
    cfg = tmp_path / "plain.toml"
    cfg.write_text('[tracker]\nperson = "an"\n')
    for args in (["--config", str(cfg)], []):
        result = tracker("sync", "--data-dir", str(tmp_path / "data"), *args)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "[influxdb]" in result.stderr
        assert "Traceback" not in result.stderr


def test_sync_bad_since_is_a_usage_error(tmp_path: Path) -> None:
    fill(tmp_path / "data", days=1)
    cfg = write_config(tmp_path, "http://127.0.0.1:9")
    args = ["--data-dir", str(tmp_path / "data"), "--config", str(cfg), "--since", "yesterday"]
    result = tracker("sync", *args)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_sync_rejected_is_one_line_with_resume_hint(
    tmp_path: Path, victoria_auth: VictoriaServer
) -> None:
    fill(tmp_path / "data", days=1)
    cfg = write_config(tmp_path, victoria_auth.url)
    result = tracker("sync", "--data-dir", str(tmp_path / "data"), "--config", str(cfg))
    assert result.returncode == 1
    err = result.stderr.strip().splitlines()[-1]
    assert "401" in err and "--since 2026-01-01" in err and "Traceback" not in result.stderr
    assert TOKEN not in result.stderr


def test_status_shows_devices_outbox_and_last_error(
    tmp_path: Path, victoria_auth: VictoriaServer
) -> None:
    cfg = write_config(tmp_path, victoria_auth.url)
    influx = InfluxConfig(url=victoria_auth.url, bucket="tracker", org="home", token=TOKEN)
    with Store.create(tmp_path / "data") as store:
        now_ms = time.time_ns() // 1_000_000  # saved by a daemon that is running
        store.save_device_status(
            [
                DeviceStatusRow(
                    "watch", "AA:BB", "InfiniTime", True, T0_MS, 77, 2, "", T0_MS, now_ms
                )
            ],
            DaemonState(heartbeat_ms=now_ms).to_meta(),
        )
        enable_outbox(store, influx, "an")
        store.write([HeartRateSample("strap", T0_MS + i * 1000, 70.0) for i in range(25)])
        import asyncio

        assert asyncio.run(InfluxShipper(store, influx, person="an").drain(10)) == 25
    base = ["--data-dir", str(tmp_path / "data"), "--config", str(cfg)]
    text = tracker("status", *base)
    assert text.returncode == 0, text.stderr
    assert "watch: connected" in text.stdout and "battery 77 %" in text.stdout
    assert "outbox: 25 points waiting, oldest unsent point 2026-01-01 11:00:00+01:00" in text.stdout
    assert "last error: InfluxDB at" in text.stdout and "401" in text.stdout
    assert TOKEN not in text.stdout
    as_json = tracker("status", *base, "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["devices"][0]["device"] == "watch"
    assert data["influxdb"]["depth"] == 25
    assert data["influxdb"]["oldest_unsent_ms"] == T0_MS
    assert "401" in data["influxdb"]["last_error"]
    assert TOKEN not in as_json.stdout


def test_status_without_influxdb(tmp_path: Path) -> None:
    fill(tmp_path / "data", days=1)
    result = tracker("status", "--data-dir", str(tmp_path / "data"), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc.pop("daemon")["running"] is False
    assert doc == {
        "devices": [],
        "influxdb": None,
        "alerts": [],
        "imports": {"folders": [], "sources": [], "failed": []},
    }
    text = tracker("status", "--data-dir", str(tmp_path / "data"))
    assert "InfluxDB: not configured" in text.stdout


def test_status_of_missing_data_dir_is_one_line(tmp_path: Path) -> None:
    result = tracker("status", "--data-dir", str(tmp_path / "nothing"))
    assert result.returncode == 1 and result.stderr.startswith("tracker: no tracker data in")
    assert "Traceback" not in result.stderr
