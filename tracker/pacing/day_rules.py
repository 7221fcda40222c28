"""The day types and the rule for one day, in plain Python.

A day is judged against its own baseline: at or above the bovengrens a boom day, at or
below the ondergrens a bust day. Kept apart from the numpy code in :mod:`.daytypes` so
that the daemon (which must not import numpy) can show a day's band and type.
"""

from __future__ import annotations

import math
from enum import StrEnum

from tracker.pacing.params import PacingParams

# Float slack for the inclusive boundaries: 0.7 x 30 is 20.999999999999996 in binary
# floating point, yet 21 active minutes against a baseline of 30 is a bust by the rule.
# Minutes are counted in whole (or half, for medians) minutes, so 1e-9 changes nothing else.
BOUNDARY_SLACK_MIN = 1e-9


class DayType(StrEnum):
    NO_DATA = "no_data"
    LEARNING = "learning"
    BOOM = "boom"
    BUST = "bust"
    NORMAL = "normal"


def day_type_bounds(baseline: float, params: PacingParams) -> tuple[float, float]:
    """The band of a normal day around ``baseline``: (ondergrens, bovengrens).

    At or below the ondergrens is a bust day (0.7 x baseline); at or above the bovengrens a
    boom day (1.5 x baseline, and at least baseline + 20 minutes).
    """
    lower = params.bust_ratio * baseline
    upper = max(params.boom_ratio * baseline, baseline + params.boom_min_excess_minutes)
    return lower, upper


def classify_day(active: float, valid: bool, baseline: float, params: PacingParams) -> DayType:
    """The type of one day; ``baseline`` is NaN when there is none yet."""
    if not valid or not math.isfinite(active):
        return DayType.NO_DATA
    if not math.isfinite(baseline):
        return DayType.LEARNING
    lower, upper = day_type_bounds(baseline, params)
    if active >= upper - BOUNDARY_SLACK_MIN:
        return DayType.BOOM
    if active <= lower + BOUNDARY_SLACK_MIN:
        return DayType.BUST
    return DayType.NORMAL
