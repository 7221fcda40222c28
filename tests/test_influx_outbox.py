"""The durable outbox and its shipper, against a real server (VictoriaMetrics) where they
send (those tests are slow)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import pytest

from tracker.config.influx import InfluxConfig
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    StepSample,
)
from tracker.mirror.shipper import InfluxShipper
from tracker.store.influx import sample_line
from tracker.store.outbox import Outbox, enable_outbox
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer
    from tracker.domain.samples import Sample


T0_MS = 1_767_261_600_000  # 2026-01-01 10:00 UTC


class Backoff(TypedDict):
    retry_initial_s: float
    retry_max_s: float
    rejected_retry_s: float
    idle_poll_s: float


FAST: Backoff = {
    "retry_initial_s": 0.05, "retry_max_s": 0.4, "rejected_retry_s": 0.2, "idle_poll_s": 0.05
}  # fmt: skip
# Long enough for a slow CI box; the tests normally finish in well under a second each.
WAIT_S = 30.0


def influx(server: VictoriaServer, **kw: object) -> InfluxConfig:
    return InfluxConfig(url=server.url, bucket="tracker", org="home", **kw)  # type: ignore[arg-type]


def heart(n: int, start_ms: int = T0_MS, device: str = "pinetime") -> list[Sample]:
    return [HeartRateSample(device, start_ms + i * 1000, 60.0 + i % 40) for i in range(n)]


async def wait_for(predicate: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_write_commits_sample_and_point_in_one_transaction(store: Store) -> None:
    enable_outbox(store, InfluxConfig(url="http://127.0.0.1:1", bucket="b"), "me")
    good = HeartRateSample("w", T0_MS, 70.0)
    # The outbox insert fails inside the transaction (its table is gone): the sample
    # rows written just before it in the same transaction must not be kept either.
    store.db.execute("ALTER TABLE influx_outbox RENAME TO influx_outbox_away")
    with pytest.raises(sqlite3.OperationalError):
        store.write([good])
    assert store.counts()["heart_rate"] == 0
    store.db.execute("ALTER TABLE influx_outbox_away RENAME TO influx_outbox")
    assert Outbox(store, "me").depth() == 0
    assert store.write([good]) == 1
    assert Outbox(store, "me").peek(10)[1] == [sample_line(good, "me")[1]]


async def test_points_read_back_with_names_tags_values_and_times(
    store: Store, victoria: VictoriaServer
) -> None:
    cfg = influx(victoria)
    enable_outbox(store, cfg, "an")
    store.write(
        [
            HeartRateSample("strap", T0_MS + 1, 71.5, True, 3, (0.84, 0.8)),
            HeartRateSample("strap", T0_MS + 1001, 72.0, False),
            StepSample("watch", T0_MS + 5, 14, 88.5),
            BatterySample("watch", T0_MS + 7, 81),
            ConnectionEvent("watch", T0_MS + 9, ConnectionState.CONNECTED),
            ConnectionEvent("watch", T0_MS + 9, ConnectionState.FAILED, "abort"),
        ]
    )
    shipper = InfluxShipper(store, cfg, person="an")
    assert await shipper.drain(WAIT_S) == 0
    strap = (("device", "strap"), ("person", "an"))
    watch = (("device", "watch"), ("person", "an"))
    assert victoria.points("heart_rate_bpm") == {strap: {T0_MS + 1: 71.5, T0_MS + 1001: 72.0}}
    assert victoria.points("heart_rate_contact") == {strap: {T0_MS + 1: 1, T0_MS + 1001: 0}}
    assert victoria.points("heart_rate_energy_kj") == {strap: {T0_MS + 1: 3}}
    assert victoria.points("heart_rate_rr_count") == {strap: {T0_MS + 1: 2}}
    assert victoria.points("steps_steps") == {watch: {T0_MS + 5: 14}}
    assert victoria.points("steps_cadence_spm") == {watch: {T0_MS + 5: 88.5}}
    assert victoria.points("battery_percent") == {watch: {T0_MS + 7: 81}}
    assert victoria.points("connection_connected") == {
        (*watch[:1], ("person", "an"), ("state", "connected")): {T0_MS + 9: 1},
        (*watch[:1], ("person", "an"), ("state", "failed")): {T0_MS + 9: 0},
    }
    status = shipper.status()
    assert status.depth == 0 and status.last_error == "" and status.last_success_ms


async def test_replay_overwrites_instead_of_duplicating(
    store: Store, victoria: VictoriaServer
) -> None:
    cfg = influx(victoria)
    outbox = Outbox(store, "me")
    lines = [sample_line(s, "me") for s in heart(50)]
    outbox.enqueue_lines(lines)
    outbox.enqueue_lines(lines)  # e.g. a sync over a range the daemon already shipped
    assert await InfluxShipper(store, cfg, person="me").drain(WAIT_S) == 0
    assert victoria.count("heart_rate_bpm") == 50


async def test_server_stopped_mid_run_every_point_arrives_exactly_once(
    store: Store, victoria: VictoriaServer, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = influx(victoria, batch_size=50)
    enable_outbox(store, cfg, "me")
    shipper = InfluxShipper(store, cfg, person="me", **FAST)
    task = asyncio.create_task(shipper.run())
    total = 0

    def produce(batches: int) -> None:
        nonlocal total
        for _ in range(batches):
            store.write(heart(20, T0_MS + total * 1000))
            total += 20
            time.sleep(0.005)

    await asyncio.to_thread(produce, 10)
    await wait_for(lambda: shipper.shipped > 0)
    # SIGTERM: VictoriaMetrics flushes what it acknowledged (after SIGKILL it may lose its
    # last in-memory second, which would test the server, not us).
    victoria.stop()
    await asyncio.to_thread(produce, 15)
    await wait_for(lambda: Outbox(store, "me").depth() > 0 and shipper.status().last_error != "")
    assert "unreachable" in shipper.status().last_error
    victoria.start()
    await asyncio.to_thread(produce, 5)
    await wait_for(lambda: Outbox(store, "me").depth() == 0)
    await stop(task)
    assert total == 600
    got = victoria.points("heart_rate_bpm")
    assert list(got) == [(("device", "pinetime"), ("person", "me"))]
    assert sorted(got[(("device", "pinetime"), ("person", "me"))]) == [
        T0_MS + i * 1000 for i in range(total)
    ]
    assert victoria.count("heart_rate_bpm") == total  # no copy of any point
    assert any("reachable again" in r.getMessage() for r in caplog.records)
    assert shipper.status().last_error == ""


async def test_restarted_shipper_drains_a_full_outbox(
    tmp_path: Path, victoria: VictoriaServer
) -> None:
    cfg = influx(victoria, batch_size=500)
    victoria.stop()
    with Store.create(tmp_path / "data") as first:
        enable_outbox(first, cfg, "me")
        for k in range(6):
            first.write(heart(500, T0_MS + k * 500_000))
        # The daemon's stop: one bounded attempt fails, the points stay on disk.
        assert await InfluxShipper(first, cfg, person="me").drain(0.5) == 3000
    victoria.start()
    with Store.create(tmp_path / "data") as second:
        shipper = InfluxShipper(second, cfg, person="me", **FAST)
        task = asyncio.create_task(shipper.run())
        await wait_for(lambda: shipper.status().depth == 0)
        await stop(task)
    assert victoria.count("heart_rate_bpm") == 3000


async def test_rejected_token_is_a_clear_error_and_keeps_the_outbox(
    store: Store, victoria_auth: VictoriaServer, caplog: pytest.LogCaptureFixture
) -> None:
    token = "wrong-token-abc123"
    cfg = influx(victoria_auth, token=token)
    outbox = Outbox(store, "me")
    outbox.enqueue_lines(sample_line(s, "me") for s in heart(30))
    shipper = InfluxShipper(store, cfg, person="me", **FAST)
    task = asyncio.create_task(shipper.run())
    await wait_for(lambda: shipper.status().last_error != "")
    await asyncio.sleep(0.5)  # a few slow retries
    await stop(task)
    status = shipper.status()
    assert status.depth == 30
    assert status.last_error.startswith(f"InfluxDB at {victoria_auth.url} bucket tracker")
    assert "401" in status.last_error and "token" in status.last_error
    assert "\n" not in status.last_error
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1  # logged once, not on every retry
    assert "401" in errors[0].getMessage()
    for text in [status.last_error, caplog.text]:
        assert token not in text


def test_bound_warns_first_then_drops_oldest(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = InfluxConfig(
        url="http://127.0.0.1:1", bucket="b", outbox_max_points=100, outbox_warn_fraction=0.5
    )
    now_ms = T0_MS + 10_000_000
    shipper = InfluxShipper(store, cfg, person="me", clock=lambda: now_ms)
    outbox = shipper.outbox
    outbox.enqueue_lines(sample_line(s, "me") for s in heart(40))
    assert shipper.enforce_bounds() == 0
    assert shipper.status().warning == ""
    outbox.enqueue_lines(sample_line(s, "me") for s in heart(20, T0_MS + 40_000))
    assert shipper.enforce_bounds() == 0
    assert "60 of at most 100" in shipper.status().warning
    assert any(r.levelno == logging.WARNING for r in caplog.records)
    assert outbox.depth() == 60
    outbox.enqueue_lines(sample_line(s, "me") for s in heart(70, T0_MS + 60_000))
    assert shipper.enforce_bounds() == 30
    status = shipper.status()
    assert status.depth == 100 and status.dropped_points == 30
    assert status.oldest_unsent_ms == T0_MS + 30_000  # the 30 oldest went
    assert "dropped 30" in status.warning
    assert any("tracker sync" in r.getMessage() for r in caplog.records if r.levelno == 40)
    assert store.counts()["heart_rate"] == 0  # only points were queued in this test


def test_age_bound_drops_points_that_waited_too_long(store: Store) -> None:
    day_ms = 86_400_000
    now = [T0_MS]
    cfg = InfluxConfig(url="http://127.0.0.1:1", bucket="b", outbox_max_age_days=10)
    shipper = InfluxShipper(store, cfg, person="me", clock=lambda: now[0])
    # Age counts from queueing: points about a day long past are not "old" in the outbox.
    shipper.outbox.enqueue_lines(sample_line(s, "me") for s in heart(10, T0_MS - 400 * day_ms))
    assert shipper.enforce_bounds() == 0 and shipper.status().warning == ""
    now[0] = T0_MS + 1000
    shipper.outbox.enqueue_lines(sample_line(s, "me") for s in heart(4))
    now[0] = T0_MS + 6 * day_ms
    assert shipper.enforce_bounds() == 0
    assert "waited 6.0 days" in shipper.status().warning
    now[0] = T0_MS + 10 * day_ms + 500
    assert shipper.enforce_bounds() == 10  # queued at T0: over 10 days; the 4 later ones stay
    status = shipper.status()
    assert status.dropped_points == 10 and status.depth == 4


async def test_status_is_readable_from_another_connection(
    tmp_path: Path, victoria_auth: VictoriaServer
) -> None:
    from tracker.store.outbox_status import read_status

    cfg = influx(victoria_auth, token="nope")
    with Store.create(tmp_path / "d") as s:
        enable_outbox(s, cfg, "me")
        s.write(heart(3))
        assert await InfluxShipper(s, cfg, person="me").drain(WAIT_S) == 3
    with Store.open(tmp_path / "d", create=False) as other:
        status = read_status(other, cfg.describe())
    assert status.depth == 3 and status.oldest_unsent_ms == T0_MS
    assert "401" in status.last_error


def test_a_drain_thread_and_writers_share_the_connection(store: Store) -> None:
    # Store.write from collector threads while the outbox is read: no lost or stray rows.
    outbox = Outbox(store, "me")
    store.attach_outbox(outbox)

    def writer(dev: str) -> None:
        for k in range(20):
            store.write(heart(10, T0_MS + k * 10_000, device=dev))

    threads = [threading.Thread(target=writer, args=(f"d{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    seen = 0
    while any(t.is_alive() for t in threads) or outbox.depth():
        ids, _ = outbox.peek(37)
        outbox.ack(ids, T0_MS)
        seen += len(ids)
    for t in threads:
        t.join()
    assert seen == 600 and store.counts()["heart_rate"] == 600


async def test_drain_is_time_bounded_against_a_server_that_never_answers(store: Store) -> None:
    import socket

    # A listening socket that never accepts: connections hang like an overloaded server.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(1)
        port = hung.getsockname()[1]
        cfg = InfluxConfig(url=f"http://127.0.0.1:{port}", bucket="b", timeout_s=30.0)
        enable_outbox(store, cfg, "me")
        store.write(heart(10))
        shipper = InfluxShipper(store, cfg, person="me")
        started = time.monotonic()
        assert await shipper.drain(1.0) == 10
        assert time.monotonic() - started < 1.5
        assert "timed out" in shipper.status().last_error


async def test_stop_mid_batch_then_drain_sends_everything_once(
    store: Store, victoria: VictoriaServer
) -> None:
    # The daemon's stop: run() is cancelled while a batch may be in flight, then drain().
    cfg = influx(victoria, batch_size=200)
    enable_outbox(store, cfg, "me")
    for k in range(10):
        store.write(heart(300, T0_MS + k * 300_000))
    shipper = InfluxShipper(store, cfg, person="me", **FAST)
    task = asyncio.create_task(shipper.run())
    await wait_for(lambda: shipper.shipped > 0)
    await stop(task)
    assert await shipper.drain(WAIT_S) == 0
    assert victoria.count("heart_rate_bpm") == 3000
