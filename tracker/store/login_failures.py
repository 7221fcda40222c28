"""Failed logins counted per key (a user name, a client address), for the slow-down."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class Failures:
    count: int
    last_ms: int


def failures(store: Store, keys: list[str]) -> dict[str, Failures]:
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    with store.lock:
        rows = store.db.execute(
            f"SELECT key, failures, last_ms FROM login_failure WHERE key IN ({marks})", keys
        ).fetchall()
    return {str(k): Failures(int(n), int(t)) for k, n, t in rows}


def add_failure(store: Store, keys: list[str], now_ms: int) -> None:
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO login_failure (key, failures, last_ms) VALUES (?, 1, ?)"
            " ON CONFLICT(key) DO UPDATE SET failures = failures + 1, last_ms = excluded.last_ms",
            [(k, now_ms) for k in keys],
        )


def clear_failures(store: Store, keys: list[str]) -> None:
    with store.transaction() as db:
        db.executemany("DELETE FROM login_failure WHERE key = ?", [(k,) for k in keys])
