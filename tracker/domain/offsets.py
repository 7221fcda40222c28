"""UTC offsets of a zone for a whole column of times.

Apart from :mod:`tracker.domain.localtime` because it needs numpy, which the daemon never
loads (it costs ~12 MB on a Raspberry Pi).
"""

from __future__ import annotations

from datetime import tzinfo

import numpy as np
import numpy.typing as npt

from tracker.domain.localtime import offset_s_at
from tracker.domain.units import SECONDS_PER_DAY


def zone_offsets(time_s: npt.NDArray[np.int64], tz: tzinfo) -> npt.NDArray[np.int32]:
    """UTC offset of ``tz`` at each of the sorted ``time_s``, asking the zone once per UTC day.

    Offsets change at most a few times a year; only a day whose start and end offsets
    differ is resolved minute by minute.
    """
    out = np.empty(time_s.shape[0], np.int32)
    if time_s.shape[0] == 0:
        return out
    utc_day = time_s // SECONDS_PER_DAY
    first = np.flatnonzero(np.r_[True, utc_day[1:] != utc_day[:-1]])
    days = utc_day[first]
    bounds = np.append(first, time_s.shape[0])
    for i, d in enumerate(days.tolist()):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        begin = offset_s_at(d * SECONDS_PER_DAY, tz)
        end = offset_s_at(d * SECONDS_PER_DAY + SECONDS_PER_DAY - 1, tz)
        if begin == end:
            out[lo:hi] = begin
        else:  # a transition inside this UTC day
            out[lo:hi] = [offset_s_at(t, tz) for t in time_s[lo:hi].tolist()]
    return out
