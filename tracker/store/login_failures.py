"""Failed logins counted per key (a user name, a client address), for the slow-down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class Failures:
    count: int
    last_ms: int


def claim_attempt(
    store: Store, keys: list[str], now_ms: int, wait_for: Callable[[dict[str, Failures]], int]
) -> int:
    """Count an attempt against ``keys`` as a failure now, unless ``wait_for`` (given the
    failures so far) asks to wait first; returns that wait in ms (0: go ahead). The check and
    the count are one transaction, so attempts made at the same time each see the ones
    before them: a burst of parallel guesses is slowed down like guesses one after another.
    A right password takes the count back (:func:`clear_failures`)."""
    marks = ",".join("?" * len(keys))
    with store.transaction() as db:
        rows = db.execute(
            f"SELECT key, failures, last_ms FROM login_failure WHERE key IN ({marks})", keys
        ).fetchall()
        wait = wait_for({str(k): Failures(int(n), int(t)) for k, n, t in rows})
        if wait <= 0:
            db.executemany(
                "INSERT INTO login_failure (key, failures, last_ms) VALUES (?, 1, ?) ON CONFLICT"
                "(key) DO UPDATE SET failures = failures + 1, last_ms = excluded.last_ms",
                [(k, now_ms) for k in keys],
            )
    return wait


def clear_failures(store: Store, keys: list[str]) -> None:
    with store.transaction() as db:
        db.executemany("DELETE FROM login_failure WHERE key = ?", [(k,) for k in keys])
