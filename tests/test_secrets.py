"""Secrets are never shown (the InfluxDB token, a password in its URL, the MQTT password,
apprise tokens) and never kept inline in a configuration file other users can read."""

from __future__ import annotations

import asyncio
import logging
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cli import tracker
from tracker.config import load_config
from tracker.config.influx import InfluxConfig
from tracker.config.secrets import redact, redact_url, url_secrets
from tracker.domain.errors import ConfigError
from tracker.domain.samples import HeartRateSample
from tracker.mirror.shipper import InfluxShipper
from tracker.store.influx import sample_line
from tracker.store.outbox import Outbox
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tests.fixtures_victoria import VictoriaServer

PASSWORD = "s3cret-Pa55word"
T0_MS = 1_767_261_600_000
# A port nothing listens on (the discard service is never run on test machines).
CLOSED = "127.0.0.1:9"


@pytest.mark.parametrize(
    ("url", "keep_path", "shown"),
    [
        (f"http://hub:{PASSWORD}@influx.local:8086", True, "http://influx.local:8086"),
        (f"http://hub:{PASSWORD}@influx.local:8086/", True, "http://influx.local:8086"),
        ("https://influx.local/v2/?token=abc#x", True, "https://influx.local/v2?…"),
        ("http://[::1]:8086", True, "http://[::1]:8086"),
        ("ntfys://ntfy.sh/my-secret-topic", False, "ntfys://ntfy.sh/…"),
        (f"mailto://me:{PASSWORD}@example.org", False, "mailto://example.org/…"),
        ("tgram://123456789:AAHsecretToken/4242", False, "tgram://123456789/…"),
        ("no url at all", False, "<url>"),
    ],
)
def test_redact_url(url: str, keep_path: bool, shown: str) -> None:
    assert redact_url(url, keep_path=keep_path) == shown


@given(
    user=st.text(st.sampled_from("abcdefXYZ019_-."), min_size=1, max_size=12),
    password=st.text(st.characters(codec="utf-8", exclude_characters="/?#[]"), min_size=8),
)
def test_no_password_survives_redaction(user: str, password: str) -> None:
    from urllib.parse import quote

    url = f"http://{user}:{quote(password, safe='')}@influx.example:8086/base"
    for keep_path in (True, False):
        shown = redact_url(url, keep_path=keep_path)
        assert password not in shown and quote(password, safe="") not in shown
    said = f"cannot reach {url} as {user}:{password}"
    cleaned = redact(said, url_secrets(url))
    assert password not in cleaned and quote(password, safe="") not in cleaned


def test_describe_names_the_server_without_secrets() -> None:
    cfg = InfluxConfig(url=f"http://hub:{PASSWORD}@h:8086", bucket="b", org="o", token="tok-9")
    assert cfg.describe() == "http://h:8086 bucket b org o"
    assert PASSWORD not in repr(cfg) and "tok-9" not in repr(cfg)


# -- tracker status and tracker sync ---------------------------------------------------


def private_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(body)
    path.chmod(0o600)
    return path


def test_status_never_shows_the_password_in_the_url(tmp_path: Path) -> None:
    url = f"http://hub:{PASSWORD}@{CLOSED}"
    data = tmp_path / "data"
    with Store.create(data) as store:
        outbox = Outbox(store, "me")
        outbox.enqueue_lines([sample_line(HeartRateSample("strap", T0_MS, 70.0), "me")])
        # As an older version stored it: the URL in full.
        outbox.record_error(f"InfluxDB at {url} unreachable: refused", T0_MS)
    config = private_config(tmp_path, f'[influxdb]\nurl = "{url}"\nbucket = "b"\n')
    for extra in ([], ["--json"]):
        proc = tracker("status", "--data-dir", data, "--config", config, *extra)
        assert proc.returncode == 0, proc.stderr
        assert PASSWORD not in proc.stdout + proc.stderr
        assert f"http://{CLOSED} bucket b" in proc.stdout
        assert "unreachable: refused" in proc.stdout


def fill(data: Path) -> int:
    with Store.create(data) as store:
        return store.write([HeartRateSample("strap", T0_MS + i * 1000, 70.0) for i in range(50)])


