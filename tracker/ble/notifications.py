"""A wearable's notifications and reads turned into timestamped samples for the sink.

Every timestamp comes from the injected clock, made unique per device and sample kind. A
payload that breaks its characteristic's layout is counted on the link and logged at
most once per MALFORMED_LOG_INTERVAL_MS per characteristic; it never raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from tracker.ble.battery import BATTERY_LEVEL_LABEL, decode_battery_level
from tracker.ble.const import MALFORMED_LOG_INTERVAL_MS
from tracker.ble.heart_rate import HEART_RATE_MEASUREMENT_LABEL, HeartRateMeasurement
from tracker.ble.infinitime import STEP_COUNT_LABEL, decode_step_count
from tracker.ble.link import Link
from tracker.ble.pmd import PMD_DATA_LABEL
from tracker.ble.rsc import RSC_MEASUREMENT_LABEL, RSCMeasurement
from tracker.domain.clock import Clock
from tracker.domain.errors import MalformedPayload
from tracker.domain.samples import BatterySample, HeartRateSample, Sample, StepSample

_LOG = logging.getLogger("tracker.ble")

Sink = Callable[[Sample], None]
_T = TypeVar("_T")


class Notifications:
    """Decodes what a link delivers and hands the samples to ``sink``."""

    def __init__(self, clock: Clock, sink: Sink) -> None:
        self._clock = clock
        self._sink = sink

    def heart_rate(self, link: Link, data: bytes) -> None:
        m = self._decoded(link, HEART_RATE_MEASUREMENT_LABEL, HeartRateMeasurement.from_bytes, data)
        if m is None:
            return
        t = self.stamp(link, HeartRateSample)
        link.last_sample_ms = t
        self._sink(
            HeartRateSample(
                link.config.id,
                t,
                float(m.heart_rate_bpm),
                m.sensor_contact,
                m.energy_expended_kj,
                m.rr_intervals_s,
            )
        )

    def rsc(self, link: Link, data: bytes) -> None:
        m = self._decoded(link, RSC_MEASUREMENT_LABEL, RSCMeasurement.from_bytes, data)
        if m is None:
            return
        if link.has_step_counter:
            return  # the device counts its own steps; the counter wins over cadence
        now = self._clock()
        steps = link.cadence.update(now, m.cadence_spm)
        t = self.stamp(link, StepSample, now)
        link.last_sample_ms = t
        self._sink(StepSample(link.config.id, t, steps, float(m.cadence_spm)))

    def step_count(self, link: Link, data: bytes) -> None:
        count = self._decoded(link, STEP_COUNT_LABEL, decode_step_count, data)
        if count is None:
            return
        steps = link.counter.update(count)
        if steps is None:
            return  # the first reading is only the baseline
        self._steps(link, steps)

    def pmd_data(self, link: Link, data: bytes) -> None:
        session = link.pmd
        if session is None:
            return
        steps = self._decoded(link, PMD_DATA_LABEL, session.on_data, data)
        if steps is None:
            return  # malformed, or a frame before the stream was started: nothing to count
        self._steps(link, steps)

    def battery(self, link: Link, data: bytes) -> None:
        """A Battery Level read."""
        percent = self._decoded(link, BATTERY_LEVEL_LABEL, decode_battery_level, data)
        if percent is None:
            return
        t = self.stamp(link, BatterySample)
        link.battery_percent = percent
        link.last_sample_ms = t
        self._sink(BatterySample(link.config.id, t, percent))

    def _steps(self, link: Link, steps: int) -> None:
        t = self.stamp(link, StepSample)
        link.last_sample_ms = t
        self._sink(StepSample(link.config.id, t, steps))

    def _decoded(
        self, link: Link, label: str, decode: Callable[[bytes], _T | None], data: bytes
    ) -> _T | None:
        """``decode(data)``, or None (counted and logged) when the payload is malformed."""
        try:
            return decode(data)
        except MalformedPayload as exc:
            self.malformed(link, label, exc)
            return None

    def malformed(self, link: Link, label: str, exc: MalformedPayload) -> None:
        link.malformed_payloads += 1
        now = self._clock()
        logged = link.malformed_logged_ms.get(label)
        if logged is None or now - logged >= MALFORMED_LOG_INTERVAL_MS:
            link.malformed_logged_ms[label] = now
            _LOG.warning(
                "%s: %s (%d malformed so far; logged once per %d min)",
                link.config.id,
                exc,
                link.malformed_payloads,
                MALFORMED_LOG_INTERVAL_MS // 60_000,
            )

    def stamp(self, link: Link, kind: type, time_ms: int | None = None) -> int:
        """The clock's time, made unique per device and sample kind (see Link.last_ms)."""
        t = self._clock() if time_ms is None else time_ms
        last = link.last_ms.get(kind)
        if last is not None and t <= last:
            t = last + 1
        link.last_ms[kind] = t
        return t
