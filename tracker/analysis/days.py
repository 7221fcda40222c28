"""The minute grid: every minute from the first row to the last, with its local calendar day.

Rules like the 90-minute non-wear run or the one-minute bout gap count missing minutes,
so the analysis works on a dense grid (a year is 525,600 minutes: a few MB of numpy).

Calendar days come from one zone (the rule for choosing it is in
:mod:`tracker.domain.localtime`); with an IANA zone, DST days have 1380 or 1500 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import numpy as np
import numpy.typing as npt

from tracker.domain.errors import TrackerError
from tracker.domain.minutes import MinuteTable
from tracker.domain.offsets import zone_offsets
from tracker.domain.units import (
    SECONDS_PER_DAY,
    SECONDS_PER_MINUTE,
)

# Ordinal of 1970-01-01: turns "days since the epoch" into a date.
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# The grid costs about 60 bytes a minute (30 MB a year). Longer than ~11 years between
# the first and the last row is almost surely a mistyped date, and would exhaust a Pi.
MAX_GRID_DAYS = 4000


@dataclass(frozen=True, slots=True, eq=False)
class MinuteGrid:
    """Dense per-minute columns from the first row's minute to the last row's minute."""

    start_s: int  # UTC start of minute 0
    offset_s: npt.NDArray[np.int32]  # UTC offset of each minute
    present: npt.NDArray[np.bool_]  # a row exists for this minute
    steps: npt.NDArray[np.float64]  # NaN = unknown
    heart_rate_bpm: npt.NDArray[np.float64]  # NaN = unknown
    day: npt.NDArray[np.intp]  # index into ``dates`` of the minute's local day
    minute_of_day: npt.NDArray[np.int32]  # local minutes since local midnight
    dates: tuple[date, ...]  # every local calendar day, first to last
    day_minutes: npt.NDArray[np.int32]  # minutes in each local day (1380/1440/1500)

    def __len__(self) -> int:
        return int(self.steps.shape[0])

    @property
    def n_days(self) -> int:
        return len(self.dates)


def _zone_day_minutes(dates: tuple[date, ...], tz: tzinfo) -> npt.NDArray[np.int32]:
    """Minutes between consecutive local midnights (aware subtraction ignores DST)."""
    if not dates:
        return np.empty(0, np.int32)
    midnights = [
        datetime.combine(d, time(), tz).timestamp() for d in (*dates, dates[-1] + timedelta(days=1))
    ]
    return (np.diff(np.asarray(midnights)) // SECONDS_PER_MINUTE).astype(np.int32)


def build_grid(table: MinuteTable, tz: tzinfo) -> MinuteGrid:
    """Spread the table's rows over a dense minute grid with local days."""
    if len(table) == 0:
        return MinuteGrid(
            0,
            np.empty(0, np.int32),
            np.empty(0, np.bool_),
            np.empty(0),
            np.empty(0),
            np.empty(0, np.intp),
            np.empty(0, np.int32),
            (),
            np.empty(0, np.int32),
        )
    start_s = int(table.time_s[0]) // SECONDS_PER_MINUTE * SECONDS_PER_MINUTE
    span_days = (int(table.time_s[-1]) - start_s) // SECONDS_PER_DAY + 1
    if span_days > MAX_GRID_DAYS:
        first = datetime.fromtimestamp(start_s, UTC).date()
        last = datetime.fromtimestamp(int(table.time_s[-1]), UTC).date()
        raise TrackerError(
            f"the minutes span {first} to {last} ({span_days} days); at most "
            f"{MAX_GRID_DAYS} days are analysed at once - check for a wrong date"
        )
    index = (table.time_s - start_s) // SECONDS_PER_MINUTE
    n = int(index[-1]) + 1
    present = np.zeros(n, np.bool_)
    present[index] = True
    steps = np.full(n, np.nan)
    steps[index] = table.steps
    hr = np.full(n, np.nan)
    hr[index] = table.heart_rate_bpm
    grid_s = start_s + np.arange(n, dtype=np.int64) * SECONDS_PER_MINUTE
    offset = zone_offsets(grid_s, tz)
    local_s = grid_s + offset
    epoch_day = local_s // SECONDS_PER_DAY
    first_day = int(epoch_day[0])
    last_day = max(int(epoch_day[-1]), first_day)
    day = np.clip(epoch_day - first_day, 0, last_day - first_day).astype(np.intp)
    minute_of_day = ((local_s % SECONDS_PER_DAY) // SECONDS_PER_MINUTE).astype(np.int32)
    dates = tuple(date.fromordinal(EPOCH_ORDINAL + d) for d in range(first_day, last_day + 1))
    day_minutes = _zone_day_minutes(dates, tz)
    return MinuteGrid(start_s, offset, present, steps, hr, day, minute_of_day, dates, day_minutes)


def per_day_sum(
    grid: MinuteGrid, values: npt.NDArray[np.float64] | npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """Sum of ``values`` over the minutes of each local day."""
    weights = values.astype(np.float64)
    return np.bincount(grid.day, weights=weights, minlength=grid.n_days).astype(np.float64)
