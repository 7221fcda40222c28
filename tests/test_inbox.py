"""Watched folders (``[import] watch``): each file once by its bytes, sources that correct
themselves, failures said once, and a running daemon that keeps up by itself."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli import spawn_tracker, tracker
from tests.servers import stop_process
from tests.test_store_gadgetbridge import BAND, build, ts
from tracker.config import parse_config
from tracker.daemon.inbox_job import run_inbox_job
from tracker.store.alert_queue import StoredAlertQueue
from tracker.store.sqlite import Store

NOW_MS = int(datetime(2026, 4, 1, tzinfo=UTC).timestamp() * 1000)


def grow(db: Path, minutes: list[tuple[str, int, int]]) -> None:
    """Gadgetbridge writing more samples (or correcting one) into its database."""
    con = sqlite3.connect(db)
    con.executemany(
        "INSERT OR REPLACE INTO MI_BAND_ACTIVITY_SAMPLE VALUES (?, ?, 1, 20, ?, 1, ?)",
        [(ts(t), BAND, s, hr) for t, s, hr in minutes],
    )
    con.commit()
    con.close()


def export(data: Path) -> str:
    out = tracker("export", "--data-dir", data, "--output", "-")
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_growing_export_copied_nightly_equals_one_import_of_the_last(tmp_path: Path) -> None:
    source = build(tmp_path / "gb.db", devices=[BAND])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = parse_config({"tracker": {"timezone": "Europe/Brussels"}})
    data = tmp_path / "data"
    with Store.create(data) as store:
        for night, more in enumerate(
            (
                [("2026-03-29 10:00", 40, 80)],
                [("2026-03-29 10:01", 41, 81), ("2026-03-29 00:58", 99, 75)],  # a correction
                [("2026-03-30 09:00", 60, 90)],
            )
        ):
            grow(source, more)
            copy = inbox / "Gadgetbridge"
            shutil.copy(source, copy)  # Syncthing copies over the same name every night
            summary = run_inbox_job(store, config, [copy], now_ms=NOW_MS + night)
            assert [Path(p).name for p in summary.imported] == ["Gadgetbridge"]
        again = run_inbox_job(store, config, [copy], now_ms=NOW_MS + 9)
        assert again.imported == () and len(again.same) == 1
    fresh = tmp_path / "fresh"
    zone = ("--timezone", "Europe/Brussels")
    assert (
        tracker("import", "--data-dir", fresh, source, "--device", "Amazfit Bip", *zone).returncode
        == 0
    )
    assert export(data) == export(fresh)
    assert ",99," in export(data)  # the corrected minute, not the first one seen


def test_a_corrupt_file_changes_nothing_and_is_announced_once(tmp_path: Path) -> None:
    bad = tmp_path / "broken.fit"
    bad.write_bytes(b"\x0e\x10" + b"\x00" * 6 + b".FIT" + b"\x00" * 30)
    config = parse_config(
        {
            "tracker": {"timezone": "Europe/Brussels"},
            "alerts": {"apprise_urls": ["json://127.0.0.1:9/x"]},
        }
    )
    with Store.create(tmp_path / "data") as store:
        first = run_inbox_job(store, config, [bad], now_ms=NOW_MS)
        assert len(first.failed) == 1 and first.failed[0][0] == str(bad)
        second = run_inbox_job(store, config, [bad], now_ms=NOW_MS + 60_000)
        assert second.failed == () and second.same == (str(bad),)
        queue = StoredAlertQueue(store)
        kinds = [queue.get_payload(d.key).kind for d in queue.deliveries()]
        assert kinds == ["import_failed"]
        assert store.minute_rows() == []
    status = tracker("status", "--data-dir", tmp_path / "data",
                     env={"TRACKER_CONFIG": "/dev/null"})  # fmt: skip
    assert "not imported: broken.fit:" in status.stdout


@pytest.mark.slow
def test_a_running_daemon_imports_a_copied_fit_file_and_survives_sigkill(tmp_path: Path) -> None:
    from tests.fit_files import activity_file, at, walk

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = tmp_path / "c.toml"
    config.write_text(
        f'[tracker]\ntimezone = "Europe/Brussels"\ndata_dir = "{tmp_path / "data"}"\n'
        f'[import]\nwatch = ["{inbox}"]\nsettle_seconds = 1.0\n'
    )
    walk_ = walk(at(2026, 3, 16, 7, 10, 30), 20 * 60)
    run = tmp_path / "run.fit"
    run.write_bytes(activity_file(walk_))
    env = {"TRACKER_CONFIG": str(config)}

    def daemon() -> subprocess.Popen[str]:
        return spawn_tracker(
            "run", "--config", config, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def exported(deadline_s: float) -> str:
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            out = tracker("export", "--output", "-", env={"TRACKER_CONFIG": str(config)})
            if out.returncode == 0 and out.stdout.count("\n") > 1:
                return out.stdout
            time.sleep(0.5)
        return ""

    proc = daemon()
    try:
        shutil.copy(run, inbox / "run.fit")
        first = exported(30)  # the contract: in the export within 30 seconds
        assert first, "the FIT file did not reach the store"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # no goodbye: the next start must cope
        proc.wait()
    proc = daemon()
    try:
        shutil.copy(run, inbox / "again.fit")  # the same bytes under another name
        (inbox / "cut.fit").write_bytes(run.read_bytes()[:2000])
        time.sleep(8)
        assert exported(5) == first
        status = tracker("status", env={"TRACKER_CONFIG": str(config)})
        assert "not imported: cut.fit:" in status.stdout and "cut short" in status.stdout
    finally:
        stop_process(proc, 30)


def test_a_check_in_list_in_the_folder_is_imported_once_and_never_absent(tmp_path: Path) -> None:
    from datetime import date

    from tracker.daemon.nightly import run_nightly_job
    from tracker.store.checkins import checkins

    diary = tmp_path / "dagboek.csv"
    diary.write_text("date,pain,worst_pain,energy,note\n2026-03-16,3,5,6,wandeling\n"
                     "2026-03-17,4,7,4,\n")  # fmt: skip
    bad = tmp_path / "dagboek-fout.csv"
    bad.write_text("date,pain,worst_pain,energy\n2026-03-18,2,3,16\n")
    config = parse_config(
        {
            "tracker": {"timezone": "Europe/Brussels"},
            "alerts": {"apprise_urls": ["json://127.0.0.1:9/x"], "device_absent_hours": 24},
        }
    )
    later = NOW_MS + 10 * 86_400_000
    with Store.create(tmp_path / "data") as store:
        first = run_inbox_job(store, config, [diary, bad], now_ms=NOW_MS)
        assert first.imported == (str(diary),)
        assert len(first.failed) == 1 and first.failed[0][1].startswith("line 2: energy must be")
        again = run_inbox_job(store, config, [diary], now_ms=NOW_MS + 60_000)
        assert again.imported == () and again.same == (str(diary),)
        stored = checkins(store, date(2026, 3, 1), date(2026, 3, 31))
        assert [(c.date.day, c.pain, c.worst_pain, c.note) for c in stored] == [
            (16, 3, 5, "wandeling"),
            (17, 4, 7, ""),
        ]
        run_nightly_job(store, config, now_ms=later)
        queue = StoredAlertQueue(store)
        kinds = {queue.get_payload(d.key).kind for d in queue.deliveries()}
        assert "device_absent" not in kinds
    status = tracker("status", "--data-dir", tmp_path / "data",
                     env={"TRACKER_CONFIG": "/dev/null"})  # fmt: skip
    assert "check-in list: last file dagboek.csv" in status.stdout
    assert "not imported: dagboek-fout.csv:" in status.stdout


def test_an_imported_source_that_stops_arriving_is_absent_once(tmp_path: Path) -> None:
    from tests.fit_files import activity_file, at, walk
    from tracker.daemon.nightly import run_nightly_job

    run = tmp_path / "run.fit"
    run.write_bytes(activity_file(walk(at(2026, 3, 16, 7, 10, 30), 10 * 60)))
    config = parse_config(
        {
            "tracker": {"timezone": "Europe/Brussels"},
            "alerts": {"apprise_urls": ["json://127.0.0.1:9/x"], "device_absent_hours": 48},
        }
    )
    later = int(datetime(2026, 3, 20, tzinfo=UTC).timestamp() * 1000)
    with Store.create(tmp_path / "data") as store:
        assert run_inbox_job(store, config, [run], now_ms=later).imported
        run_nightly_job(store, config, now_ms=later + 1)
        run_nightly_job(store, config, now_ms=later + 3_600_000)
        queue = StoredAlertQueue(store)
        absent = [
            queue.get_payload(k)
            for k in {d.key for d in queue.deliveries()}
            if queue.get_payload(k).kind == "device_absent"
        ]
    assert len(absent) == 1 and "Forerunner 255" in absent[0].payload
