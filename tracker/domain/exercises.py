"""A relaxation exercise as the person records it: plain values, no numpy, so that the
daemon (Home Assistant's buttons) can record one without loading the analysis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# The brochure's three techniques, and two more people use ("breathing" exercises are
# taught by the kinesist too).
RELAXATION_KINDS = ("progressive", "autogenic", "mindfulness", "breathing", "other")
# The longest exercise that makes sense to log (a body scan takes 45 minutes).
MAX_RELAXATION_MINUTES = 180.0


@dataclass(frozen=True, slots=True)
class RelaxationSession:
    start: datetime  # aware
    minutes: float
    kind: str  # one of RELAXATION_KINDS

    @property
    def start_s(self) -> float:
        return self.start.timestamp()

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)