@pytest.mark.slow
def test_sync_never_shows_the_password_in_the_url(
    tmp_path: Path, victoria: VictoriaServer, victoria_auth: VictoriaServer
) -> None:
    data = tmp_path / "data"
    fill(data)
    # A server that takes the points: the closing line names it without the password.
    host = victoria.url.removeprefix("http://")
    ok = private_config(
        tmp_path, f'[influxdb]\nurl = "http://hub:{PASSWORD}@{host}"\nbucket = "b"\n'
    )
    sent = tracker("sync", "--data-dir", data, "--config", ok)
    assert sent.returncode == 0, sent.stderr
    assert f"points sent to http://{host} bucket b" in sent.stderr
    # A server that refuses them (the URL's user information is never sent): the error
    # quotes the server's answer, still without the password.
    host = victoria_auth.url.removeprefix("http://")
    refused = tmp_path / "refused"
    refused.mkdir()
    bad = private_config(
        refused, f'[influxdb]\nurl = "http://hub:{PASSWORD}@{host}"\nbucket = "b"\n'
    )
    proc = tracker("sync", "--data-dir", data, "--config", bad)
    assert proc.returncode == 1 and "401" in proc.stderr
    for out in (sent, proc):
        assert PASSWORD not in out.stdout + out.stderr


async def test_the_daemon_log_never_shows_the_password_in_the_url(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = InfluxConfig(url=f"http://hub:{PASSWORD}@{CLOSED}", bucket="b", timeout_s=1.0)
    outbox = Outbox(store, "me")
    outbox.enqueue_lines([sample_line(HeartRateSample("strap", T0_MS, 70.0), "me")])
    shipper = InfluxShipper(
        store, cfg, person="me", retry_initial_s=0.05, retry_max_s=0.1, idle_poll_s=0.05
    )
    with caplog.at_level(logging.DEBUG):
        task = asyncio.create_task(shipper.run())
        deadline = time.monotonic() + 30
        while not shipper.status().last_error and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert "unreachable" in shipper.status().last_error
    assert f"http://{CLOSED}" in caplog.text
    assert PASSWORD not in caplog.text and PASSWORD not in shipper.status().last_error


# -- inline secrets in a configuration file others can read -----------------------------

INLINE = {
    "influxdb.token": '[influxdb]\nurl = "http://h:8086"\nbucket = "b"\ntoken = "tok-123456"\n',
    "influxdb.url": f'[influxdb]\nurl = "http://hub:{PASSWORD}@h:8086"\nbucket = "b"\n',
    "alerts.mqtt.password": (
        f'[alerts.mqtt]\nhost = "broker"\nusername = "hub"\npassword = "{PASSWORD}"\n'
    ),
}


@pytest.mark.parametrize("key", sorted(INLINE))
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_an_inline_secret_in_a_readable_config_is_refused(
    tmp_path: Path, key: str, mode: int
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(INLINE[key])
    path.chmod(mode)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"config: {key}: ")
    assert f"chmod 600 {path}" in message and f"mode {mode:o}" in message
    assert PASSWORD not in message and "tok-123456" not in message
    proc = tracker("check-config", path)
    assert proc.returncode == 2 and key in proc.stderr
    assert PASSWORD not in proc.stderr + proc.stdout


@pytest.mark.parametrize("key", sorted(INLINE))
def test_an_inline_secret_in_a_private_config_is_accepted(tmp_path: Path, key: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(INLINE[key])
    path.chmod(0o600)
    load_config(path)


def test_a_token_file_keeps_a_readable_config_usable(tmp_path: Path) -> None:
    token = tmp_path / "influx.token"
    token.write_text("tok-123456\n")
    token.chmod(0o600)
    path = tmp_path / "config.toml"
    path.write_text(f'[influxdb]\nurl = "http://h:8086"\nbucket = "b"\ntoken_file = "{token}"\n')
    path.chmod(0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    config = load_config(path)
    assert config.influxdb is not None and config.influxdb.read_token() == "tok-123456"
