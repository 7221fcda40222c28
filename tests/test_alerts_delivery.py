"""Persisted delivery: apprise to a local HTTP endpoint, dedupe, retries, expiry, restarts."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.servers import free_port
from tracker.alerts import CycleConfirmed, DayNumbers, WeeklyReportReady
from tracker.alerts.alerter import Alerter
from tracker.alerts.apprise_channel import AppriseChannel, channel_name, check_urls
from tracker.alerts.delivery import AlertQueue, Dispatcher, retry_delay_s
from tracker.alerts.texts import render
from tracker.config import Config, parse_config
from tracker.config.report import ReportConfig
from tracker.domain.errors import ConfigError
from tracker.store.alert_queue import DELIVERED, EXPIRED, PENDING, SENDING
from tracker.store.sqlite import Store

# Slow: apprise in child processes against a local HTTP endpoint.
pytestmark = pytest.mark.slow

WAIT_S = 10.0
REPO = Path(__file__).resolve().parents[1]


class Inbox:
    """An HTTP endpoint in a thread that records the JSON apprise posts to it."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.posts: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                inbox.posts.append(json.loads(body))
                inbox.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    @property
    def secret_url(self) -> str:
        return f"json://hub:s3cr3t-token@127.0.0.1:{self.port}/hook-private"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox()
    box.start()
    yield box
    box.stop()


def config(*urls: str, language: str = "nl", **alerts: Any) -> Config:
    return parse_config(
        {
            "tracker": {"person": "An"},
            "alerts": {
                "apprise_urls": list(urls),
                "language": language,
                "retry_initial_s": 0.05,
                "retry_max_s": 0.2,
                "send_timeout_s": 2.0,
                "quiet_hours": "",  # these tests run at any hour; quiet hours have their own
                **alerts,
            },
        }
    )


def now_ms() -> int:
    return time.time_ns() // 1_000_000


CYCLE = CycleConfirmed(
    "An",
    (DayNumbers(date(2026, 3, 16), 96.0, 48.0), DayNumbers(date(2026, 3, 17), 88.0, 48.0)),
    (DayNumbers(date(2026, 3, 19), 20.0, 48.0),),
)


