"""Time as the rest of the program sees it: a callable returning epoch milliseconds.

Injected everywhere data gets a timestamp, so emulated wearables can run simulated days.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

Clock = Callable[[], int]


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


async def wait_event(event: asyncio.Event, timeout_s: float) -> bool:
    """Wait until ``event`` is set or ``timeout_s`` passed; whether it was set.

    Not ``asyncio.wait_for``: on Python 3.11 it swallows a cancellation that arrives
    while the awaited event is being set (CPython gh-86296), and a device task that
    misses its stop keeps the daemon from ever exiting. ``asyncio.timeout`` does not.
    """
    import asyncio  # only where something waits: commands that read need not load it

    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout_s):
            await event.wait()
    return event.is_set()
