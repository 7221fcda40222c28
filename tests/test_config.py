"""Every bad-config class gives its one-line error, exit 2, and nothing is started."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli import tracker, tracker_process
from tracker.config import load_config, parse_config
from tracker.domain.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]

GOOD = """
[tracker]
person = "an"
timezone = "Europe/Brussels"

[[devices]]
id = "strap"
name = "Polar H10 123"
"""

BAD = [
    # (what is wrong, file text, key the message must name)
    ("unknown key", GOOD + "\n[analysis]\nbout_minutes = 5\n", "analysis.bout_minutes"),
    ("unknown section", GOOD + "\n[analysys]\nx = 1\n", "analysys"),
    ("wrong type", GOOD + '\n[analysis]\nbout_min_minutes = "five"\n', "analysis.bout_min_minutes"),
    ("bool for number", GOOD + "\n[pacing]\nboom_ratio = true\n", "pacing.boom_ratio"),
    ("impossible value", GOOD + "\n[pacing]\nbust_ratio = 1.2\n", "pacing.bust_ratio"),
    ("negative", GOOD + "\n[analysis]\nnonwear_minutes = -90\n", "analysis.nonwear_minutes"),
    ("bad time zone", GOOD.replace("Europe/Brussels", "Mars/Olympus"), "tracker.timezone"),
    (
        "device without address or name",
        GOOD + '\n[[devices]]\nid = "watch"\n',
        "devices[1].address",
    ),
    (
        "duplicate device",
        GOOD + '\n[[devices]]\nid = "strap"\naddress = "AA:BB:CC:00:00:09"\n',
        "devices[1].id",
    ),
    ("missing required", GOOD + '\n[influxdb]\nurl = "http://127.0.0.1:1"\n', "influxdb.bucket"),
    ("bad url", GOOD + '\n[influxdb]\nurl = "ftp://x"\nbucket = "b"\n', "influxdb.url"),
    ("not TOML", "[tracker\nperson=1", "not valid TOML"),
    ("section not a table", GOOD + "\ncollector = 3\n", "collector"),
]


@pytest.mark.parametrize(("what", "text", "key"), BAD, ids=[b[0] for b in BAD])
def test_bad_config_names_the_key(tmp_path: Path, what: str, text: str, key: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert key in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("what", "text", "key"), BAD[:4] + BAD[-2:], ids=[b[0] for b in BAD[:4] + BAD[-2:]]
)
def test_run_with_bad_config_exits_2_and_writes_nothing(
    tmp_path: Path, what: str, text: str, key: str
) -> None:
    data = tmp_path / "data"
    path = tmp_path / "c.toml"
    path.write_text(text)
    for proc in (
        tracker("check-config", path),
        # The daemon takes over the process's signals: run it as its own process.
        tracker_process("run", "--config", path, "--data-dir", data),
    ):
        assert proc.returncode == 2, proc.stderr
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and key in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr
    assert not data.exists()


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(GOOD)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything; use a directory instead
        path = tmp_path
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(path)


def test_good_config_and_defaults() -> None:
    config = parse_config({})
    assert config.analysis.active_steps_per_min == 40
    assert config.analysis.bout_min_minutes == 5
    assert config.pacing.boom_ratio == 1.5
    assert config.devices == ()
    assert config.influxdb is None


def test_example_config_loads_and_documents_every_key() -> None:
    """config.example.toml is the reference: it must load, and name every key we accept."""
    import dataclasses
    import tomllib
    import typing

    from tracker import config as cfg

    example = REPO / "config.example.toml"
    loaded = load_config(example)
    text = example.read_text()
    assert loaded.tracker.person
    # Every section of Config (optional ones unwrapped) and the [[devices]] table.
    sections: dict[str, type] = {}
    for name, tp in typing.get_type_hints(cfg.Config).items():
        if name == "zone":
            continue
        args = [a for a in typing.get_args(tp) if a is not type(None) and a is not Ellipsis]
        sections[name] = args[0] if args else tp

    def keys(cls: type, prefix: str) -> list[str]:
        out = []
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            sub = hints[f.name]
            if isinstance(sub, type) and dataclasses.is_dataclass(sub):
                out += keys(sub, f"{prefix}.{f.name}")
            else:
                out.append(f"{prefix}.{f.name}")
        return out

    raw = text.replace("# ", "")  # commented-out keys count as documented
    for name, cls in sections.items():
        for key in keys(cls, name):
            leaf = key.rsplit(".", 1)[1]
            assert f"{leaf} =" in raw, f"config.example.toml does not document {key}"
    assert tomllib.loads(text)


def test_check_config_lists_every_problem_and_warns_on_no_devices(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[tracker]\nperson = ""\n[[devices]]\nid = "s"\naddress = "AA:BB:CC:DD:EE"\n'
        "[collector]\nbogus = 1\n[analysis]\nnonwear_minutes = 0\n"
    )
    r = tracker("check-config", bad)
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 4, r.stderr
    for key in ("devices[0].address", "tracker.person", "collector.bogus", "nonwear_minutes"):
        assert sum(key in line for line in lines) == 1, key
    # Any other command says the first problem in one line and how to see them all.
    run = tracker_process("run", "--config", bad, "--data-dir", tmp_path / "d")
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1
    assert "3 more problems" in run.stderr and "check-config" in run.stderr
    empty = tmp_path / "empty.toml"
    empty.write_text('[tracker]\nperson = "An"\n')
    r = tracker("check-config", empty)
    assert r.returncode == 0 and "lists no wearables" in r.stderr and "OK" in r.stdout


@pytest.mark.parametrize(
    "address", ["AA:BB:CC:DD:EE", "AA:BB:CC:DD:EE:FF:00", "AABBCCDDEEFF", "GG:BB:CC:DD:EE:FF"]
)
def test_a_device_address_must_be_six_hex_octets(address: str) -> None:
    with pytest.raises(ConfigError, match=r"devices\[0\]\.address"):
        parse_config({"devices": [{"id": "s", "address": address}]})
    assert parse_config({"devices": [{"id": "s", "address": "aa:bb:cc:dd:ee:ff"}]}).devices
