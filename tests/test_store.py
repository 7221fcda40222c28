"""The embedded store: replay-safe keys, private files, minute table, atomic import."""

from __future__ import annotations

import math
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.cli import tracker as cli
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    StepSample,
)
from tracker.formats.minute_csv import read_csv
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tracker.domain.samples import Sample

REPO = Path(__file__).resolve().parents[1]
T0 = 1_773_644_400_000  # 2026-03-16T07:00:00Z, a minute boundary


def samples() -> list[Sample]:
    return [
        HeartRateSample("strap", T0 + 1_000, 70.0, True, None, (0.85, 0.86)),
        HeartRateSample("strap", T0 + 11_000, 80.0, True, 12, ()),
        HeartRateSample("strap", T0 + 21_000, 190.0, False),  # no skin contact: not counted
        HeartRateSample("watch", T0 + 31_000, 90.0, None),  # contact unknown: counted
        StepSample("watch", T0 + 60_000, 40),
        StepSample("watch", T0 + 90_000, 20),
        StepSample("footpod", T0 + 70_000, 55, 110.0),
        BatterySample("strap", T0, 88),
        ConnectionEvent("strap", T0, ConnectionState.CONNECTED, ""),
    ]


def test_replay_never_duplicates(tmp_path: Path) -> None:
    with Store.create(tmp_path) as store:
        assert store.write(samples()) == 9
        assert store.write(samples()) == 0
        assert store.counts() == {"heart_rate": 4, "steps": 3, "battery": 1, "connection": 1}
    with Store.create(tmp_path) as store:  # and across a restart
        assert store.write(samples()[:3]) == 0


def test_health_data_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Store.create(data) as store:
        store.write(samples())
        for path in data.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_minute_table_rules(tmp_path: Path) -> None:
    with Store.create(tmp_path) as store:
        store.write(samples())
        table = store.minute_table()
    assert table.time_s.tolist() == [T0 // 1000, T0 // 1000 + 60]
    # HR: mean of samples with contact or unknown contact; the no-contact one is left out.
    assert table.heart_rate_bpm[0] == pytest.approx((70 + 80 + 90) / 3)
    assert math.isnan(table.heart_rate_bpm[1])
    # Steps: per device the sum, then the larger device (watch 60 vs footpod 55).
    assert math.isnan(table.steps[0])
    assert table.steps[1] == 60


def test_offsets_follow_the_zone(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    with Store.create(tmp_path, tz=ZoneInfo("Europe/Brussels")) as store:
        store.write([StepSample("w", T0, 5), StepSample("w", T0 + 14 * 86_400_000, 5)])
        table = store.minute_table()
    # 2026-03-16 is winter time (+01:00); 2026-03-30 is summer time (+02:00).
    assert table.offset_s.tolist() == [3600, 7200]


CSV = """time,steps,heart_rate_bpm
2026-03-16T08:00:00+01:00,12,72.5
2026-03-16T08:01:00+01:00,,80
2026-03-16T08:02:00+01:00,100,
2026-03-16T07:59:00+01:00,3,61
"""


def test_import_export_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(CSV)
    data = tmp_path / "data"
    assert cli("import", "--data-dir", str(data), str(src)).returncode == 0
    out = tmp_path / "out.csv"
    proc = cli("export", "--data-dir", str(data), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text().splitlines()
    assert lines[0] == "time,steps,heart_rate_bpm"
    assert lines[1:] == [
        "2026-03-16T07:59:00+01:00,3,61",
        "2026-03-16T08:00:00+01:00,12,72.5",
        "2026-03-16T08:01:00+01:00,,80",
        "2026-03-16T08:02:00+01:00,100,",
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # Import of an export is the identity.
    again = read_csv(out)
    first = read_csv(src)
    assert np.array_equal(again.time_s, first.time_s)
    assert np.array_equal(again.offset_s, first.offset_s)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("2026-03-16T09:00:00+01:00,12", "expected 3 fields"),
        ("2026-03-16 nine,12,70", "not ISO 8601"),
        ("2026-03-16T09:00:00,12,70", "no UTC offset"),
        ("2026-03-16T09:00:30+01:00,12,70", "start of a minute"),
        ("2026-03-16T09:00:00+01:00,twelve,70", "not a whole number"),
        ("2026-03-16T09:00:00+01:00,-3,70", "outside"),
        ("2026-03-16T09:00:00+01:00,12,fast", "not a number"),
        ("2026-03-16T09:00:00+01:00,12,700", "outside"),
        ("2026-03-16T08:00:00+01:00,1,70", "appears twice (also on line 2)"),
    ],
)
def test_bad_row_names_its_line_and_imports_nothing(tmp_path: Path, row: str, problem: str) -> None:
    data = tmp_path / "data"
    good = tmp_path / "good.csv"
    good.write_text(CSV)
    assert cli("import", "--data-dir", str(data), str(good)).returncode == 0
    with Store.create(data) as store:
        before = store.counts()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        CSV.replace("2026-03-16T08:01:00+01:00,,80", "2026-03-16T08:01:00+01:00,,81") + row + "\n"
    )
    proc = cli("import", "--data-dir", str(data), str(bad))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and f"{bad}:6:" in proc.stderr and problem in proc.stderr
    with Store.create(data) as store:
        assert store.counts() == before
        # The good rows of the bad file were not written either (81 never landed).
        assert 81 not in store.minute_table().heart_rate_bpm.tolist()


def test_bad_header_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("when,steps\n")
    proc = cli("import", "--data-dir", str(tmp_path / "d"), str(bad))
    assert proc.returncode == 1 and ":1: header" in proc.stderr
    proc = cli("import", "--data-dir", str(tmp_path / "d"), str(tmp_path / "missing.csv"))
    assert proc.returncode == 1 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr
