"""Relaxation exercises (ontspanningsoefeningen) and what the heart does during them.

The brochure advises progressive relaxation, autogenic training and mindfulness; a chest
strap can show their effect. For each exercise, from the minute table: the mean heart rate
of the minutes in the ``relaxation_window_minutes`` (10) before it, of its own minutes,
and of the 10 minutes after it (a minute belongs to a window when its start lies in it;
None where no minute of the window has a heart rate). RMSSD before and during, from the
strap's RR intervals in those windows, with the artefact rules of
:func:`tracker.analysis.heart.daily_rmssd` (Malik 1996); None when the RR intervals do not
cover the window well enough (fewer than ``rmssd_min_intervals`` clean differences).

Exercise minutes count on the relaxation side of a day's exertion and relaxation: the
pause time between the day's bouts plus the exercise minutes outside those pauses (an
exercise in a pause is counted once).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import numpy as np
import numpy.typing as npt

from tracker.analysis.days import MinuteGrid
from tracker.analysis.heart import RrIntervals, daily_rmssd
from tracker.analysis.params import AnalysisParams
from tracker.analysis.results import Bout
from tracker.domain.exercises import MAX_RELAXATION_MINUTES, RELAXATION_KINDS, RelaxationSession
from tracker.domain.jsonable import jsonable
from tracker.domain.minutes import MinuteTable
from tracker.domain.units import SECONDS_PER_MINUTE

# Defined beside the session (numpy-free, for the daemon); the analysis names them too.
__all__ = [
    "MAX_RELAXATION_MINUTES",
    "RELAXATION_KINDS",
    "DayRelaxation",
    "RelaxationResponse",
    "RelaxationSession",
    "day_relaxation",
    "exercise_minutes_by_day",
    "mean_heart_rate",
    "relaxation_response",
    "window_rmssd",
]


@dataclass(frozen=True, slots=True)
class RelaxationResponse:
    session: RelaxationSession
    hr_before: float | None  # mean bpm of the window's minutes
    hr_during: float | None
    hr_after: float | None
    rmssd_before: float | None  # ms
    rmssd_during: float | None

    @property
    def hr_change(self) -> float | None:
        """During minus before: below 0 when the heart slowed down."""
        if self.hr_before is None or self.hr_during is None:
            return None
        return self.hr_during - self.hr_before

    def to_json(self) -> dict[str, Any]:
        """One entry of the ``relaxation`` list of ``tracker analyze --json``."""
        return {
            "start": self.session.start.isoformat(),
            "minutes": self.session.minutes,
            "kind": self.session.kind,
            "hr_before": jsonable(self.hr_before),
            "hr_during": jsonable(self.hr_during),
            "hr_after": jsonable(self.hr_after),
            "rmssd_before": jsonable(self.rmssd_before),
            "rmssd_during": jsonable(self.rmssd_during),
        }


@dataclass(frozen=True, slots=True)
class DayRelaxation:
    """A day's exertion against its relaxation, with the exercises on the relaxation side."""

    date: date
    active_minutes: int  # exertion
    pause_minutes: int  # time between the day's bouts
    exercise_minutes: float  # relaxation exercises that day
    relaxation_minutes: float  # pauses plus the exercise minutes outside them


def mean_heart_rate(table: MinuteTable, start_s: float, end_s: float) -> float | None:
    """Mean heart rate of the minutes whose start lies in ``[start_s, end_s)``."""
    lo = int(np.searchsorted(table.time_s, start_s, "left"))
    hi = int(np.searchsorted(table.time_s, end_s, "left"))
    hr = table.heart_rate_bpm[lo:hi]
    known = hr[~np.isnan(hr)]
    return float(known.mean()) if known.size else None


