"""Alerts: cost of feeding live samples to the monitors, and alert delivery latency.

1. ``Alerter.observe`` (break nudge + absent devices) over one simulated day: a strap at
   1 Hz and a watch's step counter every 10 s, against ``Store.write`` of the same samples
   in one-second batches (what the daemon already does with every sample), same run.
2. ``raise_event`` → received, through the persisted queue: apprise ``json://`` to a local
   HTTP endpoint, and MQTT QoS 1 through a real mosquitto to a subscriber.

Reproduce: ``PYTHONPATH=. .venv/bin/python bench/alerts.py [--alerts N]``
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures_mosquitto import Mosquitto, Subscriber
from tests.test_alerts_delivery import Inbox
from tracker.alerts import CycleConfirmed, DayNumbers
from tracker.alerts.alerter import Alerter
from tracker.config import parse_config
from tracker.domain.samples import HeartRateSample, Sample, StepSample
from tracker.store.sqlite import Store

DAY_S = 86_400
DAY_START_MS = 1_773_705_600_000  # 2026-03-17 00:00 UTC
# Run in a fresh process, so that it sees what the alerts add to a bare one.
MEMORY_PROBE = Path(__file__).with_name("alerts_memory.py")


def day_of_samples() -> list[Sample]:
    samples: list[Sample] = []
    for s in range(DAY_S):
        t = DAY_START_MS + s * 1000
        # Alternating 30 active and 30 quiet minutes, so the nudge logic has work to do.
        active = (s // 1800) % 2 == 0
        samples.append(HeartRateSample("strap", t, 105.0 if active else 70.0, contact=True))
        if s % 10 == 0:
            samples.append(StepSample("watch", t, 10 if active else 0))
    return samples


def bench_observe(tmp: Path) -> tuple[float, float, int]:
    samples = day_of_samples()
    config = parse_config(
        {
            "devices": [{"id": "watch", "name": "w"}, {"id": "strap", "name": "s"}],
            "analysis": {"hr_rest_bpm": 60, "hr_max_bpm": 180},
            "alerts": {"device_absent_hours": 6, "break_nudge": {"enabled": True,
                                                                "quiet_hours": ""}},
        }
    )  # fmt: skip
    store = Store.create(tmp / "observe")
    alerter = Alerter(store, config, clock=lambda: DAY_START_MS)
    t0 = time.perf_counter()
    for s in samples:
        alerter.observe(s)
    observe_s = time.perf_counter() - t0
    nudges = store.db.execute("SELECT count(*) FROM alert WHERE kind = 'break_nudge'").fetchone()[0]
    batches: dict[int, list[Sample]] = {}
    for s in samples:
        batches.setdefault(s.time_ms // 1000, []).append(s)
    t0 = time.perf_counter()
    for batch in batches.values():
        store.write(batch)
    write_s = time.perf_counter() - t0
    store.close()
    return observe_s / len(samples), write_s / len(samples), nudges


def cycle(i: int) -> CycleConfirmed:
    boom = date(2020, 1, 1) + timedelta(days=7 * i)
    return CycleConfirmed(
        "An",
        (DayNumbers(boom, 90.0, 45.0),),
        (DayNumbers(boom + timedelta(days=2), 20.0, 45.0),),
    )


async def bench_delivery(tmp: Path, n: int, *, with_apprise: bool) -> dict[str, list[float]]:
    broker = Mosquitto(tmp / f"broker-{with_apprise}")
    broker.workdir.mkdir()
    broker.start()
    inbox = Inbox()
    inbox.start()
    config = parse_config(
        {
            "tracker": {"person": "An"},
            "alerts": {
                "apprise_urls": [inbox.url] if with_apprise else [],
                "quiet_hours": "",  # measure at any hour
                "mqtt": {"host": "127.0.0.1", "port": broker.port},
            },
        }
    )
    store = Store.create(tmp / f"delivery-{with_apprise}")
    alerter = Alerter(store, config, clock=lambda: time.time_ns() // 1_000_000)
    task = asyncio.create_task(alerter.run())
    assert alerter.mqtt is not None and await alerter.mqtt.wait_connected(10)
    sub = await asyncio.to_thread(Subscriber, broker.port, ["tracker/an/event"])
    latency: dict[str, list[float]] = {"apprise": [], "mqtt": []}
    if not with_apprise:
        del latency["apprise"]
    for i in range(n):
        t0 = time.perf_counter()
        assert alerter.raise_event(cycle(i))
        done = {name: False for name in latency}
        while not all(done.values()):
            now = time.perf_counter()
            if not done.get("apprise", True) and len(inbox.posts) == i + 1:
                done["apprise"] = True
                latency["apprise"].append(now - t0)
            if not done["mqtt"] and len(sub.on("tracker/an/event")) == i + 1:
                done["mqtt"] = True
                latency["mqtt"].append(now - t0)
            await asyncio.sleep(0.0005)
    await alerter.aclose(5.0)
    assert task.done()
    sub.close()
    inbox.stop()
    broker.stop()
    store.close()
    return latency


def bench_memory() -> tuple[float, float]:
    """Peak RSS the alerts add to a process, and what apprise in-process would add."""
    import subprocess

    out = {}
    for mode in ("child", "apprise"):
        text = subprocess.run(
            [sys.executable, str(MEMORY_PROBE), mode], capture_output=True, text=True, check=True
        ).stdout.split()
        base, with_alerts, final = (float(x) for x in text)
        out[mode] = (with_alerts - base, final - with_alerts)
    return out["child"][0], out["apprise"][1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--alerts", type=int, default=50)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        per_observe, per_write, nudges = bench_observe(tmp)
        print(
            f"observe: {per_observe * 1e6:.2f} us/sample; Store.write (1 s batches): "
            f"{per_write * 1e6:.2f} us/sample; ratio {per_observe / per_write:.2f}; "
            f"{nudges} nudges raised"
        )
        added_mb, apprise_mb = bench_memory()
        print(
            f"memory: alerts (MQTT + apprise channel + state) add {added_mb:.1f} MB peak RSS; "
            f"loading apprise in-process would add {apprise_mb:.1f} MB more"
        )
        for with_apprise in (False, True):
            latency = asyncio.run(bench_delivery(tmp, args.alerts, with_apprise=with_apprise))
            for name, values in latency.items():
                print(
                    f"{name} ({'with apprise' if with_apprise else 'alone'}): "
                    f"raise_event -> received, n={len(values)}: "
                    f"p50 {statistics.median(values) * 1e3:.1f} ms, "
                    f"p95 {pct(values, 0.95) * 1e3:.1f} ms, max {max(values) * 1e3:.1f} ms"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
