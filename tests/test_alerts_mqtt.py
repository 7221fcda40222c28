"""MQTT and Home Assistant discovery against a real mosquitto broker."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import time
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest

from tests.fixtures_mosquitto import (
    AUTH_PASSWORD,
    AUTH_USER,
    Mosquitto,
    Subscriber,
)
from tracker.alerts import CycleConfirmed, DayNumbers, DeviceState, HubState
from tracker.alerts.alerter import Alerter
from tracker.config import Config, parse_config
from tracker.domain.errors import ConfigError
from tracker.store.alert_queue import DELIVERED, PENDING
from tracker.store.sqlite import Store

# Slow: a real mosquitto broker.
pytestmark = pytest.mark.slow


WAIT_S = 10.0


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def make_config(port: int, **mqtt: Any) -> Config:
    return parse_config(
        {
            "tracker": {"person": "An"},
            "devices": [{"id": "watch", "name": "InfiniTime"}],
            "alerts": {
                "language": "nl",
                "retry_initial_s": 0.05,
                "retry_max_s": 0.2,
                "mqtt": {
                    "host": "127.0.0.1",
                    "port": port,
                    "reconnect_min_s": 1,
                    "reconnect_max_s": 1,
                    "puback_timeout_s": 2.0,
                    **mqtt,
                },
            },
        }
    )


def cycle(boom: date, bust: date) -> CycleConfirmed:
    return CycleConfirmed("An", (DayNumbers(boom, 96.0, 48.0),), (DayNumbers(bust, 21.0, 48.0),))


def running_alerter(data: Path, config: Config) -> tuple[Store, Alerter, asyncio.Task[None]]:
    """The daemon's Alerter on the store in ``data``, started."""
    store = Store.create(data)
    alerter = Alerter(store, config, clock=now_ms)
    return store, alerter, asyncio.create_task(alerter.run())


