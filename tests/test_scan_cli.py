"""``tracker scan``: the real CLI in a subprocess, over the emulated wearables and over
whatever Bluetooth this machine has (none in CI)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.cli import tracker
from tracker.ble.emulated.world import IDENTITIES
from tracker.commands.scan import ScanResult, device_ids, sort_results

# Slow: the emulated Bluetooth stack.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
HR = "0000180d-0000-1000-8000-00805f9b34fb"
BATTERY = "0000180f-0000-1000-8000-00805f9b34fb"


def test_scan_lists_the_emulated_wearables_with_snippets() -> None:
    result = tracker("scan", "--emulated", "--seconds", "0.3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("4 device(s) heard")
    for key, service in [
        ("strap", "Heart Rate"),
        ("footpod", "Running Speed and Cadence"),
        ("watch", "Heart Rate"),
        ("stranger", "Heart Rate"),
    ]:
        identity = IDENTITIES[key]
        row = next(line for line in lines if identity.address in line and "dBm" in line)
        assert row.startswith("*") and identity.name in row and row.endswith(service)
    assert result.stdout.count("[[devices]]") == 4
    # The snippets are one valid TOML document.
    snippets = result.stdout.split("configuration file:\n", 1)[1]
    devices = tomllib.loads(snippets)["devices"]
    assert [d["address"] for d in devices] == [
        IDENTITIES[k].address for k in ("strap", "footpod", "watch", "stranger")
    ]


def test_scan_json_snippet_passes_check_config(tmp_path: Path) -> None:
    result = tracker("scan", "--emulated", "--seconds", "0.3", "--json")
    assert result.returncode == 0, result.stderr
    found = {d["name"]: d for d in json.loads(result.stdout)}
    strap = found[IDENTITIES["strap"].name]
    assert strap["supported_services"] == ["Heart Rate"]
    assert strap["service_uuids"] == [HR]
    assert isinstance(strap["rssi_dbm"], int)
    assert found["Stryd 4F21"]["supported_services"] == ["Running Speed and Cadence"]
    config = tmp_path / "tracker.toml"
    config.write_text(strap["toml"] + "\n" + found["InfiniTime"]["toml"])
    checked = tracker("check-config", str(config))
    assert checked.returncode == 0, checked.stderr
    assert "2 device(s)" in checked.stdout


def test_scan_without_an_adapter_is_one_line() -> None:
    result = tracker("scan", "--seconds", "0.5")
    if result.returncode == 0:
        pytest.skip("this machine has a working Bluetooth adapter")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "Bluetooth is not available" in result.stderr
    assert "tracker scan --emulated" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("seconds", ["0", "-1", "500"])
def test_scan_rejects_impossible_durations(seconds: str) -> None:
    result = tracker("scan", "--emulated", "--seconds", seconds)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "--seconds" in result.stderr


def test_supported_devices_come_first_and_ids_are_unique() -> None:
    far_strap = ScanResult("C4:00:00:00:00:02", "Polar H10 1", -80, (HR,))
    near_strap = ScanResult("C4:00:00:00:00:01", "Polar H10 1", -40, (HR, BATTERY))
    speaker = ScanResult("C4:00:00:00:00:03", "Speaker", -30, (BATTERY,))
    unnamed = ScanResult("C4:00:00:00:AB:CD", None, -60, ())
    ordered = sort_results([speaker, unnamed, far_strap, near_strap])
    assert ordered == [near_strap, far_strap, speaker, unnamed]
    assert device_ids(ordered) == ["polar-h10-1", "polar-h10-1-2", "speaker", "device-00abcd"]
    assert near_strap.supported == ("Heart Rate",)
    assert near_strap.other_services == ("Battery",)
