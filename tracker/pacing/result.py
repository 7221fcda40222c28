"""The whole analysis as the shells see it: judged days, bouts, cycles, trends, the plan.

Plain frozen values with ``to_json()``; ``AnalysisResult.to_json()`` is the contract of
``tracker analyze --json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.analysis.relaxation import RelaxationResponse
from tracker.analysis.results import Bout, HourMap, RestingHrTrend, WeekSpread
from tracker.domain.jsonable import jsonable
from tracker.pacing.capacity import CapacityTrend
from tracker.pacing.cycles import Cycle
from tracker.pacing.days import DaySummary
from tracker.pacing.pain import PainActivity
from tracker.pacing.sessions import PlanCheck
from tracker.pacing.signals import BodySignals


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    days: tuple[DaySummary, ...]
    bouts: tuple[Bout, ...]
    cycles: tuple[Cycle, ...]
    weeks: tuple[WeekSpread, ...]
    resting_hr_trend: RestingHrTrend | None
    capacity: CapacityTrend | None
    plan_check: PlanCheck | None
    # The heart-rate references used for the active threshold and TRIMP (None = unknown).
    hr_rest_bpm: float | None
    hr_max_bpm: float | None
    timezone: str  # the zone whose calendar days these are (an IANA name or UTC±hh:mm)
    # What the person told: pain against activity (always judged; "insufficient_data"
    # without check-ins), relaxation exercises with the heart's answer, the body's signals.
    pain: PainActivity | None = None
    relaxation: tuple[RelaxationResponse, ...] = ()
    body_signals: BodySignals | None = None

    @property
    def hour_map(self) -> HourMap:
        return HourMap(tuple(d.date for d in self.days), tuple(d.active_by_hour for d in self.days))

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
            "pain": jsonable(self.pain),
            "relaxation": [r.to_json() for r in self.relaxation],
            "body_signals": jsonable(self.body_signals),
        }
