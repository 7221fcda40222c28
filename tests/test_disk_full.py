"""A full disk: the store reports it as such, the daemon keeps its samples in memory
(bounded, oldest kept, the loss counted), says "disk full", and stores them once space
is freed; `tracker import` says the disk is full.

Two ways to fill a disk: ``PRAGMA max_page_count``, which makes SQLite fail with
SQLITE_FULL exactly where a full disk does (no mount needed, so it runs everywhere), and
a real tmpfs filled to the last byte (tests/disks.py; skipped where mounting is refused).
"""

from __future__ import annotations

import itertools
import json
import logging
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.cli import spawn_tracker, tracker, tracker_process
from tests.disks import fill, free_bytes, mount_tmpfs, unmount
from tracker.daemon.writer import StoreWriter
from tracker.domain.samples import HeartRateSample, Sample
from tracker.store.sqlite import DiskFullError, Store

T0_MS = 1_773_619_200_000  # 2026-03-16 00:00 UTC


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """A factory: ``small_disk(size_bytes)`` mounts a tmpfs of that size and returns it."""
    mounted: list[Path] = []

    def mount(size_bytes: int) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        mount_tmpfs(point, size_bytes)
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        unmount(point)


def heart(n: int, start_ms: int) -> list[Sample]:
    return [HeartRateSample("strap", start_ms + i * 1000, 60.0 + i % 30) for i in range(n)]


def stored_times(store: Store) -> list[int]:
    with store.lock:
        rows = store.db.execute("SELECT time_ms FROM heart_rate ORDER BY time_ms").fetchall()
    return [r[0] for r in rows]


def limit_pages(store: Store, extra_pages: int) -> None:
    """Let the database grow by ``extra_pages`` pages only (SQLITE_FULL beyond)."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + extra_pages}")


def test_a_full_database_raises_disk_full_not_a_rollback_error(tmp_path: Path) -> None:
    """The tester's `cannot rollback - no transaction is active`: SQLite had already
    rolled back, and a second ROLLBACK replaced the real error."""
    store = Store.create(tmp_path)
    limit_pages(store, 20)
    written: list[int] = []
    with pytest.raises(DiskFullError) as caught:
        for k in range(100):
            batch = heart(300, T0_MS + k * 300_000)
            store.write(batch)
            written += [s.time_ms for s in batch]
    assert "is full" in str(caught.value) and str(tmp_path) in str(caught.value)
    assert not store.db.in_transaction  # the connection is usable again
    assert stored_times(store) == written  # every committed batch, nothing of the failed one
    # Room again: the failed batch goes in once, and a repeat of it adds nothing.
    store.db.execute("PRAGMA max_page_count = 1000000")
    retry = heart(300, T0_MS + len(written) * 1000)
    assert store.write(retry) == 300
    assert store.write(retry) == 0
    assert stored_times(store) == written + [s.time_ms for s in retry]
    store.close()


def test_an_error_inside_a_transaction_is_the_one_raised(tmp_path: Path) -> None:
    store = Store.create(tmp_path)
    with pytest.raises(ZeroDivisionError), store.transaction() as db:
        db.execute("INSERT INTO meta VALUES ('k', 'v')")
        _ = 1 / 0
    assert store.get_meta("k") is None and not store.db.in_transaction
    store.close()


async def test_writer_keeps_the_oldest_samples_and_counts_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The bound: samples beyond it are dropped and counted, the oldest stay; when the
    database has room again the buffer is stored once, after what was stored before."""
    store = Store.create(tmp_path)
    writer = StoreWriter(store, commit_interval_s=1.0, max_buffered=500)
    before = heart(100, T0_MS)
    for s in before:
        writer.sink(s)
    assert await writer.flush() == 100
    limit_pages(store, 0)
    arriving = heart(700, T0_MS + 100_000)
    with caplog.at_level(logging.INFO, logger="tracker.daemon"):
        for s in arriving:
            writer.sink(s)
        assert writer.waiting == 500 and writer.lost == 200
        for _ in range(2):  # retried, still full: nothing is lost from the buffer
            with pytest.raises(DiskFullError):
                await writer.flush()
            assert writer.waiting == 500 and writer.disk_full_since_ms is not None
        store.db.execute("PRAGMA max_page_count = 1000000")
        assert await writer.flush() == 500
    assert writer.waiting == 0 and writer.disk_full_since_ms is None and writer.lost == 200
    assert stored_times(store) == [s.time_ms for s in before + arriving[:500]]
    assert writer.last_stored_ms == {"strap": arriving[499].time_ms}
    messages = [r.getMessage() for r in caplog.records]
    assert sum("disk full:" in m for m in messages) == 1  # said once, not on every retry
    assert sum("memory buffer full" in m for m in messages) == 1
    assert any("disk has space again: 500 samples" in m and "200 were lost" in m for m in messages)
    store.close()


