"""What the minutes say: one pure pass from the minute table to day measures and bouts.

The expensive half of the analysis (everything per minute is numpy; Python loops run per
day or per bout only). The pacing layer judges its output (baseline, day types, cycles,
plan) without the minutes, so stored day measures can be judged again cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

import numpy as np
import numpy.typing as npt

from tracker.analysis.active import HeartReference, active_mask, heart_reference
from tracker.analysis.balance import active_by_hour, day_balance
from tracker.analysis.bouts import Spans, find_bouts, find_exertions, span_sums, walk_flags
from tracker.analysis.days import MinuteGrid, build_grid, per_day_sum
from tracker.analysis.heart import RrIntervals, daily_resting_hr, daily_rmssd, daily_trimp
from tracker.analysis.params import AnalysisParams
from tracker.analysis.results import Bout, DayMeasures
from tracker.analysis.rules import is_valid_day
from tracker.analysis.wear import worn_mask
from tracker.domain.minutes import MinuteTable
from tracker.domain.units import SECONDS_PER_MINUTE


@dataclass(frozen=True, slots=True)
class Summary:
    days: tuple[DayMeasures, ...]  # every local day from the first row's to the last row's
    bouts: tuple[Bout, ...]
    # The heart-rate references used for the active threshold and TRIMP (None = unknown).
    hr_rest_bpm: float | None
    hr_max_bpm: float | None


def _none_if_nan(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _bouts(
    grid: MinuteGrid,
    spans: Spans,
    active: npt.NDArray[np.bool_],
    params: AnalysisParams,
    tz: tzinfo,
) -> tuple[Bout, ...]:
    steps = span_sums(grid.steps, spans)
    hr_sum = span_sums(grid.heart_rate_bpm, spans)
    hr_count = span_sums((~np.isnan(grid.heart_rate_bpm)).astype(np.float64), spans)
    active_count = span_sums(active.astype(np.float64), spans)
    walking = walk_flags(grid.steps, spans, params)
    out: list[Bout] = []
    for i, (s, e) in enumerate(zip(spans.start.tolist(), spans.end.tolist(), strict=True)):
        out.append(
            Bout(
                start=datetime.fromtimestamp(grid.start_s + s * SECONDS_PER_MINUTE, tz),
                end=datetime.fromtimestamp(grid.start_s + e * SECONDS_PER_MINUTE, tz),
                minutes=e - s,
                active_minutes=int(active_count[i]),
                steps=int(steps[i]),
                mean_hr_bpm=float(hr_sum[i] / hr_count[i]) if hr_count[i] else None,
                day=grid.dates[int(grid.day[s])],
                walking=bool(walking[i]),
            )
        )
    return tuple(out)


def _days(
    grid: MinuteGrid,
    worn: npt.NDArray[np.bool_],
    active: npt.NDArray[np.bool_],
    ref: HeartReference,
    spans: Spans,
    rr: RrIntervals,
    params: AnalysisParams,
) -> tuple[DayMeasures, ...]:
    n_days = grid.n_days
    worn_d = per_day_sum(grid, worn)
    active_d = per_day_sum(grid, active)
    present_d = per_day_sum(grid, grid.present)
    steps_d = per_day_sum(grid, np.nan_to_num(grid.steps))
    bout_day = grid.day[spans.start]
    bouts_d = np.bincount(bout_day, minlength=n_days)
    longest_d = np.zeros(n_days, np.int64)
    np.maximum.at(longest_d, bout_day, spans.minutes.astype(np.int64))
    valid = is_valid_day(worn_d, params)
    rest_hr = daily_resting_hr(grid, ref)
    trimp = daily_trimp(grid, ref, params)
    rest_minute = ~active & ~(grid.steps > params.hr_rest_max_steps)
    rmssd = daily_rmssd(grid, rest_minute, rr, params)
    balance = day_balance(grid, active, spans, find_exertions(active, params), params)
    hours = active_by_hour(grid, active)
    return tuple(
        DayMeasures(
            date=grid.dates[i],
            day_minutes=int(grid.day_minutes[i]),
            data_minutes=int(present_d[i]),
            worn_minutes=int(worn_d[i]),
            active_minutes=int(active_d[i]),
            steps=int(steps_d[i]),
            bouts=int(bouts_d[i]),
            longest_bout_minutes=int(longest_d[i]),
            valid=bool(valid[i]),
            trimp=_none_if_nan(trimp[i]),
            resting_hr_bpm=_none_if_nan(rest_hr[i]),
            rmssd_ms=_none_if_nan(rmssd[i]),
            longest_exertion_minutes=int(balance.longest_exertion_minutes[i]),
            long_bouts=int(balance.long_bouts[i]),
            pause_minutes=int(balance.pause_minutes[i]),
            morning_active_share=_none_if_nan(balance.morning_share[i]),
            afternoon_active_share=_none_if_nan(balance.afternoon_share[i]),
            evening_active_share=_none_if_nan(balance.evening_share[i]),
            within_day_booms=int(balance.within_day_booms[i]),
            active_by_hour=hours[i],
        )
        for i in range(n_days)
    )


def summarize(
    table: MinuteTable, params: AnalysisParams, tz: tzinfo, rr: RrIntervals | None = None
) -> Summary:
    """Day measures and bouts of every local day in ``tz`` that the table touches."""
    grid = build_grid(table, tz)
    worn = worn_mask(grid, params)
    ref = heart_reference(grid, params)
    active = active_mask(grid, worn, ref, params)
    spans = find_bouts(active, params)
    beats = rr if rr is not None else RrIntervals.empty()
    return Summary(
        days=_days(grid, worn, active, ref, spans, beats, params),
        bouts=_bouts(grid, spans, active, params, tz),
        hr_rest_bpm=ref.last_rest,
        hr_max_bpm=ref.hr_max,
    )
