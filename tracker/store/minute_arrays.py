"""The store's rows as numpy columns and back: rolled-up minutes as a MinuteTable, RR rows
as RrIntervals, an imported MinuteTable as sample rows.

Imported by :class:`~tracker.store.sqlite.Store` only where arrays are wanted, so that
the daemon, which never builds a minute table, never loads numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tracker.analysis.heart import RrIntervals
from tracker.domain.errors import StoreError
from tracker.domain.minutes import MinuteTable
from tracker.domain.units import MS_PER_S
from tracker.store.sample_rows import Row


def minute_table_from_rollup(
    step_rows: Sequence[tuple[int, int, int]], hr_rows: Sequence[tuple[int, float, int]]
) -> MinuteTable:
    """``(minute, steps, offset)`` and ``(minute, mean bpm, offset)`` rows, each sorted by
    minute, as one table on the union of their minutes."""
    s = np.array(step_rows, dtype=np.float64).reshape(-1, 3)
    h = np.array(hr_rows, dtype=np.float64).reshape(-1, 3)
    minutes = np.union1d(s[:, 0], h[:, 0]).astype(np.int64)
    n = minutes.shape[0]
    steps = np.full(n, np.nan)
    hr = np.full(n, np.nan)
    offset = np.zeros(n, dtype=np.int32)
    if s.shape[0]:
        idx = np.searchsorted(minutes, s[:, 0].astype(np.int64))
        steps[idx] = s[:, 1]
        offset[idx] = s[:, 2].astype(np.int32)
    if h.shape[0]:
        idx = np.searchsorted(minutes, h[:, 0].astype(np.int64))
        hr[idx] = h[:, 1]
        offset[idx] = h[:, 2].astype(np.int32)
    return MinuteTable(minutes * 60, offset, steps, hr)


def rr_intervals_from_rows(rows: Sequence[tuple[str, int, str]]) -> RrIntervals:
    """``(device, time_ms, "rr,rr,…")`` rows, sorted by device and time, one entry per
    beat; each device is its own stream."""
    if not rows:
        return RrIntervals.empty()
    devices = {d: i for i, d in enumerate(dict.fromkeys(r[0] for r in rows))}
    counts = np.fromiter((r[2].count(",") + 1 for r in rows), np.int64, len(rows))
    try:
        values = np.array(",".join(r[2] for r in rows).split(","), dtype=np.float64)
    except ValueError as exc:
        raise StoreError(f"stored RR intervals are not numbers: {exc}") from exc
    times = np.repeat(np.fromiter((r[1] for r in rows), np.float64, len(rows)), counts)
    streams = np.repeat(np.fromiter((devices[r[0]] for r in rows), np.int64, len(rows)), counts)
    return RrIntervals(times / MS_PER_S, values, streams)


def imported_rows(table: MinuteTable, device: str) -> tuple[list[Row], list[Row]]:
    """The steps and heart_rate rows of an imported minute table (blanks left out)."""
    times_ms = (table.time_s * 1000).tolist()
    offsets = table.offset_s.tolist()
    steps = table.steps.tolist()
    hrs = table.heart_rate_bpm.tolist()
    st: list[Row] = [
        (device, t, o, int(s), None)
        for t, o, s in zip(times_ms, offsets, steps, strict=True)
        if s == s  # not NaN
    ]
    hr: list[Row] = [
        (device, t, o, h, None, None, None)
        for t, o, h in zip(times_ms, offsets, hrs, strict=True)
        if h == h
    ]
    return st, hr
