"""``[influxdb]``: the optional mirror. Absent section = no InfluxDB."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tracker.config.secrets import redact_url, url_secrets
from tracker.domain.errors import ConfigError, ConfigValueError

# Permission bits that let someone other than the owner read or change the token file.
TOKEN_FILE_FORBIDDEN_BITS = stat.S_IRWXG | stat.S_IRWXO


@dataclass(frozen=True, slots=True)
class InfluxConfig:
    url: str
    bucket: str
    org: str = ""
    # Either the token itself or a file holding it (refused when others can read it; an
    # inline token is refused in a configuration file others can read).
    token: str = field(default="", repr=False)
    token_file: str = ""
    # Outbox bounds: warn at warn_fraction of either, drop oldest beyond them.
    outbox_max_points: int = 5_000_000
    outbox_max_age_days: float = 60.0
    outbox_warn_fraction: float = 0.5
    batch_size: int = 5000
    # Compress write requests: line protocol shrinks about tenfold, which matters on a
    # hub's Wi-Fi uplink to a clinic's server far more than the CPU it costs.
    gzip: bool = True
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
        if self.token_file:
            # Checked at load time so that `tracker check-config` and the daemon refuse
            # a token file other users can read before anything starts.
            _check_token_file(Path(os.path.expanduser(self.token_file)), "token_file")

    def read_token(self) -> str:
        """The token (from ``token`` or ``token_file``); "" when none is configured.

        Never log or print the result. A file that became readable by others since the
        config was loaded is refused here too.
        """
        if not self.token_file:
            return self.token
        path = Path(os.path.expanduser(self.token_file))
        try:
            _check_token_file(path, "token_file")
            return path.read_text(encoding="utf-8").strip()
        except ConfigValueError as exc:
            raise ConfigError(f"influxdb.{exc.key}", exc.problem) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError("influxdb.token_file", f"cannot read {path}: {exc}") from exc

    def describe(self) -> str:
        """Where points go, for logs and status (never the token, nor a password in the
        URL)."""
        org = f" org {self.org}" if self.org else ""
        return f"{redact_url(self.url, keep_path=True)} bucket {self.bucket}{org}"

    def __repr__(self) -> str:
        # Not the generated one: it would show a password written into the URL.
        return f"InfluxConfig({self.describe()})"

    def secrets(self) -> list[str]:
        """The secrets written in this section (an inline token, a password in the URL),
        for :func:`~tracker.config.secrets.redact`; a token_file's token is read later."""
        return [s for s in (self.token, *url_secrets(self.url)) if s]


def _check_token_file(path: Path, key: str) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        raise ConfigValueError(key, f"cannot read {path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise ConfigValueError(key, f"{path} is not a regular file")
    if st.st_mode & TOKEN_FILE_FORBIDDEN_BITS:
        raise ConfigValueError(
            key,
            f"{path} can be read by other users (mode {stat.S_IMODE(st.st_mode):o}); "
            f"run: chmod 600 {path}",
        )
