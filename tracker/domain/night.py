"""A night's measures as plain values (no numpy): kept by the store, read by the daemon's
modules without loading the analysis that computes them
(:func:`tracker.analysis.night.night_measures`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class NightMeasures:
    date: date  # the morning the night ends in
    resting_hr_bpm: float | None
    rmssd_ms: float | None
