"""An emulated world: a hub radio and the person's wearables on one virtual link, living
through scripted days on a simulated clock.

The world owns the simulated time. It moves in ticks of ``notify_interval_s``; at each
tick every wearable notifies what it measured over the tick (heart rate with the RR
intervals of the interval, cadence, the watch's step counter, and, when the optional
``"polar"`` strap is worn, its accelerometer frames of the tick's steps), the world waits
until the hub's bleak callbacks got all of it, and only then advances the clock. So every sample
carries the tick's time, whatever the machine's speed, and a simulated day runs as fast
as the stack allows.

Missing subscribers: a wearable with no subscribed central (not yet connected, or between
a drop and the collector's reconnect) makes the world wait, in wall time, up to
``resubscribe_timeout_s`` for the central to subscribe again, with the clock stopped; if
it does not come back in time, the world carries on without waiting for that wearable
until it is subscribed again, and its notifications are lost, as on real hardware.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from tracker.ble.bumble_backend import bumble_transport
from tracker.ble.bumble_radio import BumbleRadio, new_link
from tracker.ble.emulated.day_script import Activity, ScriptedDay, script_day
from tracker.ble.emulated.peripherals import (
    ChestStrap,
    EmulatedPeripheral,
    Footpod,
    Identity,
    Watch,
)
from tracker.ble.emulated.polar import PolarStrap
from tracker.ble.heart_rate import RR_INTERVAL_UNITS_PER_S
from tracker.ble.params import DeviceConfig
from tracker.ble.transport import BleTransport
from tracker.domain.units import MS_PER_DAY, MS_PER_S

logger = logging.getLogger(__name__)

MS_PER_MIN = 60_000

WEARABLES = ("strap", "footpod", "watch")
# Worn only when asked for: a Polar strap whose accelerometer steps the hub counts (PMD).
OPTIONAL_WEARABLES = ("polar",)
IDENTITIES: dict[str, Identity] = {
    "strap": Identity("Polar H10 0E1A2B3C", "C4:7E:5A:00:00:01", "Polar", "H10", "0E1A2B3C", "3.1"),
    "footpod": Identity("Stryd 4F21", "C4:7E:5A:00:00:02", "Stryd", "Footpod", "4F21", "1.2"),
    "watch": Identity("InfiniTime", "C4:7E:5A:00:00:03", "Pine64", "PineTime", "1", "1.14.0"),
    "polar": Identity("Polar H10 A1B2C3D4", "C4:7E:5A:00:00:04", "Polar", "H10", "A1B2C3D4", "3.1"),
    # A neighbour's strap of the same model: never on the allowlist.
    "stranger": Identity(
        "Polar H10 7D6C5B4A", "D8:11:22:33:44:66", "Polar", "H10", "7D6C5B4A", "3.1"
    ),
}

# Wall-time bound on waiting for a central to (re)subscribe before a tick. Covers the
# collector's scan, bleak-retry-connector's connect, discovery and CCCD writes.
RESUBSCRIBE_TIMEOUT_S = 10.0
# Wall-time bound on waiting for one tick's notifications to reach bleak callbacks; only
# hit when a connection drops with notifications in flight.
DELIVERY_TIMEOUT_S = 2.0
# Battery drain per simulated hour: a strap's coin cell lasts ~400 h, a footpod's longer,
# a PineTime about a week.
BATTERY_DRAIN_PCT_PER_H = {
    "strap": 0.25,
    "footpod": 0.1,
    "watch": 0.6,
    "stranger": 0.25,
    "polar": 0.25,
}
BATTERY_FLOOR_PCT = 5
# Battery level notifications, for centrals that subscribe to them: every 10 minutes.
BATTERY_NOTIFY_INTERVAL_MS = 10 * MS_PER_MIN
# Stride length (m) when walking and when pottering about; gives the footpod's speed.
WALK_STRIDE_M = 0.7
SHORT_STRIDE_M = 0.45
# Beat-to-beat variation of the scripted heart (fraction of the mean RR interval):
# healthy resting RMSSD is a few percent of the RR interval.
RR_JITTER_FRACTION = 0.03


@dataclass(frozen=True, slots=True)
class MinuteTruth:
    """What the scripted person did in one minute (the minute starting at ``time_ms``)."""

    time_ms: int
    steps: int
    heart_rate_bpm: int
    activity: Activity


@dataclass(slots=True)
class NotificationCount:
    """Per wearable: notifications that reached a subscribed central, and ones lost."""

    sent: int = 0
    lost: int = 0


class _Wearable:
    """One emulated wearable and the world's bookkeeping for it."""

    def __init__(self, key: str, peripheral: EmulatedPeripheral, seed: int) -> None:
        self.key = key
        self.peripheral = peripheral
        # Wait for this wearable's central before ticking (never for the stranger).
        self.awaited = key != "stranger"
        self.counts = NotificationCount()
        self.rr_rng = random.Random(f"tracker-rr:{seed}:{key}")
        self.beat_phase = 0.0
        self.step_count = 0
        self.step_count_date: date | None = None
        self.step_count_notified: int | None = None
        self.distance_m = 0.0

    def count(self, sent: int) -> int:
        if sent:
            self.counts.sent += sent
        else:
            self.counts.lost += 1
        return sent


