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

from tracker.alerts.events import (
    AlertDecodeError,
    AlertEvent,
    Audience,
    event_from_json,
    event_to_json,
)
from tracker.alerts.texts import AlertText
from tracker.domain.backoff import backoff_ceiling_s
from tracker.domain.units import MS_PER_S
from tracker.store.alert_queue import (
    DeliveryRow,
    StoredAlertQueue,
)

log = logging.getLogger(__name__)


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


class Channel(Protocol):
    """Somewhere alerts go. ``name`` is stable across restarts and free of secrets."""

    @property
    def name(self) -> str: ...

    @property
    def waits_for_quiet_hours(self) -> bool:
        """Whether deliveries wait until the quiet hours end (push messages do)."""
        ...

    @property
    def audience(self) -> Audience:
        """Who reads it: the words of each alert depend on it."""
        ...

    async def send(self, alert: QueuedAlert, text: AlertText) -> None:
        """Deliver or raise :class:`DeliveryFailed` (any other exception counts too)."""
        ...


class AlertQueue(StoredAlertQueue):
    """The persisted queue, speaking in events."""

    def enqueue(
        self, event: AlertEvent, channels: Sequence[str], *, now_ms: int, expires_ms: int
    ) -> bool:
        """Persist ``event`` for ``channels``; False when its key was seen before."""
        return self.enqueue_payload(
            event.key,
            event.kind,
            event_to_json(event),
            channels,
            now_ms=now_ms,
            expires_ms=expires_ms,
        )

    def get(self, key: str) -> QueuedAlert:
        stored = self.get_payload(key)
        return QueuedAlert(
            key, event_from_json(stored.kind, stored.payload), stored.created_ms, stored.expires_ms
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
        render: Callable[[AlertEvent, Audience], AlertText],
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
                await channel.send(alert, self.render(alert.event, channel.audience))
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
