"""A real mosquitto broker (Debian's /usr/sbin/mosquitto) for the MQTT tests.

Each broker gets a free loopback port and a generated config; ``auth=True`` makes a
password file with ``mosquitto_passwd -b`` and refuses anonymous clients. ``stop()`` and
``start()`` again on the same port simulate a broker that goes down and comes back
(without persistence: retained messages are gone, as after a broker reinstall, so the
hub must republish them on reconnect).

:class:`Subscriber` is a plain paho client that records what it receives, for asserting
from the outside what Home Assistant would see.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from tests.servers import free_port, start_logged, stop_process, wait_ready

MOSQUITTO_BIN = "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD_BIN = "mosquitto_passwd"
# mosquitto starts in a few ms; a loaded 2-core CI box may take longer.
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0
POLL_S = 0.02
AUTH_USER = "hub"
AUTH_PASSWORD = "broker-s3cret"


@dataclass
class Mosquitto:
    workdir: Path
    auth: bool = False
    # TLS with a throw-away CA: ``ca_file`` then holds the CA certificate for clients.
    tls: bool = False
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    def _write_config(self) -> Path:
        lines = [
            f"listener {self.port} 127.0.0.1",
            "persistence false",
            # Running as root in CI: do not drop to a "mosquitto" user that cannot read
            # the test's private files.
            "user root",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
        ]
        if self.tls:
            lines += [
                f"cafile {self.ca_file}",
                f"certfile {self.workdir / 'server.pem'}",
                f"keyfile {self.workdir / 'server.key'}",
            ]
        if self.auth:
            passwd = self.workdir / "passwd"
            if not passwd.exists():
                if shutil.which(MOSQUITTO_PASSWD_BIN) is None:
                    pytest.fail("mosquitto_passwd is not installed (apt-get install mosquitto)")
                passwd.touch(mode=0o600)
                subprocess.run(
                    [MOSQUITTO_PASSWD_BIN, "-b", str(passwd), AUTH_USER, AUTH_PASSWORD],
                    check=True,
                    capture_output=True,
                )
            lines += ["allow_anonymous false", f"password_file {passwd}"]
        else:
            lines.append("allow_anonymous true")
        conf = self.workdir / "mosquitto.conf"
        conf.write_text("\n".join(lines) + "\n")
        return conf

    @property
    def ca_file(self) -> Path:
        return self.workdir / "ca.pem"

    def _make_certificates(self) -> None:
        """A CA and a server certificate for 127.0.0.1 (EC keys: generated in ms)."""
        if self.ca_file.exists():
            return
        w = self.workdir
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        (w / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
        for cmd in (
            ["req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=tracker test CA"],
            ["req", *ec, "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext"],
        ):  # fmt: skip
            subprocess.run(["openssl", *cmd], cwd=w, check=True, capture_output=True)

    def start(self) -> None:
        if not Path(MOSQUITTO_BIN).exists():
            pytest.fail("mosquitto is not installed (apt-get install mosquitto)")
        if self.tls:
            self._make_certificates()
        log = self.workdir / "mosquitto.log"
        self.proc = start_logged([MOSQUITTO_BIN, "-c", str(self._write_config())], log)
        wait_ready(
            self.proc, self._listens, "mosquitto", log=log, timeout_s=START_TIMEOUT_S,
            poll_s=POLL_S,
        )  # fmt: skip

    def _listens(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=POLL_S * 5):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is None:
            return
        stop_process(self.proc, STOP_TIMEOUT_S)
        self.proc = None


def _running(broker: Mosquitto) -> Iterator[Mosquitto]:
    broker.workdir.mkdir()
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def mosquitto(tmp_path: Path) -> Iterator[Mosquitto]:
    yield from _running(Mosquitto(tmp_path / "broker"))


@pytest.fixture
def mosquitto_tls(tmp_path: Path) -> Iterator[Mosquitto]:
    yield from _running(Mosquitto(tmp_path / "broker-tls", tls=True))


@pytest.fixture
def mosquitto_auth(tmp_path: Path) -> Iterator[Mosquitto]:
    yield from _running(Mosquitto(tmp_path / "broker-auth", auth=True))


class Subscriber:
    """Records every message on ``topics``; what a fresh Home Assistant would receive."""

    def __init__(
        self,
        port: int,
        topics: list[str],
        *,
        username: str = "",
        password: str = "",
        ca_file: str = "",
    ):
        self.messages: list[tuple[str, bytes, bool]] = []
        self._cond = threading.Condition()
        self._subscribed = threading.Event()
        self.client = mqtt.Client(callback_api_version=CallbackAPIVersion.VERSION2)
        if username:
            self.client.username_pw_set(username, password)
        if ca_file:
            self.client.tls_set(ca_certs=ca_file)
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *a: self._subscribed.set()
        self.client.on_connect = lambda c, *a: c.subscribe([(t, 1) for t in topics])
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        if not self._subscribed.wait(START_TIMEOUT_S):
            raise AssertionError("test subscriber could not subscribe")

    def _on_message(self, client: Any, userdata: Any, msg: mqtt.MQTTMessage) -> None:
        with self._cond:
            self.messages.append((msg.topic, bytes(msg.payload), bool(msg.retain)))
            self._cond.notify_all()

    def on(self, topic: str) -> list[bytes]:
        with self._cond:
            return [p for t, p, _ in self.messages if t == topic]

    def json_on(self, topic: str) -> list[Any]:
        return [json.loads(p) for p in self.on(topic)]

    def wait_for(self, topic: str, count: int = 1, timeout_s: float = 10.0) -> list[bytes]:
        """Wait until ``count`` messages arrived on ``topic``; returns them."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while True:
                got = [p for t, p, _ in self.messages if t == topic]
                remaining = deadline - time.monotonic()
                if len(got) >= count or remaining <= 0:
                    return got
                self._cond.wait(remaining)

    async def until(self, topic: str, count: int = 1, timeout_s: float = 10.0) -> list[bytes]:
        """:meth:`wait_for` without blocking the event loop (the code under test runs there)."""
        deadline = time.monotonic() + timeout_s
        while len(got := self.on(topic)) < count and time.monotonic() < deadline:
            await asyncio.sleep(POLL_S)
        return got

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
