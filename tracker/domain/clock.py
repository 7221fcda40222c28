"""Time as the rest of the program sees it: a callable returning epoch milliseconds.

Injected everywhere data gets a timestamp, so emulated wearables can run simulated days.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], int]


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000
