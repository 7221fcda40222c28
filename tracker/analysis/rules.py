"""The analysis's rules for one minute, bout or day, written once.

Plain arithmetic and comparisons, so the same function judges a scalar in the daemon's live
monitors (which must not import numpy: the daemon's memory budget) and a whole numpy column
in the day analysis. Each rule's source is in ``docs/rules.md`` and its default in
:class:`~tracker.analysis.params.AnalysisParams`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, overload

from tracker.analysis.params import AnalysisParams

if TYPE_CHECKING:  # numpy for the annotations only: the daemon imports this module
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Bools = npt.NDArray[np.bool_]


@overload
def active_by_steps(steps: float, params: AnalysisParams) -> bool: ...
@overload
def active_by_steps(steps: Floats, params: AnalysisParams) -> Bools: ...
def active_by_steps(steps: Any, params: AnalysisParams) -> Any:
    """Steps in the minute reach purposeful stepping (Tudor-Locke's 40 steps/min)."""
    return steps >= params.active_steps_per_min


@overload
def heart_rate_active_threshold(
    rest_bpm: float, hr_max_bpm: float, params: AnalysisParams
) -> float: ...
@overload
def heart_rate_active_threshold(
    rest_bpm: Floats, hr_max_bpm: float, params: AnalysisParams
) -> Floats: ...
def heart_rate_active_threshold(rest_bpm: Any, hr_max_bpm: float, params: AnalysisParams) -> Any:
    """Karvonen: HRrest + fraction x (HRmax - HRrest); a minute at or above it is active."""
    return rest_bpm + params.active_hrr_fraction * (hr_max_bpm - rest_bpm)


@overload
def is_valid_day(worn_minutes: float, params: AnalysisParams) -> bool: ...
@overload
def is_valid_day(worn_minutes: Floats, params: AnalysisParams) -> Bools: ...
def is_valid_day(worn_minutes: Any, params: AnalysisParams) -> Any:
    """A day counts when worn long enough (NHANES/GGIR's 10-hour rule)."""
    return worn_minutes >= params.valid_day_worn_minutes


@overload
def is_walk(step_active_minutes: float, bout_minutes: float) -> bool: ...
@overload
def is_walk(step_active_minutes: Floats, bout_minutes: Any) -> Bools: ...
def is_walk(step_active_minutes: Any, bout_minutes: Any) -> Any:
    """A bout is a walk when at least half its minutes are active by steps (the rest may be
    heart rate or the gaps a bout tolerates); only walks can be a walking plan's session."""
    return 2 * step_active_minutes >= bout_minutes
