"""The daemon as a process: the demo end to end, SIGKILL during ingest, SIGTERM, no adapter."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli import spawn_tracker as spawn
from tests.cli import tracker_process
from tracker.daemon.writer import StoreWriter
from tracker.domain.samples import HeartRateSample
from tracker.store.sqlite import Store

# Slow: tracker demo and tracker run as processes.
pytestmark = pytest.mark.slow

START = "2026-03-16"
# Generous bounds for a loaded 2-core CI machine; a simulated day takes ~7 s here.
DEMO_TIMEOUT_S = 240


def tracker(*argv: str, timeout: float = DEMO_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    return tracker_process(*argv, timeout=timeout)


def rows(db_path: Path) -> dict[str, set[tuple[object, ...]]]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            t: set(db.execute(f"SELECT * FROM {t}").fetchall())
            for t in ("heart_rate", "steps", "battery")
        }
    finally:
        db.close()


def heart_rate_rows(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return int(db.execute("SELECT count(*) FROM heart_rate").fetchone()[0])
        finally:
            db.close()
    except sqlite3.OperationalError:
        return 0  # schema not created yet


def wait_for_rows(db_path: Path, proc: subprocess.Popen[str], at_least: int) -> int:
    deadline = time.monotonic() + DEMO_TIMEOUT_S
    while time.monotonic() < deadline:
        n = heart_rate_rows(db_path)
        if n >= at_least:
            return n
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    raise AssertionError("the demo stored nothing in time")


@pytest.fixture(scope="module")
def one_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One uninterrupted simulated day, the reference for the tests below."""
    data = tmp_path_factory.mktemp("reference")
    proc = tracker("demo", "--days", "1", "--start", START, "--data-dir", str(data))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "2026-03-16" in proc.stdout and "learning" in proc.stdout
    return data


def test_demo_fills_the_store(one_day: Path) -> None:
    with Store.create(one_day) as store:
        counts = store.counts()
        table = store.minute_table()
        devices = {s.device for s in store.device_status()}
    assert devices == {"strap", "footpod", "watch"}
    # Three wearables for a whole day: heart rate every 10 s from two of them.
    assert counts["heart_rate"] >= 2 * 8640 * 0.99
    assert len(table) >= 1440 * 0.99
    assert table.steps[table.steps == table.steps].sum() > 1000
    out = one_day / "export.csv"
    proc = tracker("export", "--data-dir", str(one_day), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text().splitlines()
    assert lines[0] == "time,steps,heart_rate_bpm"
    assert len(lines) == len(table) + 1


def test_sigkill_during_ingest_loses_nothing_committed(one_day: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    db_path = data / "tracker.db"
    proc = spawn("demo", "--days", "1", "--start", START, "--data-dir", str(data))
    try:
        wait_for_rows(db_path, proc, at_least=3000)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    before = rows(db_path)  # integrity_check passes after the kill
    assert len(before["heart_rate"]) >= 3000
    # Restart: the same simulated day is replayed from its start.
    again = tracker("demo", "--days", "1", "--start", START, "--data-dir", str(data))
    assert again.returncode == 0, again.stderr
    after = rows(db_path)
    reference = rows(one_day / "tracker.db")
    for table in before:
        # Everything committed before the kill is still there, unchanged …
        assert before[table] <= after[table]
        # … and the replay duplicated nothing: the same rows as one uninterrupted run.
        assert len(after[table]) == len(reference[table])
    assert after["heart_rate"] == reference["heart_rate"]


def test_sigterm_flushes_and_exits_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = spawn("demo", "--days", "2", "--start", START, "--data-dir", str(data), "-v")
    try:
        wait_for_rows(data / "tracker.db", proc, at_least=2000)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped;" in err
    with Store.create(data) as store:
        assert store.counts()["heart_rate"] >= 2000
        assert all(not s.connected for s in store.device_status())


def test_run_without_adapter_keeps_trying_and_reports_it(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[tracker]\nperson = "an"\n[[devices]]\nid = "strap"\nname = "Polar H10 1"\n')
    data = tmp_path / "data"
    proc = spawn("run", "--config", str(config), "--data-dir", str(data))
    time.sleep(8)  # longer than the status save interval
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    # The advice is given once; the same failure again is counted, not repeated.
    assert err.count("bluetoothctl show") == 1, err
    assert "strap: failed again (2 times in a row, same error); trying again in" in err
    # Records of failed connections are not measurements.
    assert "stopped; no wearable connected, so nothing was measured" in err
    with Store.create(data) as store:
        [status] = store.device_status()
    assert status.device == "strap" and not status.connected
    assert status.last_error  # visible in `tracker status`
    proc2 = tracker("status", "--data-dir", str(data), timeout=60)
    assert proc2.returncode == 0 and "strap" in proc2.stdout and status.last_error in proc2.stdout


async def test_store_writer_commits_within_the_interval(tmp_path: Path) -> None:
    """The kill -9 bound: a sample handed to the writer is on disk within a second."""
    import asyncio

    store = Store.create(tmp_path)
    writer = StoreWriter(store, commit_interval_s=1.0)
    task = asyncio.create_task(writer.run())
    try:
        writer.sink(HeartRateSample("strap", 1_000, 61.0))
        await asyncio.sleep(1.3)
        other = sqlite3.connect(tmp_path / "tracker.db")
        assert other.execute("SELECT count(*) FROM heart_rate").fetchone()[0] == 1
        other.close()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        store.close()


async def test_store_writer_loses_nothing_when_cancelled_mid_write(tmp_path: Path) -> None:
    """A stop cancels the commit loop; the batch on its way to SQLite must still land."""
    import asyncio

    loop = asyncio.get_running_loop()
    store = Store.create(tmp_path)
    writer = StoreWriter(store, commit_interval_s=1.0)
    for i in range(1000):
        writer.sink(HeartRateSample("strap", i * 1000, 60.0 + i % 40))
    # Keep every worker thread busy, so the write waits in the executor's queue: the
    # moment at which a cancelled await used to drop the batch.
    busy = [loop.run_in_executor(None, time.sleep, 0.3) for _ in range(64)]
    task = asyncio.create_task(writer.flush())
    await asyncio.sleep(0.05)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await writer.flush()  # what shutdown does: waits for the write in flight, then the rest
    await asyncio.gather(*busy)
    assert store.counts()["heart_rate"] == 1000
    assert writer.committed == 1000
    store.close()


async def test_store_writer_keeps_a_batch_whose_commit_failed(tmp_path: Path) -> None:
    store = Store.create(tmp_path)
    store.db.execute("PRAGMA busy_timeout=50")
    writer = StoreWriter(store, commit_interval_s=1.0)
    writer.sink(HeartRateSample("strap", 1_000, 61.0))
    other = sqlite3.connect(tmp_path / "tracker.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the database
    from tracker.domain.errors import StoreError

    with pytest.raises(StoreError):
        await writer.flush()
    assert writer.pending == 1
    writer.sink(HeartRateSample("strap", 2_000, 62.0))
    other.execute("ROLLBACK")
    other.close()
    assert await writer.flush() == 2
    assert writer.pending == 0
    store.close()
