"""Samples as rows of the store's tables, built for one INSERT per table.

The hot path of ingest: local names and an inline per-hour offset cache keep the Python
side near the cost of SQLite's own insert (bench/store_ingest.py). No numpy here: the
daemon writes samples without ever loading it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Protocol

from tracker.domain.localtime import offset_s_at
from tracker.domain.samples import ConnectionEvent, HeartRateSample, Sample, StepSample
from tracker.domain.units import MS_PER_HOUR, MS_PER_S

# Hours whose offset is remembered before the cache starts afresh (about a year).
OFFSET_CACHE_MAX_HOURS = 10_000

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class WriteCount:
    """New rows from one :meth:`Store.write_counted`: measurements (heart rate, steps,
    battery) and connection records, which say how the wearables were reached."""

    measurements: int
    connection_events: int

    @property
    def total(self) -> int:
        return self.measurements + self.connection_events


class OutboxHook(Protocol):
    """Receives every written batch inside its transaction (the InfluxDB outbox)."""

    def enqueue_samples(self, db: sqlite3.Connection, samples: Sequence[Sample]) -> int: ...


class HourlyOffsets:
    """UTC offsets (s) of a zone at given times. Offsets change only at DST transitions:
    cached per hour to keep ingest fast."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.by_hour: dict[int, int] = {}

    def at(self, time_ms: int) -> int:
        hour = time_ms // MS_PER_HOUR
        off = self.by_hour.get(hour)
        if off is None:
            off = offset_s_at(time_ms / MS_PER_S, self.tz)
            if len(self.by_hour) > OFFSET_CACHE_MAX_HOURS:
                self.by_hour.clear()
            self.by_hour[hour] = off
        return off


@dataclass(slots=True)
class SampleRows:
    """Rows for the heart_rate, steps, battery and connection tables, in column order."""

    heart_rate: list[Row] = field(default_factory=list)
    steps: list[Row] = field(default_factory=list)
    battery: list[Row] = field(default_factory=list)
    connection: list[Row] = field(default_factory=list)


def sample_rows(samples: Sequence[Sample], offsets: HourlyOffsets) -> SampleRows:
    """Each sample as its table's row, with the UTC offset of its time."""
    rows = SampleRows()
    hr, st, bat, con = rows.heart_rate, rows.steps, rows.battery, rows.connection
    cache = offsets.by_hour
    off = offsets.at
    for s in samples:
        t = s.time_ms
        if isinstance(s, ConnectionEvent):
            con.append((s.device, t, str(s.state), s.detail))
            continue
        o = cache.get(t // MS_PER_HOUR)
        if o is None:
            o = off(t)
        if isinstance(s, HeartRateSample):
            rr = s.rr_s
            contact = s.contact
            hr.append(
                (
                    s.device,
                    t,
                    o,
                    s.bpm,
                    None if contact is None else int(contact),
                    s.energy_kj,
                    ",".join(map(repr, rr)) if rr else None,
                )
            )
        elif isinstance(s, StepSample):
            st.append((s.device, t, o, s.steps, s.cadence_spm))
        else:
            bat.append((s.device, t, o, s.percent))
    return rows
