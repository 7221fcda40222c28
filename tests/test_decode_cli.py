"""``tracker decode`` from outside: a subprocess, its stdout, stderr and exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import tracker
from tracker.cli import main
from tracker.commands.decode import parse_hex
from tracker.domain.errors import UsageError

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_heart_rate_infinitime_flags_zero() -> None:
    result = tracker("decode", "2a37", "00 48")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == {
        "heart_rate_bpm": 72,
        "sensor_contact": None,
        "energy_expended_kj": None,
        "rr_intervals_s": [],
    }


def test_heart_rate_all_fields_full_uuid_and_colons() -> None:
    # Nordic's uint16 vector: 257 bpm, contact, 306 kJ, RR 1, 258, 65535 (1/1024 s).
    result = tracker(
        "decode", "00002A37-0000-1000-8000-00805F9B34FB", "1f:01:01:32:01:01:00:02:01:ff:ff"
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == ["heart_rate_bpm", "sensor_contact", "energy_expended_kj", "rr_intervals_s"]
    assert out == {
        "heart_rate_bpm": 257,
        "sensor_contact": True,
        "energy_expended_kj": 306,
        "rr_intervals_s": [1 / 1024, 258 / 1024, 65535 / 1024],
    }


def test_heart_rate_contact_supported_not_detected() -> None:
    result = tracker("decode", "0x2A37", "04 ff")
    assert json.loads(result.stdout)["sensor_contact"] is False


def test_rsc() -> None:
    result = tracker("decode", "2A53", "07 00 03 12 56 00 01 00 00 f0")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out) == [
        "speed_mps",
        "cadence_spm",
        "stride_length_m",
        "total_distance_m",
        "running",
    ]
    assert out == {
        "speed_mps": 3.0,
        "cadence_spm": 18,
        "stride_length_m": 0.86,
        "total_distance_m": 0xF0000001 / 10,
        "running": True,
    }
    walking = json.loads(tracker("decode", "2a53", "00 80 01 6e").stdout)
    assert walking["stride_length_m"] is None
    assert walking["total_distance_m"] is None
    assert walking["running"] is False


def test_battery_steps_and_device_information() -> None:
    assert json.loads(tracker("decode", "2a19", "64").stdout) == {"battery_percent": 100}
    steps = tracker("decode", "00030001-78fc-48fe-8e23-433b3a1942d0", "0x10 0x27 0x00 0x00")
    assert json.loads(steps.stdout) == {"steps": 10000}
    info = tracker("decode", "2a26", "31 2e 31 34 2e 30 00")
    assert json.loads(info.stdout) == {"firmware_revision": "1.14.0"}


@pytest.mark.parametrize(
    ("characteristic", "payload", "problem"),
    [
        (
            "2a37",
            "10 48 00",
            "malformed 2A37 payload: flags announce RR intervals but 1 byte is left",
        ),
        ("2a37", "", "malformed 2A37 payload: the payload is empty"),
        ("2a37", "00 48 00", "malformed 2A37 payload: 1 byte left over"),
        ("2a53", "01 00 01 0a", "malformed 2A53 payload: flags announce a stride length"),
        ("2a19", "65", "malformed 2A19 payload: battery level 101 % is above 100 %"),
        ("2a29", "ff", "malformed 2A29 payload: byte 0 is not valid UTF-8"),
        (
            "00030001-78fc-48fe-8e23-433b3a1942d0",
            "01 02 03",
            "malformed InfiniTime step count payload: expected 4 bytes, got 3 bytes",
        ),
    ],
)
def test_malformed_payload_exit_1_one_line(characteristic: str, payload: str, problem: str) -> None:
    result = tracker("decode", characteristic, payload)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"tracker: {problem}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2a00", "00"), "no decoder for characteristic 2A00"),
        (("12345678-1234-5678-1234-567812345678", "00"), "no decoder for characteristic"),
        (("hartslag", "00"), "not a Bluetooth UUID"),
        (("2a37", "0 48"), "odd number of hex digits"),
        (("2a37", "00 4g"), "'g', which is not a hex digit"),
        (("2a37",), "required: HEX"),
    ],
)
def test_unknown_characteristic_or_bad_text_exit_2(args: tuple[str, ...], message: str) -> None:
    result = tracker("decode", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "payload"),
    [
        ("0048", b"\x00\x48"),
        ("00 48", b"\x00\x48"),
        ("00:48", b"\x00\x48"),
        ("00-48", b"\x00\x48"),
        ("0x0048", b"\x00\x48"),
        ("0x00 0x48", b"\x00\x48"),
        ("0X00,0X48", b"\x00\x48"),
        (" 1E:55 32-00_21.00 ", bytes.fromhex("1e5532002100")),
        ("", b""),
    ],
)
def test_parse_hex_is_lenient_on_separators(text: str, payload: bytes) -> None:
    assert parse_hex(text) == payload


@pytest.mark.parametrize("text", ["0", "00 4", "0x", "zz", "00 48 !", "0x0x00", "00\u0664\u0668"])
def test_parse_hex_is_strict_on_digits(text: str) -> None:
    with pytest.raises(UsageError):
        parse_hex(text)


def test_in_process_main_returns_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "2a19", "32"]) == 0
    assert json.loads(capsys.readouterr().out) == {"battery_percent": 50}
    assert main(["decode", "2a19", "c8"]) == 1
    assert main(["decode", "ffff", "00"]) == 2
