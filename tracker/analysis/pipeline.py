"""The analysis as one pure function: minute table + config -> :class:`AnalysisResult`.

Re-running it over the same minutes and config gives the same result, so the stored
results can always be rebuilt. Everything per minute is numpy; Python loops run per day,
per bout or per week only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from tracker.analysis.active import active_mask, heart_reference
from tracker.analysis.balance import day_balance, hour_map, week_spread
from tracker.analysis.bouts import Spans, find_bouts, find_exertions, span_sums
from tracker.analysis.days import MinuteGrid, build_grid, per_day_sum
from tracker.analysis.heart import (
    RrIntervals,
    daily_resting_hr,
    daily_rmssd,
    daily_trimp,
    resting_hr_trend,
)
from tracker.analysis.results import AnalysisResult, Bout, DaySummary
from tracker.analysis.wear import worn_mask
from tracker.domain.minutes import MinuteTable
from tracker.domain.units import SECONDS_PER_MINUTE
from tracker.pacing.capacity import capacity_trend
from tracker.pacing.cycles import find_cycles
from tracker.pacing.daytypes import baselines, classify_days

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.pacing.plan import Plan
    from tracker.pacing.sessions import PlanCheck, Session

Floats = npt.NDArray[np.float64]


def _none_if_nan(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _zone_of(offset_s: int, tz: tzinfo | None) -> tzinfo:
    if tz is not None:
        return tz
    return UTC if offset_s == 0 else timezone(timedelta(seconds=offset_s))


def _bouts(
    grid: MinuteGrid,
    spans: Spans,
    active: npt.NDArray[np.bool_],
    tz: tzinfo | None,
) -> tuple[Bout, ...]:
    steps = span_sums(grid.steps, spans)
    hr_sum = span_sums(grid.heart_rate_bpm, spans)
    hr_count = span_sums((~np.isnan(grid.heart_rate_bpm)).astype(np.float64), spans)
    active_count = span_sums(active.astype(np.float64), spans)
    out: list[Bout] = []
    for i, (s, e) in enumerate(zip(spans.start.tolist(), spans.end.tolist(), strict=True)):
        # Each end shows the UTC offset in force at it (a bout may span a DST change).
        start_zone = _zone_of(int(grid.offset_s[s]), tz)
        end_zone = _zone_of(int(grid.offset_s[e - 1]), tz)
        start = datetime.fromtimestamp(grid.start_s + s * SECONDS_PER_MINUTE, start_zone)
        end = datetime.fromtimestamp(grid.start_s + e * SECONDS_PER_MINUTE, end_zone)
        out.append(
            Bout(
                start=start,
                end=end,
                minutes=e - s,
                active_minutes=int(active_count[i]),
                steps=int(steps[i]),
                mean_hr_bpm=float(hr_sum[i] / hr_count[i]) if hr_count[i] else None,
                day=grid.dates[int(grid.day[s])],
            )
        )
    return tuple(out)


def _plan_check(
    plan: Plan,
    bouts: tuple[Bout, ...],
    walking: npt.NDArray[np.bool_],
    logged: Sequence[Session],
    config: Config,
    today: date | None,
) -> PlanCheck:
    from tracker.pacing.sessions import check_sessions, walking_sessions

    sessions: list[Session] = list(logged)
    if plan.activity == "walking":
        walks = [(b.start, float(b.minutes)) for b, w in zip(bouts, walking, strict=True) if w]
        sessions += walking_sessions(walks, plan, config.pacing)
    return check_sessions(plan, sessions, config.pacing, today=today)


def analyze(
    table: MinuteTable,
    config: Config,
    *,
    tz: tzinfo | None = None,
    plan: Plan | None = None,
    logged_sessions: Sequence[Session] = (),
    rr: RrIntervals | None = None,
) -> AnalysisResult:
    """Analyse a minute table; ``tz`` None means each row's own UTC offset sets its day."""
    params = config.analysis
    grid = build_grid(table, tz)
    worn = worn_mask(grid, params)
    ref = heart_reference(grid, params)
    active = active_mask(grid, worn, ref, params)
    bout_spans = find_bouts(active, params)
    exertions = find_exertions(active, params)

    n_days = grid.n_days
    worn_d = per_day_sum(grid, worn)
    active_d = per_day_sum(grid, active)
    steps_d = per_day_sum(grid, np.nan_to_num(grid.steps))
    bout_day = grid.day[bout_spans.start]
    bouts_d = np.bincount(bout_day, minlength=n_days)
    longest_d = np.zeros(n_days, np.int64)
    np.maximum.at(longest_d, bout_day, bout_spans.minutes.astype(np.int64))
    valid = worn_d >= params.valid_day_worn_minutes

    baseline = baselines(active_d, valid, config.pacing)
    day_types = classify_days(active_d, valid, baseline, config.pacing)
    cycles = find_cycles(grid.dates, day_types, config.pacing)
    capacity = capacity_trend(grid.dates, active_d, valid, config.pacing) if n_days else None

    rest_hr = daily_resting_hr(grid, ref)
    trimp = daily_trimp(grid, ref, params)
    rest_minute = ~active & ~(grid.steps > params.hr_rest_max_steps)
    rmssd = daily_rmssd(grid, rest_minute, rr if rr is not None else RrIntervals.empty(), params)
    balance = day_balance(grid, active, bout_spans, exertions, params)

    days = tuple(
        DaySummary(
            date=grid.dates[i],
            day_minutes=int(grid.day_minutes[i]),
            worn_minutes=int(worn_d[i]),
            active_minutes=int(active_d[i]),
            steps=int(steps_d[i]),
            bouts=int(bouts_d[i]),
            longest_bout_minutes=int(longest_d[i]),
            baseline_active_minutes=_none_if_nan(baseline[i]),
            day_type=day_types[i],
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
        )
        for i in range(n_days)
    )
    bouts = _bouts(grid, bout_spans, active, tz)
    by_steps = (grid.steps >= params.active_steps_per_min).astype(np.float64)
    walking = 2 * span_sums(by_steps, bout_spans) >= bout_spans.minutes
    plan_check = None
    if plan is not None:
        today = grid.dates[-1] if n_days else None
        plan_check = _plan_check(plan, bouts, walking, logged_sessions, config, today)
    return AnalysisResult(
        days=days,
        bouts=bouts,
        cycles=tuple(cycles),
        weeks=week_spread(grid.dates, active_d, valid, params),
        resting_hr_trend=resting_hr_trend(grid.dates, rest_hr, params),
        capacity=capacity,
        plan_check=plan_check,
        hour_map=hour_map(grid, active),
        hr_rest_bpm=ref.last_rest,
        hr_max_bpm=ref.hr_max,
        timezone=getattr(tz, "key", None) if tz is not None else None,
    )
