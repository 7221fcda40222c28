"""The fear ladder as the patient and the therapist use it: add, remove, mark done,
record a practice session, and see the progress (:mod:`tracker.pacing.exposure`)."""

from __future__ import annotations

from datetime import datetime

from tracker.app.checkins import InputError
from tracker.pacing.exposure import (
    FEAR_MAX,
    MAX_LADDER_ITEMS,
    PAIN_MAX,
    Exposure,
    ItemProgress,
    LadderItem,
    ladder_progress,
)
from tracker.store import ladder as stored
from tracker.store.sqlite import Store

# An item is a movement or activity in a few words ("bukken", "boodschappen dragen").
MAX_ITEM_CHARS = 60


def clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise InputError("name", "empty")
    if len(text) > MAX_ITEM_CHARS:
        raise InputError("name", "item_long")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise InputError("name", "control")
    return text


def _bounded(field: str, value: int | None, top: int) -> int:
    if value is None:
        raise InputError(field, "choose" if top == PAIN_MAX else "fear_range")
    if not 0 <= value <= top:
        raise InputError(field, "scale" if top == PAIN_MAX else "fear_range")
    return value


def add_item(store: Store, name: str, fear: int | None, *, now_ms: int) -> LadderItem:
    """Put a movement on the ladder (at most ten; every name once)."""
    text = clean_name(name)
    rating = _bounded("fear", fear, FEAR_MAX)
    existing = stored.items(store)
    if any(i.name.casefold() == text.casefold() for i in existing):
        raise InputError("name", "item_exists")
    if len(existing) >= MAX_LADDER_ITEMS:
        raise InputError("name", "ladder_full")
    try:
        return stored.add_item(store, text, rating, now_ms=now_ms)
    except stored.DuplicateItem:
        # Added by another request since the check above (a double click, a second tab).
        raise InputError("name", "item_exists") from None


def item_named(store: Store, name: str) -> LadderItem:
    found = stored.find_item(store, " ".join(name.split()))
    if found is None:
        raise InputError("name", "item_unknown")
    return found


def item_by_id(store: Store, item_id: int) -> LadderItem:
    found = stored.item_by_id(store, item_id)
    if found is None:
        raise InputError("item", "item_unknown")
    return found


def remove_item(store: Store, item: LadderItem) -> None:
    stored.remove_item(store, item.id)


def mark_done(store: Store, item: LadderItem, done: bool, *, now_ms: int) -> None:
    stored.set_done(store, item.id, done, now_ms=now_ms)


def record_exposure(
    store: Store,
    item: LadderItem,
    when: datetime,
    expected_pain: int | None,
    expected_fear: int | None,
    pain: int | None,
    fear: int | None,
    *,
    now: datetime,
) -> Exposure:
    """A practice of ``item``: expectations before, experience after (checked whole)."""
    if when > now:
        raise InputError("date", "future")
    exposure = Exposure(
        id=0,
        item_id=item.id,
        time=when,
        expected_pain=_bounded("expected_pain", expected_pain, PAIN_MAX),
        expected_fear=_bounded("expected_fear", expected_fear, FEAR_MAX),
        pain=_bounded("pain", pain, PAIN_MAX),
        fear=_bounded("fear", fear, FEAR_MAX),
    )
    return stored.add_exposure(store, exposure, now_ms=int(now.timestamp() * 1000))


def progress(store: Store) -> tuple[ItemProgress, ...]:
    """Every item in rank order with its sessions; the next one to practise marked."""
    return ladder_progress(stored.items(store), stored.exposures(store))


def exposures_between(store: Store, since_ms: int, until_ms: int) -> list[tuple[Exposure, str]]:
    """The exposures of a period with their item's name, oldest first."""
    names = {i.id: i.name for i in stored.items(store)}
    return [(e, names.get(e.item_id, "?")) for e in stored.exposures(store, since_ms, until_ms)]
