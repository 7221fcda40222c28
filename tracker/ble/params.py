"""``[[devices]]`` and ``[collector]``: which wearables to connect and how to keep them.

The collector's own settings, owned here and read by :mod:`tracker.config`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.domain.errors import ConfigValueError, require_at_least, require_positive

# A Bluetooth device address as BlueZ shows it: six hex octets (AA:BB:CC:DD:EE:FF);
# macOS's CoreBluetooth gives a UUID instead, accepted for development machines.
_MAC_RE = re.compile(r"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")
_UUID_RE = re.compile(r"^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$")


@dataclass(frozen=True, slots=True)
class DeviceConfig:
    """``[[devices]]``: one of the person's own wearables (the allowlist)."""

    # Stable identifier used in the store and as the InfluxDB ``device`` tag.
    id: str
    address: str = ""
    name: str = ""
    # Count steps from the accelerometer of a Polar H10, OH1 or Verity Sense (PMD service).
    pmd_steps: bool = False

    def __post_init__(self) -> None:
        if not self.id.strip() or any(c in self.id for c in " ,=\\\"'"):
            raise ConfigValueError("id", "must be a non-empty word without spaces or , = quotes")
        if not self.address and not self.name:
            raise ConfigValueError("address", "give the device's address or advertised name")
        if self.address and not (_MAC_RE.match(self.address) or _UUID_RE.match(self.address)):
            raise ConfigValueError(
                "address",
                f"{self.address[:40]!r} is not a Bluetooth address; it has six pairs of "
                "hex digits like AA:BB:CC:DD:EE:FF (`tracker scan` prints it)",
            )


@dataclass(frozen=True, slots=True)
class CollectorParams:
    """``[collector]``: connection handling."""

    # Battery drains slowly; one read every 10 minutes costs nothing and shows trends.
    battery_interval_s: float = 600.0
    # First reconnect delay; short because most drops are momentary radio hiccups.
    reconnect_initial_backoff_s: float = 1.0
    # Cap so that a watch that comes back in range is picked up within 5 minutes.
    reconnect_max_backoff_s: float = 300.0
    # Time to find an allowed device in a scan before backing off.
    scan_timeout_s: float = 20.0
    # How often the store writer commits: the kill -9 loss bound.
    commit_interval_s: float = 1.0

    def __post_init__(self) -> None:
        require_positive(
            self,
            "battery_interval_s",
            "reconnect_initial_backoff_s",
            "reconnect_max_backoff_s",
            "scan_timeout_s",
            "commit_interval_s",
        )
        require_at_least(self, "reconnect_max_backoff_s", "reconnect_initial_backoff_s")
        if self.commit_interval_s > 1.0:
            raise ConfigValueError("commit_interval_s", "must be at most 1 second")
