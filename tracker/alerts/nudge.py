"""Live monitors fed with every sample: the "take a break" nudge and absent devices.

Both are pure state machines over sample times (no wall clock, no I/O): ``observe``
returns an event when one is due and the caller persists it. They are cheap enough to
run on every notification.

Break nudge. A minute is *active* when its steps reach the analysis threshold
(``[analysis] active_steps_per_min``, Tudor-Locke's purposeful stepping) or, when resting
and maximum heart rate are configured, its heart rate reaches the Karvonen threshold.
Active minutes with gaps of at most ``bout_max_gap_minutes`` form a run (the analysis's
bout rule). When a run reaches the limit, one nudge is raised, then none until the person
has rested ``rearm_rest_minutes`` in a row (hysteresis: a short stop in a long task is not
a new task). Minutes without data (device off the body, out of range) are never active,
so nothing fires while the device is not worn; heart-rate samples that report no skin
contact are not data. No nudge in quiet hours (local time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo

from tracker.alerts.events import BreakNudge, DeviceAbsent
from tracker.analysis.params import AnalysisParams
from tracker.analysis.rules import active_by_steps
from tracker.domain.rollup import counts_for_heart_rate, minute_steps
from tracker.domain.samples import (
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    Sample,
    StepSample,
)
from tracker.domain.units import MS_PER_HOUR, MS_PER_MINUTE


def in_quiet_hours(moment: datetime, window: tuple[time, time] | None) -> bool:
    """Whether local ``moment`` falls in [start, end), a window that may wrap midnight."""
    if window is None:
        return False
    start, end = window
    now = moment.time().replace(tzinfo=None)
    if start < end:
        return start <= now < end
    return now >= start or now < end


def quiet_end_ms(now_ms: int, window: tuple[time, time] | None, tz: tzinfo | None) -> int | None:
    """When the quiet hours that ``now_ms`` falls in end (ms), or None outside them."""
    now = datetime.fromtimestamp(now_ms / 1000, UTC).astimezone(tz)
    if window is None or not in_quiet_hours(now, window):
        return None
    end = datetime.combine(now.date(), window[1], tzinfo=now.tzinfo)
    if end <= now:
        end += timedelta(days=1)
    if tz is not None:
        # Re-localise across a DST change between now and the end of the night.
        end = datetime.combine(end.date(), window[1], tzinfo=tz)
    return int(end.timestamp() * 1000)


@dataclass(slots=True)
class _Minute:
    index: int
    steps_by_device: dict[str, int] = field(default_factory=dict)
    hr_sum: float = 0.0
    hr_count: int = 0

    def active(self, params: AnalysisParams, hr_threshold: float | None) -> bool:
        """The day analysis's rule on this minute's samples so far."""
        if active_by_steps(minute_steps(self.steps_by_device.values()), params):
            return True
        return (
            hr_threshold is not None
            and self.hr_count > 0
            and self.hr_sum / self.hr_count >= hr_threshold
        )


class BreakMonitor:
    """Raises one :class:`BreakNudge` per long continuous run of activity."""

    def __init__(
        self,
        *,
        person: str,
        limit_minutes: int,
        rearm_rest_minutes: int,
        params: AnalysisParams,
        active_hr_bpm: float | None,
        quiet_hours: tuple[time, time] | None,
        tz: tzinfo | None,
    ) -> None:
        self.person = person
        self.limit_minutes = limit_minutes
        self.rearm_rest_minutes = rearm_rest_minutes
        self.params = params
        # The Karvonen threshold (tracker.analysis.rules), None when HRrest/HRmax are unknown.
        self.active_hr_bpm = active_hr_bpm
        self.quiet_hours = quiet_hours
        self.tz = tz
        self._minute: _Minute | None = None
        # The current run: first and last active minute (minute indexes since the epoch).
        self._run_start: int | None = None
        self._last_active: int | None = None
        self._armed = True

    def observe(self, sample: Sample) -> BreakNudge | None:
        if isinstance(sample, StepSample):
            minute = self._minute_for(sample.time_ms)
            if minute is None:
                return None
            minute.steps_by_device[sample.device] = (
                minute.steps_by_device.get(sample.device, 0) + sample.steps
            )
        elif isinstance(sample, HeartRateSample):
            if not counts_for_heart_rate(sample.contact):
                return None  # the strap says it is not on the skin: not data
            minute = self._minute_for(sample.time_ms)
            if minute is None:
                return None
            minute.hr_sum += sample.bpm
            minute.hr_count += 1
        else:
            return None
        if not minute.active(self.params, self.active_hr_bpm):
            return None
        return self._active(minute.index)

    def _minute_for(self, time_ms: int) -> _Minute | None:
        """The accumulator for ``time_ms``'s minute; None for a late sample of a past one."""
        index = time_ms // MS_PER_MINUTE
        current = self._minute
        if current is not None and index < current.index:
            return None
        if current is None or index > current.index:
            self._minute = current = _Minute(index)
            self._rest_until(index)
        return current

    def _rest_until(self, index: int) -> None:
        """Minutes between the last active one and ``index`` were not active."""
        if self._last_active is None:
            return
        rest = index - self._last_active - 1
        if rest >= self.rearm_rest_minutes:
            self._armed = True
        if rest > self.params.bout_max_gap_minutes:
            self._run_start = None  # the run is over; _last_active keeps counting rest

    def _active(self, index: int) -> BreakNudge | None:
        if self._run_start is None:
            self._run_start = index
        self._last_active = index
        length = index - self._run_start + 1
        if not self._armed or length < self.limit_minutes:
            return None
        moment = datetime.fromtimestamp(index * 60, UTC).astimezone(self.tz)
        if in_quiet_hours(moment, self.quiet_hours):
            return None
        self._armed = False
        return BreakNudge(self.person, self._run_start * MS_PER_MINUTE, length)


class AbsenceMonitor:
    """Raises one :class:`DeviceAbsent` per device per absence of ``hours`` or more."""

    def __init__(self, devices: dict[str, int], *, hours: float) -> None:
        # device -> last time it was heard from (ms); seeded from the store at start-up.
        self.last_seen = dict(devices)
        self.hours = hours
        self._reported: dict[str, int] = {}

    def observe(self, sample: Sample) -> None:
        if isinstance(sample, ConnectionEvent) and sample.state is not ConnectionState.CONNECTED:
            return  # a failed or lost connection is not a sign of the device
        if sample.time_ms > self.last_seen.get(sample.device, -1):
            self.last_seen[sample.device] = sample.time_ms

    def check(self, now_ms: int) -> list[DeviceAbsent]:
        if self.hours <= 0:
            return []
        limit_ms = self.hours * MS_PER_HOUR
        due = []
        for device, seen in sorted(self.last_seen.items()):
            if now_ms - seen >= limit_ms and self._reported.get(device) != seen:
                self._reported[device] = seen
                due.append(DeviceAbsent(device, self.hours, seen))
        return due
