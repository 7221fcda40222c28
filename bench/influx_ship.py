"""Shipping rate through the outbox against influxdb-client's own batched write.

Run from the repository root (needs /usr/bin/victoria-metrics):

    .venv/bin/python bench/influx_ship.py [--points N] [--rounds R] [--batch-size B]

One VictoriaMetrics server on loopback, the same N heart-rate points (line protocol built
once, the same strings for both sides), the same batch size and client options (gzip on,
as the [influxdb] default), alternating in R rounds; each round writes to fresh series
(a different ``person`` tag) so that neither side overwrites the other's points:

- **baseline**: influxdb-client's batching ``WriteApi`` (``WriteOptions(batch_size=B)``),
  every line handed to ``write()``, timed until ``close()`` has flushed the last batch;
- **outbox**: the points already queued in the SQLite outbox (queueing is timed
  separately: it happens in ``Store.write``), timed through ``InfluxShipper.drain()``
  until the outbox is empty: read a batch in time order, POST it, delete it on the 2xx.

The figure of merit is outbox rate / baseline rate (DESIGN.md: at least 0.8), the median
of the rounds' ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from influxdb_client.client.influxdb_client import InfluxDBClient
from influxdb_client.client.write_api import WriteOptions
from influxdb_client.domain.write_precision import WritePrecision

from tests.fixtures_victoria import VictoriaServer
from tracker.config.influx import InfluxConfig
from tracker.domain.samples import HeartRateSample
from tracker.mirror.shipper import InfluxShipper
from tracker.store.influx import sample_line
from tracker.store.outbox import Outbox, enable_outbox
from tracker.store.sqlite import Store

T0_MS = 1_767_261_600_000
DRAIN_LIMIT_S = 600.0  # far above any expected run; drain() must not cut the benchmark


def lines_for(person: str, n: int) -> list[tuple[int, str]]:
    return [
        sample_line(HeartRateSample("strap", T0_MS + i * 1000, 60.0 + i % 50, True), person)
        for i in range(n)
    ]


def baseline(cfg: InfluxConfig, lines: list[str]) -> float:
    """Seconds for influxdb-client's batching write of ``lines``."""
    client = InfluxDBClient(url=cfg.url, token="", org=cfg.org, enable_gzip=cfg.gzip)
    start = time.perf_counter()
    api = client.write_api(write_options=WriteOptions(batch_size=cfg.batch_size))
    # influxdb-client annotates write_precision as its WritePrecision class, whose members
    # are plain str, and leaves close() unannotated.
    api.write(
        bucket=cfg.bucket,
        org=cfg.org,
        record=lines,
        write_precision=WritePrecision.MS,  # type: ignore[arg-type]
    )
    api.close()  # type: ignore[no-untyped-call]  # flushes the last batch and waits for it
    elapsed = time.perf_counter() - start
    client.close()  # type: ignore[no-untyped-call]
    return elapsed


def through_outbox(cfg: InfluxConfig, data_dir: Path, person: str, n: int) -> tuple[float, float]:
    """(seconds to queue, seconds to ship) ``n`` points through the outbox."""
    rows = lines_for(person, n)
    with Store.create(data_dir) as store:
        outbox = Outbox(store, person)
        start = time.perf_counter()
        for k in range(0, n, 1000):  # as the store writer commits: many small transactions
            outbox.enqueue_lines(rows[k : k + 1000])
        queued = time.perf_counter() - start
        shipper = InfluxShipper(store, cfg, person=person)
        start = time.perf_counter()
        left = asyncio.run(shipper.drain(DRAIN_LIMIT_S))
        shipped = time.perf_counter() - start
        assert left == 0, f"{left} points left in the outbox"
    return queued, shipped


def store_write(data_dir: Path, n: int, attach: bool) -> float:
    """Seconds for Store.write of ``n`` heart-rate samples in 1000-sample commits."""
    samples = [HeartRateSample("strap", T0_MS + i * 1000, 60.0 + i % 50, True) for i in range(n)]
    with Store.create(data_dir) as store:
        if attach:
            cfg = InfluxConfig(url="http://127.0.0.1:1", bucket="b")
            enable_outbox(store, cfg, "me")
        start = time.perf_counter()
        for k in range(0, n, 1000):
            store.write(samples[k : k + 1000])
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument(
        "--gzip", action=argparse.BooleanOptionalAction, default=True, help="both sides"
    )
    args = parser.parse_args()
    n = args.points
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        server = VictoriaServer(base / "vm", base / "vm.log")
        server.start()
        try:
            cfg = InfluxConfig(
                url=server.url,
                bucket="bench",
                org="bench",
                batch_size=args.batch_size,
                gzip=args.gzip,
            )
            ratios, base_rates, out_rates, queue_rates = [], [], [], []
            for r in range(args.rounds):
                lines = [line for _, line in lines_for(f"b{r}", n)]
                b = baseline(cfg, lines)
                q, o = through_outbox(cfg, base / f"store{r}", f"o{r}", n)
                base_rates.append(n / b)
                out_rates.append(n / o)
                queue_rates.append(n / q)
                ratios.append(b / o)
                print(
                    f"round {r + 1}: baseline {n / b:,.0f} points/s, outbox {n / o:,.0f} "
                    f"points/s (ratio {b / o:.2f}), queueing {n / q:,.0f} points/s",
                    flush=True,
                )
            for r in range(args.rounds):
                for who in (f"b{r}", f"o{r}"):
                    got = sum(
                        len(s["timestamps"])
                        for s in server.export(f'{{__name__="heart_rate_bpm",person="{who}"}}')
                    )
                    assert got == n, f"{who}: {got} of {n} points arrived"
        finally:
            server.stop()
        plain = store_write(base / "plain", n, attach=False)
        hooked = store_write(base / "hooked", n, attach=True)
    print(
        f"\n{platform.machine()}, Python {platform.python_version()}, {n} points, "
        f"batch {args.batch_size}, gzip {'on' if args.gzip else 'off'}, "
        f"{args.rounds} rounds (medians):"
    )
    print(f"  influxdb-client batching write: {statistics.median(base_rates):,.0f} points/s")
    print(f"  outbox shipping:                {statistics.median(out_rates):,.0f} points/s")
    print(f"  outbox queueing (SQLite):       {statistics.median(queue_rates):,.0f} points/s")
    print(f"  ratio outbox / baseline:        {statistics.median(ratios):.2f} (goal >= 0.8)")
    print(
        f"  Store.write without / with the outbox hook: {n / plain:,.0f} / {n / hooked:,.0f} "
        f"samples/s ({hooked / plain:.2f} x the time)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
