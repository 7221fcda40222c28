"""Apprise: one channel per configured URL (ntfy, mailto, tgram, matrix, json, …).

One channel per URL rather than one for the list, so a working e-mail is not sent again
because a Telegram token expired. The channel's stored name is a hash of the URL: stable
across restarts, and free of the tokens URLs carry.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import warnings
from typing import Any

from tracker.alerts.config import redact_url
from tracker.alerts.delivery import DeliveryFailed, QueuedAlert
from tracker.alerts.texts import AlertText
from tracker.errors import ConfigError

# Characters of the URL's SHA-256 in the channel name: unique enough for a handful of URLs.
CHANNEL_HASH_CHARS = 12


def channel_name(url: str) -> str:
    return "apprise:" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:CHANNEL_HASH_CHARS]


class AppriseChannel:
    """Sends an alert's title and body through one apprise URL."""

    def __init__(self, url: str, *, index: int, timeout_s: float) -> None:
        # apprise loads its plugins on the first add(); some import modules that Python
        # deprecates (imghdr, via PGPy). That is apprise's business, not the user's.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import apprise  # heavy: only when alerts are configured

            self._apprise: Any = apprise.Apprise()
            added = self._apprise.add(url)
        if not added:
            raise ConfigError(
                f"alerts.apprise_urls[{index}]",
                f"apprise does not understand {redact_url(url)} (see the apprise URL list)",
            )
        # apprise >= 2 bounds the whole call; older ones rely on each plugin's own timeout.
        self._has_call_timeout = "timeout" in inspect.signature(self._apprise.notify).parameters
        self._name = channel_name(url)
        self.label = redact_url(url)
        self.timeout_s = timeout_s

    @property
    def name(self) -> str:
        return self._name

    async def send(self, alert: QueuedAlert, text: AlertText) -> None:
        # apprise's plugins block (requests); a worker thread keeps the event loop free.
        kwargs: dict[str, Any] = {"body": text.body, "title": text.title}
        if self._has_call_timeout:
            kwargs["timeout"] = self.timeout_s
        result = await asyncio.to_thread(self._apprise.notify, **kwargs)
        if not result:
            raise DeliveryFailed(f"{self.label} did not accept the notification")
