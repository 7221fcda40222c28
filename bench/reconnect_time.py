"""Drop-to-resubscribed time of the collector through the emulated stack.

An emulated chest strap (bumble GATT server on a ``LocalLink``) drops the connection from
its side; the real collector (bleak over the bumble-backed backend, bleak-retry-connector)
notices, backs off, scans, connects, discovers, writes the CCCD again. The script takes
the wall time from the drop until the strap sees a subscribed central again, and until
the first notification sent after that reached the collector's sink.

Run once with the default backoff (first delay uniform in [0, 1 s], full jitter: the
policy dominates by design) and once with a 1 ms backoff to show the stack's own cost.

    PYTHONPATH=. .venv/bin/python bench/reconnect_time.py [--drops N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time

from tracker.ble.bumble_backend import bumble_transport
from tracker.ble.bumble_radio import BumbleRadio, new_link
from tracker.ble.collector import Collector
from tracker.ble.emulated.peripherals import ChestStrap, Identity
from tracker.ble.params import CollectorParams, DeviceConfig
from tracker.domain.backoff import STABLE_CONNECTION_MS
from tracker.domain.clock import wall_clock_ms
from tracker.domain.samples import HeartRateSample, Sample

STRAP = Identity("Polar H10 0E1A2B3C", "C4:7E:5A:00:00:01", "Polar", "H10", "0E1A2B3C", "3.1")
# Wall-time bound on one reconnect; far above the default backoff's first delay.
RECONNECT_TIMEOUT_S = 20.0
POLL_S = 0.0005
MS_PER_S = 1000


async def _until_subscribed(strap: ChestStrap, connections: int) -> None:
    deadline = time.perf_counter() + RECONNECT_TIMEOUT_S
    while not (
        strap.connections_accepted >= connections and strap.subscribed(strap.data_characteristics())
    ):
        if time.perf_counter() > deadline:
            raise SystemExit(f"no reconnect within {RECONNECT_TIMEOUT_S:g} s")
        await asyncio.sleep(POLL_S)


async def measure(params: CollectorParams, drops: int, seed: int) -> list[tuple[float, float]]:
    """(drop → subscribed, drop → first sample) in seconds, per drop."""
    link = new_link()
    radio = BumbleRadio(link)
    strap = ChestStrap(link, STRAP)
    await strap.start()
    received: list[float] = []
    # The collector's clock: wall time, moved on by STABLE_CONNECTION_MS before each drop
    # so that every connection counts as one that lasted (the backoff starts over, as for
    # a strap that drops now and then rather than flapping).
    skew_ms = 0

    def clock() -> int:
        return wall_clock_ms() + skew_ms

    def sink(sample: Sample) -> None:
        if isinstance(sample, HeartRateSample):
            received.append(time.perf_counter())

    collector = Collector(
        [DeviceConfig("strap", address=STRAP.address)],
        params,
        sink,
        clock=clock,
        transport=bumble_transport(radio),
        rng=random.Random(seed),
    )
    task = asyncio.create_task(collector.run())
    results = []
    try:
        await _until_subscribed(strap, 1)
        for i in range(drops):
            # Let the previous set-up (battery, device information reads) finish, as a
            # connection that has been up a while would have.
            await asyncio.sleep(0.02)
            skew_ms += STABLE_CONNECTION_MS
            dropped = time.perf_counter()
            await strap.drop_connection()
            await _until_subscribed(strap, i + 2)
            subscribed = time.perf_counter()
            before = len(received)
            await strap.send_heart_rate(70)
            while len(received) == before:
                await asyncio.sleep(POLL_S)
            results.append((subscribed - dropped, received[before] - dropped))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert collector.status()["strap"].reconnects == drops
    return results


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * MS_PER_S


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drops", type=int, default=100)
    args = parser.parse_args()
    runs = (
        ("default (1 s, jitter)", CollectorParams()),
        (
            "1 ms",
            CollectorParams(reconnect_initial_backoff_s=0.001, reconnect_max_backoff_s=0.001),
        ),
    )
    print(f"{args.drops} drops per run")
    print("backoff | resubscribed p50 | p99 | first sample p50 | p99 | max")
    for label, params in runs:
        results = await measure(params, args.drops, seed=1)
        sub = [r[0] for r in results]
        first = [r[1] for r in results]
        print(
            f"{label:>21} | {_pct(sub, 50):7.1f} ms | {_pct(sub, 99):7.1f} ms | "
            f"{_pct(first, 50):7.1f} ms | {_pct(first, 99):7.1f} ms | "
            f"{max(first) * MS_PER_S:7.1f} ms"
        )


if __name__ == "__main__":
    asyncio.run(main())
