"""Capped exponential backoff: the one rule every retry in the program follows.

Reconnecting a wearable, resending an alert, shipping to InfluxDB and ``tracker sync`` all
wait ``initial * 2**attempt`` seconds, never more than a cap. Where several clients may
retry at once, the delay is drawn at random below that ceiling (jitter) so that they do
not come back in lock-step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# 2**attempt grows past any sensible cap quickly; stop counting there so the float
# never overflows on a device or server that stays away for weeks.
MAX_DOUBLINGS = 32
# "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): uniform
# in [0, ceiling]. Several wearables dropped by one radio hiccup then do not hammer the
# adapter together, which is what makes BlueZ answer "Operation already in progress".
FULL_JITTER = 0.0
# "Equal jitter": uniform in [ceiling / 2, ceiling]; a server that just came back gets
# some rest, and hubs that lost it together still spread out.
EQUAL_JITTER = 0.5
# A connection that stayed up this long was healthy: the next drop starts over at the
# initial delay (bleak-retry-connector and Home Assistant treat a link that survived its
# first minute the same way).
STABLE_CONNECTION_MS = 60_000


def backoff_ceiling_s(attempt: int, initial_s: float, max_s: float) -> float:
    """The longest wait before retry ``attempt`` (0-based): ``initial_s * 2**attempt``,
    never above ``max_s``."""
    if attempt < 0:
        raise ValueError(f"attempt must be >= 0, not {attempt}")
    return min(max_s, initial_s * 2.0 ** min(attempt, MAX_DOUBLINGS))


@dataclass(slots=True)
class Backoff:
    """Capped exponential backoff with jitter, counting its own attempts.

    ``min_fraction`` is the jitter's lower bound as a share of the ceiling:
    :data:`FULL_JITTER` or :data:`EQUAL_JITTER`.
    """

    initial_s: float
    max_s: float
    rng: random.Random = field(default_factory=random.Random)
    min_fraction: float = FULL_JITTER
    attempt: int = 0

    def next_delay_s(self) -> float:
        ceiling = backoff_ceiling_s(self.attempt, self.initial_s, self.max_s)
        self.attempt = min(self.attempt + 1, MAX_DOUBLINGS)
        return self.rng.uniform(self.min_fraction * ceiling, ceiling)

    def reset(self) -> None:
        self.attempt = 0

    def after_connection(self, lasted_ms: int) -> None:
        """Start over after a connection that proved the device and link healthy."""
        if lasted_ms >= STABLE_CONNECTION_MS:
            self.reset()
