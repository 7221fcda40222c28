"""The body's signals ("ken de stress-signalen van je lichaam"), carefully.

A morning is listed when the night's resting heart rate lies above, or its RMSSD below,
the person's own band of the previous ``signal_window_days`` (28) nights: the median
± ``signal_mad_factor`` (1.5) × the median absolute deviation (unscaled), once at least
``signal_min_nights`` (14) of those nights are known. Palpitations and poor sleep are
among the stress signals the brochure lists; a higher resting heart rate or a lower
heart-rate variability after a night can go with them, and with a cold, a late meal or a
glass of wine. So a listed morning is a hint to notice, next to the check-ins, never a
diagnosis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import numpy as np

from tracker.analysis.night import NightMeasures
from tracker.pacing.params import PacingParams

ONE_DAY = timedelta(days=1)


class SignalKind(StrEnum):
    RESTING_HR_HIGH = "resting_hr_high"
    RMSSD_LOW = "rmssd_low"


@dataclass(frozen=True, slots=True)
class Band:
    median: float
    mad: float  # median absolute deviation, unscaled
    low: float
    high: float
    nights: int  # nights the band stands on


@dataclass(frozen=True, slots=True)
class BodySignal:
    date: date
    kind: SignalKind
    value: float  # bpm or ms
    band: Band

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "kind": str(self.kind),
            "value": self.value,
            "median": self.band.median,
            "low": self.band.low,
            "high": self.band.high,
            "nights": self.band.nights,
        }


@dataclass(frozen=True, slots=True)
class BodySignals:
    first: date  # the mornings looked at
    last: date
    nights_known: int  # nights with a resting heart rate or an RMSSD up to ``last``
    sufficient: bool  # the band of ``last`` stands on enough nights
    signals: tuple[BodySignal, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "nights_known": self.nights_known,
            "sufficient": self.sufficient,
            "signals": [s.to_json() for s in self.signals],
        }


def personal_band(values: Sequence[float], params: PacingParams) -> Band | None:
    """Median ± factor × MAD of ``values``; None with fewer than ``signal_min_nights``."""
    if len(values) < params.signal_min_nights:
        return None
    v = np.asarray(values, dtype=np.float64)
    median = float(np.median(v))
    mad = float(np.median(np.abs(v - median)))
    spread = params.signal_mad_factor * mad
    return Band(median, mad, median - spread, median + spread, len(values))


def _previous(
    nights: dict[date, NightMeasures], day: date, params: PacingParams, field: str
) -> list[float]:
    values = []
    for k in range(1, params.signal_window_days + 1):
        night = nights.get(day - k * ONE_DAY)
        value = None if night is None else getattr(night, field)
        if value is not None:
            values.append(float(value))
    return values


def _signals(
    night: NightMeasures, by_date: dict[date, NightMeasures], params: PacingParams
) -> list[BodySignal]:
    """The signals of one morning: resting heart rate above, RMSSD below the band."""
    out = []
    hr, rmssd = night.resting_hr_bpm, night.rmssd_ms
    hr_band = personal_band(_previous(by_date, night.date, params, "resting_hr_bpm"), params)
    if hr is not None and hr_band is not None and hr > hr_band.high:
        out.append(BodySignal(night.date, SignalKind.RESTING_HR_HIGH, hr, hr_band))
    rmssd_band = personal_band(_previous(by_date, night.date, params, "rmssd_ms"), params)
    if rmssd is not None and rmssd_band is not None and rmssd < rmssd_band.low:
        out.append(BodySignal(night.date, SignalKind.RMSSD_LOW, rmssd, rmssd_band))
    return out


def body_signals(
    nights: Sequence[NightMeasures], first: date, last: date, params: PacingParams
) -> BodySignals:
    """The mornings of ``[first, last]`` outside the person's own band (``nights`` holds
    those mornings and the ``signal_window_days`` before them)."""
    by_date = {n.date: n for n in nights}
    found: list[BodySignal] = []
    day = first
    while day <= last:
        night = by_date.get(day)
        if night is not None:
            found += _signals(night, by_date, params)
        day += ONE_DAY
    known = [
        n
        for n in nights
        if n.date <= last and (n.resting_hr_bpm is not None or n.rmssd_ms is not None)
    ]
    sufficient = any(
        personal_band(_previous(by_date, last, params, f), params) is not None
        for f in ("resting_hr_bpm", "rmssd_ms")
    )
    return BodySignals(first, last, len(known), sufficient, tuple(found))
