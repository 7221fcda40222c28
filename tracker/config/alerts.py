"""``[alerts]``: where alerts go, in which language, and how hard to try.

Absent section = no alerts. Secrets (apprise URLs carry tokens, the broker password) are
kept out of ``repr`` and are never logged in full (see :func:`redact_url`).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path

# Re-exported: apprise channels are named through it (one redaction for every secret).
from tracker.config.secrets import redact_url as redact_url
from tracker.domain.errors import ConfigValueError, require_at_least, require_positive

LANGUAGES = ("nl", "en")
# The [alerts] part of config.example.toml: every key, with its default (kept in step by
# tests/test_alerts_texts.py).
EXAMPLE_TOML = """\
# Alerts: absent section = no alerts. Boom-bust cycles (once each), a stagnating plan,
# the weekly report, optionally a break reminder and absent devices.
[alerts]
# Apprise URLs (ntfy, mailto, tgram, matrix, json, ...). They hold tokens: keep this file 0600.
apprise_urls = []                # e.g. ["ntfys://ntfy.sh/my-secret-topic"]
language = "nl"                  # "nl" or "en"
# The therapist's own apprise URLs: only the weekly report goes there (with the report
# attached where the channel carries files, e.g. mailtos://), in therapist_language.
therapist_urls = []              # e.g. ["mailtos://user:pass@mail.example.com?to=kine@example.com"]
therapist_language = ""          # "" = the same as language
device_absent_hours = 0.0        # alert when a wearable is silent this long; 0 = off
expire_hours = 72.0              # give up on an alert no channel took within this time
retry_initial_s = 30.0           # first retry of a failed delivery, doubling up to ...
retry_max_s = 3600.0             # ... once an hour
send_timeout_s = 30.0            # per apprise delivery attempt
quiet_hours = "22:00-08:00"      # push messages wait until then (local time); "" = none

# MQTT with Home Assistant discovery; no host = no MQTT.
[alerts.mqtt]
host = ""                        # e.g. "homeassistant.local"
port = 1883
username = ""
# password = ""                  # or, better:
password_file = ""               # a file readable by you only (chmod 600)
tls = false
ca_file = ""                     # CA of a broker with a private certificate (with tls)
client_id = ""                   # default "tracker-<person>"
discovery_prefix = "homeassistant"
base_topic = "tracker"
reconnect_min_s = 1
reconnect_max_s = 120
puback_timeout_s = 10.0

