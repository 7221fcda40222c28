"""Stopping the daemon in bounded time, whatever state it is in.

systemd sends SIGTERM and kills the service after TimeoutStopSec (90 s by default); the
data of a killed daemon is safe (SQLite), but a stop that hangs is a stop that waits 90 s
and then loses what was in memory. So:

- a SIGTERM or SIGINT that arrives before the event loop runs (loading the config,
  opening the store) is remembered and honoured once it does, instead of killing the
  process half-way through start-up;
- the event loop is ended by :func:`run_bounded`, which gives tasks left over by the
  daemon's own stop a bounded time to end, where ``asyncio.run`` waits for them for ever.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Coroutine
from types import FrameType
from typing import Any, TypeVar

log = logging.getLogger("tracker.daemon")

_T = TypeVar("_T")

# Tasks still running once the daemon has stopped (a third-party task that swallowed its
# cancellation) get this long after a second cancellation before they are abandoned.
LEFTOVER_TASKS_TIMEOUT_S = 5.0

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class EarlyStop:
    """Remembers a stop signal that arrives while no event loop handles it.

    Installed first thing by ``tracker run`` and ``tracker demo``; the daemon's loop takes
    the signals over with ``loop.add_signal_handler`` and asks :attr:`requested`.
    """

    def __init__(self) -> None:
        self.requested = False
        self.install()

    def install(self) -> None:
        """(Again) catch the stop signals: after the event loop closed, it restores the
        default actions, which would kill the process in the middle of its last words."""
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True


def run_bounded(main: Coroutine[Any, Any, _T]) -> _T:
    """``asyncio.run(main)``, except that tasks still pending when ``main`` returns are
    cancelled and waited for at most LEFTOVER_TASKS_TIMEOUT_S, and named in the log if
    they do not end."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(main)
    finally:
        try:
            _cancel_leftovers(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    tasks = asyncio.all_tasks(loop)
    if not tasks:
        return
    for task in tasks:
        task.cancel()
    done, stuck = loop.run_until_complete(asyncio.wait(tasks, timeout=LEFTOVER_TASKS_TIMEOUT_S))
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            log.debug("task %s ended with %r", task.get_name(), task.exception())
    if stuck:
        log.error(
            "%d task(s) did not end within %.0f s of the stop and were abandoned: %s",
            len(stuck),
            LEFTOVER_TASKS_TIMEOUT_S,
            ", ".join(sorted(t.get_name() for t in stuck)),
        )