async def wait_until(check: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def test_apprise_delivers_dutch_alert_to_local_endpoint(inbox: Inbox, store: Store) -> None:
    alerter = Alerter(store, config(inbox.url), clock=now_ms)
    task = asyncio.create_task(alerter.run())
    assert alerter.raise_event(CYCLE)
    await wait_until(lambda: len(inbox.posts) == 1)
    await alerter.aclose(5.0)
    assert task.done()
    post = inbox.posts[0]
    assert inbox.paths == ["/hook"]
    assert post["title"] == "Een drukke dag en daarna een mindere: maandag 16 maart 2026"
    body = post["message"]
    for text in (
        "maandag 16 maart 2026: 96 actieve minuten (op een gewone dag 48)",
        "dinsdag 17 maart 2026: 88 actieve minuten",
        "donderdag 19 maart 2026: 20 actieve minuten",
        "verdeel je activiteiten over de dag en de week",
        "inspanning af met ontspanning",
    ):
        assert text in body
    (row,) = alerter.queue.deliveries(CYCLE.key)
    assert (row.channel, row.state, row.attempts) == (channel_name(inbox.url), DELIVERED, 1)


async def test_same_event_is_enqueued_once_and_never_sent_twice(inbox: Inbox, store: Store) -> None:
    alerter = Alerter(store, config(inbox.url), clock=now_ms)
    task = asyncio.create_task(alerter.run())
    assert alerter.raise_event(CYCLE)
    assert not alerter.raise_event(CYCLE)
    await wait_until(lambda: len(inbox.posts) == 1)
    assert not alerter.raise_event(CYCLE)
    await alerter.aclose(5.0)
    assert task.done()

    # A restart on the same database: the cycle is known, nothing is resent.
    again = Alerter(store, config(inbox.url), clock=now_ms)
    task = asyncio.create_task(again.run())
    assert not again.raise_event(CYCLE)
    report = WeeklyReportReady("2026-W12", "/data/reports/2026-W12.html")
    assert again.raise_event(report)
    await wait_until(lambda: len(inbox.posts) == 2)
    await asyncio.sleep(0.2)
    await again.aclose(5.0)
    assert [p["title"] for p in inbox.posts] == [
        "Een drukke dag en daarna een mindere: maandag 16 maart 2026",
        "Je weekoverzicht van 2026-W12 staat klaar",
    ]


async def test_the_therapist_gets_the_weekly_report_attached_and_nothing_else(
    inbox: Inbox, store: Store, tmp_path: Path
) -> None:
    import base64

    therapist = Inbox()
    therapist.start()
    try:
        pdf = tmp_path / "2026-W12-nl.pdf"
        pdf.write_bytes(b"%PDF-1.7 the week's report")
        cfg = config(inbox.url, therapist_urls=[therapist.url], therapist_language="en")
        cfg = dataclasses.replace(cfg, report=ReportConfig(patient_name="An Peeters"))
        alerter = Alerter(store, cfg, clock=now_ms)
        task = asyncio.create_task(alerter.run())
        assert alerter.raise_event(CYCLE)
        assert alerter.report_ready("2026-W12", tmp_path / "2026-W12-nl.html", pdf)
        await wait_until(lambda: len(inbox.posts) == 2 and len(therapist.posts) == 1)
        await asyncio.sleep(0.2)  # nothing more arrives
        await alerter.aclose(5.0)
        assert task.done()
    finally:
        therapist.stop()
    assert len(therapist.posts) == 1  # the cycle is the patient's
    (post,) = therapist.posts
    assert post["title"] == "Weekly overview for An Peeters: 2026-W12"
    assert "It is attached to this message as well." in post["message"]
    (attached,) = post["attachments"]
    assert attached["filename"] == "2026-W12-nl.pdf"
    assert base64.b64decode(attached["base64"]) == pdf.read_bytes()
    # The patient's message is in the patient's language and carries the report too.
    report = next(p for p in inbox.posts if "weekoverzicht" in p["title"])
    assert [a["filename"] for a in report["attachments"]] == ["2026-W12-nl.pdf"]
    cycle = next(p for p in inbox.posts if p is not report)
    assert not cycle.get("attachments")


async def test_endpoint_down_gets_the_alert_after_it_comes_back(store: Store) -> None:
    down = Inbox()  # a port nobody listens on yet
    up = Inbox()
    up.start()
    alerter = Alerter(store, config(down.url, up.url), clock=now_ms)
    task = asyncio.create_task(alerter.run())
    try:
        assert alerter.raise_event(CYCLE)
        await wait_until(lambda: len(up.posts) == 1)
        down_name = channel_name(down.url)

        def down_row_state() -> tuple[str, int]:
            row = next(r for r in alerter.queue.deliveries(CYCLE.key) if r.channel == down_name)
            return row.state, row.attempts

        await wait_until(lambda: down_row_state()[1] >= 3)
        assert down_row_state()[0] in (PENDING, SENDING)  # retried, never given up
        down.start()
        await wait_until(lambda: len(down.posts) == 1)
        await wait_until(lambda: down_row_state()[0] == DELIVERED)
        await asyncio.sleep(0.3)  # retries are every 0.05-0.2 s: room for a wrongful repeat
    finally:
        await alerter.aclose(5.0)
        down.stop()
        up.stop()
    assert task.done()
    # Each endpoint got it exactly once: the working one was not repeated for the other.
    assert len(up.posts) == 1
    assert len(down.posts) == 1


async def test_undelivered_alert_expires_and_is_kept(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    down = Inbox()
    clock = [1_700_000_000_000]
    queue = AlertQueue(store)
    channel = AppriseChannel(down.secret_url, index=0, timeout_s=2.0)
    dispatcher = Dispatcher(
        queue,
        [channel],
        clock=lambda: clock[0],
        render=lambda e, audience: render(e, "nl", None, audience),
        retry_initial_s=60.0,
        retry_max_s=600.0,
    )
    expires = clock[0] + 72 * 3_600_000
    assert queue.enqueue(CYCLE, [channel.name], now_ms=clock[0], expires_ms=expires)
    next_ms = await dispatcher.deliver_due()
    (row,) = queue.deliveries()
    assert (row.state, row.attempts) == (PENDING, 1)
    assert next_ms == clock[0] + 60_000  # first retry after retry_initial_s
    clock[0] += 61_000
    assert await dispatcher.deliver_due() == clock[0] + 120_000  # doubled
    assert queue.deliveries()[0].attempts == 2

    down.start()
    try:
        clock[0] = expires  # the endpoint is back, but the alert is three days old
        with caplog.at_level(logging.WARNING, logger="tracker.alerts.delivery"):
            assert await dispatcher.deliver_due() is None
    finally:
        down.stop()
    assert down.posts == []
    (row,) = queue.deliveries()
    assert row.state == EXPIRED
    assert queue.known(CYCLE.key)  # kept: a re-raised cycle is still not sent
    assert f"alert {CYCLE.key} expired undelivered on {channel.name} after 2 attempt(s)" in (
        caplog.text
    )
    (summary,) = queue.summary()
    assert (summary.channel, summary.pending, summary.delivered, summary.expired) == (
        channel.name,
        0,
        0,
        1,
    )
    assert "did not accept the notification" in summary.last_error
    # URLs carry tokens: never logged in full.
    assert "s3cr3t" not in caplog.text
    assert "hook-private" not in caplog.text


async def test_send_interrupted_by_a_crash_is_sent_after_restart(
    inbox: Inbox, store: Store
) -> None:
    # At-least-once for the crash window: a row left in "sending" is sent again.
    alerter = Alerter(store, config(inbox.url), clock=now_ms)
    assert alerter.raise_event(CYCLE)
    alerter.queue.mark_sending(CYCLE.key, channel_name(inbox.url), now_ms=now_ms())
    restarted = Alerter(store, config(inbox.url), clock=now_ms)
    task = asyncio.create_task(restarted.run())
    await wait_until(lambda: len(inbox.posts) == 1)
    await restarted.aclose(5.0)
    assert task.done()
    assert restarted.queue.deliveries(CYCLE.key)[0].state == DELIVERED


async def test_channel_added_later_gets_unexpired_alerts(inbox: Inbox, store: Store) -> None:
    first = Alerter(store, config(), clock=now_ms)  # no channels yet
    assert first.raise_event(CYCLE)
    assert first.queue.deliveries(CYCLE.key) == []
    second = Alerter(store, config(inbox.url, language="en"), clock=now_ms)
    task = asyncio.create_task(second.run())
    await wait_until(lambda: len(inbox.posts) == 1)
    await second.aclose(5.0)
    assert task.done()
    assert inbox.posts[0]["title"] == "A busy day, then a harder one: Monday 16 March 2026"


def test_retry_backoff_is_capped_exponential() -> None:
    assert [retry_delay_s(n, 30.0, 3600.0) for n in (1, 2, 3, 4)] == [30.0, 60.0, 120.0, 240.0]
    assert retry_delay_s(8, 30.0, 3600.0) == 3600.0
    assert retry_delay_s(10_000, 30.0, 3600.0) == 3600.0


def test_unknown_apprise_url_is_a_config_error(caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level(logging.DEBUG),
        pytest.raises(ConfigError, match=r"alerts\.apprise_urls\[1\]: .*nosuchservice://"),
    ):
        check_urls(["json://127.0.0.1/x", "nosuchservice://t0ken@host"])
    assert "t0ken" not in caplog.text
    check_urls(["ntfys://ntfy.sh/topic", "mailto://u:p@example.org"])
    with pytest.raises(ConfigError, match=r"apprise_urls\[0\]: .* is not a URL"):
        config("just-text")
    with pytest.raises(ConfigError, match=r"therapist_urls\[0\]: .* is not a URL"):
        config(therapist_urls=["kine@example.org"])
    with pytest.raises(ConfigError, match=r"alerts\.therapist_urls\[0\]: .*nosuchservice://"):
        check_urls(["nosuchservice://host"], "therapist_urls")
    with pytest.raises(ConfigError, match=r"therapist_language: must be one of nl, en"):
        config(therapist_language="fr")


async def test_unknown_apprise_url_is_not_retried(store: Store) -> None:
    alerter = Alerter(store, config("nosuchservice://s3cr3t@host"), clock=now_ms)
    task = asyncio.create_task(alerter.run())
    assert alerter.raise_event(CYCLE)
    await wait_until(lambda: alerter.queue.deliveries(CYCLE.key)[0].state == EXPIRED)
    await alerter.aclose(5.0)
    assert task.done()
    (row,) = alerter.queue.deliveries(CYCLE.key)
    assert row.attempts == 1
    assert "apprise does not understand nosuchservice://host/…" in row.last_error
    assert "s3cr3t" not in row.last_error


def test_apprise_stays_out_of_the_daemon(tmp_path: Path) -> None:
    # apprise's plugins cost ~25 MB and numpy ~12 MB: neither may load in the daemon.
    code = f"""
import sys, time
from tracker.alerts.alerter import Alerter
from tracker.alerts.hubstate import build_hub_state
from tracker.config import parse_config
from tracker.store.sqlite import Store
cfg = parse_config({{"alerts": {{"apprise_urls": ["json://127.0.0.1:1/x"],
                                "mqtt": {{"host": "127.0.0.1"}}}}}})
store = Store.create({str(tmp_path / "d")!r})
alerter = Alerter(store, cfg, clock=lambda: 0)
build_hub_state(store, cfg, now_ms=int(time.time() * 1000))
print(sorted(m for m in ("apprise", "numpy", "scipy", "matplotlib") if m in sys.modules))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


async def test_unreadable_stored_alert_does_not_block_the_others(
    inbox: Inbox, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    now = now_ms()
    queue = AlertQueue(store)
    name = channel_name(inbox.url)
    with store.transaction() as db:  # as an incompatible version might have left it
        db.execute(
            "INSERT INTO alert VALUES ('cycle:old', 'boom_bust', '{}', ?, ?)", (now, now + 10**6)
        )
        db.execute(
            "INSERT INTO alert_delivery VALUES ('cycle:old', ?, 'pending', 0, ?, '', ?)",
            (name, now, now),
        )
    assert queue.enqueue(CYCLE, [name], now_ms=now + 1, expires_ms=now + 10**6)
    dispatcher = Dispatcher(
        queue,
        [AppriseChannel(inbox.url, index=0, timeout_s=2.0)],
        clock=now_ms,
        render=lambda e, audience: render(e, "nl", None, audience),
        retry_initial_s=0.05,
        retry_max_s=0.2,
    )
    with caplog.at_level(logging.ERROR, logger="tracker.alerts.delivery"):
        await dispatcher.deliver_due()
    assert "alert cycle:old cannot be sent" in caplog.text
    states = {r.key: r.state for r in queue.deliveries()}
    assert states == {"cycle:old": EXPIRED, CYCLE.key: DELIVERED}
    assert len(inbox.posts) == 1


async def test_alerts_queued_by_the_day_end_process_go_out_on_wake(
    inbox: Inbox, tmp_path: Path
) -> None:
    # The daemon's Alerter runs; the day-end job (a child process with its own connection
    # to the same file) queues an alert and the daemon wakes its Alerter.
    daemon_store = Store.create(tmp_path / "shared")
    alerter = Alerter(daemon_store, config(inbox.url), clock=now_ms)
    task = asyncio.create_task(alerter.run())
    await asyncio.sleep(0.2)  # first pass done, now idle for up to a minute
    job_store = Store.create(tmp_path / "shared")
    assert Alerter(job_store, config(inbox.url), clock=now_ms).raise_event(CYCLE)
    job_store.close()
    alerter.wake()
    await wait_until(lambda: len(inbox.posts) == 1, timeout_s=3.0)
    await alerter.aclose(5.0)
    assert task.done()
    daemon_store.close()


async def test_push_messages_wait_for_the_end_of_the_quiet_hours(
    inbox: Inbox, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    brussels = ZoneInfo("Europe/Brussels")
    store = Store.create(tmp_path / "q", tz=brussels)
    # The day-end job finds the cycle at 00:20 local time.
    night = int(datetime(2026, 3, 20, 0, 20, tzinfo=brussels).timestamp() * 1000)
    morning = int(datetime(2026, 3, 20, 8, 0, tzinfo=brussels).timestamp() * 1000)
    clock = [night]
    cfg = parse_config(
        {
            "tracker": {"timezone": "Europe/Brussels"},
            "alerts": {"apprise_urls": [inbox.url], "quiet_hours": "22:00-08:00"},
        }
    )
    alerter = Alerter(store, cfg, clock=lambda: clock[0])
    assert alerter.raise_event(CYCLE)
    assert await alerter.dispatcher.deliver_due() == morning
    (row,) = alerter.queue.deliveries()
    assert (row.state, row.attempts, row.next_try_ms) == (PENDING, 0, morning)
    assert inbox.posts == []
    clock[0] = morning - 1
    await alerter.dispatcher.deliver_due()
    assert inbox.posts == []
    clock[0] = morning
    await alerter.dispatcher.deliver_due()
    assert len(inbox.posts) == 1
    assert alerter.queue.deliveries()[0].state == DELIVERED
    store.close()