def window_rmssd(
    rr: RrIntervals,
    start_s: float,
    end_s: float,
    params: AnalysisParams,
    rest: npt.NDArray[np.bool_] | None = None,
) -> float | None:
    """RMSSD (ms) of the beats in ``[start_s, end_s)``, by the rules of the day's RMSSD;
    ``rest`` (one flag per minute from ``start_s`` on, default all) leaves out the beats of
    minutes that were not at rest."""
    inside = (rr.time_s >= start_s) & (rr.time_s < end_s)
    if int(inside.sum()) < 2:
        return None
    beats = RrIntervals(rr.time_s[inside], rr.rr_s[inside], rr.stream[inside])
    # One pseudo-day over the window, every minute "at rest": daily_rmssd then applies
    # exactly the artefact rules of the day's RMSSD to these beats.
    n = max(1, int(np.ceil((end_s - start_s) / SECONDS_PER_MINUTE)))
    grid = MinuteGrid(
        start_s=int(np.floor(start_s)),
        offset_s=np.zeros(n, np.int32),
        present=np.ones(n, np.bool_),
        steps=np.full(n, np.nan),
        heart_rate_bpm=np.full(n, np.nan),
        day=np.zeros(n, np.intp),
        minute_of_day=np.arange(n, dtype=np.int32),
        dates=(date.min,),
        day_minutes=np.array([n], np.int32),
    )
    at_rest = np.ones(n, np.bool_) if rest is None else np.asarray(rest, np.bool_)[:n]
    if at_rest.shape[0] < n:
        at_rest = np.concatenate([at_rest, np.ones(n - at_rest.shape[0], np.bool_)])
    value = float(daily_rmssd(grid, at_rest, beats, params)[0])
    return None if np.isnan(value) else value


def relaxation_response(
    table: MinuteTable,
    rr: RrIntervals,
    session: RelaxationSession,
    params: AnalysisParams,
) -> RelaxationResponse:
    """Heart rate before, during and after one exercise, and RMSSD before and during."""
    window_s = params.relaxation_window_minutes * SECONDS_PER_MINUTE
    start = session.start_s
    end = start + session.minutes * SECONDS_PER_MINUTE
    return RelaxationResponse(
        session=session,
        hr_before=mean_heart_rate(table, start - window_s, start),
        hr_during=mean_heart_rate(table, start, end),
        hr_after=mean_heart_rate(table, end, end + window_s),
        rmssd_before=window_rmssd(rr, start - window_s, start, params),
        rmssd_during=window_rmssd(rr, start, end, params),
    )


def exercise_minutes_by_day(sessions: Sequence[RelaxationSession], tz: tzinfo) -> dict[date, float]:
    """Minutes of exercise per local day (an exercise across midnight is split)."""
    out: dict[date, float] = {}
    for s in sessions:
        start, end = s.start.astimezone(tz), s.end.astimezone(tz)
        while start < end:
            midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), tz)
            part_end = min(end, midnight)
            out[start.date()] = out.get(start.date(), 0.0) + (
                (part_end - start).total_seconds() / SECONDS_PER_MINUTE
            )
            start = part_end
    return out


def _overlap_s(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def day_relaxation(
    day: date,
    active_minutes: int,
    pause_minutes: int,
    bouts: Sequence[Bout],
    sessions: Sequence[RelaxationSession],
    tz: tzinfo,
) -> DayRelaxation:
    """The day's relaxation side: its pauses between bouts (as the day's balance counts
    them) plus the minutes of exercise on that day outside those pauses."""
    midnight = datetime.combine(day, datetime.min.time(), tz)
    day_lo = midnight.timestamp()
    day_hi = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz).timestamp()
    day_bouts = sorted((b for b in bouts if b.day == day), key=lambda b: b.start)
    pauses = [(a.end.timestamp(), b.start.timestamp()) for a, b in itertools.pairwise(day_bouts)]
    exercise_s = 0.0
    outside_s = 0.0
    for s in sessions:
        lo, hi = max(s.start_s, day_lo), min(s.end.timestamp(), day_hi)
        if hi <= lo:
            continue
        exercise_s += hi - lo
        outside_s += (hi - lo) - sum(_overlap_s(lo, hi, p0, p1) for p0, p1 in pauses)
    return DayRelaxation(
        date=day,
        active_minutes=active_minutes,
        pause_minutes=pause_minutes,
        exercise_minutes=exercise_s / SECONDS_PER_MINUTE,
        relaxation_minutes=pause_minutes + outside_s / SECONDS_PER_MINUTE,
    )
