"""Worn minutes: a minute with heart rate, or with steps outside a long still run.

A minute with heart rate is worn: the store already drops heart rate from samples whose
contact bit says "no contact". Without heart rate, a minute inside a run of at least
``nonwear_minutes`` minutes without steps (0, blank or missing) is not worn: the watch lies
on a table (Choi 2011's non-wear window applied to step counts).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tracker.analysis.days import MinuteGrid
from tracker.analysis.params import AnalysisParams
from tracker.analysis.runs import cover, runs


def worn_mask(grid: MinuteGrid, params: AnalysisParams) -> npt.NDArray[np.bool_]:
    has_hr = ~np.isnan(grid.heart_rate_bpm)
    has_steps = ~np.isnan(grid.steps)
    no_steps = ~(grid.steps > 0)  # NaN compares False: blank and missing count as no steps
    starts, ends = runs(no_steps)
    long = (ends - starts) >= params.nonwear_minutes
    table_lying = cover(starts[long], ends[long], len(grid))
    worn: npt.NDArray[np.bool_] = has_hr | (has_steps & ~table_lying)
    return worn
