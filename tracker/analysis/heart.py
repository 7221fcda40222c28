"""Heart measures per day: resting heart rate and its trend, Banister TRIMP, RMSSD.

- Resting HR of a day: median heart rate of its still minutes (see :mod:`active`).
- TRIMP (Banister 1991): sum over minutes of HRr x a x e^(b x HRr), HRr the fraction of
  the heart-rate reserve, clipped to 0-1; a training-load figure, not a judgement.
- RMSSD over rest minutes (not active, no steps): RR intervals outside ``rr_min_s`` -
  ``rr_max_s`` and beats changing over ``rr_max_change`` from the (in-range) beat before
  them are dropped (Malik's artefact rules); successive differences are only taken
  between two kept neighbouring beats of one device's stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from tracker.analysis.active import RESTING_HR_MIN_MINUTES, HeartReference, daily_medians
from tracker.analysis.days import MinuteGrid
from tracker.analysis.params import AnalysisParams
from tracker.analysis.results import RestingHrTrend
from tracker.analysis.theilsen import theil_sen
from tracker.domain.units import DAYS_PER_WEEK, MS_PER_S, SECONDS_PER_MINUTE

Floats = npt.NDArray[np.float64]
# Notifications arrive about once a second; a longer silence means a lost stretch of
# beats, so the beats on either side are not neighbours.
RR_MAX_NOTIFY_GAP_S = 5.0
# A trend is "rising" or "falling" only when its whole 95 % interval is on one side of 0.
TREND_CONFIDENCE = 0.95
# The rule drops a change *over* rr_max_change, but in float seconds 0.984 - 0.820 comes
# out above 0.2 x 0.820: an exact 20 % change from millisecond data would be dropped. RR
# arrives in whole ms or 1/1024 s, so a real change differs from the limit by a good
# fraction of a millisecond, while the rounding is about 1e-16 s: a nanosecond of slack
# keeps the exact change and never keeps one that is really over.
RR_CHANGE_TOLERANCE_S = 1e-9


@dataclass(frozen=True, slots=True, eq=False)
class RrIntervals:
    """RR intervals as received: one entry per beat, sorted by (stream, time)."""

    time_s: Floats  # notification time, seconds since the epoch (UTC)
    rr_s: Floats  # the interval, seconds
    stream: npt.NDArray[np.int64]  # device number: beats are neighbours only within one

    @staticmethod
    def empty() -> RrIntervals:
        return RrIntervals(np.empty(0), np.empty(0), np.empty(0, np.int64))


def daily_resting_hr(grid: MinuteGrid, ref: HeartReference) -> Floats:
    still = ref.still
    return daily_medians(
        grid.heart_rate_bpm[still], grid.day[still], grid.n_days, RESTING_HR_MIN_MINUTES
    )


def daily_trimp(grid: MinuteGrid, ref: HeartReference, params: AnalysisParams) -> Floats:
    """TRIMP per day; NaN when the day has no heart rate or no HRrest/HRmax."""
    out = np.full(grid.n_days, np.nan)
    if ref.hr_max is None:
        return out
    rest = ref.rest_by_day[grid.day]
    hrr = np.clip((grid.heart_rate_bpm - rest) / (ref.hr_max - rest), 0.0, 1.0)
    load = hrr * params.trimp_weight_a * np.exp(params.trimp_weight_b * hrr)
    known = ~np.isnan(load)
    total = np.bincount(grid.day[known], weights=load[known], minlength=grid.n_days)
    counted = np.bincount(grid.day[known], minlength=grid.n_days)
    out[counted > 0] = total[counted > 0]
    return out


def daily_rmssd(
    grid: MinuteGrid,
    rest_minute: npt.NDArray[np.bool_],
    rr: RrIntervals,
    params: AnalysisParams,
) -> Floats:
    """RMSSD in ms per day over rest minutes; NaN with too few clean intervals."""
    out = np.full(grid.n_days, np.nan)
    n = rr.rr_s.shape[0]
    if n < 2 or len(grid) == 0:
        return out
    minute = np.floor((rr.time_s - grid.start_s) / SECONDS_PER_MINUTE).astype(np.int64)
    inside = (minute >= 0) & (minute < len(grid))
    safe_minute = np.clip(minute, 0, len(grid) - 1)
    at_rest = inside & rest_minute[safe_minute]
    in_range = (rr.rr_s >= params.rr_min_s) & (rr.rr_s <= params.rr_max_s)
    prev, cur = rr.rr_s[:-1], rr.rr_s[1:]
    neighbours = (rr.stream[1:] == rr.stream[:-1]) & (
        (rr.time_s[1:] - rr.time_s[:-1]) <= RR_MAX_NOTIFY_GAP_S
    )
    # A beat changing too much from an in-range neighbour before it is an artefact (or the
    # normal beat after an ectopic one: dropping it too only costs one difference).
    steady = np.ones(n, np.bool_)
    limit = params.rr_max_change * prev + RR_CHANGE_TOLERANCE_S
    steady[1:] = ~(neighbours & in_range[:-1]) | (np.abs(cur - prev) <= limit)
    clean = in_range & steady & at_rest
    day = grid.day[safe_minute]
    pair = neighbours & clean[:-1] & clean[1:] & (day[1:] == day[:-1])
    diffs = (cur - prev)[pair]
    pair_day = day[1:][pair]
    sq = np.bincount(pair_day, weights=diffs * diffs, minlength=grid.n_days)
    count = np.bincount(pair_day, minlength=grid.n_days)
    enough = count >= params.rmssd_min_intervals
    out[enough] = np.sqrt(sq[enough] / count[enough]) * MS_PER_S
    return out


def resting_hr_trend(
    dates: tuple[date, ...], resting_hr: Floats, params: AnalysisParams
) -> RestingHrTrend | None:
    """Theil–Sen slope over the last ``hr_trend_weeks``; None with too few days."""
    if not dates:
        return None
    window = params.hr_trend_weeks * DAYS_PER_WEEK
    x = np.arange(len(dates))[-window:]
    y = resting_hr[-window:]
    known = ~np.isnan(y)
    if int(known.sum()) < params.hr_trend_min_days:
        return None
    fit = theil_sen(y[known], x[known].astype(np.float64), TREND_CONFIDENCE)
    slope, low, high = (v * DAYS_PER_WEEK for v in (fit.slope, fit.low, fit.high))
    status = "rising" if low > 0 else "falling" if high < 0 else "stable"
    return RestingHrTrend(
        first_date=dates[int(x[known][0])],
        last_date=dates[int(x[known][-1])],
        days=int(known.sum()),
        slope_bpm_per_week=slope,
        low_bpm_per_week=low,
        high_bpm_per_week=high,
        status=status,
    )
