"""Secrets in the configuration: never shown, and never in a file others can read.

The InfluxDB token, a password written into a URL (``http://user:secret@host``), the MQTT
password and apprise URLs (which carry tokens) are secrets. Everything that names a
server in a log line, ``tracker status``, ``tracker sync`` or an error goes through
:func:`redact_url`, and any text that may quote a secret back (a server's error message)
through :func:`redact`.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# Permission bits that let someone other than the owner read or change a file.
PRIVATE_FORBIDDEN_BITS = stat.S_IRWXG | stat.S_IRWXO
# What stands in for a secret.
MASK = "***"


def redact_url(url: str, *, keep_path: bool = False) -> str:
    """``scheme://host:port/…``: enough to tell servers apart, no secrets.

    User information (``user:password@``) is left out, and so are the query and the
    fragment (``?…``);
    the path is kept only with ``keep_path`` (an InfluxDB base URL has no secret there,
    an apprise URL usually has: ``ntfys://ntfy.sh/my-secret-topic``).
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "<unparseable url>"
    if not parts.scheme:
        return "<url>"
    if ":" in host:
        host = f"[{host}]"  # IPv6
    try:
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        port = ""  # not a number: maybe part of a token (tgram://bot:token/…)
    if keep_path:
        rest = parts.path.rstrip("/")
        if parts.query or parts.fragment:
            rest += "?…"
    else:
        rest = "/…"
    return f"{parts.scheme}://{host}{port}{rest}"


def url_secrets(url: str) -> list[str]:
    """The secrets written into a URL: its user information and password, as written
    and decoded (for :func:`redact`)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    found = [userinfo, unquote(userinfo)]
    if parts.password:
        found += [parts.password, unquote(parts.password)]
    return [s for s in found if s]


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (also URL-quoted) replaced by ``***``; longest first,
    so that a password inside a longer secret is not left half-shown."""
    variants = {v for s in secrets if s for v in (s, quote(s, safe=""))}
    for secret in sorted(variants, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def readable_by_others(path: Path) -> str:
    """Why others can read or change ``path`` (its mode), or "" when only its owner can."""
    mode = stat.S_IMODE(path.stat().st_mode)
    return f"mode {mode:o}" if mode & PRIVATE_FORBIDDEN_BITS else ""
