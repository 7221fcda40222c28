"""MQTT with Home Assistant discovery: sensors for today's numbers, an event for alerts.

Topics (``B`` = ``<base_topic>/<person>``, ``P`` = ``<discovery_prefix>``):

- ``P/sensor/<node>/<object>/config``, ``P/binary_sensor/…``, ``P/event/<node>/alert/config``:
  discovery, retained, published on every (re)connect so a fresh Home Assistant finds them;
- ``B/availability``: ``online`` (retained) on connect, ``offline`` on a clean stop and as
  the broker's last will when the hub disappears;
- ``B/state`` and ``B/device/<id>/state``: retained JSON, republished on reconnect;
- ``B/event``: one QoS 1, not retained message per alert (a retained event would fire
  again whenever Home Assistant resubscribes), ``{"event_type": "boom_bust", "id": …}``;
- ``B/command/relaxation``: what Home Assistant's two buttons send (``start``, ``stop``) to
  start and stop a relaxation exercise; subscribed on every connect, handed to
  ``on_command`` (the daemon records it), never retained.

paho-mqtt runs its network loop in its own thread and reconnects by itself; the event
loop only hands it messages. An alert counts as delivered when the broker acknowledged
it (PUBACK); while the broker is away, alerts stay in the persisted queue, not in paho's
memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

import tracker
from tracker.alerts.delivery import DeliveryFailed, QueuedAlert
from tracker.alerts.events import EVENT_TYPES, Audience
from tracker.alerts.state import DAY_TYPES, DeviceState, HubState
from tracker.alerts.texts import AlertText, text
from tracker.config.alerts import MqttConfig

log = logging.getLogger(__name__)

CHANNEL_NAME = "mqtt"
ONLINE, OFFLINE = "online", "offline"
# MQTT keep-alive: the broker notices a vanished hub (and sends its will) within 1.5x this.
KEEPALIVE_S = 60
# A clean stop waits this long for the "offline" message to reach the broker.
OFFLINE_PUBLISH_TIMEOUT_S = 2.0
_SLUG_RE = re.compile(r"[^a-z0-9_]+")
# A command is one short word; anything longer is cut before it is looked at.
MAX_COMMAND_BYTES = 32
# Home Assistant's buttons for a relaxation exercise: (object id, name key, payload, icon).
RELAXATION_BUTTONS = (
    ("relaxation_start", "ha_relax_start", "start", "mdi:meditation"),
    ("relaxation_stop", "ha_relax_stop", "stop", "mdi:stop-circle-outline"),
)


def slug(text: str) -> str:
    """A topic- and id-safe word: lowercase letters, digits and underscores."""
    return _SLUG_RE.sub("_", text.lower()).strip("_") or "x"


def _sensor(
    name: str, key: str, *, unit: str | None = None, **extra: Any
) -> tuple[str, dict[str, Any]]:
    config: dict[str, Any] = {"name": name, "value_template": f"{{{{ value_json.{key} }}}}"}
    if unit:
        config["unit_of_measurement"] = unit
    config.update(extra)
    return key, config


def _day_type_template(lang: str) -> str:
    """The day type in the person's words (``piekdag``), not its code (``boom``); the
    published state keeps the code for automations. Unknown renders "None": no state."""
    words = ", ".join(f"'{d}': '{text(lang, f'ha_day_{d}')}'" for d in DAY_TYPES)
    return f"{{{{ {{{words}}}.get(value_json.day_type) }}}}"


def state_sensors(lang: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    """Today's numbers, all read from B/state, named in ``lang`` (the alerts' language)."""
    return (
        _sensor(text(lang, "ha_steps_today"), "steps_today", unit="steps",
                state_class="total_increasing", icon="mdi:walk"),
        _sensor(text(lang, "ha_active_minutes_today"), "active_minutes_today", unit="min",
                device_class="duration", state_class="measurement"),
        # The 28-day median: "je gewone activiteit", not the plan's baseline.
        _sensor(text(lang, "ha_usual_minutes"), "baseline_minutes", unit="min",
                device_class="duration", state_class="measurement"),
        _sensor(text(lang, "ha_day_type"), "day_type", device_class="enum",
                options=[text(lang, f"ha_day_{d}") for d in DAY_TYPES],
                value_template=_day_type_template(lang)),
        _sensor(text(lang, "ha_plan_percent"), "plan_adherence_percent", unit="%",
                state_class="measurement", icon="mdi:chart-line"),
    )  # fmt: skip


class MqttTopics:
    def __init__(self, config: MqttConfig, person: str) -> None:
        self.node = slug(f"tracker_{person}")
        self.base = f"{config.base_topic}/{slug(person)}"
        self.prefix = config.discovery_prefix
        self.availability = f"{self.base}/availability"
        self.state = f"{self.base}/state"
        self.event = f"{self.base}/event"
        self.relaxation_command = f"{self.base}/command/relaxation"

    def device_state(self, device: str) -> str:
        return f"{self.base}/device/{slug(device)}/state"

    def config(self, component: str, object_id: str) -> str:
        return f"{self.prefix}/{component}/{self.node}/{object_id}/config"


class MqttChannel:
    """The broker connection, the Home Assistant entities and the alert channel."""

    def __init__(self, config: MqttConfig, *, person: str, lang: str = "nl") -> None:
        import paho.mqtt.client as mqtt  # heavy: only when MQTT is configured
        from paho.mqtt.enums import CallbackAPIVersion

        self.config = config
        self.person = person
        self.lang = lang  # Home Assistant's entity names: the alerts' language
        self.topics = MqttTopics(config, person)
        self._mqtt: Any = mqtt
        self._client: Any = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=config.client_id or f"tracker-{slug(person)}",
        )
        if config.username:
            self._client.username_pw_set(config.username, config.resolved_password())
        if config.tls:
            self._client.tls_set(ca_certs=config.ca_file or None)
        self._client.will_set(self.topics.availability, OFFLINE, qos=1, retain=True)
        self._client.reconnect_delay_set(config.reconnect_min_s, config.reconnect_max_s)
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_connect_fail = self._on_connect_fail
        # Retained messages to (re)publish on every connect: discovery, then states.
        # Written from the event loop, read from paho's thread: guarded by the lock.
        self._lock = threading.Lock()
        self._discovery: dict[str, str] = {}
        self._states: dict[str, str] = {}
        self._devices: set[str] = set()
        self._connected = threading.Event()
        self._started = False
        self.last_connect_error = ""
        # Called from paho's thread after each successful (re)connect.
        self.on_connected: Callable[[], None] | None = None
        # Called from paho's thread with each relaxation command ("start", "stop").
        self.on_command: Callable[[str], None] | None = None
        self._client.on_message = self._on_message
        self._add_hub_discovery()

    @property
    def name(self) -> str:
        return CHANNEL_NAME

    @property
    def waits_for_quiet_hours(self) -> bool:
        return False  # Home Assistant's automations decide what happens at night

    @property
    def audience(self) -> Audience:
        return Audience.PATIENT  # the household's own Home Assistant

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    # -- discovery -------------------------------------------------------------------------

    def _device_block(self) -> dict[str, Any]:
        return {
            "identifiers": [self.topics.node],
            "name": f"Tracker {self.person}",
            "manufacturer": "tracker (open source)",
            "model": "pacing hub",
            "sw_version": tracker.__version__,
        }

    def _entity(self, object_id: str, config: dict[str, Any], state_topic: str) -> str:
        body = {
            **config,
            "unique_id": f"{self.topics.node}_{object_id}",
            "state_topic": state_topic,
            "availability_topic": self.topics.availability,
            "device": self._device_block(),
            "origin": {"name": "tracker", "sw_version": tracker.__version__},
        }
        return json.dumps(body, sort_keys=True)

    def _add_hub_discovery(self) -> None:
        for object_id, config in state_sensors(self.lang):
            topic = self.topics.config("sensor", object_id)
            self._discovery[topic] = self._entity(object_id, config, self.topics.state)
        event_config = {
            "name": text(self.lang, "ha_alert"),
            "event_types": sorted(EVENT_TYPES),
            "icon": "mdi:bell-ring",
        }
        self._discovery[self.topics.config("event", "alert")] = self._entity(
            "alert", event_config, self.topics.event
        )
        # Ontspanningsoefeningen: two buttons and whether one is running now.
        for object_id, name, payload, icon in RELAXATION_BUTTONS:
            self._discovery[self.topics.config("button", object_id)] = self._button(
                object_id, text(self.lang, name), payload, icon
            )
        running = {
            "name": text(self.lang, "ha_relax_running"),
            "payload_on": "ON",
            "payload_off": "OFF",
            "value_template": "{{ value_json.relaxation }}",
            "icon": "mdi:meditation",
        }
        self._discovery[self.topics.config("binary_sensor", "relaxation")] = self._entity(
            "relaxation", running, self.topics.state
        )

    def _button(self, object_id: str, name: str, payload: str, icon: str) -> str:
        """A Home Assistant button: pressing it publishes ``payload`` to the command topic."""
        body = {
            "name": name,
            "icon": icon,
            "unique_id": f"{self.topics.node}_{object_id}",
            "command_topic": self.topics.relaxation_command,
            "payload_press": payload,
            "qos": 1,
            "retain": False,
            "availability_topic": self.topics.availability,
            "device": self._device_block(),
            "origin": {"name": "tracker", "sw_version": tracker.__version__},
        }
        return json.dumps(body, sort_keys=True)

    def _add_device_discovery(self, device: str) -> list[tuple[str, str]]:
        """Discovery for one wearable's battery and connection; returns new messages."""
        d = slug(device)
        state_topic = self.topics.device_state(device)
        battery = {
            "name": text(self.lang, "ha_battery", device=device),
            "device_class": "battery",
            "unit_of_measurement": "%",
            "state_class": "measurement",
            "value_template": "{{ value_json.battery }}",
        }
        connection = {
            "name": text(self.lang, "ha_connected", device=device),
            "device_class": "connectivity",
            "payload_on": "ON",
            "payload_off": "OFF",
            "value_template": "{{ value_json.connected }}",
        }
        new = [
            (self.topics.config("sensor", f"{d}_battery"),
             self._entity(f"{d}_battery", battery, state_topic)),
            (self.topics.config("binary_sensor", f"{d}_connected"),
             self._entity(f"{d}_connected", connection, state_topic)),
        ]  # fmt: skip
        self._discovery.update(new)
        return new

    def add_devices(self, devices: Sequence[str]) -> None:
        """Announce these wearables (the configured allowlist) on the next connect."""
        with self._lock:
            for device in devices:
                if device not in self._devices:
                    self._devices.add(device)
                    self._add_device_discovery(device)

    # -- connection ------------------------------------------------------------------------

    def start(self) -> None:
        """Connect in paho's thread; it keeps reconnecting with its capped backoff."""
        if self._started:
            return
        self._started = True
        self._client.connect_async(self.config.host, self.config.port, keepalive=KEEPALIVE_S)
        self._client.loop_start()

    async def stop(self) -> None:
        """Say "offline" (retained), disconnect and join paho's thread."""
        if not self._started:
            return
        self._started = False
        if self.connected:
            info = self._client.publish(self.topics.availability, OFFLINE, qos=1, retain=True)
            await asyncio.to_thread(_wait_quietly, info, OFFLINE_PUBLISH_TIMEOUT_S)
        self._client.disconnect()
        await asyncio.to_thread(self._client.loop_stop)
        # paho-mqtt 2.2 leaves the socket pair that wakes its thread open after loop_stop
        # and closes it in __del__; when the client dies in a reference cycle the garbage
        # collector may finalise those sockets first (a ResourceWarning). loop_start makes
        # a new pair, so closing it here is safe.
        reset_sockets = getattr(self._client, "_reset_sockets", None)
        if reset_sockets is not None:
            reset_sockets(sockpair_only=True)
        self._connected.clear()

    async def wait_connected(self, timeout_s: float) -> bool:
        return await asyncio.to_thread(self._connected.wait, timeout_s)

    def _on_connect(
        self, client: Any, userdata: Any, flags: Any, reason_code: Any, properties: Any
    ) -> None:
        # paho's thread. Publishing from here is safe: paho queues under its own lock.
        if reason_code.is_failure:
            self.last_connect_error = str(reason_code)
            log.warning("MQTT broker %s refused the connection: %s", self.config.host, reason_code)
            return
        with self._lock:
            retained = [*self._discovery.items(), *self._states.items()]
        for topic, payload in retained:
            client.publish(topic, payload, qos=1, retain=True)
        client.publish(self.topics.availability, ONLINE, qos=1, retain=True)
        client.subscribe(self.topics.relaxation_command, qos=1)
        self.last_connect_error = ""
        self._connected.set()
        log.info("MQTT connected to %s:%d", self.config.host, self.config.port)
        if self.on_connected is not None:
            self.on_connected()

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        # paho's thread: only the relaxation command topic is subscribed.
        if message.topic != self.topics.relaxation_command or self.on_command is None:
            return
        command = bytes(message.payload[:MAX_COMMAND_BYTES]).decode("utf-8", "replace").strip()
        self.on_command(command.lower())

    def _on_connect_fail(self, client: Any, userdata: Any) -> None:
        # Network or TLS failure before MQTT's CONNACK; paho retries with its backoff.
        self.last_connect_error = f"cannot reach {self.config.host}:{self.config.port}" + (
            " over TLS (check ca_file and the broker's certificate)" if self.config.tls else ""
        )
        log.debug("MQTT: %s", self.last_connect_error)

    def _on_disconnect(
        self, client: Any, userdata: Any, flags: Any, reason_code: Any, properties: Any
    ) -> None:
        self._connected.clear()
        if reason_code.is_failure:
            log.info("MQTT connection to %s lost (%s); reconnecting", self.config.host, reason_code)

    # -- states and alerts ---------------------------------------------------------------

    def publish_state(self, state: HubState) -> None:
        """Remember and (when connected) publish the state, retained. Never blocks."""
        messages = [(self.topics.state, json.dumps(state.to_json(), sort_keys=True))]
        messages += [self._device_state(d) for d in state.devices]
        with self._lock:
            new_discovery: list[tuple[str, str]] = []
            for d in state.devices:
                if d.device not in self._devices:
                    self._devices.add(d.device)
                    new_discovery += self._add_device_discovery(d.device)
            self._states.update(messages)
        if self.connected:
            for topic, payload in [*new_discovery, *messages]:
                self._client.publish(topic, payload, qos=1, retain=True)

    def _device_state(self, d: DeviceState) -> tuple[str, str]:
        return self.topics.device_state(d.device), json.dumps(d.to_json(), sort_keys=True)

    async def send(self, alert: QueuedAlert, text: AlertText) -> None:
        if not self.connected:
            raise DeliveryFailed(f"MQTT broker {self.config.host} not connected")
        payload = {
            "event_type": alert.event.kind,
            "id": alert.key,
            "title": text.title,
            "message": text.body,
            **alert.event.to_json(),
        }
        info = self._client.publish(
            self.topics.event, json.dumps(payload, ensure_ascii=False), qos=1, retain=False
        )
        if info.rc != self._mqtt.MQTT_ERR_SUCCESS:
            raise DeliveryFailed(f"MQTT publish refused: {self._mqtt.error_string(info.rc)}")
        await asyncio.to_thread(_wait_quietly, info, self.config.puback_timeout_s)
        if not _published(info):
            raise DeliveryFailed(
                f"MQTT broker gave no PUBACK within {self.config.puback_timeout_s:g} s"
            )


def _wait_quietly(info: Any, timeout_s: float) -> None:
    """``wait_for_publish`` that reports failure through ``is_published`` only."""
    with contextlib.suppress(RuntimeError, ValueError):
        info.wait_for_publish(timeout_s)


def _published(info: Any) -> bool:
    try:
        return bool(info.is_published())
    except (RuntimeError, ValueError):
        return False
