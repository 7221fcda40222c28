"""Home Assistant's relaxation buttons against a real mosquitto broker: discovery as HA
reads it, a press starts and stops an exercise in the store, and the running-exercise
sensor follows."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import jinja2
import pytest

from tests.fixtures_mosquitto import Mosquitto, Subscriber
from tests.test_alerts_mqtt import WAIT_S, make_config, wait_until
from tracker.alerts.alerter import Alerter
from tracker.store.relaxation import relaxations, running
from tracker.store.sqlite import Store

pytestmark = pytest.mark.slow

MINUTE_MS = 60_000


async def test_buttons_start_and_stop_an_exercise(mosquitto: Mosquitto, tmp_path: Path) -> None:
    clock = [time.time_ns() // 1_000_000]
    store = Store.create(tmp_path / "data")
    alerter = Alerter(store, make_config(mosquitto.port), clock=lambda: clock[0])
    task = asyncio.create_task(alerter.run())
    assert alerter.mqtt is not None and await alerter.mqtt.wait_connected(WAIT_S)
    ha = await asyncio.to_thread(
        Subscriber, mosquitto.port, ["homeassistant/#", "tracker/an/state"]
    )
    configs = (
        "homeassistant/button/tracker_an/relaxation_start/config",
        "homeassistant/button/tracker_an/relaxation_stop/config",
        "homeassistant/binary_sensor/tracker_an/relaxation/config",
    )
    # The broker hands over retained messages in its own order: wait for all three.
    await wait_until(lambda: all(len(ha.on(topic)) == 1 for topic in configs))
    start_cfg = json.loads(ha.on("homeassistant/button/tracker_an/relaxation_start/config")[0])
    stop_cfg = json.loads(ha.on("homeassistant/button/tracker_an/relaxation_stop/config")[0])
    sensor = json.loads(ha.on("homeassistant/binary_sensor/tracker_an/relaxation/config")[0])
    assert (
        start_cfg["command_topic"] == stop_cfg["command_topic"] == "tracker/an/command/relaxation"
    )
    assert (start_cfg["payload_press"], stop_cfg["payload_press"]) == ("start", "stop")
    assert start_cfg["unique_id"] != stop_cfg["unique_id"]
    assert start_cfg["availability_topic"] == "tracker/an/availability"

    def sensor_state() -> str | None:
        states = ha.on("tracker/an/state")
        if not states:
            return None
        template = jinja2.Environment().from_string(sensor["value_template"])
        return template.render(value_json=json.loads(states[-1]))

    await wait_until(lambda: sensor_state() == "OFF")
    # Home Assistant presses "start", as its button does: publish the payload.
    ha.client.publish(
        start_cfg["command_topic"], start_cfg["payload_press"], qos=1
    ).wait_for_publish()
    await wait_until(lambda: running(store) is not None)
    await wait_until(lambda: sensor_state() == "ON")
    clock[0] += 12 * MINUTE_MS
    ha.client.publish(
        stop_cfg["command_topic"], stop_cfg["payload_press"], qos=1
    ).wait_for_publish()
    await wait_until(lambda: running(store) is None)
    (done,) = relaxations(store)
    assert done.minutes == 12.0 and done.kind == "other"
    await wait_until(lambda: sensor_state() == "OFF")
    # Anything else on the topic is ignored (and logged), and changes nothing.
    ha.client.publish(start_cfg["command_topic"], "x" * 500, qos=1).wait_for_publish()
    await asyncio.sleep(0.3)
    assert running(store) is None and len(relaxations(store)) == 1
    ha.close()
    await alerter.aclose(5.0)
    assert task.done()
    store.close()
