"""``[influxdb]``: the optional mirror. Absent section = no InfluxDB."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.config_errors import ConfigValueError


@dataclass(frozen=True, slots=True)
class InfluxConfig:
    url: str
    bucket: str
    org: str = ""
    # Either the token itself or a file holding it (refused when others can read it).
    token: str = field(default="", repr=False)
    token_file: str = ""
    # Outbox bounds: warn at warn_fraction of either, drop oldest beyond them.
    outbox_max_points: int = 5_000_000
    outbox_max_age_days: float = 60.0
    outbox_warn_fraction: float = 0.5
    batch_size: int = 5000
    # Per-request timeout; a hub on flaky Wi-Fi should not block on one write.
    timeout_s: float = 10.0

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise ConfigValueError("url", "must start with http:// or https://")
        if not self.bucket:
            raise ConfigValueError("bucket", "must not be empty")
        if self.token and self.token_file:
            raise ConfigValueError("token_file", "give token or token_file, not both")
        if self.outbox_max_points < 1:
            raise ConfigValueError("outbox_max_points", "must be 1 or more")
        if self.outbox_max_age_days <= 0:
            raise ConfigValueError("outbox_max_age_days", "must be greater than 0")
        if not 0 < self.outbox_warn_fraction < 1:
            raise ConfigValueError("outbox_warn_fraction", "must be between 0 and 1")
        if self.batch_size < 1:
            raise ConfigValueError("batch_size", "must be 1 or more")
        if self.timeout_s <= 0:
            raise ConfigValueError("timeout_s", "must be greater than 0")
