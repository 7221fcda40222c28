"""Apprise: one channel per configured URL (ntfy, mailto, tgram, matrix, json, …).

One channel per URL rather than one for the list, so a working e-mail is not sent again
because a Telegram token expired. The channel's stored name is a hash of the URL: stable
across restarts, and free of the tokens URLs carry. Each delivery runs apprise in a
short-lived child process (see :mod:`tracker.alerts.apprise_child`) so its plugins never
stay in the daemon's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tracker.alerts import apprise_child
from tracker.alerts.delivery import DeliveryFailed, PermanentDeliveryError, QueuedAlert
from tracker.alerts.events import Audience
from tracker.alerts.texts import AlertText
from tracker.config.alerts import redact_url
from tracker.domain.errors import ConfigError

# Characters of the URL's SHA-256 in the channel name: unique enough for a handful of URLs.
CHANNEL_HASH_CHARS = 12
# On top of the delivery's own timeout: starting Python and loading apprise's plugins
# (0.3 s here, a few seconds on a Raspberry Pi with a cold SD card).
CHILD_START_ALLOWANCE_S = 15.0
# Characters of the child's stderr kept in a delivery error.
CHILD_ERROR_MAX_CHARS = 200


# The configuration key of each audience's URLs (named in errors).
URLS_KEY = {Audience.PATIENT: "apprise_urls", Audience.THERAPIST: "therapist_urls"}


def channel_name(url: str, audience: Audience = Audience.PATIENT) -> str:
    """Stable across restarts and free of the URL's tokens; a URL in both lists is two
    channels (each audience gets its own words)."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:CHANNEL_HASH_CHARS]
    return f"apprise:{digest}" if audience is Audience.PATIENT else f"apprise-{audience}:{digest}"


def check_urls(urls: Sequence[str], key: str = URLS_KEY[Audience.PATIENT]) -> None:
    """Raise :class:`ConfigError` for a URL apprise does not understand (in-process: for
    ``check-config`` and tests, not for the daemon, which keeps apprise out of memory)."""
    _, bad = apprise_child.load(list(urls))
    if bad:
        i = bad[0]
        raise ConfigError(
            f"alerts.{key}[{i}]",
            f"apprise does not understand {redact_url(urls[i])} (see the apprise URL list)",
        )


class AppriseChannel:
    """Sends an alert's title and body through one apprise URL."""

    def __init__(
        self, url: str, *, index: int, timeout_s: float, audience: Audience = Audience.PATIENT
    ) -> None:
        self._url = url
        self._name = channel_name(url, audience)
        self.index = index
        self.label = redact_url(url)
        self.timeout_s = timeout_s
        self._audience = audience

    @property
    def name(self) -> str:
        return self._name

    @property
    def audience(self) -> Audience:
        return self._audience

    @property
    def waits_for_quiet_hours(self) -> bool:
        return True  # a push message on a phone

    async def send(self, alert: QueuedAlert, text: AlertText) -> None:
        message: dict[str, object] = {
            "url": self._url,
            "title": text.title,
            "body": text.body,
            "timeout_s": self.timeout_s,
        }
        if text.attachment and Path(text.attachment).is_file():
            # Channels that cannot carry files (push messages) send the text alone; a
            # report removed since is not worth losing the message for.
            message["attach"] = text.attachment
        request = json.dumps(message).encode("utf-8")
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tracker.alerts.apprise_child",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            async with asyncio.timeout(self.timeout_s + CHILD_START_ALLOWANCE_S):
                _, stderr = await proc.communicate(request)
        except (TimeoutError, asyncio.CancelledError):
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
            raise
        if proc.returncode == apprise_child.EXIT_DELIVERED:
            return
        if proc.returncode == apprise_child.EXIT_UNKNOWN_URL:
            raise PermanentDeliveryError(
                f"apprise does not understand {self.label} "
                f"(alerts.{URLS_KEY[self._audience]}[{self.index}])"
            )
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        reason = f": {detail[-1][:CHILD_ERROR_MAX_CHARS]}" if detail else ""
        raise DeliveryFailed(f"{self.label} did not accept the notification{reason}")
