"""Today's numbers for Home Assistant, from the store and the last day-end analysis.

Live and approximate by design: today's active minutes use the analysis's thresholds on
today's minutes so far (steps per minute, and the Karvonen heart-rate threshold with the
resting and maximum heart rate the last analysis used); the day-end analysis stays the
reference for the report. Baseline and day type are those of the last judged day (today
is not judged until it ends); plan adherence is that of the current plan week.
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo
from typing import TYPE_CHECKING

from tracker.alerts.state import DeviceState, HubState
from tracker.config import Config
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tracker.analysis.dayend import DayEndOutcome

MS_PER_S = 1000
PERCENT = 100.0


def local_midnight_s(now_ms: int, tz: tzinfo | None) -> int:
    now = datetime.fromtimestamp(now_ms / MS_PER_S, tz).astimezone(tz)
    return int(datetime.combine(now.date(), time(), tzinfo=now.tzinfo).timestamp())


def build_hub_state(
    store: Store,
    config: Config,
    *,
    now_ms: int,
    tz: tzinfo | None,
    last: DayEndOutcome | None,
) -> HubState:
    """The snapshot to publish now. Cheap: at most one day of minutes is read."""
    import numpy as np  # only when MQTT is configured; the store needs it for minutes anyway

    table = store.minute_table(local_midnight_s(now_ms, tz), now_ms // MS_PER_S + 1)
    steps = np.nan_to_num(table.steps, nan=0.0)
    active = steps >= config.analysis.active_steps_per_min
    result = last.result if last is not None else None
    if result is not None and result.hr_rest_bpm is not None and result.hr_max_bpm is not None:
        a = config.analysis
        threshold = result.hr_rest_bpm + a.active_hrr_fraction * (
            result.hr_max_bpm - result.hr_rest_bpm
        )
        hr = table.heart_rate_bpm
        active |= ~np.isnan(hr) & (np.nan_to_num(hr, nan=0.0) >= threshold)
    baseline = day_type = adherence = None
    if result is not None and result.days:
        judged = result.days[-1]
        baseline = judged.baseline_active_minutes
        day_type = str(judged.day_type)
        check = result.plan_check
        if check is not None and check.current_week is not None:
            week = next((w for w in check.weeks if w.week == check.current_week), None)
            if week is not None:
                adherence = week.adherence * PERCENT
    devices = tuple(
        DeviceState(row.device, row.connected, row.battery_percent) for row in store.device_status()
    )
    return HubState(
        steps_today=int(steps.sum()),
        active_minutes_today=int(active.sum()),
        baseline_minutes=baseline,
        day_type=day_type,
        plan_adherence_percent=adherence,
        devices=devices,
    )
