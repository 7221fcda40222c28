"""Notification-to-commit latency through the emulated stack.

An emulated chest strap notifies Heart Rate Measurements at a steady wall-clock rate; the
real daemon (collector over the bumble-backed bleak backend, bleak-retry-connector, the
store writer, SQLite in WAL mode) records them. For each notification the script takes
the wall time when the strap sends it, when bleak's callback got it (the BLE leg), and
when the store writer's commit that holds it returned (the whole way). Each notification
carries its sequence number in the Energy Expended field, so samples are matched exactly.

Run once with the default commit interval (1 s: the kill -9 loss bound, which dominates
the latency by design) and once with a short interval to show the stack's own overhead.

    PYTHONPATH=. .venv/bin/python bench/notify_latency.py [--count N] [--rate HZ]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tracker.ble.emulated.peripherals import HeartRateSensor
from tracker.ble.emulated.world import EmulatedWorld
from tracker.ble.heart_rate import HeartRateMeasurement
from tracker.config import load_config
from tracker.daemon.service import Daemon
from tracker.domain.samples import HeartRateSample, Sample

START = datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))
SUBSCRIBE_TIMEOUT_S = 20.0
DELIVERY_TIMEOUT_S = 2.0
MS_PER_S = 1000


@dataclasses.dataclass(frozen=True, slots=True)
class Latencies:
    commit_interval_s: float
    ble_ms: list[float]
    commit_ms: list[float]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def measure(commit_interval_s: float, count: int, rate_hz: float) -> Latencies:
    base = load_config(None)
    async with EmulatedWorld(start=START, wearables=("strap",)) as world:
        config = dataclasses.replace(
            base,
            devices=world.device_configs,
            collector=dataclasses.replace(base.collector, commit_interval_s=commit_interval_s),
        )
        with tempfile.TemporaryDirectory() as data_dir:
            daemon = Daemon(
                config, data_dir=Path(data_dir), clock=world.clock, transport=world.transport
            )
            sent_at: dict[int, float] = {}
            committed_at: dict[int, float] = {}

            def on_commit(batch: list[Sample]) -> None:
                now = time.perf_counter()
                for sample in batch:
                    if isinstance(sample, HeartRateSample) and sample.energy_kj is not None:
                        committed_at.setdefault(sample.energy_kj, now)

            daemon.writer.on_commit = on_commit
            stop = asyncio.Event()
            task = asyncio.create_task(daemon.run(stop))
            strap = world.peripheral("strap")
            assert isinstance(strap, HeartRateSensor)  # the world's strap is a ChestStrap
            if not await strap.wait_subscribed(strap.data_characteristics(), SUBSCRIBE_TIMEOUT_S):
                raise SystemExit("the daemon did not subscribe to the emulated strap")
            radio = world.radio
            ble_ms: list[float] = []
            period_s = 1.0 / rate_hz
            next_send = time.perf_counter()
            for seq in range(count):
                await asyncio.sleep(max(0.0, next_send - time.perf_counter()))
                next_send += period_s
                value = bytes(HeartRateMeasurement(70, True, energy_expended_kj=seq))
                before = radio.notifications_delivered
                sent_at[seq] = time.perf_counter()
                await strap.notify(strap.heart_rate_measurement, value)
                if await radio.wait_delivered(before + 1, DELIVERY_TIMEOUT_S):
                    ble_ms.append((time.perf_counter() - sent_at[seq]) * MS_PER_S)
            deadline = time.perf_counter() + 2 * commit_interval_s + DELIVERY_TIMEOUT_S
            while len(committed_at) < count and time.perf_counter() < deadline:
                await asyncio.sleep(commit_interval_s / 4)
            stop.set()
            await task
    missing = count - len(committed_at)
    if missing:
        raise SystemExit(f"{missing} of {count} notifications were not committed")
    commit_ms = [(committed_at[s] - sent_at[s]) * MS_PER_S for s in range(count)]
    return Latencies(commit_interval_s, ble_ms, commit_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400, help="notifications per run")
    parser.add_argument("--rate", type=float, default=40.0, help="notifications per second")
    args = parser.parse_args()
    print(f"{args.count} notifications at {args.rate:g}/s per run")
    print("commit interval | BLE p50 | BLE p99 | commit p50 | commit p99 | commit max")
    for interval_s in (1.0, 0.05):
        result = asyncio.run(measure(interval_s, args.count, args.rate))
        print(
            f"{interval_s:>13g} s | {statistics.median(result.ble_ms):5.2f} ms | "
            f"{_percentile(result.ble_ms, 99):5.2f} ms | "
            f"{statistics.median(result.commit_ms):7.1f} ms | "
            f"{_percentile(result.commit_ms, 99):7.1f} ms | {max(result.commit_ms):7.1f} ms"
        )


if __name__ == "__main__":
    main()
