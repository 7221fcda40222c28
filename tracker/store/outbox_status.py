"""The InfluxDB outbox as ``tracker status`` and the hub page see it: a plain read of
its tables (:mod:`tracker.store.outbox` writes them), without influxdb-client, so that
status stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.domain.units import NS_PER_MS

if TYPE_CHECKING:
    from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    """What ``tracker status`` shows about the mirror (never the token)."""

    target: str  # url, bucket and org
    depth: int  # points waiting
    oldest_unsent_ms: int | None  # time of the oldest waiting point
    last_error: str  # "" when the last attempt succeeded
    last_error_ms: int | None
    last_success_ms: int | None
    dropped_points: int  # dropped beyond the bound, ever (still in SQLite)
    warning: str  # "" or why the outbox is getting full

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "depth": self.depth,
            "oldest_unsent_ms": self.oldest_unsent_ms,
            "last_error": self.last_error,
            "last_error_ms": self.last_error_ms,
            "last_success_ms": self.last_success_ms,
            "dropped_points": self.dropped_points,
            "warning": self.warning,
        }


def read_status(store: Store, target: str) -> OutboxStatus:
    """The outbox as another process sees it (``tracker status``); creates nothing."""
    with store.lock:
        db = store.db
        has_table = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'influx_outbox'"
        ).fetchone()
        if not has_table:
            return OutboxStatus(target, 0, None, "", None, None, 0, "")
        depth = int(db.execute("SELECT count(*) FROM influx_outbox").fetchone()[0])
        oldest = db.execute("SELECT min(time_ns) FROM influx_outbox").fetchone()[0]
        state = dict(db.execute("SELECT key, value FROM influx_state").fetchall())

    def opt_int(key: str) -> int | None:
        value = state.get(key)
        return int(value) if value else None

    return OutboxStatus(
        target=target,
        depth=depth,
        oldest_unsent_ms=None if oldest is None else int(oldest) // NS_PER_MS,
        last_error=state.get("last_error", ""),
        last_error_ms=opt_int("last_error_ms"),
        last_success_ms=opt_int("last_success_ms"),
        dropped_points=opt_int("dropped_points") or 0,
        warning=state.get("warning", ""),
    )
