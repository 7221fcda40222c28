"""Persisted alert delivery: a queue in the Store's SQLite file and an asyncio dispatcher.

An alert is a row in ``alert`` keyed by its event's dedupe key, so it is enqueued once
ever; each channel has its own row in ``alert_delivery`` (pending → sending → delivered,
or expired), so one channel being down neither blocks nor repeats the others.

Delivery semantics. Every state change is committed before the next step: the row is
marked ``sending`` (attempt counted) before the channel is called and ``delivered`` right
after the channel confirms (apprise: the service accepted it; MQTT: the broker's PUBACK
for a QoS 1 publish). A clean shutdown or restart therefore never resends. Only a crash
in the few milliseconds between the channel's confirmation and the commit leaves a row in
``sending``; it is sent again after the restart. We choose at-least-once for that window
because a lost boom-bust alert cannot be recovered while a rare duplicate is harmless and
recognisable: the MQTT payload carries the alert's ``id`` (its dedupe key). The same holds
when a shutdown's time limit cuts a send short, and for a QoS 1 message paho still holds
when the broker drops mid-send (paho resends it on reconnect, and so do we).

Failed attempts back off (``retry_initial_s`` doubling up to ``retry_max_s``); a channel
that fails holds back its other due alerts until the same time. Push channels wait out the
quiet hours without counting an attempt. A permanent error (a URL apprise cannot parse)
or the alert's ``expires_ms`` ends the tries: the row is kept as ``expired`` and logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from tracker.alerts.events import AlertDecodeError, AlertEvent, event_from_json, event_to_json
from tracker.alerts.texts import AlertText
from tracker.domain.backoff import backoff_ceiling_s
from tracker.domain.units import MS_PER_S
from tracker.store.sqlite import Store

log = logging.getLogger(__name__)

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


class DeliveryFailed(Exception):
    """A channel could not take an alert now; it will be retried."""


class PermanentDeliveryError(DeliveryFailed):
    """A channel can never take this alert (e.g. a URL apprise does not understand)."""


@dataclass(frozen=True, slots=True)
class QueuedAlert:
    key: str
    event: AlertEvent
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


class Channel(Protocol):
    """Somewhere alerts go. ``name`` is stable across restarts and free of secrets."""

    @property
    def name(self) -> str: ...

    @property
    def waits_for_quiet_hours(self) -> bool:
        """Whether deliveries wait until the quiet hours end (push messages do)."""
        ...

    async def send(self, alert: QueuedAlert, text: AlertText) -> None:
        """Deliver or raise :class:`DeliveryFailed` (any other exception counts too)."""
        ...


class AlertQueue:
    """The persisted queue. All calls run on one thread at a time (the Store's lock)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.lock:
            store.db.executescript(SCHEMA)

    def enqueue(
        self, event: AlertEvent, channels: Sequence[str], *, now_ms: int, expires_ms: int
    ) -> bool:
        """Persist ``event`` for ``channels``; False when its key was seen before."""
        with self.store.transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO alert VALUES (?, ?, ?, ?, ?)",
                (event.key, event.kind, event_to_json(event), now_ms, expires_ms),
            )
            if cur.rowcount == 0:
                return False
            db.executemany(
                "INSERT INTO alert_delivery VALUES (?, ?, ?, 0, ?, '', ?)",
                [(event.key, ch, PENDING, now_ms, now_ms) for ch in channels],
            )
        return True

    def ensure_channels(self, channels: Sequence[str], *, now_ms: int) -> int:
        """Give unexpired alerts a row for channels added since they were enqueued."""
        with self.store.transaction() as db:
            before = db.total_changes
            for ch in channels:
                db.execute(
                    """INSERT OR IGNORE INTO alert_delivery
                       SELECT key, ?, ?, 0, ?, '', ? FROM alert WHERE expires_ms > ?""",
                    (ch, PENDING, now_ms, now_ms, now_ms),
                )
            return db.total_changes - before

    def known(self, key: str) -> bool:
        with self.store.lock:
            row = self.store.db.execute("SELECT 1 FROM alert WHERE key = ?", (key,)).fetchone()
        return row is not None

    def get(self, key: str) -> QueuedAlert:
        with self.store.lock:
            kind, payload, created, expires = self.store.db.execute(
                "SELECT kind, payload, created_ms, expires_ms FROM alert WHERE key = ?", (key,)
            ).fetchone()
        return QueuedAlert(key, event_from_json(kind, payload), created, expires)

    def deliveries(self, key: str | None = None) -> list[DeliveryRow]:
        sql = "SELECT key, channel, state, attempts, next_try_ms, last_error FROM alert_delivery"
        args: tuple[str, ...] = ()
        if key is not None:
            sql += " WHERE key = ?"
            args = (key,)
        with self.store.lock:
            rows = self.store.db.execute(sql + " ORDER BY key, channel", args).fetchall()
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


