"""The hub page's "Today": the live numbers of :mod:`tracker.app.today`, plus today's
exertions (the core's rule, :func:`tracker.analysis.bouts.find_exertions`) and whether
the evening check-in is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import numpy.typing as npt

from tracker.analysis.bouts import find_exertions
from tracker.analysis.rules import active_by_steps, heart_rate_active_threshold
from tracker.app.today import LAST_JUDGED_LOOKBACK_DAYS, Today, today_numbers
from tracker.config import Config
from tracker.domain.localtime import local_midnight_s
from tracker.domain.units import MS_PER_S, SECONDS_PER_MINUTE
from tracker.store import checkins, derived
from tracker.store.checkins import CheckIn
from tracker.store.plans import load_plan
from tracker.store.sqlite import Store

# An exertion still counts as "going on now" when its last active minute is at most this
# long ago (the newest minute may not have arrived yet).
ONGOING_LAG_MINUTES = 2


@dataclass(frozen=True, slots=True)
class TodayPage:
    numbers: Today
    longest_exertion_minutes: int  # today's longest exertion (pauses < break_min joined)
    ongoing_exertion_minutes: int  # the exertion going on now, 0 when resting
    pause_due: bool  # the ongoing one has reached [analysis] max_continuous_minutes
    checkin: CheckIn | None  # today's evening check-in, when done
    has_plan: bool  # a plan is stored (its week may not have been checked yet)


def _active_mask(
    store: Store, config: Config, numbers: Today, now_ms: int
) -> npt.NDArray[np.bool_]:
    """One flag per minute since local midnight: active by the analysis's rules."""
    midnight = local_midnight_s(numbers.date, config.zone)
    now_s = now_ms // MS_PER_S
    rows = store.minute_rows(midnight, now_s + 1)
    n = max(0, (now_s - midnight) // SECONDS_PER_MINUTE + 1)
    mask = np.zeros(n, dtype=np.bool_)
    a = config.analysis
    # The resting heart rate as today_numbers takes it: configured, else the last judged day's.
    rest: float | None = a.hr_rest_bpm
    if not rest:
        first = numbers.date - timedelta(days=LAST_JUDGED_LOOKBACK_DAYS)
        judged = derived.stored_days(store, first, numbers.date - timedelta(days=1))
        rest = judged[-1].resting_hr_bpm if judged else None
    threshold = (
        heart_rate_active_threshold(float(rest), a.hr_max, a)
        if rest and a.hr_max is not None
        else None
    )
    for t, steps, hr in rows:
        i = (t - midnight) // SECONDS_PER_MINUTE
        if 0 <= i < n and (
            (steps is not None and active_by_steps(float(steps), a))
            or (threshold is not None and hr is not None and hr >= threshold)
        ):
            mask[i] = True
    return mask


def today_page(store: Store, config: Config, *, now_ms: int) -> TodayPage:
    numbers = today_numbers(store, config, now_ms=now_ms)
    mask = _active_mask(store, config, numbers, now_ms)
    spans = find_exertions(mask, config.analysis)
    lengths = (spans.end - spans.start).astype(np.int64)
    longest = int(lengths.max()) if lengths.size else 0
    ongoing = 0
    if lengths.size and mask.size - int(spans.end[-1]) <= ONGOING_LAG_MINUTES:
        ongoing = int(lengths[-1])
    found = checkins.checkins(store, numbers.date, numbers.date)
    return TodayPage(
        numbers=numbers,
        longest_exertion_minutes=longest,
        ongoing_exertion_minutes=ongoing,
        pause_due=ongoing >= config.analysis.max_continuous_minutes,
        checkin=found[0] if found else None,
        has_plan=load_plan(store) is not None,
    )
