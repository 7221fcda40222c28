"""A real VictoriaMetrics server for the InfluxDB tests (it speaks the v2 write endpoint).

Use from a test module with ``pytest_plugins = ["tests.fixtures_victoria"]`` or import the
fixtures. Each server gets a free loopback port and its own data directory:

- ``-retentionPeriod=100y`` so test points with old timestamps are kept;
- ``-dedup.minScrapeInterval=1ms`` so a replay of the same series and timestamp is stored
  once, as InfluxDB itself does (it overwrites a point with the same measurement, tag set
  and timestamp). Without it VictoriaMetrics keeps both copies and "exactly once" could
  not be checked.

Read back with :meth:`VictoriaServer.export` (``/api/v1/export``, JSON lines). A field
``f`` of measurement ``m`` is the series ``m_f``; tags are labels; string fields are not
stored by VictoriaMetrics.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.servers import free_port, start_logged, stop_process, wait_ready

VICTORIA_BIN = "victoria-metrics"
# A cold start on a loaded 2-core CI box takes about half a second; allow plenty.
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0
HEALTH_POLL_S = 0.05
AUTH_USER = "hub"
AUTH_PASSWORD = "s3cret-password"


@dataclass
class VictoriaServer:
    data_dir: Path
    log_path: Path
    port: int = field(default_factory=free_port)
    require_auth: bool = False
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = shutil.which(VICTORIA_BIN)
        if binary is None:
            pytest.fail("victoria-metrics is not installed (apt-get install victoria-metrics)")
        args = [
            binary,
            f"-httpListenAddr=127.0.0.1:{self.port}",
            f"-storageDataPath={self.data_dir}",
            "-retentionPeriod=100y",
            "-dedup.minScrapeInterval=1ms",
            "-loggerLevel=ERROR",
        ]
        if self.require_auth:
            args += [f"-httpAuth.username={AUTH_USER}", f"-httpAuth.password={AUTH_PASSWORD}"]
        self.proc = start_logged(args, self.log_path)
        wait_ready(
            self.proc, self._healthy, "victoria-metrics", log=self.log_path,
            timeout_s=START_TIMEOUT_S, poll_s=HEALTH_POLL_S,
        )  # fmt: skip

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self._req("/health"), timeout=1) as resp:
                return bool(resp.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, *, kill: bool = False) -> None:
        """Stop the server; ``kill`` = SIGKILL, as a crashed or unplugged server."""
        if self.proc is None:
            return
        stop_process(self.proc, STOP_TIMEOUT_S, kill=kill)
        self.proc = None

    def _req(self, path: str, data: bytes | None = None) -> urllib.request.Request:
        req = urllib.request.Request(self.url + path, data=data)
        if self.require_auth:
            import base64

            cred = base64.b64encode(f"{AUTH_USER}:{AUTH_PASSWORD}".encode()).decode()
            req.add_header("Authorization", f"Basic {cred}")
        return req

    def export(self, match: str = '{__name__!=""}') -> list[dict[str, Any]]:
        """Every stored series matching ``match``, after a forced flush."""
        with urllib.request.urlopen(self._req("/internal/force_flush"), timeout=10):
            pass
        body = urllib.parse.urlencode({"match[]": match}).encode()
        with urllib.request.urlopen(self._req("/api/v1/export", body), timeout=30) as resp:
            text = resp.read().decode()
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def points(self, name: str) -> dict[tuple[tuple[str, str], ...], dict[int, float]]:
        """Series ``name`` as {sorted labels without __name__: {time_ms: value}}."""
        out: dict[tuple[tuple[str, str], ...], dict[int, float]] = {}
        for series in self.export(f'{{__name__="{name}"}}'):
            labels = tuple(sorted((k, v) for k, v in series["metric"].items() if k != "__name__"))
            values = out.setdefault(labels, {})
            for t, v in zip(series["timestamps"], series["values"], strict=True):
                assert t not in values, f"{name}{labels} has {t} twice"
                values[t] = v
        return out

    def count(self, name: str) -> int:
        """Stored samples of series ``name`` (duplicates counted)."""
        return sum(len(s["timestamps"]) for s in self.export(f'{{__name__="{name}"}}'))


def _server(tmp_path_factory: pytest.TempPathFactory, require_auth: bool) -> VictoriaServer:
    base = tmp_path_factory.mktemp("victoria")
    return VictoriaServer(base / "data", base / "victoria.log", require_auth=require_auth)


def _running(
    tmp_path_factory: pytest.TempPathFactory, *, require_auth: bool
) -> Iterator[VictoriaServer]:
    server = _server(tmp_path_factory, require_auth=require_auth)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def victoria(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VictoriaServer]:
    """A running VictoriaMetrics that accepts any token (stopped after the test)."""
    yield from _running(tmp_path_factory, require_auth=False)


@pytest.fixture
def victoria_auth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VictoriaServer]:
    """A VictoriaMetrics that answers 401 to anything but HTTP basic auth."""
    yield from _running(tmp_path_factory, require_auth=True)
