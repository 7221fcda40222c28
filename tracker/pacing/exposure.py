"""Graded exposure (exposure, stapsgewijs blootstellen): the ladder of feared movements.

The brochure's exercise: write down at most ten movements or activities you are careful
with or afraid of, rank them from 1 (least feared) to 10 (most feared), and practise them
step by step from the least feared on. Each item carries a fear rating (0-100); its rank
follows from it (the least feared first; equal ratings keep the order they were added).
Each practice session (an *exposure*) records the expected pain (0-10) and fear (0-100)
before, and the actual pain and fear after: the difference between what was expected and
what happened is what the exercise teaches. The next suggested item is the least feared
one not yet marked done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# The brochure: "Noteer maximaal tien bewegingen of activiteiten".
MAX_LADDER_ITEMS = 10
# Fear on the 0-100 scale the brochure's hierarchy uses; pain on the 0-10 numeric scale.
FEAR_MAX = 100
PAIN_MAX = 10


@dataclass(frozen=True, slots=True)
class LadderItem:
    id: int
    name: str
    fear: int  # 0-100, as rated when added
    done: bool  # marked done by the patient or the therapist
    added_ms: int


@dataclass(frozen=True, slots=True)
class Exposure:
    """One practice of a ladder item: expectations before, experience after."""

    id: int
    item_id: int
    time: datetime  # aware
    expected_pain: int  # 0-10
    expected_fear: int  # 0-100
    pain: int  # 0-10, afterwards
    fear: int  # 0-100, afterwards

    @property
    def pain_difference(self) -> int:
        """Expected minus actual pain: above 0 when it hurt less than feared."""
        return self.expected_pain - self.pain

    def to_json(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(),
            "expected_pain": self.expected_pain,
            "expected_fear": self.expected_fear,
            "pain": self.pain,
            "fear": self.fear,
        }


@dataclass(frozen=True, slots=True)
class ItemProgress:
    item: LadderItem
    rank: int  # 1 = least feared
    exposures: tuple[Exposure, ...]  # oldest first
    suggested: bool  # the next item to practise

    @property
    def fear_after(self) -> tuple[int, ...]:
        """The fear after each session: how it went down (or not) over the sessions."""
        return tuple(e.fear for e in self.exposures)

    @property
    def mean_pain_difference(self) -> float | None:
        if not self.exposures:
            return None
        return sum(e.pain_difference for e in self.exposures) / len(self.exposures)

    def to_json(self) -> dict[str, Any]:
        """One entry of ``tracker ladder show --json``."""
        return {
            "name": self.item.name,
            "rank": self.rank,
            "fear": self.item.fear,
            "sessions": len(self.exposures),
            "done": self.item.done,
            "suggested": self.suggested,
            "exposures": [e.to_json() for e in self.exposures],
        }


def ranked(items: Sequence[LadderItem]) -> list[tuple[int, LadderItem]]:
    """``(rank, item)`` from 1 (least feared); equal fear keeps the order of adding."""
    order = sorted(items, key=lambda i: (i.fear, i.added_ms, i.id))
    return [(k + 1, item) for k, item in enumerate(order)]


def next_item(items: Sequence[LadderItem]) -> LadderItem | None:
    """The least feared item not yet done (None when every item is done, or none exist)."""
    return next((item for _, item in ranked(items) if not item.done), None)


def ladder_progress(
    items: Sequence[LadderItem], exposures: Sequence[Exposure]
) -> tuple[ItemProgress, ...]:
    """Every item in rank order with its sessions and whether it is the one to practise."""
    suggested = next_item(items)
    by_item: dict[int, list[Exposure]] = {}
    for e in sorted(exposures, key=lambda e: (e.time, e.id)):
        by_item.setdefault(e.item_id, []).append(e)
    return tuple(
        ItemProgress(item, rank, tuple(by_item.get(item.id, ())), item == suggested)
        for rank, item in ranked(items)
    )
