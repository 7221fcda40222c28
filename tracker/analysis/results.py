"""What the analysis of the minutes yields: bouts, day measures, weekly spread, trends.

Plain frozen values. Times are timezone-aware ``datetime`` in the analysis's zone;
calendar days are ``date``. Numbers that may be unknown are ``None``, never NaN. Each
value has ``to_json()`` giving JSON-ready builtins.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.domain.jsonable import jsonable


@dataclass(frozen=True, slots=True)
class Bout:
    """A stretch of activity: active minutes joined across gaps of at most one minute."""

    start: datetime  # first active minute's start
    end: datetime  # exclusive: the end of the last active minute
    minutes: int  # end - start, gap minutes included
    active_minutes: int  # minutes in it that were active themselves
    steps: int  # known steps in it
    mean_hr_bpm: float | None  # mean of the known minute heart rates in it
    day: date  # local calendar day of the start
    walking: bool = False  # a walk (tracker.analysis.rules.is_walk), which a plan can count

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "minutes": self.minutes,
            "active_minutes": self.active_minutes,
            "steps": self.steps,
            "mean_hr_bpm": jsonable(self.mean_hr_bpm),
            "date": self.day.isoformat(),
            "walking": self.walking,
        }


@dataclass(frozen=True, slots=True)
class DayMeasures:
    """What the minutes of one local calendar day say; days without data are present too
    (``valid`` False). The pacing layer adds the baseline and the day type
    (:class:`tracker.pacing.result.DaySummary`)."""

    date: date
    day_minutes: int  # 1440, or 1380/1500 on DST change days
    data_minutes: int  # minutes with any data (steps or heart rate)
    worn_minutes: int
    active_minutes: int
    steps: int
    bouts: int
    longest_bout_minutes: int
    valid: bool
    # Heart: None when there is no heart rate (or no HRrest/HRmax for TRIMP).
    trimp: float | None
    resting_hr_bpm: float | None
    rmssd_ms: float | None
    # Balance of exertion and relaxation (the brochure's alternation).
    longest_exertion_minutes: int  # bouts joined across pauses shorter than a real break
    long_bouts: int  # bouts longer than max_continuous_minutes
    pause_minutes: int  # time between consecutive bouts of the day
    morning_active_share: float | None  # None when no active minutes
    afternoon_active_share: float | None
    evening_active_share: float | None
    within_day_booms: int  # long bout followed by rest >= factor x its length
    # Active minutes per local hour 0-23 (on a DST day the repeated hour holds up to 120).
    active_by_hour: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True)
class WeekSpread:
    """Spread of daily active minutes over the valid days of one ISO week."""

    iso_year: int
    iso_week: int
    monday: date
    valid_days: int
    mean_active_minutes: float | None
    cv: float | None  # coefficient of variation (sample SD / mean); None if too few days

    def to_json(self) -> dict[str, Any]:
        return {
            "week": f"{self.iso_year}-W{self.iso_week:02d}",
            "monday": self.monday.isoformat(),
            "valid_days": self.valid_days,
            "mean_active_minutes": jsonable(self.mean_active_minutes),
            "cv": jsonable(self.cv),
        }


@dataclass(frozen=True, slots=True)
class RestingHrTrend:
    """Theil–Sen slope of the daily resting heart rate over the last weeks."""

    first_date: date
    last_date: date
    days: int  # days with a resting HR in the window
    slope_bpm_per_week: float
    low_bpm_per_week: float  # 95 % interval
    high_bpm_per_week: float
    status: str  # "rising" / "falling" only when the whole interval is on one side of 0

    def to_json(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True)
class HourMap:
    """Active minutes per local hour of day (columns 0-23) per day (rows, as ``days``).

    On a DST day the repeated hour holds up to 120 minutes and the skipped one none.
    """

    dates: tuple[date, ...]
    active_minutes: tuple[tuple[int, ...], ...]  # len(dates) rows x 24 columns

    def to_json(self) -> dict[str, Any]:
        return {
            "dates": [d.isoformat() for d in self.dates],
            "active_minutes": [list(row) for row in self.active_minutes],
        }