def retry_delay_s(attempts: int, initial_s: float, max_s: float) -> float:
    """The wait after ``attempts`` failed sends: the program's backoff without jitter
    (initial, 2x, 4x, … up to ``max_s``), so a resend time is the same after a restart."""
    return backoff_ceiling_s(max(attempts - 1, 0), initial_s, max_s)


class Dispatcher:
    """Delivers due alerts to every channel; one pass at a time, channels in parallel."""

    def __init__(
        self,
        queue: AlertQueue,
        channels: Sequence[Channel],
        *,
        clock: Callable[[], int],
        render: Callable[[AlertEvent], AlertText],
        retry_initial_s: float,
        retry_max_s: float,
        quiet_until: Callable[[int], int | None] | None = None,
    ) -> None:
        self.queue = queue
        # now (ms) -> when the quiet hours it falls in end (ms), or None outside them.
        self.quiet_until = quiet_until
        self.channels = {ch.name: ch for ch in channels}
        self.clock = clock
        self.render = render
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s

    async def deliver_due(self) -> int | None:
        """Expire old alerts, try everything due once; returns when the next is due (ms)."""
        now = self.clock()
        for row in self.queue.expire(now_ms=now):
            log.warning(
                "alert %s expired undelivered on %s after %d attempt(s)%s",
                row.key,
                row.channel,
                row.attempts,
                f" (last error: {row.last_error})" if row.last_error else "",
            )
        names = list(self.channels)
        if not names:
            return None
        by_channel: dict[str, list[DeliveryRow]] = {}
        for row in self.queue.due(names, now_ms=now):
            by_channel.setdefault(row.channel, []).append(row)
        quiet_end = self.quiet_until(now) if self.quiet_until is not None else None
        if quiet_end is not None:
            for ch in [ch for ch in by_channel if self.channels[ch].waits_for_quiet_hours]:
                for row in by_channel.pop(ch):
                    # Not an attempt: the row just waits for the morning.
                    self.queue.mark_failed(
                        row.key, ch, now_ms=now, next_try_ms=quiet_end, error=row.last_error
                    )
        await asyncio.gather(
            *(self._deliver_channel(self.channels[ch], rows) for ch, rows in by_channel.items())
        )
        return self.queue.next_due_ms(names)

    async def _deliver_channel(self, channel: Channel, rows: list[DeliveryRow]) -> None:
        for row in rows:
            try:
                alert = self.queue.get(row.key)
            except AlertDecodeError as exc:
                # Unreadable (written by an incompatible version): keep it, stop trying.
                log.error("alert %s cannot be sent on %s: %s", row.key, channel.name, exc)
                self.queue.mark_expired(row.key, channel.name, now_ms=self.clock(), error=str(exc))
                continue
            self.queue.mark_sending(row.key, channel.name, now_ms=self.clock())
            try:
                await channel.send(alert, self.render(alert.event))
            except asyncio.CancelledError:
                # Not tried to the end: leave it due now rather than "sending".
                self.queue.mark_failed(
                    row.key, channel.name, now_ms=self.clock(), next_try_ms=0, error="cancelled"
                )
                raise
            except PermanentDeliveryError as exc:
                log.error("alert %s cannot be sent on %s: %s", row.key, channel.name, exc)
                self.queue.mark_expired(row.key, channel.name, now_ms=self.clock(), error=str(exc))
                continue
            except Exception as exc:
                attempts = row.attempts + 1
                delay_s = retry_delay_s(attempts, self.retry_initial_s, self.retry_max_s)
                now = self.clock()
                error = (
                    str(exc) if isinstance(exc, DeliveryFailed) else f"{type(exc).__name__}: {exc}"
                )
                self.queue.mark_failed(
                    row.key,
                    channel.name,
                    now_ms=now,
                    next_try_ms=now + round(delay_s * MS_PER_S),
                    error=error,
                )
                log.info(
                    "alert %s not delivered on %s (attempt %d, retry in %.0f s): %s",
                    row.key,
                    channel.name,
                    attempts,
                    delay_s,
                    error,
                )
                # The channel is down: later alerts would fail the same way, so they wait
                # for the same retry time (without counting an attempt they did not make).
                for later in rows[rows.index(row) + 1 :]:
                    self.queue.mark_failed(
                        later.key,
                        channel.name,
                        now_ms=now,
                        next_try_ms=now + round(delay_s * MS_PER_S),
                        error=later.last_error,
                    )
                return
            self.queue.mark_delivered(row.key, channel.name, now_ms=self.clock())
            log.info("alert %s delivered on %s", row.key, channel.name)
