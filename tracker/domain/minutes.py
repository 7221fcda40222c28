"""The minute table: one row per minute with data, the exchange format between parts.

In memory it is four aligned numpy columns sorted by time, with NaN for unknown. Its CSV
form (``tracker export`` / ``import`` / ``analyze --input``) is in
:mod:`tracker.formats.minute_csv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import numpy.typing as npt

# Plausibility bounds for imported rows: the fastest human cadence is near 300 steps/min,
# and heart rates outside 20-300 bpm are sensor artefacts, not physiology.
MAX_STEPS_PER_MINUTE = 1000
MIN_HEART_RATE_BPM = 20.0
MAX_HEART_RATE_BPM = 300.0


def sorted_together(
    key: npt.NDArray[Any], *columns: npt.NDArray[Any]
) -> tuple[npt.NDArray[Any], ...]:
    """``key`` sorted and its aligned ``columns`` in the same order; rows with equal keys
    keep their order (a stable sort), so that a later reading stays later."""
    order = np.argsort(key, kind="stable")
    return tuple(column[order] for column in (key, *columns))


@dataclass(frozen=True, slots=True, eq=False)
class MinuteTable:
    """Columns aligned by row, sorted by ``time_s``, one row per distinct minute."""

    time_s: npt.NDArray[np.int64]  # minute start, seconds since the epoch (UTC)
    offset_s: npt.NDArray[np.int32]  # UTC offset in force at that minute, seconds
    steps: npt.NDArray[np.float64]  # steps in the minute, NaN = unknown
    heart_rate_bpm: npt.NDArray[np.float64]  # mean HR in the minute, NaN = unknown

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    @staticmethod
    def empty() -> MinuteTable:
        return MinuteTable(np.empty(0, np.int64), np.empty(0, np.int32), np.empty(0), np.empty(0))

    def slice_time(self, start_s: int | None, end_s: int | None) -> MinuteTable:
        """Rows with ``start_s <= time_s < end_s`` (either bound may be None)."""
        lo = 0 if start_s is None else int(np.searchsorted(self.time_s, start_s, "left"))
        hi = len(self) if end_s is None else int(np.searchsorted(self.time_s, end_s, "left"))
        return MinuteTable(
            self.time_s[lo:hi], self.offset_s[lo:hi], self.steps[lo:hi], self.heart_rate_bpm[lo:hi]
        )

    def with_data(self) -> MinuteTable:
        """The rows that know steps or heart rate: a row with both blank is no minute of
        data (the table leaves such minutes out)."""
        known = ~(np.isnan(self.steps) & np.isnan(self.heart_rate_bpm))
        if known.all():
            return self
        return MinuteTable(
            self.time_s[known], self.offset_s[known], self.steps[known],
            self.heart_rate_bpm[known],
        )  # fmt: skip


def format_time(time_s: int, offset_s: int) -> str:
    tz = timezone(timedelta(seconds=offset_s))
    return datetime.fromtimestamp(time_s, tz).isoformat()
