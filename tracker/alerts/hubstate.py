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
from tracker.domain.units import MS_PER_S
from tracker.store.sqlite import Store

PERCENT = 100.0
# How far back to look for the last judged day: a hub that was off for a while still
# shows its last known baseline, but not one from months ago.
LAST_JUDGED_LOOKBACK_DAYS = 14


def local_now(now_ms: int, tz: tzinfo | None) -> datetime:
    return datetime.fromtimestamp(now_ms / MS_PER_S, tz).astimezone(tz)


def local_midnight_s(now_ms: int, tz: tzinfo | None) -> int:
    now = local_now(now_ms, tz)
    return int(datetime.combine(now.date(), time(), tzinfo=now.tzinfo).timestamp())


def _table_exists(store: Store, name: str) -> bool:
    row = store.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


def _last_judged_day(store: Store, today: date) -> dict[str, Any] | None:
    """Baseline, day type and resting HR of the last day the day-end job judged."""
    first = today - timedelta(days=LAST_JUDGED_LOOKBACK_DAYS)
    with store.lock:
        if not _table_exists(store, "analysis_days"):
            return None
        row = store.db.execute(
            """SELECT baseline_active_minutes, day_type, resting_hr_bpm FROM analysis_days
               WHERE date >= ? AND date < ? ORDER BY date DESC LIMIT 1""",
            (first.isoformat(), today.isoformat()),
        ).fetchone()
    if row is None:
        return None
    return {"baseline": row[0], "day_type": row[1], "resting_hr_bpm": row[2]}


def _plan_adherence_percent(store: Store) -> float | None:
    """Done / planned sessions of the current plan week, from the stored plan check."""
    with store.lock:
        if not (
            _table_exists(store, "analysis_plan_check")
            and _table_exists(store, "analysis_plan_weeks")
        ):
            return None
        row = store.db.execute(
            """SELECT w.adherence FROM analysis_plan_check c
               JOIN analysis_plan_weeks w ON w.week = c.current_week"""
        ).fetchone()
    return None if row is None else float(row[0]) * PERCENT


def _today_minutes(
    store: Store, start_ms: int, end_ms: int
) -> tuple[dict[int, int], dict[int, float]]:
    """Steps and mean heart rate per minute, as the minute table defines them: steps
    summed per device, then the largest device; heart rate without no-contact samples."""
    with store.lock:
        steps = store.db.execute(
            """SELECT m, MAX(s) FROM (
                   SELECT time_ms / 60000 AS m, device, SUM(steps) AS s FROM steps
                   WHERE time_ms >= ? AND time_ms < ? GROUP BY device, m)
               GROUP BY m""",
            (start_ms, end_ms),
        ).fetchall()
        hr = store.db.execute(
            """SELECT time_ms / 60000, AVG(bpm) FROM heart_rate
               WHERE time_ms >= ? AND time_ms < ? AND (contact IS NULL OR contact != 0)
               GROUP BY 1""",
            (start_ms, end_ms),
        ).fetchall()
    return {int(m): int(n) for m, n in steps}, {int(m): float(b) for m, b in hr}


def build_hub_state(store: Store, config: Config, *, now_ms: int, tz: tzinfo | None) -> HubState:
    """The snapshot to publish now: plain SQL over at most one day (no numpy in the
    daemon, whose memory budget is tight)."""
    start_ms = local_midnight_s(now_ms, tz) * MS_PER_S
    steps, hr = _today_minutes(store, start_ms, now_ms + 1)
    judged = _last_judged_day(store, local_now(now_ms, tz).date())
    a = config.analysis
    rest = a.hr_rest_bpm or (judged["resting_hr_bpm"] if judged else None)
    hr_threshold = None
    if rest and a.hr_max is not None:
        hr_threshold = float(rest) + a.active_hrr_fraction * (a.hr_max - float(rest))
    active = {m for m, n in steps.items() if n >= a.active_steps_per_min}
    if hr_threshold is not None:
        active |= {m for m, bpm in hr.items() if bpm >= hr_threshold}
    baseline = judged["baseline"] if judged else None
    day_type = str(judged["day_type"]) if judged else None
    devices = tuple(
        DeviceState(row.device, row.connected, row.battery_percent) for row in store.device_status()
    )
    return HubState(
        steps_today=sum(steps.values()),
        active_minutes_today=len(active),
        baseline_minutes=None if baseline is None else float(baseline),
        day_type=day_type if day_type in DAY_TYPES else None,
        plan_adherence_percent=_plan_adherence_percent(store),
        devices=devices,
    )
