"""A judged day: the day's measures with the baseline and day type of the pacing rules.

Plain Python (no numpy), so that the daemon can read stored days.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.analysis.results import DayMeasures
from tracker.pacing.day_rules import DayType


@dataclass(frozen=True, slots=True)
class DaySummary(DayMeasures):
    """A day's measures judged against the person's own past."""

    baseline_active_minutes: float | None  # None while the baseline is still being learnt
    day_type: DayType

    @staticmethod
    def judged(measures: DayMeasures, baseline: float | None, day_type: DayType) -> DaySummary:
        values = {f.name: getattr(measures, f.name) for f in dataclasses.fields(DayMeasures)}
        return DaySummary(**values, baseline_active_minutes=baseline, day_type=day_type)

    @staticmethod
    def empty(day: date, day_minutes: int) -> DaySummary:
        """A day without any data."""
        return DaySummary(
            date=day, day_minutes=day_minutes, data_minutes=0, worn_minutes=0,
            active_minutes=0, steps=0, bouts=0, longest_bout_minutes=0, valid=False,
            trimp=None, resting_hr_bpm=None, rmssd_ms=None, longest_exertion_minutes=0,
            long_bouts=0, pause_minutes=0, morning_active_share=None,
            afternoon_active_share=None, evening_active_share=None, within_day_booms=0,
            active_by_hour=(0,) * 24, baseline_active_minutes=None, day_type=DayType.NO_DATA,
        )  # fmt: skip

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> DaySummary:
        """The inverse of ``to_json`` (stored results are read back through it)."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(DaySummary):
            value = data[f.name]
            if f.name == "date":
                value = date.fromisoformat(value)
            elif f.name == "day_type":
                value = DayType(value)
            elif f.name == "active_by_hour":
                value = tuple(int(v) for v in value)
            values[f.name] = value
        return DaySummary(**values)
