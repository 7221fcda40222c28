"""Forms already sent: a form that adds an entry carries a token of its own, and a second
request with the same token (a double click, a resubmit) adds nothing."""

from __future__ import annotations

from tracker.domain.units import MS_PER_DAY
from tracker.store.sqlite import Store

# A token is kept this long: a page left open overnight and sent in the morning still works
# the first time, and the table stays a day's worth of forms.
KEEP_MS = 2 * MS_PER_DAY


def claim(store: Store, token: str, now_ms: int) -> bool:
    """True the first time ``token`` is claimed; tokens older than KEEP_MS are forgotten."""
    with store.transaction() as db:
        db.execute("DELETE FROM web_form_once WHERE used_ms < ?", (now_ms - KEEP_MS,))
        cursor = db.execute(
            "INSERT OR IGNORE INTO web_form_once (token, used_ms) VALUES (?, ?)", (token, now_ms)
        )
        return cursor.rowcount == 1


def release(store: Store, token: str) -> None:
    """Forget ``token``: what it claimed was not stored after all."""
    with store.transaction() as db:
        db.execute("DELETE FROM web_form_once WHERE token = ?", (token,))
