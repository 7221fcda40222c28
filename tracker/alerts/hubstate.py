"""Today's numbers for Home Assistant, from the store and the stored day-end results.

Live and approximate by design: today's active minutes use the analysis's thresholds on
today's minutes so far (steps per minute, and the Karvonen heart-rate threshold when the
maximum heart rate is known and the last judged day has a resting heart rate); the
day-end analysis stays the reference for the report. Baseline and day type are those of
the last judged day (today is not judged until it ends); plan adherence is that of the
current plan week. The day-end job runs in a child process and stores its results in the
same SQLite file, so they are read from there.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from tracker.alerts.state import DAY_TYPES, DeviceState, HubState
from tracker.config import Config
from tracker.store.sqlite import Store

MS_PER_S = 1000
PERCENT = 100.0
# How far back to look for the last judged day: a hub that was off for a while still
# shows its last known baseline, but not one from months ago.
LAST_JUDGED_LOOKBACK_DAYS = 14


def local_now(now_ms: int, tz: tzinfo | None) -> datetime:
    return datetime.fromtimestamp(now_ms / MS_PER_S, tz).astimezone(tz)


def local_midnight_s(now_ms: int, tz: tzinfo | None) -> int:
    now = local_now(now_ms, tz)
    return int(datetime.combine(now.date(), time(), tzinfo=now.tzinfo).timestamp())


def _last_judged_day(store: Store, today: date) -> dict[str, Any] | None:
    from tracker.store.results import stored_days

    days = stored_days(store, today - timedelta(days=LAST_JUDGED_LOOKBACK_DAYS), today)
    judged = [d for d in days if str(d["date"]) < today.isoformat()]
    return judged[-1] if judged else None


def _plan_adherence_percent(store: Store) -> float | None:
    """Done / planned sessions of the current plan week, from the stored plan check."""
    with store.lock:
        tables = {
            r[0]
            for r in store.db.execute(
                "SELECT name FROM sqlite_master WHERE name IN "
                "('analysis_plan_check', 'analysis_plan_weeks')"
            )
        }
        if len(tables) < 2:
            return None
        row = store.db.execute(
            """SELECT w.adherence FROM analysis_plan_check c
               JOIN analysis_plan_weeks w ON w.week = c.current_week"""
        ).fetchone()
    return None if row is None else float(row[0]) * PERCENT


def build_hub_state(store: Store, config: Config, *, now_ms: int, tz: tzinfo | None) -> HubState:
    """The snapshot to publish now. Cheap: at most one day of minutes is read."""
    import numpy as np  # only when MQTT is configured; the store needs it for minutes anyway

    table = store.minute_table(local_midnight_s(now_ms, tz), now_ms // MS_PER_S + 1)
    steps = np.nan_to_num(table.steps, nan=0.0)
    active = steps >= config.analysis.active_steps_per_min
    judged = _last_judged_day(store, local_now(now_ms, tz).date())
    a = config.analysis
    rest = judged.get("resting_hr_bpm") if judged else None
    rest = a.hr_rest_bpm or rest
    if rest and a.hr_max is not None:
        threshold = float(rest) + a.active_hrr_fraction * (a.hr_max - float(rest))
        hr = table.heart_rate_bpm
        active |= ~np.isnan(hr) & (np.nan_to_num(hr, nan=0.0) >= threshold)
    baseline = judged.get("baseline_active_minutes") if judged else None
    day_type = str(judged["day_type"]) if judged else None
    devices = tuple(
        DeviceState(row.device, row.connected, row.battery_percent) for row in store.device_status()
    )
    return HubState(
        steps_today=int(steps.sum()),
        active_minutes_today=int(active.sum()),
        baseline_minutes=None if baseline is None else float(baseline),
        day_type=day_type if day_type in DAY_TYPES else None,
        plan_adherence_percent=_plan_adherence_percent(store),
        devices=devices,
    )