class EmulatedWorld:
    """Async context manager: a hub radio plus emulated wearables on a ``LocalLink``."""

    def __init__(
        self,
        *,
        seed: int = 1,
        start: datetime,
        wearables: Sequence[str] = WEARABLES,
        stranger: bool = False,
        notify_interval_s: float = 10.0,
        resubscribe_timeout_s: float = RESUBSCRIBE_TIMEOUT_S,
    ) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("start must be an aware datetime (with a time zone)")
        known = (*WEARABLES, *OPTIONAL_WEARABLES)
        unknown = sorted(set(wearables) - set(known))
        if unknown or len(set(wearables)) != len(wearables):
            raise ValueError(f"wearables must be distinct names from {known}, got {wearables}")
        interval_ms = round(notify_interval_s * MS_PER_S)
        # Ticks must tile minutes exactly, so that each minute's truth is whole ticks.
        if interval_ms <= 0 or MS_PER_MIN % interval_ms:
            raise ValueError("notify_interval_s must divide 60 s (e.g. 1, 5, 10, 30, 60)")
        self.seed = seed
        self.start_ms = round(start.timestamp() * MS_PER_S)
        self.tz: tzinfo = start.tzinfo
        self.interval_ms = interval_ms
        self.resubscribe_timeout_s = resubscribe_timeout_s
        self._keys = (*wearables, "stranger") if stranger else tuple(wearables)
        self._now_ms = self.start_ms
        self._days: dict[date, ScriptedDay] = {}
        self._radio: BumbleRadio | None = None
        self._transport: BleTransport | None = None
        self._wearables: dict[str, _Wearable] = {}
        self.device_configs: tuple[DeviceConfig, ...] = tuple(
            self._device_config(key) for key in wearables
        )

    @staticmethod
    def _device_config(key: str) -> DeviceConfig:
        identity = IDENTITIES[key]
        # The strap by address, the watch by name, the footpod by both: all three ways
        # a person can fill the allowlist.
        if key == "strap":
            return DeviceConfig(id=key, address=identity.address)
        if key == "watch":
            return DeviceConfig(id=key, name=identity.name)
        if key == "polar":
            return DeviceConfig(id=key, address=identity.address, pmd_steps=True)
        return DeviceConfig(id=key, address=identity.address, name=identity.name)

    def clock(self) -> int:
        """Simulated time, ms since the Unix epoch."""
        return self._now_ms

    @property
    def transport(self) -> BleTransport:
        if self._transport is None:
            raise RuntimeError("enter the EmulatedWorld (async with) before using it")
        return self._transport

    @property
    def radio(self) -> BumbleRadio:
        if self._radio is None:
            raise RuntimeError("enter the EmulatedWorld (async with) before using it")
        return self._radio

    def peripheral(self, wearable: str) -> EmulatedPeripheral:
        return self._wearables[wearable].peripheral

    def notifications(self, wearable: str) -> NotificationCount:
        return self._wearables[wearable].counts

    async def __aenter__(self) -> EmulatedWorld:
        link = new_link()
        self._radio = BumbleRadio(link)
        await self._radio.power_on()
        kinds: dict[str, type[EmulatedPeripheral]] = {
            "strap": ChestStrap,
            "footpod": Footpod,
            "watch": Watch,
            "stranger": ChestStrap,
        }
        for key in self._keys:
            if key == "polar":
                peripheral: EmulatedPeripheral = PolarStrap(link, IDENTITIES[key], seed=self.seed)
            else:
                peripheral = kinds[key](link, IDENTITIES[key])
            wearable = _Wearable(key, peripheral, self.seed)
            if isinstance(peripheral, Watch):
                # Switched on mid-day: the counter already holds the day's steps so far,
                # and a central that reads it before the first tick sees that value.
                wearable.step_count = self._steps_since_midnight(self.start_ms)
                wearable.step_count_date = self._local_date(self.start_ms)
                wearable.step_count_notified = wearable.step_count
                peripheral.set_step_count(wearable.step_count)
            await peripheral.start()
            self._wearables[key] = wearable
        self._transport = bumble_transport(self._radio)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for wearable in self._wearables.values():
            with contextlib.suppress(Exception):
                await wearable.peripheral.device.stop_advertising()

    # The script.
    def scripted_day(self, day: date) -> ScriptedDay:
        scripted = self._days.get(day)
        if scripted is None:
            scripted = self._days[day] = script_day(self.seed, day)
        return scripted

    def minute(self, time_ms: int) -> MinuteTruth:
        """The scripted minute containing ``time_ms`` (local calendar, the world's zone)."""
        minute_ms = time_ms - time_ms % MS_PER_MIN
        local = datetime.fromtimestamp(minute_ms / MS_PER_S, self.tz)
        day = self.scripted_day(local.date())
        index = local.hour * 60 + local.minute
        return MinuteTruth(
            minute_ms, day.steps[index], day.heart_rate_bpm[index], day.activity[index]
        )

    def truth(
        self, start_ms: int | None = None, end_ms: int | None = None
    ) -> tuple[MinuteTruth, ...]:
        """The scripted minutes the world has run through, within [start_ms, end_ms)."""
        lo = max(self.start_ms if start_ms is None else start_ms, self.start_ms)
        hi = min(self._now_ms if end_ms is None else end_ms, self._now_ms)
        first = lo - lo % MS_PER_MIN
        return tuple(self.minute(t) for t in range(first, hi, MS_PER_MIN))

    # Time.
    async def run(self, days: float) -> None:
        """Tick until ``start + days`` (simulated), as fast as the stack delivers."""
        end_ms = self.start_ms + round(days * MS_PER_DAY)
        while self._now_ms < end_ms:
            await self._tick(self._now_ms)
            self._now_ms += self.interval_ms

    async def drop(self, wearable: str) -> None:
        """The wearable drops its connection (out of range, strap taken off, ...)."""
        await self._wearables[wearable].peripheral.drop_connection()

    async def _tick(self, now_ms: int) -> None:
        radio = self.radio
        delivered_before = radio.notifications_delivered
        truth = self.minute(now_ms)
        sent = 0
        for wearable in self._wearables.values():
            await self._await_subscriber(wearable)
            sent += await self._send(wearable, now_ms, truth)
        if sent and not await radio.wait_delivered(delivered_before + sent, DELIVERY_TIMEOUT_S):
            logger.debug("tick %d: some notifications were not delivered", now_ms)
        # Let callbacks that bleak runs as tasks (async callbacks) see this tick's time.
        await asyncio.sleep(0)

    async def _await_subscriber(self, wearable: _Wearable) -> None:
        peripheral = wearable.peripheral
        characteristics = peripheral.data_characteristics()
        if peripheral.subscribed(characteristics):
            wearable.awaited = wearable.key != "stranger"
        elif wearable.awaited and not await peripheral.wait_subscribed(
            characteristics, self.resubscribe_timeout_s
        ):
            logger.info(
                "%s: no central subscribed within %g s; carrying on without it",
                wearable.key,
                self.resubscribe_timeout_s,
            )
            wearable.awaited = False

    async def _send(self, wearable: _Wearable, now_ms: int, truth: MinuteTruth) -> int:
        peripheral = wearable.peripheral
        elapsed_h = (now_ms - self.start_ms) / 3_600_000
        drain = BATTERY_DRAIN_PCT_PER_H[wearable.key] * elapsed_h
        peripheral.battery_percent = max(BATTERY_FLOOR_PCT, 100 - int(drain))
        offset_ms = now_ms % MS_PER_MIN
        # Steps in this tick: the minute's steps spread evenly over its ticks (exact sum).
        steps = (truth.steps * (offset_ms + self.interval_ms)) // MS_PER_MIN - (
            truth.steps * offset_ms
        ) // MS_PER_MIN
        sent = 0
        if (now_ms - self.start_ms) % BATTERY_NOTIFY_INTERVAL_MS == 0:
            sent += await peripheral.notify_battery()
        if isinstance(peripheral, PolarStrap):
            rr = self._rr_intervals(wearable, truth.heart_rate_bpm)
            sent += wearable.count(await peripheral.send_heart_rate(truth.heart_rate_bpm, rr))
            end_ms = now_ms + self.interval_ms
            frames = await peripheral.send_walk(steps, self.interval_ms / MS_PER_S, end_ms)
            sent += wearable.count(frames)
        elif isinstance(peripheral, Footpod):
            stride = WALK_STRIDE_M if truth.activity is Activity.WALK else SHORT_STRIDE_M
            speed_mps = truth.steps * stride / 60 if truth.steps else 0.0
            wearable.distance_m += speed_mps * self.interval_ms / MS_PER_S
            rsc = await peripheral.send_rsc(
                truth.steps, speed_mps, stride if truth.steps else None, wearable.distance_m
            )
            sent += wearable.count(rsc)
        elif isinstance(peripheral, Watch):
            sent += wearable.count(await peripheral.send_heart_rate(truth.heart_rate_bpm))
            today = self._local_date(now_ms)
            if today != wearable.step_count_date:
                # The watch's counter starts again at its midnight.
                wearable.step_count_date = today
                wearable.step_count = 0
            wearable.step_count += steps
            if wearable.step_count != wearable.step_count_notified or offset_ms == 0:
                count = await peripheral.send_step_count(wearable.step_count)
                wearable.step_count_notified = wearable.step_count
                sent += wearable.count(count)
        elif isinstance(peripheral, ChestStrap):
            rr = self._rr_intervals(wearable, truth.heart_rate_bpm)
            sent += wearable.count(await peripheral.send_heart_rate(truth.heart_rate_bpm, rr))
        return sent

    def _local_date(self, time_ms: int) -> date:
        return datetime.fromtimestamp(time_ms / MS_PER_S, self.tz).date()

    def _steps_since_midnight(self, time_ms: int) -> int:
        """Scripted steps from local midnight up to the minute containing ``time_ms``."""
        local = datetime.fromtimestamp(time_ms / MS_PER_S, self.tz)
        day = self.scripted_day(local.date())
        return sum(day.steps[: local.hour * 60 + local.minute])

    def _rr_intervals(self, wearable: _Wearable, bpm: int) -> tuple[int, ...]:
        """The beats that fall in one tick at ``bpm``, as RR intervals in 1/1024 s."""
        wearable.beat_phase += bpm * self.interval_ms / MS_PER_MIN
        beats = int(wearable.beat_phase)
        wearable.beat_phase -= beats
        mean_s = 60.0 / bpm
        jitter = wearable.rr_rng.gauss
        return tuple(
            round(mean_s * (1.0 + jitter(0.0, RR_JITTER_FRACTION)) * RR_INTERVAL_UNITS_PER_S)
            for _ in range(beats)
        )
