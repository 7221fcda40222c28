"""Today so far: the live numbers for Home Assistant and the hub page.

Live and approximate by design: today's active minutes follow the analysis's rules
(:mod:`tracker.analysis.rules`) on today's minutes so far - steps per minute, and the
Karvonen threshold when the maximum heart rate is known and the last judged day has a
resting heart rate. Baseline, band and day type are those of the last judged day (today is
judged when it ends); the plan's week is the stored plan check's current week. Plain
Python over at most a day of minutes: the daemon, which runs this, keeps numpy out of its
memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.analysis.rules import active_by_steps, heart_rate_active_threshold
from tracker.config import Config
from tracker.domain.localtime import local_date, local_midnight_s
from tracker.domain.units import MS_PER_S
from tracker.pacing.day_rules import DayType, day_type_bounds
from tracker.pacing.days import DaySummary
from tracker.pacing.sessions import WeekCheck
from tracker.store import derived
from tracker.store.sqlite import DeviceStatusRow, Store

# How far back to look for the last judged day: a hub that was off for a while still
# shows its last known baseline, but not one from months ago.
LAST_JUDGED_LOOKBACK_DAYS = 14


@dataclass(frozen=True, slots=True)
class Today:
    date: date
    steps: int
    active_minutes: int
    last_minute_ms: int | None  # start of the newest minute with data today
    # The band of the last judged day (None while the baseline is being learnt).
    baseline_minutes: float | None
    lower_minutes: float | None
    upper_minutes: float | None
    day_type: DayType | None  # of the last judged day
    plan_week: WeekCheck | None  # this plan week's quota and sessions, from the last check
    devices: tuple[DeviceStatusRow, ...]


def _last_judged(store: Store, today: date) -> DaySummary | None:
    first = today - timedelta(days=LAST_JUDGED_LOOKBACK_DAYS)
    days = derived.stored_days(store, first, today - timedelta(days=1))
    return days[-1] if days else None


def today_numbers(store: Store, config: Config, *, now_ms: int) -> Today:
    tz = config.zone
    today = local_date(now_ms, tz)
    rows = store.minute_rows(local_midnight_s(today, tz), now_ms // MS_PER_S + 1)
    judged = _last_judged(store, today)
    a = config.analysis
    rest = a.hr_rest_bpm or (judged.resting_hr_bpm if judged else None)
    hr_threshold = None
    if rest and a.hr_max is not None:
        hr_threshold = heart_rate_active_threshold(float(rest), a.hr_max, a)
    active = sum(
        1
        for _, steps, hr in rows
        if (steps is not None and active_by_steps(float(steps), a))
        or (hr_threshold is not None and hr is not None and hr >= hr_threshold)
    )
    baseline = judged.baseline_active_minutes if judged else None
    lower, upper = (None, None) if baseline is None else day_type_bounds(baseline, config.pacing)
    check = derived.stored_plan_check(store)
    return Today(
        date=today,
        steps=sum(s for _, s, _ in rows if s is not None),
        active_minutes=active,
        last_minute_ms=rows[-1][0] * MS_PER_S if rows else None,
        baseline_minutes=baseline,
        lower_minutes=lower,
        upper_minutes=upper,
        day_type=judged.day_type if judged else None,
        plan_week=check.current if check else None,
        devices=tuple(store.device_status()),
    )
