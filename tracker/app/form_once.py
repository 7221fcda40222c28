"""A form that adds an entry (a session, an exercise, a practice) adds it once: a double
click or a resubmitted page sends its token again, and the second request adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tracker.store import form_once
from tracker.store.sqlite import Store


@contextmanager
def first_time(store: Store, token: str, now_ms: int) -> Iterator[bool]:
    """False when a form with ``token`` was sent before (do nothing); True otherwise. If
    the block fails (a field to correct, a full disk) the token is free again. A form
    without a token (an older page, a script) is always the first time."""
    if not token:
        yield True
        return
    if not form_once.claim(store, token, now_ms):
        yield False
        return
    try:
        yield True
    except BaseException:
        form_once.release(store, token)
        raise
