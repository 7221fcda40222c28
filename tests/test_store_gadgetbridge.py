"""Gadgetbridge database exports to minutes, read-only."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tests.db import execute, execute_many
from tracker.domain.errors import ImportFileError
from tracker.domain.sources import Source, SourceKind
from tracker.store.gadgetbridge import gadgetbridge_devices, looks_like_sqlite, read_gadgetbridge

BRUSSELS = ZoneInfo("Europe/Brussels")

# The tables as Gadgetbridge's greenDAO DAOs create them (GBDaoGenerator: DEVICE,
# addCommonActivitySampleProperties: TIMESTAMP int seconds + DEVICE_ID + USER_ID, then each
# entity's own columns), plus tables an export has that are not activity samples.
SCHEMA = """
CREATE TABLE "android_metadata" (locale TEXT);
CREATE TABLE "USER" ("_id" INTEGER PRIMARY KEY ,"NAME" TEXT NOT NULL ,"BIRTHDAY" INTEGER NOT NULL ,
 "GENDER" INTEGER NOT NULL );
CREATE TABLE "DEVICE" ("_id" INTEGER PRIMARY KEY ,"NAME" TEXT NOT NULL ,
 "MANUFACTURER" TEXT NOT NULL ,"IDENTIFIER" TEXT NOT NULL UNIQUE ,"TYPE" INTEGER NOT NULL ,
 "TYPE_NAME" TEXT NOT NULL ,"MODEL" TEXT,"ALIAS" TEXT,"PARENT_FOLDER" TEXT);
CREATE TABLE "MI_BAND_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER  NOT NULL ,
 "DEVICE_ID" INTEGER  NOT NULL ,"USER_ID" INTEGER NOT NULL ,"RAW_INTENSITY" INTEGER NOT NULL ,
 "STEPS" INTEGER NOT NULL ,"RAW_KIND" INTEGER NOT NULL ,"HEART_RATE" INTEGER NOT NULL ,
 PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID" ) ON CONFLICT REPLACE) WITHOUT ROWID;
CREATE TABLE "HUAMI_EXTENDED_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER  NOT NULL ,
 "DEVICE_ID" INTEGER  NOT NULL ,"USER_ID" INTEGER NOT NULL ,"RAW_INTENSITY" INTEGER NOT NULL ,
 "STEPS" INTEGER NOT NULL ,"RAW_KIND" INTEGER NOT NULL ,"HEART_RATE" INTEGER NOT NULL ,
 "UNKNOWN1" INTEGER,"SLEEP" INTEGER,"DEEP_SLEEP" INTEGER,"REM_SLEEP" INTEGER,
 PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID" ) ON CONFLICT REPLACE) WITHOUT ROWID;
CREATE TABLE "PINE_TIME_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER  NOT NULL ,
 "DEVICE_ID" INTEGER  NOT NULL ,"USER_ID" INTEGER NOT NULL ,"RAW_KIND" INTEGER NOT NULL ,
 "STEPS" INTEGER NOT NULL ,"HEART_RATE" INTEGER NOT NULL ,
 PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID" ) ON CONFLICT REPLACE) WITHOUT ROWID;
CREATE TABLE "CASIO_GBX100_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER  NOT NULL ,
 "DEVICE_ID" INTEGER  NOT NULL ,"USER_ID" INTEGER NOT NULL ,"RAW_KIND" INTEGER NOT NULL ,
 "STEPS" INTEGER NOT NULL ,"CALORIES" INTEGER NOT NULL ,
 PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID" ) ON CONFLICT REPLACE) WITHOUT ROWID;
