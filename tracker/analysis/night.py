"""The night before a morning: its resting heart rate and its RMSSD.

"Ken de stress-signalen van je lichaam": palpitations and poor sleep are among the signals
the brochure lists, and a heart-rate strap worn at night can hint at them. The night of a
day is its local hours ``night_start_hour`` to ``night_end_hour`` (00-06 by default), all
inside that day, so a night belongs to the morning it ends in.

- resting heart rate: the median heart rate of the night's still minutes (no steps above
  ``hr_rest_max_steps``, or none known), from ``RESTING_HR_MIN_MINUTES`` (30) of them;
- RMSSD: over the RR intervals of the night's still minutes, with the artefact rules of
  the day's RMSSD (:func:`tracker.analysis.relaxation.window_rmssd`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, tzinfo

import numpy as np

from tracker.analysis.active import RESTING_HR_MIN_MINUTES
from tracker.analysis.heart import RrIntervals
from tracker.analysis.params import AnalysisParams
from tracker.analysis.relaxation import window_rmssd
from tracker.domain.minutes import MinuteTable
from tracker.domain.night import NightMeasures
from tracker.domain.units import SECONDS_PER_MINUTE

__all__ = ["NightMeasures", "night_bounds_s", "night_measures", "nights_of"]


def night_bounds_s(day: date, tz: tzinfo, params: AnalysisParams) -> tuple[int, int]:
    """UTC seconds of the night's start and end (local hours of ``day``)."""
    start = datetime.combine(day, time(params.night_start_hour), tz)
    if params.night_end_hour == 24:
        end = datetime.combine(date.fromordinal(day.toordinal() + 1), time(0), tz)
    else:
        end = datetime.combine(day, time(params.night_end_hour), tz)
    return int(start.timestamp()), int(end.timestamp())


def night_measures(
    day: date, table: MinuteTable, rr: RrIntervals, tz: tzinfo, params: AnalysisParams
) -> NightMeasures:
    """Resting heart rate and RMSSD of the night that ends on the morning of ``day``."""
    lo, hi = night_bounds_s(day, tz, params)
    night = table.slice_time(lo, hi)
    steps = night.steps
    moving = ~np.isnan(steps) & (steps > params.hr_rest_max_steps)
    hr = night.heart_rate_bpm[~moving]
    known = hr[~np.isnan(hr)]
    resting = float(np.median(known)) if known.size >= RESTING_HR_MIN_MINUTES else None
    n = (hi - lo) // SECONDS_PER_MINUTE
    rest = np.ones(n, np.bool_)
    index = (night.time_s[moving] - lo) // SECONDS_PER_MINUTE
    rest[index[(index >= 0) & (index < n)]] = False
    return NightMeasures(day, resting, window_rmssd(rr, lo, hi, params, rest))


def nights_of(
    days: Sequence[date], table: MinuteTable, rr: RrIntervals, tz: tzinfo, params: AnalysisParams
) -> tuple[NightMeasures, ...]:
    """The nights of ``days`` (a few weeks: each night slices the table and the beats)."""
    return tuple(night_measures(d, table, rr, tz, params) for d in days)
