"""The daemon's one handle on alerts: raise events, publish state, feed samples, deliver.

The daemon calls, all from its event loop::

    alerter = Alerter(store, config, clock=lambda: time.time_ns() // 1_000_000)
    task = asyncio.create_task(alerter.run())
    alerter.observe(sample)                 # every sample (break nudge, absent devices)
    alerter.raise_event(CycleConfirmed(…))  # confirmed cycles only, never while learning
    alerter.publish_state(HubState(…))      # whenever today's numbers change
    await alerter.aclose(5.0)               # on shutdown

``clock`` returns milliseconds since the epoch (UTC), like sample times.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.alerts.apprise_channel import AppriseChannel
from tracker.alerts.delivery import AlertQueue, Channel, Dispatcher
from tracker.alerts.events import AlertEvent, Audience, BreakNudge, WeeklyReportReady
from tracker.alerts.hubstate import build_hub_state
from tracker.alerts.mqtt_channel import MqttChannel
from tracker.alerts.nudge import AbsenceMonitor, BreakMonitor, quiet_end_ms
from tracker.alerts.outcome import events_from_outcome
from tracker.alerts.state import HubState
from tracker.alerts.texts import AlertText, render
from tracker.analysis.rules import heart_rate_active_threshold
from tracker.app.relaxation_control import relaxation_command
from tracker.config import Config
from tracker.config.alerts import AlertsConfig
from tracker.domain.clock import wait_event
from tracker.domain.errors import ConfigError, TrackerError
from tracker.domain.samples import Sample
from tracker.domain.units import MS_PER_HOUR, MS_PER_S
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tracker.app.judging import JudgeOutcome

log = logging.getLogger(__name__)

# A reminder to pause only helps during the task; a quarter of an hour later it is noise.
BREAK_NUDGE_EXPIRY_MS = 15 * 60_000
# Longest sleep between delivery passes: absent devices are measured in hours, so checking
# once a minute is plenty, and it bounds the effect of a wall-clock jump.
IDLE_POLL_S = 60.0
# Today's numbers on MQTT are refreshed this often (and right after each day-end run):
# Home Assistant history needs no more, and each refresh reads a day of minutes.
STATE_INTERVAL_S = 60.0
# After a failed delivery pass (store busy), wait this long before the next one.
PASS_RETRY_S = 5.0
# Shortest sleep, so that rows due "now" on a slow clock cannot spin the loop.
MIN_WAIT_S = 0.05


def _mqtt_channel(config: Config, alerts: AlertsConfig) -> MqttChannel | None:
    """The MQTT channel (Home Assistant) when it is enabled, knowing every device."""
    if not alerts.mqtt.enabled:
        return None
    try:
        mqtt = MqttChannel(alerts.mqtt, person=config.tracker.person, lang=alerts.language)
    except OSError as exc:
        raise ConfigError(
            "alerts.mqtt.password_file", f"cannot read it: {exc.strerror or exc}"
        ) from exc
    mqtt.add_devices([d.id for d in config.devices])
    return mqtt


def _break_monitor(config: Config, alerts: AlertsConfig) -> BreakMonitor | None:
    """The live monitor of continuous exertion, when break nudges are enabled."""
    nudge = alerts.break_nudge
    if not nudge.enabled:
        return None
    a = config.analysis
    hr_active = None
    if a.hr_rest_bpm and a.hr_max is not None:
        # Without a configured resting HR the live monitor uses steps only (the
        # estimate needs the analysis's 14 days).
        hr_active = heart_rate_active_threshold(a.hr_rest_bpm, a.hr_max, a)
    return BreakMonitor(
        person=config.tracker.person,
        limit_minutes=nudge.limit_minutes or a.max_continuous_minutes,
        rearm_rest_minutes=nudge.rearm_rest_minutes,
        params=a,
        active_hr_bpm=hr_active,
        quiet_hours=nudge.quiet_window(),
        tz=config.zone,
    )


class Alerter:
    def __init__(self, store: Store, config: Config, *, clock: Callable[[], int]) -> None:
        section = config.alerts
        self.enabled = section is not None
        self.config: AlertsConfig = section if section is not None else AlertsConfig()
        self.person = config.tracker.person
        self.store = store
        self.full_config = config
        self.clock = clock
        self.tz: tzinfo = config.zone
        self.queue = AlertQueue(store)
        channels: list[Channel] = [
            *self._apprise(self.config.apprise_urls, Audience.PATIENT),
            *self._apprise(self.config.therapist_urls, Audience.THERAPIST),
        ]
        self.mqtt = _mqtt_channel(config, self.config)
        if self.mqtt is not None:
            channels.append(self.mqtt)
        self.channels = channels
        self.dispatcher = Dispatcher(
            self.queue,
            channels,
            clock=clock,
            render=self._render,
            retry_initial_s=self.config.retry_initial_s,
            retry_max_s=self.config.retry_max_s,
            quiet_until=self._quiet_until,
        )
        self.break_monitor = _break_monitor(config, self.config) if self.enabled else None
        self.absence = AbsenceMonitor(
            _last_seen(store, [d.id for d in config.devices], since_ms=clock()),
            hours=self.config.device_absent_hours if self.enabled else 0.0,
        )
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pass_lock = asyncio.Lock()
        self._run_task: asyncio.Task[None] | None = None
        self._mqtt_came_back = False
        self._stopping = False
        self.last_state: HubState | None = None
        self._state_due = True
        self._next_state_ms = 0
        # Relaxation commands being recorded (kept so that a task is never lost mid-way).
        self._commands: set[asyncio.Future[None]] = set()

    # -- the daemon's calls ------------------------------------------------------------

    def raise_event(self, event: AlertEvent) -> bool:
        """Persist ``event`` for every channel; False when it was raised before."""
        now = self.clock()
        if isinstance(event, BreakNudge):
            expires = now + BREAK_NUDGE_EXPIRY_MS
        else:
            expires = now + round(self.config.expire_hours * MS_PER_HOUR)
        # The therapist hears of the weekly report only; the rest is the patient's.
        names = [ch.name for ch in self.channels if ch.audience.hears_of(event.kind)]
        if not self.queue.enqueue(event, names, now_ms=now, expires_ms=expires):
            return False
        log.info("alert %s queued for %d channel(s)", event.key, len(names))
        self._poke()
        return True

    def publish_state(self, state: HubState) -> None:
        self.last_state = state
        if self.mqtt is not None:
            self.mqtt.publish_state(state)

    def observe(self, sample: Sample) -> None:
        if not self.enabled:
            return
        self.absence.observe(sample)
        if self.break_monitor is not None:
            nudge = self.break_monitor.observe(sample)
            if nudge is not None:
                self.raise_event(nudge)

    async def run(self) -> None:
        """Deliver until cancelled; MQTT connects (and reconnects) in the background."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._run_task = asyncio.current_task()
        if self.mqtt is not None:
            self.mqtt.on_connected = self._on_mqtt_connected
            self.mqtt.on_command = self._on_mqtt_command
            self.mqtt.start()
        for audience in Audience:
            names = [ch.name for ch in self.channels if ch.audience is audience]
            self.queue.ensure_channels(names, now_ms=self.clock(), kinds=audience.kinds)
        while not self._stop_requested():
            # Cleared before the pass, so a poke that arrives during it is not lost.
            self._wake.clear()
            for event in self.absence.check(self.clock()):
                self.raise_event(event)
            if self._mqtt_came_back and self.mqtt is not None:
                self._mqtt_came_back = False
                self.queue.retry_now(self.mqtt.name, now_ms=self.clock())
            next_ms: int | None = None
            try:
                async with self._pass_lock:
                    next_ms = await self.dispatcher.deliver_due()
            except TrackerError as exc:
                # E.g. the database is busy for longer than its timeout: try again later
                # rather than end alerting for the rest of the daemon's life.
                log.error("alerts: delivery pass failed: %s; retrying", exc)
                next_ms = self.clock() + round(PASS_RETRY_S * MS_PER_S)
            await self._publish_state_if_due()
            wait_s = IDLE_POLL_S
            if self.mqtt is not None:
                until_state_s = (self._next_state_ms - self.clock()) / MS_PER_S
                wait_s = min(wait_s, max(MIN_WAIT_S, until_state_s))
            if next_ms is not None:
                wait_s = min(wait_s, max(MIN_WAIT_S, (next_ms - self.clock()) / MS_PER_S))
            if self._stop_requested():
                break
            await wait_event(self._wake, wait_s)

    async def aclose(self, timeout_s: float) -> None:
        """Stop ``run``, try what is due once more and disconnect, within ``timeout_s``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        task = self._run_task
        if task is not None and task is not asyncio.current_task() and not task.done():
            # Let a send in progress finish (cancelling it between the broker's PUBACK and
            # our commit would resend it after restart); cancel only at the deadline.
            self._stopping = True
            self._poke()
            try:
                async with asyncio.timeout_at(deadline):
                    await asyncio.shield(task)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        try:
            async with asyncio.timeout_at(deadline):
                async with self._pass_lock:
                    await self.dispatcher.deliver_due()
        except TimeoutError:
            log.warning("alerts: shutdown flush cut short after %.1f s", timeout_s)
        if self.mqtt is not None:
            try:
                async with asyncio.timeout(max(MIN_WAIT_S, deadline - loop.time())):
                    await self.mqtt.stop()
            except TimeoutError:
                log.warning("alerts: MQTT did not disconnect in time")

    def day_end(self, outcome: JudgeOutcome) -> list[AlertEvent]:
        """Alerts from a day-end run: its new cycles and a stagnating plan (raised once).

        The analysis only confirms cycles with a baseline (never while learning, never on
        no_data days); a cycle whose days are missing from the result is skipped.
        """
        raised: list[AlertEvent] = []
        for event in events_from_outcome(outcome, self.person):
            if self.raise_event(event):
                raised.append(event)
        self._state_due = True
        self._poke()
        return raised

    def wake(self) -> None:
        """Another process (the day-end job) queued alerts or stored new results: deliver
        them and refresh today's numbers now rather than at the next poll."""
        self._state_due = True
        self._poke()

    def report_ready(self, week: str, path: str | Path, attachment: str | Path = "") -> bool:
        web = self.full_config.web
        url = web.week_url(week) if web is not None else ""
        report = self.full_config.report
        patient = report.patient_name if report is not None else ""
        return self.raise_event(
            WeeklyReportReady(week, str(path), url, str(attachment or ""), patient)
        )

    # -- internals -----------------------------------------------------------------------

    async def _publish_state_if_due(self) -> None:
        if self.mqtt is None:
            return
        now = self.clock()
        if not self._state_due and now < self._next_state_ms:
            return
        self._state_due = False
        self._next_state_ms = now + round(STATE_INTERVAL_S * MS_PER_S)
        try:
            state = await asyncio.to_thread(
                build_hub_state, self.store, self.full_config, now_ms=now
            )
        except Exception:
            # A bad snapshot must not stop alert delivery; the next interval tries again.
            log.exception("alerts: could not compute today's numbers for MQTT")
            return
        self.publish_state(state)

    def _render(self, event: AlertEvent, audience: Audience) -> AlertText:
        lang = (
            self.config.therapist_lang if audience is Audience.THERAPIST else self.config.language
        )
        return render(event, lang, self.tz, audience)

    def _apprise(self, urls: list[str], audience: Audience) -> list[AppriseChannel]:
        timeout_s = self.config.send_timeout_s
        return [
            AppriseChannel(url, index=i, timeout_s=timeout_s, audience=audience)
            for i, url in enumerate(urls)
        ]

    def _quiet_until(self, now_ms: int) -> int | None:
        return quiet_end_ms(now_ms, self.config.quiet_window(), self.tz)

    def _stop_requested(self) -> bool:
        return self._stopping

    def _poke(self) -> None:
        if self._wake is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def _on_mqtt_connected(self) -> None:
        # paho's thread: only hand a flag to the event loop.
        self._mqtt_came_back = True
        self._poke()

    def _on_mqtt_command(self, command: str) -> None:
        # paho's thread: hand the command to the event loop, which records it.
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._start_command, command)

    def _start_command(self, command: str) -> None:
        task = asyncio.ensure_future(self.relaxation_command(command))
        self._commands.add(task)
        task.add_done_callback(self._commands.discard)

    async def relaxation_command(self, command: str) -> None:
        """Record a relaxation exercise started or stopped in Home Assistant, then
        publish the new state (the running-exercise sensor)."""
        now = datetime.fromtimestamp(self.clock() / MS_PER_S, self.tz)
        try:
            said = await asyncio.to_thread(relaxation_command, self.store, command, now=now)
        except TrackerError as exc:
            log.error("alerts: relaxation command %r failed: %s", command[:20], exc)
            return
        log.info("Home Assistant: %s", said)
        self._state_due = True
        self._poke()


def _last_seen(store: Store, devices: list[str], *, since_ms: int) -> dict[str, int]:
    """When each configured device was last heard from; never = since start-up."""
    seen = store.last_sample_ms_by_device()
    # Only the configured wearables are watched; imports are not devices.
    return {d: seen.get(d, since_ms) for d in devices}