CREATE TABLE "HUAMI_STRESS_SAMPLE" ("TIMESTAMP" INTEGER NOT NULL ,"DEVICE_ID" INTEGER NOT NULL ,
 "USER_ID" INTEGER NOT NULL ,"TYPE_NUM" INTEGER NOT NULL ,"STRESS" INTEGER NOT NULL ,
 PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID" ) ON CONFLICT REPLACE) WITHOUT ROWID;
CREATE TABLE "BATTERY_LEVEL" ("TIMESTAMP" INTEGER NOT NULL ,"DEVICE_ID" INTEGER NOT NULL ,
 "LEVEL" INTEGER NOT NULL ,"BATTERY_INDEX" INTEGER NOT NULL ,
 PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID" ,"BATTERY_INDEX" ) ON CONFLICT REPLACE) WITHOUT ROWID;
"""

BAND, WATCH, UNUSED = 1, 2, 3
DEVICES = [
    (BAND, "Amazfit Bip", "Huami", "C8:0F:10:00:00:01", 19, "AMAZFITBIP", None, None, None),
    (WATCH, "InfiniTime", "Pine64", "E4:E1:12:00:00:02", 48, "PINETIME_JF", None, "pols", None),
    (UNUSED, "Mi Band 2", "Xiaomi", "C8:0F:10:00:00:03", 11, "MIBAND2", None, None, None),
]


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


# Summer time starts in Brussels at 2026-03-29 01:00 UTC: offsets 3600, then 7200.
MI_BAND = [  # (UTC time, steps, heart rate)
    ("2026-03-29 00:58", 10, 70),
    ("2026-03-29 00:59", 0, 255),  # 255: the Mi Band's "not measured"
    ("2026-03-29 01:00", -1, 0),  # NOT_MEASURED steps and no heart rate: nothing
    ("2026-03-29 01:01", 5000, -1),  # absurd steps, -1 heart rate: nothing
    ("2026-03-29 01:02", 20, 250),  # 250 bpm and up: not a heart rate for Gadgetbridge
]
HUAMI_EXTENDED = [
    ("2026-03-29 00:58", 12, 80),  # with the Mi Band table: the larger steps, mean HR
    ("2026-03-29 01:00", 7, 90),
    ("2026-03-29 01:03", 3, 19),  # 19 bpm: below 20, a blank
]
PINE_TIME = [  # the watch samples more often than once a minute
    ("2026-03-29 10:00:00", 30, 60),
    ("2026-03-29 10:00:30", 25, 64),
    ("2026-03-29 10:01:00", 0, 0),
]
STRESS = [("2026-03-29 00:58", 42)]  # milliseconds, not an activity sample: ignored

BAND_MINUTES = [  # (UTC minute, offset, steps, heart rate)
    ("2026-03-29 00:58", 3600, 12.0, 75.0),
    ("2026-03-29 00:59", 3600, 0.0, np.nan),
    ("2026-03-29 01:00", 7200, 7.0, 90.0),
    ("2026-03-29 01:02", 7200, 20.0, np.nan),
    ("2026-03-29 01:03", 7200, 3.0, np.nan),
]
WATCH_MINUTES = [
    ("2026-03-29 10:00", 7200, 55.0, 62.0),
    ("2026-03-29 10:01", 7200, 0.0, np.nan),
]


def build(path: Path, *, devices: list[int] | None = None) -> Path:
    """A Gadgetbridge export; ``devices`` limits which devices get samples."""
    wanted = set(devices or [BAND, WATCH])
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.execute("INSERT INTO android_metadata VALUES ('nl_BE')")
    db.execute("INSERT INTO USER VALUES (1, 'Ann', 0, 1)")
    db.executemany("INSERT INTO DEVICE VALUES (?,?,?,?,?,?,?,?,?)", DEVICES)
    if BAND in wanted:
        db.executemany(
            "INSERT INTO MI_BAND_ACTIVITY_SAMPLE VALUES (?, ?, 1, 20, ?, 1, ?)",
            [(ts(t), BAND, s, hr) for t, s, hr in MI_BAND],
        )
        db.executemany(
            "INSERT INTO HUAMI_EXTENDED_ACTIVITY_SAMPLE VALUES (?, ?, 1, 20, ?, 1, ?, 0, 0, 0, 0)",
            [(ts(t), BAND, s, hr) for t, s, hr in HUAMI_EXTENDED],
        )
        db.executemany(
            "INSERT INTO HUAMI_STRESS_SAMPLE VALUES (?, ?, 1, 0, ?)",
            [(ts(t) * 1000, BAND, v) for t, v in STRESS],
        )
    if WATCH in wanted:
        db.executemany(
            "INSERT INTO PINE_TIME_ACTIVITY_SAMPLE VALUES (?, ?, 1, 1, ?, ?)",
            [(ts(t), WATCH, s, hr) for t, s, hr in PINE_TIME],
        )
    db.execute("INSERT INTO BATTERY_LEVEL VALUES (?, ?, 80, 0)", (ts("2026-03-29 00:00"), BAND))
    db.commit()
    db.close()
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return build(tmp_path / "Gadgetbridge")


def assert_minutes(rows: list[tuple[str, int, float, float]], got: object) -> None:
    from tracker.domain.minutes import MinuteTable

    assert isinstance(got, MinuteTable)
    assert got.time_s.tolist() == [ts(r[0]) for r in rows]
    assert got.offset_s.tolist() == [r[1] for r in rows]
    np.testing.assert_array_equal(got.steps, [r[2] for r in rows])
    np.testing.assert_array_equal(got.heart_rate_bpm, [r[3] for r in rows])


def one_line_error(path: Path, device: str | None = None) -> str:
    with pytest.raises(ImportFileError) as err:
        read_gadgetbridge(path, BRUSSELS, device)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def test_devices_with_samples(export: Path) -> None:
    assert gadgetbridge_devices(export) == ["Amazfit Bip", "InfiniTime"]


def test_one_device_combines_its_tables(export: Path) -> None:
    (band,) = read_gadgetbridge(export, BRUSSELS, "Amazfit Bip")
    assert band.source == Source(SourceKind.GADGETBRIDGE, "Amazfit Bip")
    assert_minutes(BAND_MINUTES, band.table)
    assert band.beats is None


def test_finer_samples_are_summed_and_averaged_per_minute(export: Path) -> None:
    (watch,) = read_gadgetbridge(export, BRUSSELS, "InfiniTime")
    assert watch.source == Source(SourceKind.GADGETBRIDGE, "InfiniTime")
    assert_minutes(WATCH_MINUTES, watch.table)


def test_device_by_mac_or_alias_in_any_case(export: Path) -> None:
    for wanted in ("e4:e1:12:00:00:02", "POLS", "infinitime"):
        (watch,) = read_gadgetbridge(export, BRUSSELS, wanted)
        assert watch.source.device == "InfiniTime"


def test_several_devices_need_a_choice(export: Path) -> None:
    assert one_line_error(export) == (
        f"{export}: holds several devices: Amazfit Bip, InfiniTime; choose one with --device NAME"
    )


def test_unknown_device_names_the_known_ones(export: Path) -> None:
    assert one_line_error(export, "Forerunner 255") == (
        f"{export}: has no device 'Forerunner 255'; its devices: Amazfit Bip, InfiniTime"
    )
    # A device in DEVICE without samples: the ones that have samples are named.
    assert one_line_error(export, "Mi Band 2") == (
        f"{export}: has no steps or heart rate for Mi Band 2; "
        "devices with samples: Amazfit Bip, InfiniTime"
    )


def test_a_single_device_needs_no_choice(tmp_path: Path) -> None:
    path = build(tmp_path / "Gadgetbridge", devices=[WATCH])
    (watch,) = read_gadgetbridge(path, BRUSSELS, None)
    assert_minutes(WATCH_MINUTES, watch.table)


def test_two_devices_with_one_name_are_told_apart(tmp_path: Path) -> None:
    path = build(tmp_path / "Gadgetbridge")
    execute(path, "UPDATE DEVICE SET NAME = 'Amazfit Bip' WHERE _id = ?", WATCH)
    assert gadgetbridge_devices(path) == [
        "Amazfit Bip (C8:0F:10:00:00:01)",
        "Amazfit Bip (E4:E1:12:00:00:02)",
    ]
    (watch,) = read_gadgetbridge(path, BRUSSELS, "E4:E1:12:00:00:02")
    assert watch.source.device == "Amazfit Bip (E4:E1:12:00:00:02)"
    (band,) = read_gadgetbridge(path, BRUSSELS, "amazfit bip (c8:0f:10:00:00:01)")
    assert band.source.device == "Amazfit Bip (C8:0F:10:00:00:01)"
    assert one_line_error(path, "Amazfit Bip") == (
        f"{path}: 'Amazfit Bip' names several devices: Amazfit Bip (C8:0F:10:00:00:01), "
        "Amazfit Bip (E4:E1:12:00:00:02); choose one by its MAC address"
    )


def test_the_file_is_never_written(export: Path) -> None:
    os.utime(export, (1_700_000_000, 1_700_000_000))
    before = export.read_bytes()
    listing = sorted(p.name for p in export.parent.iterdir())
    gadgetbridge_devices(export)
    read_gadgetbridge(export, BRUSSELS, "Amazfit Bip")
    one_line_error(export)
    assert export.read_bytes() == before
    assert export.stat().st_mtime == 1_700_000_000
    assert sorted(p.name for p in export.parent.iterdir()) == listing  # no journal, wal, shm


def test_a_read_only_wal_mode_export(tmp_path: Path) -> None:
    """A copy of the app's database may be in WAL mode; a read-only folder still works."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = build(folder / "Gadgetbridge")
    execute(path, "PRAGMA journal_mode=WAL")
    assert path.read_bytes()[18:20] == b"\x02\x02"  # the header says WAL
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        (band,) = read_gadgetbridge(path, BRUSSELS, "Amazfit Bip")
        assert_minutes(BAND_MINUTES, band.table)
        assert sorted(p.name for p in folder.iterdir()) == ["Gadgetbridge"]
    finally:
        folder.chmod(0o755)


def test_a_copy_of_a_live_database_with_its_log(tmp_path: Path) -> None:
    """Samples still in a -wal beside the file are read, from a private copy of both."""
    live = build(tmp_path / "Gadgetbridge", devices=[BAND])
    db = sqlite3.connect(live)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.executemany(
        "INSERT INTO PINE_TIME_ACTIVITY_SAMPLE VALUES (?, ?, 1, 1, ?, ?)",
        [(ts(t), WATCH, st, hr) for t, st, hr in PINE_TIME],
    )
    db.commit()
    copy = tmp_path / "copy"
    copy.mkdir()
    for suffix in ("", "-wal"):  # copied while the app still has it open
        (copy / f"Gadgetbridge{suffix}").write_bytes(
            (tmp_path / f"Gadgetbridge{suffix}").read_bytes()
        )
    db.close()
    path = copy / "Gadgetbridge"
    main_only = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    assert main_only.execute("SELECT COUNT(*) FROM PINE_TIME_ACTIVITY_SAMPLE").fetchone() == (0,)
    main_only.close()
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    assert gadgetbridge_devices(path) == ["Amazfit Bip", "InfiniTime"]
    (watch,) = read_gadgetbridge(path, BRUSSELS, "InfiniTime")
    assert_minutes(WATCH_MINUTES, watch.table)
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


def test_milliseconds_are_recognised(tmp_path: Path) -> None:
    path = build(tmp_path / "Gadgetbridge", devices=[WATCH])
    execute(path, "UPDATE PINE_TIME_ACTIVITY_SAMPLE SET TIMESTAMP = TIMESTAMP * 1000")
    (watch,) = read_gadgetbridge(path, BRUSSELS, None)
    assert_minutes(WATCH_MINUTES, watch.table)


def test_samples_from_an_unset_clock_are_left_out(tmp_path: Path) -> None:
    path = build(tmp_path / "Gadgetbridge", devices=[WATCH])
    execute_many(
        path,
        "INSERT INTO PINE_TIME_ACTIVITY_SAMPLE VALUES (?, ?, 1, 1, 50, 70)",
        [(60, WATCH), (120, WATCH), (9_999_999_999_999, WATCH)],  # 1970 and far future
    )
    (watch,) = read_gadgetbridge(path, BRUSSELS, None)
    assert_minutes(WATCH_MINUTES, watch.table)


def test_a_table_without_a_time_index(tmp_path: Path) -> None:
    """Old schemas may lack the (TIMESTAMP, DEVICE_ID) key: read in one pass instead."""
    path = build(tmp_path / "Gadgetbridge", devices=[WATCH])
    execute(
        path,
        'CREATE TABLE "JYOU_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER NOT NULL ,'
        '"DEVICE_ID" INTEGER NOT NULL ,"USER_ID" INTEGER NOT NULL ,"STEPS" INTEGER NOT NULL ,'
        '"RAW_KIND" INTEGER NOT NULL ,"HEART_RATE" INTEGER)',
    )
    execute(
        path,
        "INSERT INTO JYOU_ACTIVITY_SAMPLE VALUES (?, ?, 1, 40, 1, NULL)",
        ts("2026-03-29 10:01:00"),
        WATCH,
    )
    (watch,) = read_gadgetbridge(path, BRUSSELS, None)
    assert_minutes(
        [WATCH_MINUTES[0], ("2026-03-29 10:01", 7200, 40.0, np.nan)],  # the larger step count
        watch.table,
    )


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "Gadgetbridge"
    path.write_bytes(b"this is a text file, not a database\n" * 200)
    assert not looks_like_sqlite(path.read_bytes()[:100])
    assert "file is not a database" in one_line_error(path, "x")
    with pytest.raises(ImportFileError, match="file is not a database"):
        gadgetbridge_devices(path)


def test_corrupt_database(export: Path) -> None:
    data = bytearray(export.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree is gone
    export.write_bytes(bytes(data))
    assert looks_like_sqlite(bytes(data[:100]))
    assert "not a readable SQLite database" in one_line_error(export, "Amazfit Bip")


def test_another_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    execute(path, "CREATE TABLE notes (body TEXT)")
    assert looks_like_sqlite(path.read_bytes()[:100])
    assert "not a Gadgetbridge export" in one_line_error(path)


def test_empty_export(tmp_path: Path) -> None:
    path = build(tmp_path / "Gadgetbridge", devices=[UNUSED])
    assert gadgetbridge_devices(path) == []
    assert one_line_error(path) == f"{path}: has no activity samples"


def test_only_blank_samples(tmp_path: Path) -> None:
    path = build(tmp_path / "Gadgetbridge", devices=[UNUSED])
    execute(
        path,
        "INSERT INTO PINE_TIME_ACTIVITY_SAMPLE VALUES (?, ?, 1, 1, -1, 255)",
        ts("2026-03-29 10:00"),
        WATCH,
    )
    assert "has no steps or heart rate for InfiniTime" in one_line_error(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in one_line_error(tmp_path / "nope")
