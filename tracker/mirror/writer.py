"""One write of line-protocol points to InfluxDB through influxdb-client, with the
server's refusals turned into one-line reasons a person can act on."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from tracker.config.influx import InfluxConfig
from tracker.config.secrets import redact, redact_url

# HTTP statuses that mean "slow down / try later" although they are 4xx.
RETRYABLE_4XX = frozenset({408, 429})


class WriteFailed(Exception):
    """One write attempt failed; ``rejected`` = the server refused it (4xx)."""

    def __init__(self, message: str, *, rejected: bool) -> None:
        super().__init__(message)
        self.message = message
        self.rejected = rejected


class InfluxWriter:
    """influxdb-client's synchronous write API; call :meth:`write` from a worker thread.

    urllib3's own retries are off: the shipper decides when to try again.
    """

    def __init__(self, config: InfluxConfig, *, timeout_s: float | None = None) -> None:
        from influxdb_client.client.influxdb_client import InfluxDBClient
        from influxdb_client.client.write_api import SYNCHRONOUS

        self.config = config
        self.timeout_s = timeout_s or config.timeout_s
        self._token = config.read_token()
        self._client: Any = InfluxDBClient(  # untyped library object
            url=config.url,
            token=self._token,
            org=config.org,
            timeout=int(self.timeout_s * 1000),
            enable_gzip=config.gzip,
            retries=False,
        )
        self._api: Any = self._client.write_api(write_options=SYNCHRONOUS)
        self._closed = threading.Event()

    def write(self, lines: Sequence[str]) -> None:
        """Send one batch; returns when the server acknowledged it (2xx)."""
        from influxdb_client.domain.write_precision import WritePrecision
        from influxdb_client.rest import ApiException
        from urllib3.exceptions import HTTPError

        body = "\n".join(lines)
        try:
            self._api.write(
                bucket=self.config.bucket,
                org=self.config.org or "-",
                record=body,
                write_precision=WritePrecision.MS,
            )
        except ApiException as exc:
            status = int(exc.status or 0)
            detail = _api_message(exc)
            rejected = 400 <= status < 500 and status not in RETRYABLE_4XX
            hint = _hint(status)
            raise WriteFailed(
                self._clean(
                    f"InfluxDB at {self.config.describe()} answered {status} {exc.reason or ''}"
                    f"{': ' + detail if detail else ''}{hint}"
                ),
                rejected=rejected,
            ) from exc
        except (HTTPError, OSError) as exc:
            raise WriteFailed(
                self._clean(
                    f"InfluxDB at {redact_url(self.config.url, keep_path=True)} unreachable: "
                    f"{_first_line(exc)}"
                ),
                rejected=False,
            ) from exc

    def _clean(self, text: str) -> str:
        """Never let the token or a password in the URL reach a log line or the status,
        whatever the server or the HTTP library says."""
        return redact(" ".join(text.split()), [self._token, *self.config.secrets()])

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            self._api.close()
            self._client.close()


def _api_message(exc: Any) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message and message != "no response":
        return _first_line(message)
    body = getattr(exc, "body", None)
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return _first_line(body) if isinstance(body, str) else ""


def _first_line(value: object) -> str:
    text = str(value).strip()
    line = text.splitlines()[0] if text else ""
    return line[:200]


def _hint(status: int) -> str:
    if status in (401, 403):
        return " (check [influxdb] token/token_file and its permissions on the bucket)"
    if status == 404:
        return " (check [influxdb] org and bucket: they must exist on the server)"
    if status == 413:
        return " (lower [influxdb] batch_size)"
    return ""


# -- the shipper ----------------------------------------------------------------------------
