"""The person's entries in the InfluxDB mirror: check-ins (without their notes),
relaxation exercises with the heart's answer, exposures; sent once by the day-end job,
again by `tracker sync`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tracker.config.influx import InfluxConfig
from tracker.domain.exercises import RelaxationSession
from tracker.domain.minutes import MinuteTable
from tracker.mirror.shipper import InfluxShipper
from tracker.pacing.exposure import Exposure
from tracker.store.checkins import CheckIn
from tracker.store.influx_entries import entry_lines
from tracker.store.ladder import add_exposure, add_item
from tracker.store.outbox import enqueue_results
from tracker.store.pain_entries import save_checkins
from tracker.store.relaxation import add_relaxation
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer

TZ = ZoneInfo("Europe/Brussels")
DAY = date(2026, 3, 18)
MIDNIGHT_MS = int(datetime(2026, 3, 18, tzinfo=TZ).timestamp() * 1000)
START = datetime(2026, 3, 18, 20, 0, tzinfo=TZ)
START_MS = int(START.timestamp() * 1000)
PRACTICE = datetime(2026, 3, 18, 10, 0, tzinfo=TZ)


def fill(store: Store, now_ms: int) -> None:
    # Heart rate 19:50-20:25: 72 before, 60 during (15 min), 66 after.
    t0 = int(START.timestamp()) - 600
    hr = [72.0] * 10 + [60.0] * 15 + [66.0] * 10
    n = len(hr)
    store.import_minutes(MinuteTable(np.arange(n, dtype=np.int64) * 60 + t0,
                                     np.full(n, 3600, np.int32), np.full(n, np.nan),
                                     np.array(hr)))  # fmt: skip
    save_checkins(store, [CheckIn(DAY, 3, 5, 6, 'mijn "geheime" notitie')], now_ms=now_ms)
    add_relaxation(store, RelaxationSession(START, 15, "progressive"), now_ms=now_ms)
    item = add_item(store, "bukken", 40, now_ms=now_ms)
    add_exposure(store, Exposure(0, item.id, PRACTICE, 6, 50, 3, 30), now_ms=now_ms)


def test_entry_points_carry_numbers_and_no_notes(store: Store) -> None:
    fill(store, MIDNIGHT_MS + 86_400_000)
    lines = [line for _, line in entry_lines(store, "an")]
    (checkin,) = [x for x in lines if x.startswith("checkin,")]
    assert "pain=3i" in checkin and "worst_pain=5i" in checkin and "energy=6i" in checkin
    assert "geheime" not in " ".join(lines)
    (relax,) = [x for x in lines if x.startswith("relaxation,")]
    # Floats without an "i": line protocol's floats (72 is written as 72).
    assert "hr_before=72," in relax and "hr_during=60," in relax and "hr_after=66," in relax
    assert 'kind="progressive"' in relax and "minutes=15 " in relax
    (exposure,) = [x for x in lines if x.startswith("exposure,")]
    assert 'item="bukken"' in exposure and "expected_pain=6i" in exposure and "fear=30i" in exposure
    # Saved before the mark: nothing to send again; since a time: only points from then.
    assert entry_lines(store, "an", saved_after_ms=MIDNIGHT_MS + 86_400_000) == []
    later = entry_lines(store, "an", since_ms=START_MS)
    assert [line.split(",", 1)[0] for _, line in later] == ["relaxation"]


@pytest.mark.slow
async def test_entries_reach_the_server_once(store: Store, victoria: VictoriaServer) -> None:
    now = [MIDNIGHT_MS + 86_400_000]
    fill(store, now[0] - 1000)
    sent = enqueue_results(store, "an", clock=lambda: now[0])
    assert sent >= 3
    cfg = InfluxConfig(url=victoria.url, bucket="tracker")
    assert await InfluxShipper(store, cfg, person="an").drain(30) == 0
    me = (("person", "an"),)
    assert victoria.points("checkin_worst_pain") == {me: {MIDNIGHT_MS: 5}}
    assert victoria.points("relaxation_hr_during") == {me: {START_MS: 60.0}}
    assert victoria.points("relaxation_hr_before") == {me: {START_MS: 72.0}}
    practice_ms = int(PRACTICE.timestamp() * 1000)
    assert victoria.points("exposure_pain") == {me: {practice_ms: 3}}
    # The next day-end job sends no entry again (minutes are re-sent with their overlap).
    now[0] += 86_400_000
    again = enqueue_results(store, "an", clock=lambda: now[0])
    assert again == sent - 3  # the same minutes, and none of the three entries