# A "take a break" reminder when continuous exertion passes a limit.
[alerts.break_nudge]
enabled = false
limit_minutes = 0                # 0 = [analysis] max_continuous_minutes (20)
rearm_rest_minutes = 5           # rest needed before the next reminder
quiet_hours = "22:00-08:00"      # local time; "" = none
"""

_QUIET_HOURS_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_TOPIC_WORD_RE = re.compile(r"^[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*$")


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """``"22:00-08:00"`` → (start, end) local times; None for "" or an empty window."""
    m = _QUIET_HOURS_RE.match(text)
    if not m:
        return None
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if (h1, m1) == (h2, m2):
        return None
    return time(h1, m1), time(h2, m2)


@dataclass(frozen=True, slots=True)
class MqttConfig:
    """``[alerts.mqtt]``: the broker Home Assistant listens to; no host = no MQTT."""

    host: str = ""
    port: int = 1883
    username: str = ""
    password: str = field(default="", repr=False)
    # A file holding the password; refused when group or others can read it.
    password_file: str = ""
    tls: bool = False
    # CA bundle for a broker with a private CA; empty = the system's trust store.
    ca_file: str = ""
    # Empty = "tracker-<person>"; must be unique on the broker.
    client_id: str = ""
    discovery_prefix: str = "homeassistant"
    base_topic: str = "tracker"
    # paho's reconnect backoff: quick first retry for a broker restart, capped so that a
    # broker that comes back is used again within two minutes.
    # (whole seconds: paho's unit).
    reconnect_min_s: int = 1
    reconnect_max_s: int = 120
    # How long a QoS 1 alert may wait for the broker's PUBACK before it counts as failed.
    puback_timeout_s: float = 10.0

    @property
    def enabled(self) -> bool:
        return bool(self.host.strip())

    def __post_init__(self) -> None:
        if not self.enabled and any(
            getattr(self, f.name) != f.default for f in fields(self) if f.name != "host"
        ):
            raise ConfigValueError("host", "is required when [alerts.mqtt] is configured")
        if not 0 < self.port < 65536:
            raise ConfigValueError("port", "must be between 1 and 65535")
        if self.password and self.password_file:
            raise ConfigValueError("password_file", "give password or password_file, not both")
        if (self.password or self.password_file) and not self.username:
            raise ConfigValueError("username", "is required when a password is given")
        if self.password_file:
            _check_secret_file("password_file", Path(os.path.expanduser(self.password_file)))
        if self.ca_file and not self.tls:
            raise ConfigValueError("ca_file", "only used with tls = true")
        if self.ca_file and not Path(os.path.expanduser(self.ca_file)).is_file():
            raise ConfigValueError("ca_file", f"{self.ca_file} is not a readable file")
        for name in ("discovery_prefix", "base_topic"):
            if not _TOPIC_WORD_RE.match(getattr(self, name)):
                raise ConfigValueError(name, "use letters, digits, _ and - separated by /")
        if self.reconnect_min_s <= 0 or self.puback_timeout_s <= 0:
            raise ConfigValueError("reconnect_min_s", "times must be greater than 0")
        require_at_least(self, "reconnect_max_s", "reconnect_min_s")

    def resolved_password(self) -> str:
        """The password itself, read from ``password_file`` when that is used."""
        if not self.password_file:
            return self.password
        path = Path(os.path.expanduser(self.password_file))
        return path.read_text(encoding="utf-8").strip()


def _check_secret_file(key: str, path: Path) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        raise ConfigValueError(key, f"cannot read {path}: {exc.strerror or exc}") from exc
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigValueError(key, f"{path} is readable by others; run: chmod 600 {path}")


@dataclass(frozen=True, slots=True)
class BreakNudgeConfig:
    """``[alerts.break_nudge]``: the live "take a break" reminder (off by default)."""

    enabled: bool = False
    # 0 = follow [analysis] max_continuous_minutes (the brochure's pause every 20 minutes).
    limit_minutes: int = 0
    # Rearm only after this much rest, so one long task with a short stop is one nudge.
    rearm_rest_minutes: int = 5
    # No reminders at night (local time, may wrap past midnight).
    quiet_hours: str = "22:00-08:00"

    def __post_init__(self) -> None:
        if self.limit_minutes < 0:
            raise ConfigValueError("limit_minutes", "must be 0 (use the analysis limit) or more")
        if self.rearm_rest_minutes < 1:
            raise ConfigValueError("rearm_rest_minutes", "must be 1 or more")
        if self.quiet_hours and not _QUIET_HOURS_RE.match(self.quiet_hours):
            raise ConfigValueError("quiet_hours", 'write it as "HH:MM-HH:MM", or "" for none')

    def quiet_window(self) -> tuple[time, time] | None:
        """(start, end) local times, or None when there are no quiet hours."""
        return parse_quiet_hours(self.quiet_hours)


@dataclass(frozen=True, slots=True)
class AlertsConfig:
    """``[alerts]``."""

    # Apprise URLs (ntfy, mailto, tgram, matrix, json, …); they carry tokens: never logged.
    apprise_urls: list[str] = field(default_factory=list, repr=False)
    language: str = "nl"
    # The therapist's own URLs: they get the weekly report only (the patient's alerts
    # about their days are theirs); "" language = the patient's.
    therapist_urls: list[str] = field(default_factory=list, repr=False)
    therapist_language: str = ""
    # A plain table, not optional: the config loader reports errors inside it precisely.
    mqtt: MqttConfig = field(default_factory=MqttConfig)
    break_nudge: BreakNudgeConfig = field(default_factory=BreakNudgeConfig)
    # Alert when a wearable has not been heard from for this long; 0 = off.
    device_absent_hours: float = 0.0
    # An alert no channel could take within this time is kept as expired, not sent late:
    # three days covers a weekend with the hub offline, after that it is old news.
    expire_hours: float = 72.0
    # First retry soon (a blip), then doubling up to an hour so that a channel that is
    # down for days costs a request an hour, not a storm.
    retry_initial_s: float = 30.0
    retry_max_s: float = 3600.0
    # Per-attempt limit for one apprise delivery, so a hanging server cannot stall others.
    send_timeout_s: float = 30.0
    # Push messages (apprise) wait until these local hours end: the day-end job finds
    # cycles just after midnight, and nobody in pain should be woken by a phone for it.
    # MQTT is not held: Home Assistant's own automations decide what to do at night.
    quiet_hours: str = "22:00-08:00"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ConfigValueError("language", f"must be one of {', '.join(LANGUAGES)}")
        if self.therapist_language not in ("", *LANGUAGES):
            raise ConfigValueError(
                "therapist_language", f'must be one of {", ".join(LANGUAGES)}, or ""'
            )
        for key in ("apprise_urls", "therapist_urls"):
            for i, url in enumerate(getattr(self, key)):
                if "://" not in url:
                    raise ConfigValueError(
                        f"{key}[{i}]", f"{redact_url(url)} is not a URL (scheme://…)"
                    )
        if self.device_absent_hours < 0:
            raise ConfigValueError("device_absent_hours", "must be 0 (off) or more")
        require_positive(self, "expire_hours", "retry_initial_s", "retry_max_s", "send_timeout_s")
        require_at_least(self, "retry_max_s", "retry_initial_s")
        if self.quiet_hours and not _QUIET_HOURS_RE.match(self.quiet_hours):
            raise ConfigValueError("quiet_hours", 'write it as "HH:MM-HH:MM", or "" for none')

    def quiet_window(self) -> tuple[time, time] | None:
        return parse_quiet_hours(self.quiet_hours)

    @property
    def therapist_lang(self) -> str:
        return self.therapist_language or self.language