async def test_writer_on_a_really_full_disk(small_disk: Callable[[int], Path]) -> None:
    """The same on a real filesystem with no byte left, then with the space freed."""
    disk = small_disk(4 << 20)
    store = Store.create(disk / "data")
    writer = StoreWriter(store, commit_interval_s=1.0, max_buffered=5000)
    before = heart(1000, T0_MS)
    for s in before:
        writer.sink(s)
    await writer.flush()
    filler = fill(disk)
    assert free_bytes(disk) == 0
    arriving = heart(6000, T0_MS + 1_000_000)
    for s in arriving:
        writer.sink(s)
    with pytest.raises(DiskFullError):
        await writer.flush()
    assert writer.waiting == 5000 and writer.lost == 1000
    filler.unlink()
    assert await writer.flush() == 5000
    assert stored_times(store) == [s.time_ms for s in before + arriving[:5000]]
    store.close()
    db = sqlite3.connect(disk / "data" / "tracker.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def minute_csv(path: Path, minutes: int) -> Path:
    start = datetime(2026, 3, 16, tzinfo=timezone(timedelta(hours=1)))
    rows = ["time,steps,heart_rate_bpm"]
    for m in range(minutes):
        rows.append(f"{(start + timedelta(minutes=m)).isoformat()},{m % 90},{60 + m % 40}")
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize("daemon_running", [True, False])
def test_import_on_a_full_disk_says_so(
    tmp_path: Path, small_disk: Callable[[int], Path], daemon_running: bool
) -> None:
    """With the daemon running (the store open elsewhere) the import's own transaction
    fails; without, opening the store already needs room that is not there."""
    disk = small_disk(2 << 20)
    data = disk / "data"
    daemon = Store.create(data)
    if not daemon_running:
        daemon.close()
    csv = minute_csv(tmp_path / "minutes.csv", 3 * 1440)
    fill(disk)
    # The daemon is another process: SQLite's locks and file handles differ within one.
    run = tracker_process if daemon_running else tracker
    result = run("import", "--data-dir", data, csv)
    daemon.close()
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert "is full" in line and f"nothing of {csv} was imported" in line
    assert "report" not in line and "internal" not in line
    with Store.open(data, read_only=True) as store:
        assert store.counts()["steps"] == 0


@pytest.mark.slow
def test_daemon_on_a_full_disk_buffers_says_so_and_recovers(
    tmp_path: Path, small_disk: Callable[[int], Path]
) -> None:
    """`tracker demo` with its data on a disk that fills up and is freed again."""
    disk = small_disk(64 << 20)
    data = disk / "data"
    argv = ["demo", "--days", "3", "--start", "2026-03-16", "--data-dir", str(data), "-v"]
    proc = spawn_tracker(*argv)
    try:
        before = wait_for_strap_rows(data, proc, at_least=500)
        filler = fill(disk)
        time.sleep(3)  # the writer fails and buffers; status is asked meanwhile
        status = tracker("status", "--data-dir", data)
        assert status.returncode == 0, status.stderr
        assert "Disk: full" in status.stdout and "free some space" in status.stdout
        newest_stored = max(strap_times(data))
        as_json = json.loads(tracker("status", "--data-dir", data, "--json").stdout)
        claimed = [d["last_sample_ms"] for d in as_json["devices"] if d["device"] == "strap"]
        assert claimed and (claimed[0] or 0) <= newest_stored  # never a sample not stored
        filler.unlink()
        # The writer tries again within DISK_FULL_RETRY_S (10 s) and stores the buffer.
        wait_for_strap_rows(data, proc, at_least=len(strap_times(data)) + 1000)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "cannot rollback" not in err
    assert err.count("disk full:") == 1 and "disk has space again" in err
    after = strap_times(data)
    assert set(before) <= set(after)  # what was committed before the disk filled
    # The strap notifies every 10 s of simulated time: one run without a gap from the
    # start past the moment the disk filled (the buffer was stored), then at most one
    # gap, where samples arrived while the buffer was full, if it ever was.
    steps = [b - a for a, b in itertools.pairwise(after)]
    gaps = [i for i, step in enumerate(steps) if step != 10_000]
    assert len(gaps) <= 1
    if gaps:
        assert after[gaps[0]] > max(before)
    # A gap is always counted as lost; samples lost at the end (the demo can run past
    # the buffer before the disk is freed) leave no gap but are counted and said too.
    lost = json.loads(tracker("status", "--data-dir", data, "--json").stdout)["daemon"]
    assert lost["samples_lost"] > 0 or not gaps, err[-3000:]
    assert (lost["samples_lost"] > 0) == ("were lost" in err), err[-3000:]
    db = sqlite3.connect(data / "tracker.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def strap_times(data: Path) -> list[int]:
    try:
        db = sqlite3.connect(f"file:{data / 'tracker.db'}?mode=ro", uri=True, timeout=5)
        try:
            rows = db.execute(
                "SELECT time_ms FROM heart_rate WHERE device = 'strap' ORDER BY time_ms"
            ).fetchall()
        finally:
            db.close()
    except sqlite3.OperationalError:
        return []  # not created yet
    return [r[0] for r in rows]


def wait_for_strap_rows(data: Path, proc: subprocess.Popen[str], at_least: int) -> list[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        times = strap_times(data)
        if len(times) >= at_least:
            return times
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    raise AssertionError(f"fewer than {at_least} strap rows in time")
