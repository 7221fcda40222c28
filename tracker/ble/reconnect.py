"""Pure parts of the collector: cadence integration (the backoff is :mod:`tracker.domain.backoff`).

No I/O and no clocks of their own: callers pass times in, so every rule here is
table-testable and deterministic under a seeded random generator.
"""

from __future__ import annotations

from dataclasses import dataclass

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
