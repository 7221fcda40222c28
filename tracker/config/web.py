"""``[web]``: the hub page (``tracker web``), where it listens and how long a login lasts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from tracker.domain.errors import ConfigValueError

# The hub page's own port (unassigned by IANA, clear of Home Assistant's 8123).
DEFAULT_PORT = 8470
# Loopback by default: the page holds health data; opening it to the home network is a
# choice made in the config (listen = "0.0.0.0:8470", ideally with TLS).
DEFAULT_LISTEN = f"127.0.0.1:{DEFAULT_PORT}"
# A shared tablet in a living room: 30 idle minutes, then log in again (OWASP's session
# management cheat sheet suggests 15-30 min idle for sensitive data).
DEFAULT_SESSION_IDLE_MINUTES = 30
# A day at most: a session left open longer than that is not "idle" any more.
MAX_SESSION_IDLE_MINUTES = 24 * 60


def parse_listen(text: str) -> tuple[str, int]:
    """``"HOST:PORT"`` (``"[::1]:PORT"`` for IPv6) → (host, port); ValueError when not."""
    host, sep, port_text = text.rpartition(":")
    if not sep or not host or not port_text.isdigit():
        raise ValueError(f"{text!r} is not HOST:PORT (e.g. 127.0.0.1:{DEFAULT_PORT})")
    port = int(port_text)
    if not 1 <= port <= 65535:
        raise ValueError(f"port {port} is not between 1 and 65535")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, port


@dataclass(frozen=True, slots=True)
class WebConfig:
    listen: str = DEFAULT_LISTEN
    # TLS: both files, or neither (then plain HTTP, fine on loopback or behind a proxy).
    certificate: str = ""
    key: str = ""
    # How people reach the page (e.g. "https://hub.local:8470"): the alerts link to it.
    public_url: str = ""
    session_idle_minutes: int = DEFAULT_SESSION_IDLE_MINUTES

    def __post_init__(self) -> None:
        try:
            parse_listen(self.listen)
        except ValueError as exc:
            raise ConfigValueError("listen", str(exc)) from exc
        if bool(self.certificate) != bool(self.key):
            raise ConfigValueError("certificate", "TLS needs both certificate and key, or neither")
        if self.public_url:
            parts = urlsplit(self.public_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigValueError(
                    "public_url", "must start with http:// or https:// and name a host"
                )
        if not 1 <= self.session_idle_minutes <= MAX_SESSION_IDLE_MINUTES:
            raise ConfigValueError(
                "session_idle_minutes", f"must be between 1 and {MAX_SESSION_IDLE_MINUTES}"
            )

    @property
    def host_port(self) -> tuple[str, int]:
        return parse_listen(self.listen)

    @property
    def tls(self) -> bool:
        return bool(self.certificate)

    def week_url(self, week: str) -> str:
        """The week's page under ``public_url`` ("" without one)."""
        return f"{self.public_url.rstrip('/')}/week/{week}" if self.public_url else ""
