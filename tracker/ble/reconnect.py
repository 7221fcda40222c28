"""Pure parts of the collector: reconnect backoff and cadence integration.

No I/O and no clocks of their own: callers pass times in, so every rule here is
table-testable and deterministic under a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# A connection that stayed up this long was healthy: the next drop starts the backoff
# over at its initial delay instead of continuing to grow it (bleak-retry-connector and
# Home Assistant treat a link that survived its first minute the same way).
STABLE_CONNECTION_MS = 60_000

# 2**attempt grows past any sensible cap quickly; stop counting there so the float
# never overflows on a device that stays away for weeks.
_MAX_DOUBLINGS = 32

# RSC footpods notify about once a second while the wearer moves, and some slow down to
# one notification every few tens of seconds while the wearer stands. A silence longer
# than a minute means the pod slept or the link stalled: we do not know what happened in
# between, so no steps are invented across it.
CADENCE_MAX_GAP_MS = 60_000

# Integration happens in exact integers: cadence in milli-steps per minute times
# milliseconds. One whole step is 1000 (milli) x 60_000 (ms per minute) of those units.
_MILLI = 1000
_MS_PER_MIN = 60_000
_UNITS_PER_STEP = _MILLI * _MS_PER_MIN


def backoff_ceiling_s(attempt: int, initial_s: float, max_s: float) -> float:
    """Upper bound of the delay before reconnect attempt ``attempt`` (0-based).

    Capped exponential: ``initial_s * 2**attempt``, never above ``max_s``.
    """
    if attempt < 0:
        raise ValueError(f"attempt must be >= 0, not {attempt}")
    return min(max_s, initial_s * 2.0 ** min(attempt, _MAX_DOUBLINGS))


@dataclass(slots=True)
class Backoff:
    """Capped exponential backoff with full jitter.

    "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): the
    delay is uniform in ``[0, ceiling]``. Several devices dropped by the same radio
    hiccup then do not hammer the adapter in lock-step, which is what makes BlueZ answer
    "Operation already in progress".
    """

    initial_s: float
    max_s: float
    rng: random.Random = field(default_factory=random.Random)
    attempt: int = 0

    def next_delay_s(self) -> float:
        ceiling = backoff_ceiling_s(self.attempt, self.initial_s, self.max_s)
        self.attempt = min(self.attempt + 1, _MAX_DOUBLINGS)
        return self.rng.uniform(0.0, ceiling)

    def reset(self) -> None:
        self.attempt = 0

    def after_connection(self, lasted_ms: int) -> None:
        """Start over after a connection that proved the device and link healthy."""
        if lasted_ms >= STABLE_CONNECTION_MS:
            self.reset()


@dataclass(slots=True)
class CadenceIntegrator:
    """Turns RSC cadence notifications into whole steps, carrying the fraction.

    Between two notifications at ``t0`` and ``t1`` it adds ``cadence(t1) * (t1 - t0)``:
    a footpod computes its cadence over the strides it has just seen, so the value in a
    notification describes the interval that ends with it. Nothing is integrated across
    a gap longer than ``max_gap_ms`` or across a disconnect (:meth:`interrupt`).
    """

    max_gap_ms: int = CADENCE_MAX_GAP_MS
    _last_ms: int | None = None
    # Carried fraction of a step, in exact integer units (see _UNITS_PER_STEP).
    _carry: int = 0

    def update(self, time_ms: int, cadence_spm: float) -> int:
        """Whole steps taken since the previous notification (0 for the first)."""
        last, self._last_ms = self._last_ms, time_ms
        if last is None:
            return 0
        dt_ms = time_ms - last
        if dt_ms <= 0 or dt_ms > self.max_gap_ms:
            # Out of order or a silence we cannot account for: restart from here and
            # drop the carried fraction, which belonged to the interrupted walk.
            self._carry = 0
            return 0
        self._carry += round(max(cadence_spm, 0.0) * _MILLI) * dt_ms
        steps, self._carry = divmod(self._carry, _UNITS_PER_STEP)
        return steps

    def interrupt(self) -> None:
        """The link dropped: the next notification starts a new integration."""
        self._last_ms = None
        self._carry = 0