async def wait_until(check: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


@pytest.fixture
async def running(
    mosquitto: Mosquitto, tmp_path: Path
) -> AsyncIterator[tuple[Alerter, Mosquitto, Store]]:
    store, alerter, task = running_alerter(tmp_path / "data", make_config(mosquitto.port))
    assert alerter.mqtt is not None
    assert await alerter.mqtt.wait_connected(WAIT_S)
    # run() publishes today's numbers from the (empty) store first; wait for that.
    await wait_until(lambda: alerter.last_state is not None)
    assert alerter.last_state is not None and alerter.last_state.steps_today == 0
    yield alerter, mosquitto, store
    await alerter.aclose(5.0)
    assert task.done()
    store.close()


async def subscribe(port: int, *topics: str, **kw: str) -> Subscriber:
    return await asyncio.to_thread(Subscriber, port, list(topics), **kw)


async def test_discovery_is_retained_and_states_render_in_home_assistant(
    running: tuple[Alerter, Mosquitto, Store],
) -> None:
    alerter, broker, _ = running
    live = await subscribe(broker.port, "tracker/#")
    state = HubState(
        steps_today=4321,
        active_minutes_today=37,
        baseline_minutes=48.0,
        day_type="normal",
        plan_adherence_percent=92.5,
        devices=(DeviceState("watch", True, 81),),
    )
    alerter.publish_state(state)
    await wait_until(
        lambda: any(m["steps_today"] == 4321 for m in live.json_on("tracker/an/state"))
    )
    assert await live.until("tracker/an/device/watch/state")
    live.close()

    # A Home Assistant that starts later still finds every entity and the last state.
    fresh = await subscribe(broker.port, "homeassistant/#", "tracker/#")
    await wait_until(lambda: len(fresh.on("tracker/an/state")) == 1)
    await asyncio.sleep(0.2)  # let the rest of the retained burst arrive
    retained = {t: json.loads(p) for t, p, r in fresh.messages if r and t.endswith("/config")}
    fresh.close()
    assert all(r for t, _, r in fresh.messages), "everything received on subscribe is retained"
    expected = {
        "homeassistant/sensor/tracker_an/steps_today/config",
        "homeassistant/sensor/tracker_an/active_minutes_today/config",
        "homeassistant/sensor/tracker_an/baseline_minutes/config",
        "homeassistant/sensor/tracker_an/day_type/config",
        "homeassistant/sensor/tracker_an/plan_adherence_percent/config",
        "homeassistant/sensor/tracker_an/watch_battery/config",
        "homeassistant/binary_sensor/tracker_an/watch_connected/config",
        "homeassistant/event/tracker_an/alert/config",
        "homeassistant/button/tracker_an/relaxation_start/config",
        "homeassistant/button/tracker_an/relaxation_stop/config",
        "homeassistant/binary_sensor/tracker_an/relaxation/config",
    }
    assert set(retained) == expected
    unique_ids = [c["unique_id"] for c in retained.values()]
    assert len(set(unique_ids)) == len(unique_ids)
    for c in retained.values():
        assert c["availability_topic"] == "tracker/an/availability"
        assert c["device"]["identifiers"] == ["tracker_an"]
    event = retained["homeassistant/event/tracker_an/alert/config"]
    assert "boom_bust" in event["event_types"]
    assert event["state_topic"] == "tracker/an/event"
    assert fresh.on("tracker/an/availability") == [b"online"]

    # Render each sensor's template as Home Assistant would, on what it received.
    env = jinja2.Environment()
    payloads = {t: json.loads(p) for t, p, _ in fresh.messages if t.startswith("tracker/an/")
                and t.endswith("/state")}  # fmt: skip

    def rendered(object_id: str, component: str = "sensor") -> str:
        c = retained[f"homeassistant/{component}/tracker_an/{object_id}/config"]
        template = env.from_string(c["value_template"])
        return template.render(value_json=payloads[c["state_topic"]])

    assert rendered("steps_today") == "4321"
    assert rendered("active_minutes_today") == "37"
    assert rendered("baseline_minutes") == "48.0"
    # Home Assistant shows the kind of day in the alerts' language (nl), never its code;
    # the published state keeps the code for automations.
    day_type = retained["homeassistant/sensor/tracker_an/day_type/config"]
    assert rendered("day_type") == "binnen je grenzen" in day_type["options"]
    assert payloads["tracker/an/state"]["day_type"] == "normal"
    assert day_type["name"] == "Soort dag"
    assert retained["homeassistant/sensor/tracker_an/baseline_minutes/config"]["name"] == (
        "Je gewone activiteit"
    )
    assert rendered("plan_adherence_percent") == "92.5"
    assert rendered("watch_battery") == "81"
    assert rendered("watch_connected", "binary_sensor") == "ON"

    # States are updated in place (retained: the newest one wins).
    live2 = await subscribe(broker.port, "tracker/an/state")
    alerter.publish_state(HubState(steps_today=5000, active_minutes_today=44, day_type="boom"))
    got = await live2.until("tracker/an/state", count=2)
    live2.close()
    assert json.loads(got[-1])["steps_today"] == 5000
    assert json.loads(got[-1])["day_type"] == "boom"


async def test_boom_bust_event_published_exactly_once_across_restart(
    mosquitto: Mosquitto, tmp_path: Path
) -> None:
    sub = await subscribe(mosquitto.port, "tracker/an/event")
    first = cycle(date(2026, 3, 16), date(2026, 3, 18))

    store, alerter, task = running_alerter(tmp_path / "data", make_config(mosquitto.port))
    assert alerter.raise_event(first)
    got = await sub.until("tracker/an/event")
    assert len(got) == 1
    await alerter.aclose(5.0)
    assert task.done()
    store.close()

    # The daemon restarts on the same database and the analysis reports the cycle again.
    store, alerter, task = running_alerter(tmp_path / "data", make_config(mosquitto.port))
    assert alerter.mqtt is not None and await alerter.mqtt.wait_connected(WAIT_S)
    assert not alerter.raise_event(first)
    # A new cycle still goes out: the second daemon delivers, it just does not repeat.
    second = cycle(date(2026, 3, 23), date(2026, 3, 25))
    assert alerter.raise_event(second)
    got = await sub.until("tracker/an/event", count=2)
    await asyncio.sleep(0.3)  # room for a wrongful duplicate to arrive
    await alerter.aclose(5.0)
    store.close()
    events = sub.json_on("tracker/an/event")
    sub.close()
    assert [e["id"] for e in events] == [first.key, second.key]
    e = events[0]
    assert e["event_type"] == "boom_bust"
    assert e["boom_days"] == [
        {"date": "2026-03-16", "active_minutes": 96.0, "baseline_minutes": 48.0}
    ]
    assert e["bust_days"][0]["date"] == "2026-03-18"
    assert "maandag 16 maart 2026" in e["title"]
    assert "96 actieve minuten" in e["message"]


async def test_alert_waits_for_a_broker_that_is_down_and_survives_a_restart(
    mosquitto: Mosquitto, tmp_path: Path
) -> None:
    store, alerter, task = running_alerter(tmp_path / "data", make_config(mosquitto.port))
    assert alerter.mqtt is not None and await alerter.mqtt.wait_connected(WAIT_S)
    mosquitto.stop()
    await wait_until(lambda: alerter.mqtt is not None and not alerter.mqtt.connected)
    event = cycle(date(2026, 3, 2), date(2026, 3, 4))
    assert alerter.raise_event(event)
    await wait_until(lambda: alerter.queue.deliveries(event.key)[0].attempts >= 2)
    row = alerter.queue.deliveries(event.key)[0]
    assert row.state == PENDING
    assert "not connected" in row.last_error
    # The hub restarts while the broker is still down: the alert is not lost.
    await alerter.aclose(2.0)
    assert task.done()
    store.close()

    store, alerter, task = running_alerter(tmp_path / "data", make_config(mosquitto.port))
    await asyncio.sleep(0.3)
    mosquitto.start()  # same port, empty broker: nothing retained survived
    sub = await subscribe(mosquitto.port, "tracker/an/event", "homeassistant/#")
    got = await sub.until("tracker/an/event")
    await wait_until(lambda: alerter.queue.deliveries(event.key)[0].state == DELIVERED)
    # Discovery is republished on reconnect, so the new broker knows the entities again.
    assert await sub.until("homeassistant/event/tracker_an/alert/config")
    await asyncio.sleep(0.3)
    await alerter.aclose(5.0)
    store.close()
    assert len(sub.on("tracker/an/event")) == 1
    sub.close()
    assert json.loads(got[0])["id"] == event.key


async def test_username_and_password_file(mosquitto_auth: Mosquitto, tmp_path: Path) -> None:
    secret = tmp_path / "mqtt-password"
    secret.write_text(AUTH_PASSWORD + "\n")
    os.chmod(secret, 0o600)
    config = make_config(mosquitto_auth.port, username=AUTH_USER, password_file=str(secret))
    store, alerter, task = running_alerter(tmp_path / "data", config)
    assert alerter.mqtt is not None and await alerter.mqtt.wait_connected(WAIT_S)
    sub = await subscribe(
        mosquitto_auth.port, "tracker/an/event", username=AUTH_USER, password=AUTH_PASSWORD
    )
    assert alerter.raise_event(cycle(date(2026, 3, 9), date(2026, 3, 10)))
    assert len(await sub.until("tracker/an/event")) == 1
    sub.close()
    await alerter.aclose(5.0)
    assert task.done()

    # A wrong password is refused by the broker and reported, not retried into success.
    bad = make_config(mosquitto_auth.port, username=AUTH_USER, password="wrong")
    alerter = Alerter(store, bad, clock=now_ms)
    task = asyncio.create_task(alerter.run())
    assert alerter.mqtt is not None
    assert not await alerter.mqtt.wait_connected(1.5)
    assert alerter.mqtt.last_connect_error
    await alerter.aclose(2.0)
    store.close()


async def test_tls_with_a_private_ca(mosquitto_tls: Mosquitto, tmp_path: Path) -> None:
    ca = str(mosquitto_tls.ca_file)
    store, alerter, task = running_alerter(
        tmp_path / "data", make_config(mosquitto_tls.port, tls=True, ca_file=ca)
    )
    assert alerter.mqtt is not None and await alerter.mqtt.wait_connected(WAIT_S)
    sub = await subscribe(mosquitto_tls.port, "tracker/an/event", ca_file=ca)
    assert alerter.raise_event(cycle(date(2026, 3, 9), date(2026, 3, 10)))
    assert len(await sub.until("tracker/an/event")) == 1
    sub.close()
    await alerter.aclose(5.0)
    assert task.done()
    store.close()


# paho-mqtt does not close its SSL socket when the handshake fails (_ssl_wrap_socket);
# the garbage collector does, with a ResourceWarning. Collected here so it cannot land in
# another test, and ignored for this one test only.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <ssl.SSLSocket:pytest.PytestUnraisableExceptionWarning"
)
async def test_tls_refuses_an_untrusted_broker(mosquitto_tls: Mosquitto, tmp_path: Path) -> None:
    store = Store.create(tmp_path / "data")
    # Without the private CA the broker's certificate is not trusted: no connection.
    untrusted = Alerter(store, make_config(mosquitto_tls.port, tls=True), clock=now_ms)
    task = asyncio.create_task(untrusted.run())
    assert untrusted.mqtt is not None
    assert not await untrusted.mqtt.wait_connected(1.0)
    assert "over TLS" in untrusted.mqtt.last_connect_error
    await untrusted.aclose(2.0)
    assert task.done()
    store.close()
    del untrusted
    gc.collect()


def test_password_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "mqtt-password"
    secret.write_text("x\n")
    os.chmod(secret, 0o644)
    with pytest.raises(ConfigError, match=r"alerts\.mqtt\.password_file: .*chmod 600"):
        make_config(1883, username="hub", password_file=str(secret))
