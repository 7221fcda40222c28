"""What the analysis hands to the report, the alerts, the store and the CLI.

Plain frozen values. Times are timezone-aware ``datetime`` (the row's own UTC offset, or
the configured zone's); calendar days are ``date``. Numbers that may be unknown are
``None``, never NaN. Each value has ``to_json()`` giving JSON-ready builtins.

The pacing types (day type, cycle, capacity trend, plan check) belong to
:mod:`tracker.pacing`; they are serialised here generically so that both sides can grow.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.pacing.capacity import CapacityTrend
    from tracker.pacing.cycles import Cycle
    from tracker.pacing.daytypes import DayType
    from tracker.pacing.sessions import PlanCheck


def jsonable(value: Any) -> Any:
    """Builtins for ``json.dumps``: dates as ISO text, NaN as null, enums by value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        return jsonable(tolist())
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


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

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "minutes": self.minutes,
            "active_minutes": self.active_minutes,
            "steps": self.steps,
            "mean_hr_bpm": jsonable(self.mean_hr_bpm),
            "date": self.day.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class DaySummary:
    """One local calendar day; days without data are present too (``valid`` False)."""

    date: date
    day_minutes: int  # 1440, or 1380/1500 on DST change days
    worn_minutes: int
    active_minutes: int
    steps: int
    bouts: int
    longest_bout_minutes: int
    baseline_active_minutes: float | None
    day_type: DayType
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


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    days: tuple[DaySummary, ...]
    bouts: tuple[Bout, ...]
    cycles: tuple[Cycle, ...]
    weeks: tuple[WeekSpread, ...]
    resting_hr_trend: RestingHrTrend | None
    capacity: CapacityTrend | None
    plan_check: PlanCheck | None
    hour_map: HourMap
    # The heart-rate references used for the active threshold and TRIMP (None = unknown).
    hr_rest_bpm: float | None
    hr_max_bpm: float | None
    timezone: str | None  # IANA name, or None when each row's own offset was used

    def to_json(self) -> dict[str, Any]:
        return {
            "timezone": self.timezone,
            "hr_rest_bpm": jsonable(self.hr_rest_bpm),
            "hr_max_bpm": jsonable(self.hr_max_bpm),
            "days": [d.to_json() for d in self.days],
            "bouts": [b.to_json() for b in self.bouts],
            "cycles": [jsonable(c) for c in self.cycles],  # boom_dates, bust_dates, ...
            "weeks": [w.to_json() for w in self.weeks],
            "resting_hr_trend": jsonable(self.resting_hr_trend),
            "capacity": jsonable(self.capacity),
            "plan_check": jsonable(self.plan_check),
            "hour_map": self.hour_map.to_json(),
        }
