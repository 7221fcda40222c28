"""The alert queue's tables: one row per alert, one per alert and channel.

An alert is a row in ``alert`` keyed by its event's dedupe key, so it is enqueued once
ever; each channel has its own row in ``alert_delivery`` (pending → sending → delivered,
or expired). The payload is the event as JSON text; :mod:`tracker.alerts.delivery` encodes
and decodes it and holds the delivery rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.store.sqlite import Store
from tracker.store.tables import rows_where

SCHEMA = """
CREATE TABLE IF NOT EXISTS alert (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,
    created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alert_delivery (
    key TEXT NOT NULL REFERENCES alert (key), channel TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'expired')),
    attempts INTEGER NOT NULL, next_try_ms INTEGER NOT NULL, last_error TEXT NOT NULL,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (key, channel)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alert_delivery_due ON alert_delivery (state, next_try_ms);
"""

PENDING, SENDING, DELIVERED, EXPIRED = "pending", "sending", "delivered", "expired"
# Error texts kept per delivery row: enough for `tracker status`, bounded for the db.
LAST_ERROR_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class StoredAlert:
    key: str
    kind: str
    payload: str  # the event as JSON
    created_ms: int
    expires_ms: int


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    key: str
    channel: str
    state: str
    attempts: int
    next_try_ms: int
    last_error: str


@dataclass(frozen=True, slots=True)
class ChannelSummary:
    """Per channel, for ``tracker status``: how many alerts are where, and the last error."""

    channel: str
    pending: int
    delivered: int
    expired: int
    last_error: str


class StoredAlertQueue:
    """The persisted queue of encoded alerts; calls are serialised by the Store's lock."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.lock:
            store.db.executescript(SCHEMA)

    def enqueue_payload(
        self,
        key: str,
        kind: str,
        payload: str,
        channels: Sequence[str],
        *,
        now_ms: int,
        expires_ms: int,
    ) -> bool:
        """Persist an alert for ``channels``; False when its key was seen before."""
        with self.store.transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO alert VALUES (?, ?, ?, ?, ?)",
                (key, kind, payload, now_ms, expires_ms),
            )
            if cur.rowcount == 0:
                return False
            db.executemany(
                "INSERT INTO alert_delivery VALUES (?, ?, ?, 0, ?, '', ?)",
                [(key, ch, PENDING, now_ms, now_ms) for ch in channels],
            )
        return True

    def ensure_channels(
        self, channels: Sequence[str], *, now_ms: int, kinds: Sequence[str] | None = None
    ) -> int:
        """Give unexpired alerts a row for channels added since they were enqueued (only
        alerts of ``kinds``, when given: a channel may hear of some kinds only)."""
        only = "" if kinds is None else f" AND kind IN ({', '.join('?' * len(kinds))})"
        with self.store.transaction() as db:
            before = db.total_changes
            for ch in channels:
                db.execute(
                    """INSERT OR IGNORE INTO alert_delivery
                       SELECT key, ?, ?, 0, ?, '', ? FROM alert WHERE expires_ms > ?"""
                    + only,
                    (ch, PENDING, now_ms, now_ms, now_ms, *(kinds or ())),
                )
            return db.total_changes - before

    def known(self, key: str) -> bool:
        with self.store.lock:
            row = self.store.db.execute("SELECT 1 FROM alert WHERE key = ?", (key,)).fetchone()
        return row is not None

    def get_payload(self, key: str) -> StoredAlert:
        with self.store.lock:
            kind, payload, created, expires = self.store.db.execute(
                "SELECT kind, payload, created_ms, expires_ms FROM alert WHERE key = ?", (key,)
            ).fetchone()
        return StoredAlert(key, kind, payload, created, expires)

    def deliveries(self, key: str | None = None) -> list[DeliveryRow]:
        select = "SELECT key, channel, state, attempts, next_try_ms, last_error FROM alert_delivery"
        with self.store.lock:
            rows = rows_where(self.store.db, select, "key", key, "key, channel")
        return [DeliveryRow(*r) for r in rows]

    def summary(self) -> list[ChannelSummary]:
        """Counts per channel and state, with the newest error of an undelivered alert."""
        with self.store.lock:
            rows = self.store.db.execute(
                """SELECT channel,
                          SUM(state IN ('pending', 'sending')), SUM(state = 'delivered'),
                          SUM(state = 'expired'),
                          (SELECT last_error FROM alert_delivery e
                           WHERE e.channel = d.channel AND e.last_error != ''
                           ORDER BY e.updated_ms DESC LIMIT 1)
                   FROM alert_delivery d GROUP BY channel ORDER BY channel"""
            ).fetchall()
        return [ChannelSummary(c, int(p), int(d), int(x), e or "") for c, p, d, x, e in rows]

    def due(self, channels: Sequence[str], *, now_ms: int) -> list[DeliveryRow]:
        """Rows to try now, oldest alert first. ``sending`` rows are crash leftovers."""
        marks = ",".join("?" * len(channels))
        with self.store.lock:
            rows = self.store.db.execute(
                f"""SELECT d.key, d.channel, d.state, d.attempts, d.next_try_ms, d.last_error
                    FROM alert_delivery d JOIN alert a ON a.key = d.key
                    WHERE d.state IN (?, ?) AND d.next_try_ms <= ? AND a.expires_ms > ?
                      AND d.channel IN ({marks})
                    ORDER BY a.created_ms, d.key""",
                (PENDING, SENDING, now_ms, now_ms, *channels),
            ).fetchall()
        return [DeliveryRow(*r) for r in rows]

    def next_due_ms(self, channels: Sequence[str]) -> int | None:
        """When the earliest unfinished delivery (or expiry) on ``channels`` falls due."""
        marks = ",".join("?" * len(channels))
        with self.store.lock:
            row = self.store.db.execute(
                f"""SELECT MIN(MIN(d.next_try_ms, a.expires_ms))
                    FROM alert_delivery d JOIN alert a ON a.key = d.key
                    WHERE d.state IN (?, ?) AND d.channel IN ({marks})""",
                (PENDING, SENDING, *channels),
            ).fetchone()
        return None if row[0] is None else int(row[0])

    def expire(self, *, now_ms: int) -> list[DeliveryRow]:
        """Mark unfinished deliveries of expired alerts as expired; returns them."""
        with self.store.transaction() as db:
            rows = db.execute(
                """SELECT d.key, d.channel, d.state, d.attempts, d.next_try_ms, d.last_error
                   FROM alert_delivery d JOIN alert a ON a.key = d.key
                   WHERE d.state IN (?, ?) AND a.expires_ms <= ?""",
                (PENDING, SENDING, now_ms),
            ).fetchall()
            db.executemany(
                "UPDATE alert_delivery SET state = ?, updated_ms = ? WHERE key = ? AND channel = ?",
                [(EXPIRED, now_ms, r[0], r[1]) for r in rows],
            )
        return [DeliveryRow(*r) for r in rows]

    def mark_sending(self, key: str, channel: str, *, now_ms: int) -> None:
        self._update(
            "state = ?, attempts = attempts + 1, updated_ms = ?", (SENDING, now_ms), key, channel
        )

    def mark_expired(self, key: str, channel: str, *, now_ms: int, error: str) -> None:
        self._update(
            "state = ?, last_error = ?, updated_ms = ?",
            (EXPIRED, error[:LAST_ERROR_MAX_CHARS], now_ms),
            key,
            channel,
        )

    def mark_delivered(self, key: str, channel: str, *, now_ms: int) -> None:
        self._update(
            "state = ?, last_error = '', updated_ms = ?", (DELIVERED, now_ms), key, channel
        )

    def mark_failed(
        self, key: str, channel: str, *, now_ms: int, next_try_ms: int, error: str
    ) -> None:
        self._update(
            "state = ?, next_try_ms = ?, last_error = ?, updated_ms = ?",
            (PENDING, next_try_ms, error[:LAST_ERROR_MAX_CHARS], now_ms),
            key,
            channel,
        )

    def retry_now(self, channel: str, *, now_ms: int) -> None:
        """A channel came back: make its waiting deliveries due now, not after backoff."""
        with self.store.transaction() as db:
            db.execute(
                """UPDATE alert_delivery SET next_try_ms = ?
                   WHERE channel = ? AND state = ? AND next_try_ms > ?""",
                (now_ms, channel, PENDING, now_ms),
            )

    def _update(self, assignments: str, values: tuple[object, ...], key: str, ch: str) -> None:
        with self.store.transaction() as db:
            db.execute(
                f"UPDATE alert_delivery SET {assignments} WHERE key = ? AND channel = ?",
                (*values, key, ch),
            )
