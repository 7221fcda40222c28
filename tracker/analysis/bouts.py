"""Bouts and continuous exertions over the active-minute mask.

Bout (GGIR / NHANES style): active minutes joined across gaps of at most
``bout_max_gap_minutes`` inactive or missing minutes; it begins and ends on an active
minute, ``end`` is exclusive, and it is kept when at least ``bout_min_minutes`` long.

Exertion: active stretches joined across pauses shorter than ``break_min_minutes`` - the
brochure's "continuous" effort, whose longest length per day the balance reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracker.analysis.params import AnalysisParams
from tracker.analysis.rules import active_by_steps, is_walk
from tracker.analysis.runs import Index, join_runs, runs


@dataclass(frozen=True, slots=True, eq=False)
class Spans:
    """Grid-index spans ``[start, end)``, in order and disjoint."""

    start: Index
    end: Index

    @property
    def minutes(self) -> Index:
        return self.end - self.start

    def __len__(self) -> int:
        return int(self.start.shape[0])


def find_bouts(active: npt.NDArray[np.bool_], params: AnalysisParams) -> Spans:
    starts, ends = join_runs(*runs(active), params.bout_max_gap_minutes)
    keep = (ends - starts) >= params.bout_min_minutes
    return Spans(starts[keep], ends[keep])


def find_exertions(active: npt.NDArray[np.bool_], params: AnalysisParams) -> Spans:
    # Pauses of break_min_minutes or more end an exertion; shorter ones do not.
    starts, ends = join_runs(*runs(active), params.break_min_minutes - 1)
    return Spans(starts, ends)


def span_sums(values: npt.NDArray[np.float64], spans: Spans) -> npt.NDArray[np.float64]:
    """Sum of ``values`` (NaN counted as 0) over each span."""
    total = np.concatenate(([0.0], np.cumsum(np.nan_to_num(values))))
    return total[spans.end] - total[spans.start]


def walk_flags(
    steps: npt.NDArray[np.float64], spans: Spans, params: AnalysisParams
) -> npt.NDArray[np.bool_]:
    """Which bouts are walks (:func:`tracker.analysis.rules.is_walk`)."""
    by_steps = active_by_steps(steps, params).astype(np.float64)
    flags: npt.NDArray[np.bool_] = is_walk(span_sums(by_steps, spans), spans.minutes)
    return flags
