"""One Apple Health source's records folded into per-minute sums, and its minute table.

Sums are kept in sorted blocks of numpy columns (about 14 bytes a minute), so that memory
grows with the minutes that have data, never with the size of the export.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracker.domain.minutes import MAX_STEPS_PER_MINUTE, MinuteTable, sorted_together
from tracker.domain.units import SECONDS_PER_DAY, SECONDS_PER_MINUTE

# A step record longer than a day (a corrupt date, or some app's weekly total) is dropped
# rather than spread; up to a day it is spread like any other.
MAX_STEP_RECORD_S = SECONDS_PER_DAY

_I64 = npt.NDArray[np.int64]
_F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Block:
    """Per-minute sums, sorted by minute, each minute once."""

    minute: npt.NDArray[np.int32]  # minutes since the epoch
    total: npt.NDArray[np.float32]  # sum of the values (whole steps, or bpm)
    count: npt.NDArray[np.int32]  # how many values were added
    offset_min: npt.NDArray[np.int16]  # UTC offset of the first record there, minutes

    def __len__(self) -> int:
        return int(self.minute.shape[0])


class Series:
    """One source's sums per minute of one kind (steps or heart rate), 14 bytes a minute.

    A list of sorted blocks that do not overlap, in time order. Within a type Apple writes
    records in time order, so a new batch usually starts after the last block and is just
    appended; one that reaches back is merged with only the blocks it overlaps.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.firsts: list[int] = []  # each block's first and last minute, for bisect
        self.lasts: list[int] = []

    def add(self, minute: _I64, value: _F64, offset_s: npt.NDArray[np.int32]) -> None:
        if minute.shape[0] == 0:
            return
        block = _group(
            minute.astype(np.int32),
            value.astype(np.float32),
            np.ones(minute.shape[0], np.int32),
            (offset_s // SECONDS_PER_MINUTE).astype(np.int16),
        )
        first, last = int(block.minute[0]), int(block.minute[-1])
        i = bisect.bisect_left(self.lasts, first)  # the first block that ends at or after
        j = bisect.bisect_right(self.firsts, last)  # the first block that starts after
        if i < j:
            parts = [*self.blocks[i:j], block]
            block = _group(
                np.concatenate([b.minute for b in parts]),
                np.concatenate([b.total for b in parts]),
                np.concatenate([b.count for b in parts]),
                np.concatenate([b.offset_min for b in parts]),
            )
            del parts
        self.blocks[i:j] = [block]
        self.firsts[i:j] = [int(block.minute[0])]
        self.lasts[i:j] = [int(block.minute[-1])]

    def columns(self) -> Block:
        """All blocks as one; the blocks are let go."""
        blocks, self.blocks, self.firsts, self.lasts = self.blocks, [], [], []
        if not blocks:
            return Block(
                np.empty(0, np.int32),
                np.empty(0, np.float32),
                np.empty(0, np.int32),
                np.empty(0, np.int16),
            )
        if len(blocks) == 1:
            return blocks[0]
        return Block(
            np.concatenate([b.minute for b in blocks]),
            np.concatenate([b.total for b in blocks]),
            np.concatenate([b.count for b in blocks]),
            np.concatenate([b.offset_min for b in blocks]),
        )


def _group(
    minute: npt.NDArray[np.int32],
    total: npt.NDArray[np.float32],
    count: npt.NDArray[np.int32],
    offset_min: npt.NDArray[np.int16],
) -> Block:
    """Sorted by minute, the values of equal minutes added up."""
    if minute.shape[0] > 1 and bool((minute[1:] <= minute[:-1]).any()):
        minute, total, count, offset_min = sorted_together(minute, total, count, offset_min)
        starts = np.flatnonzero(np.r_[True, minute[1:] != minute[:-1]])
        minute, offset_min = minute[starts], offset_min[starts]
        total = np.add.reduceat(total, starts)
        count = np.add.reduceat(count, starts)
    return Block(minute, total, count, offset_min)


def minute_table(steps: Series | None, heart: Series | None) -> MinuteTable:
    """One source's steps and mean heart rate per minute, on the union of their minutes.
    Built column by column, letting go of what is done, as it is the largest step."""
    st = steps.columns() if steps is not None else None
    hr = heart.columns() if heart is not None else None
    if st is not None and hr is not None:
        minute = np.union1d(st.minute, hr.minute)
    elif st is not None:
        minute = st.minute
    elif hr is not None:
        minute = hr.minute
    else:
        return MinuteTable.empty()
    n = minute.shape[0]
    offset_s = np.empty(n, np.int32)
    step_col = np.full(n, np.nan)
    hr_col = np.full(n, np.nan)
    if hr is not None:
        at = np.searchsorted(minute, hr.minute)
        offset_s[at] = hr.offset_min
        hr_col[at] = hr.total
        hr_col[at] /= hr.count
        del at, hr
    if st is not None:
        at = np.searchsorted(minute, st.minute)
        offset_s[at] = st.offset_min
        step_col[at] = st.total
        del at, st
    offset_s *= SECONDS_PER_MINUTE
    time_s = minute.astype(np.int64)
    del minute
    time_s *= SECONDS_PER_MINUTE
    step_col[step_col > MAX_STEPS_PER_MINUTE] = np.nan
    keep = ~np.isnan(step_col) | ~np.isnan(hr_col)
    if keep.all():
        return MinuteTable(time_s, offset_s, step_col, hr_col)
    return MinuteTable(time_s[keep], offset_s[keep], step_col[keep], hr_col[keep])


def spread_steps(start: _I64, end: _I64, value: _F64) -> tuple[_I64, _F64, _I64]:
    """Each record's steps over the minutes it covers, by the seconds covered in each, in
    whole steps that keep the record's (rounded) total: (minute since the epoch, steps,
    index of the record) per piece."""
    if start.shape[0] == 0:
        return start, value, start
    end = np.maximum(end, start)
    ok = (value >= 0) & (end - start <= MAX_STEP_RECORD_S)
    index = np.flatnonzero(ok)
    start, end, value = start[index], end[index], value[index]
    duration = end - start
    first_min = start // SECONDS_PER_MINUTE
    last_min = np.where(duration > 0, (end - 1) // SECONDS_PER_MINUTE, first_min)
    count = last_min - first_min + 1
    rec = np.repeat(np.arange(start.shape[0]), count)
    first = np.cumsum(count) - count  # where each record's pieces begin
    minute = first_min[rec] + (np.arange(rec.shape[0]) - first[rec])
    lo = np.maximum(start[rec], minute * SECONDS_PER_MINUTE)
    hi = np.minimum(end[rec], (minute + 1) * SECONDS_PER_MINUTE)
    covered = np.where(duration[rec] > 0, hi - lo, 1)
    total = np.maximum(duration, 1)
    run = np.cumsum(covered)
    within = run - (run[first] - covered[first])[rec]  # seconds covered so far in the record
    whole = np.floor(value[rec] * within / total[rec] + 0.5)
    before = np.r_[0.0, whole[:-1]]
    before[first] = 0.0
    return minute, whole - before, index[rec]
