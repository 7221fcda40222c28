"""A store as a hub holds it after weeks of use, built through the real code paths.

Imported minutes (six weeks of the repeated boom-bust scenario), raw samples of three
wearables (heart rate with RR intervals, steps, battery, connections) queued for InfluxDB
in the outbox, device status rows, a plan with a logged session, and the day-end job's
results and alerts: every table a running hub has, so that damage to random pages lands
in all of them. Tests copy it, then damage or lock the copy.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tests.scenarios import BRUSSELS, repeated_boom_bust
from tracker.alerts.delivery import AlertQueue
from tracker.alerts.events import WeeklyReportReady
from tracker.app.judging import judge_completed_days
from tracker.config import Config
from tracker.config.influx import InfluxConfig
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    StepSample,
)
from tracker.pacing.plan import make_plan
from tracker.pacing.sessions import SOURCE_LOGGED, Session
from tracker.store.outbox import enable_outbox, enqueue_results
from tracker.store.plans import log_session, save_plan
from tracker.store.sqlite import DB_NAME, DeviceStatusRow, Store

if TYPE_CHECKING:
    from tracker.domain.samples import Sample

WEEKS = 6
# Raw samples: two hours at 1 Hz from a strap, a footpod and a watch on the last day.
RAW_SECONDS = 2 * 3600
# An address nothing listens on: configs that name InfluxDB never reach a server.
UNREACHABLE_URL = "http://127.0.0.1:9"
PAGE_BYTES = 4096  # SQLite's default page size, which the store keeps


@dataclass(frozen=True, slots=True)
class RealStore:
    data_dir: Path
    first_day: date
    last_day: date

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def week(self) -> str:
        """An ISO week with data (for ``tracker report``)."""
        year, week, _ = (self.last_day - timedelta(days=7)).isocalendar()
        return f"{year}-W{week:02d}"


def _ms(day: date, hour: int = 0) -> int:
    return int(datetime.combine(day, time(hour), BRUSSELS).timestamp() * 1000)


def _raw_samples(start_ms: int) -> list[Sample]:
    out: list[Sample] = [
        ConnectionEvent(dev, start_ms, ConnectionState.CONNECTED, "")
        for dev in ("strap", "footpod", "watch")
    ]
    for i in range(RAW_SECONDS):
        t = start_ms + i * 1000
        out.append(HeartRateSample("strap", t, 70.0 + i % 40, True, None, (0.8, 0.82)))
        out.append(StepSample("footpod", t, 1 + i % 2, 96.0))
        if i % 60 == 0:
            out.append(StepSample("watch", t, 80))
            out.append(BatterySample("watch", t, 90 - i // 600))
    return out


def build_real_store(data_dir: Path) -> RealStore:
    sc = repeated_boom_bust(weeks=WEEKS)
    first, last = sc.dates[0], sc.dates[-1]
    config = Config(zone=BRUSSELS, influxdb=InfluxConfig(url=UNREACHABLE_URL, bucket="b"))
    with Store.create(data_dir, tz=BRUSSELS) as store:
        store.import_minutes(sc.table)
        enable_outbox(store, InfluxConfig(url=UNREACHABLE_URL, bucket="b"), "me")
        store.write(_raw_samples(_ms(last, 7)))
        store.save_device_status(
            [
                DeviceStatusRow(dev, "AA:BB", dev, True, _ms(last, 9), 88, 2, "", None, 1)
                for dev in ("strap", "footpod", "watch")
            ]
        )
        plan = make_plan(
            measurements=[25, 27, 28], goal=40, weeks=5, start_date=last - timedelta(days=14)
        )
        save_plan(store, plan)
        log_session(
            store,
            Session(
                start=datetime.combine(last, time(12), BRUSSELS),
                minutes=22,
                source=SOURCE_LOGGED,
                activity="cycling",
            ),
        )
        now_ms = _ms(last + timedelta(days=1), 1)
        judge_completed_days(store, config, now_ms=now_ms)
        enqueue_results(store, "me", clock=lambda: now_ms)
        AlertQueue(store).enqueue(
            WeeklyReportReady("2026-W06", "/r.html"), ["mqtt"], now_ms=now_ms, expires_ms=2**50
        )
        store.set_meta("daemon.last_report_week", "2000-W01")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return RealStore(data_dir, first, last)


def copy_store(real: RealStore, to: Path) -> RealStore:
    shutil.copytree(real.data_dir, to)
    return RealStore(to, real.first_day, real.last_day)


def damage_pages(db_path: Path, seed: int, pages: int) -> list[int]:
    """Overwrite ``pages`` random pages (never page 1, the header) with random bytes, as
    a failing card does; returns the page numbers (1-based)."""
    rng = random.Random(seed)
    count = db_path.stat().st_size // PAGE_BYTES
    chosen = sorted(rng.sample(range(2, count + 1), pages))
    with db_path.open("r+b") as fh:
        for page in chosen:
            fh.seek((page - 1) * PAGE_BYTES)
            fh.write(rng.randbytes(PAGE_BYTES))
    return chosen
