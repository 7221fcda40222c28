"""FIT activity files: heart rate and steps from ``record`` messages, heart rate from
``hr`` messages, beats from ``hrv`` messages (DESIGN §6).

Steps come from cadence, and only in walking and running: FIT's running cadence is strides
per minute (one foot), so steps per minute are 2 × (cadence + fractional_cadence). Which
sport a record belongs to is the sport of the session it falls in (the last session that
started at or before it), else the file's ``sport`` message; hiking and the walking
sub-sports count as walking. Cycling cadence is pedal revolutions and never becomes steps;
in other sports, and where the file names no sport, there are no steps.

A record's cadence is integrated over the interval it covers: **the interval since the
previous record**, as a footpod or a wrist sensor reports the rate of the strides just
seen. Steps land in the minute(s) that interval falls in, split in proportion where it
crosses a minute boundary. The first record covers nothing.

Beats: an ``hrv`` message lists RR intervals (seconds) without times. Each beat's time is
rebuilt by adding the intervals up from the activity's start (the first record before the
hrv messages, else the first timestamp in the file). That is exact only while no beat is
missing: a beat the strap did not send (an invalid 0xFFFF interval, lost contact) or a
paused timer moves every later beat earlier by its length. Where the running sum falls
behind the latest record by more than ``HRV_RESYNC_S`` it restarts at that record, so the
error stays within that bound instead of growing through a long activity; where a file
writes all its hrv messages after its records, the sum simply runs from the start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from garmin_fit_sdk import Profile

from tracker.domain.imported import Beats
from tracker.domain.minutes import sorted_together
from tracker.domain.units import SECONDS_PER_MINUTE
from tracker.formats.fit_values import (
    CREATOR,
    FIT_EPOCH_S,
    UINT8_MAX,
    Message,
    Messages,
    Samples,
    device_index,
    fit_time,
    number,
    values,
    whole,
)

_MESG = Profile["mesg_num"]
RECORD, SESSION, SPORT, HRV, HR = (_MESG[n] for n in ("RECORD", "SESSION", "SPORT", "HRV", "HR"))
_SPORT = {name: num for num, name in Profile["types"]["sport"].items()}
_SUB_SPORT = {name: num for num, name in Profile["types"]["sub_sport"].items()}

# Sports whose cadence is strides: running and walking; hiking counts as walking.
STEP_SPORTS = frozenset(_SPORT[name] for name in ("running", "walking", "hiking"))
# Sub-sports that are walking or running whatever sport the file files them under.
STEP_SUB_SPORTS = frozenset(
    _SUB_SPORT[name]
    for name in ("casual_walking", "speed_walking", "indoor_walking", "indoor_running")
)
STEPS_PER_STRIDE = 2
# A gap between records longer than this is a pause (auto-pause, the timer stopped, the
# sensor lost): the record after it says how fast the last strides were, not how many
# strides the gap held, so it covers nothing. Records come every 1 s, or every few seconds
# with smart recording, so a minute never cuts a walk in progress.
MAX_RECORD_INTERVAL_S = 60.0

# An RR interval is a uint16 in milliseconds; 0xFFFF is "invalid" and the decoder drops it.
MAX_RR_S = 65.534
# Beat times are rebuilt by adding up RR intervals from the activity's start. Where the
# running sum falls behind the latest record by more than this, beats are missing (the
# timer was paused or the strap lost contact) and the sum restarts at that record. A beat
# message trails its record by a second or two, so 10 s is never an ordinary lag.
HRV_RESYNC_S = 10.0

# hr messages: event_timestamp counts 1/1024 s in 32 bits, so it wraps after this long.
HR_EVENT_WRAP_S = (1 << 32) / 1024


@dataclass(frozen=True, slots=True, eq=False)
class ActivityData:
    samples: dict[int, Samples]  # by device index
    beats: Beats | None  # the creator's beats, None where the file has no hrv messages


def _counts_steps(message: Message) -> bool:
    return (
        whole(message.get("sport")) in STEP_SPORTS
        or whole(message.get("sub_sport")) in STEP_SUB_SPORTS
    )


@dataclass(slots=True)
class _Beats:
    """Rebuilds beat times from hrv messages in file order (see HRV_RESYNC_S)."""

    time_s: list[float]
    rr_s: list[float]
    clock_s: float | None = None  # FIT time of the last beat placed
    record_since_beats: bool = False

    def add(self, message: Message, start_s: int | None, last_record_s: int | None) -> None:
        if self.clock_s is None:
            if start_s is None:
                return  # nothing in the file yet to hang the beats on
            self.clock_s = float(start_s)
        elif (
            self.record_since_beats
            and last_record_s is not None
            and last_record_s - self.clock_s > HRV_RESYNC_S
        ):
            self.clock_s = float(last_record_s)
        self.record_since_beats = False
        for raw in values(message.get("time")):
            rr = number(raw, 0.0, MAX_RR_S)
            if rr is None or rr == 0.0:
                continue
            self.clock_s += rr
            self.time_s.append(self.clock_s + FIT_EPOCH_S)
            self.rr_s.append(rr)


@dataclass(slots=True)
class _HrMessages:
    """Heart-rate readings from hr messages: a message with a full timestamp and one
    event_timestamp anchors the ones after it, whose event times count from that anchor."""

    time_s: list[float]
    bpm: list[float]
    anchor_s: float | None = None
    anchor_event_s: float | None = None

    def add(self, message: Message) -> None:
        events = values(message.get("event_timestamp"))
        readings = values(message.get("filtered_bpm"))
        timestamp = fit_time(message.get("timestamp"))
        if timestamp is not None and len(events) == 1:
            anchor_event = number(events[0], 0.0, HR_EVENT_WRAP_S)
            if anchor_event is not None:
                fraction = number(message.get("fractional_timestamp"), 0.0, 2.0) or 0.0
                self.anchor_s = timestamp + fraction
                self.anchor_event_s = anchor_event
        if self.anchor_s is None or self.anchor_event_s is None or len(events) != len(readings):
            return
        for raw_event, raw_bpm in zip(events, readings, strict=True):
            event = number(raw_event, 0.0, HR_EVENT_WRAP_S)
            bpm = number(raw_bpm, 0.0, UINT8_MAX)
            if event is None or bpm is None:
                continue
            if event < self.anchor_event_s:
                event += HR_EVENT_WRAP_S
            self.time_s.append(self.anchor_s + (event - self.anchor_event_s) + FIT_EPOCH_S)
            self.bpm.append(bpm)


def read_activity(messages: Messages) -> ActivityData:
    """Heart rate, steps and beats from an activity file's messages, in file order."""
    rec_t: list[int] = []
    rec_hr: list[float] = []
    rec_cadence: list[float] = []
    rec_device: list[int] = []
    sessions: list[tuple[int, bool]] = []  # (start, counts steps)
    file_sport: bool | None = None
    beats = _Beats([], [])
    hr = _HrMessages([], [])
    first_t: int | None = None
    saw_hrv = False
    nan = float("nan")

    for num, message in messages:
        t = fit_time(message.get("timestamp"))
        if first_t is None:
            first_t = t
        if num == RECORD:
            if t is None:
                continue
            rec_t.append(t)
            bpm = number(message.get("heart_rate"), 0.0, UINT8_MAX)
            rec_hr.append(nan if bpm is None else bpm)
            strides = number(message.get("cadence"), 0.0, UINT8_MAX)
            fraction = number(message.get("fractional_cadence"), 0.0, 1.0) or 0.0
            rec_cadence.append(nan if strides is None else strides + fraction)
            rec_device.append(device_index(message))
            beats.record_since_beats = True
        elif num == HRV:
            saw_hrv = True
            beats.add(message, rec_t[0] if rec_t else first_t, rec_t[-1] if rec_t else None)
        elif num == SESSION:
            start = fit_time(message.get("start_time"))
            elapsed = number(message.get("total_elapsed_time"))
            if start is None and t is not None and elapsed is not None:
                start = int(t - elapsed)
            sessions.append((start if start is not None else 0, _counts_steps(message)))
        elif num == SPORT:
            file_sport = _counts_steps(message)
        elif num == HR:
            hr.add(message)

    t_s = np.asarray(rec_t, np.float64) + FIT_EPOCH_S
    counts = _record_counts_steps(np.asarray(rec_t, np.int64), sessions, file_sport)
    device = np.asarray(rec_device, np.int64)
    hr_bpm = np.asarray(rec_hr, np.float64)
    cadence = np.asarray(rec_cadence, np.float64)
    samples = {
        int(d): _record_samples(
            t_s[device == d], hr_bpm[device == d], cadence[device == d], counts[device == d]
        )
        for d in np.unique(device)
    }
    if hr.time_s:
        extra = Samples.of([], [], hr.time_s, hr.bpm)
        own = samples.get(CREATOR)
        samples[CREATOR] = extra if own is None else Samples.join([own, extra])
    beat_data = Beats(np.asarray(beats.time_s), np.asarray(beats.rr_s)) if saw_hrv else None
    return ActivityData(samples, beat_data)


def _record_counts_steps(
    t: npt.NDArray[np.int64], sessions: list[tuple[int, bool]], file_sport: bool | None
) -> npt.NDArray[np.bool_]:
    """Per record: is its cadence strides (walking or running)?"""
    if not sessions:
        return np.full(t.shape, bool(file_sport))
    sessions = sorted(sessions)
    starts = np.array([s[0] for s in sessions], np.int64)
    flags = np.array([s[1] for s in sessions], np.bool_)
    index = np.maximum(np.searchsorted(starts, t, "right") - 1, 0)
    result: npt.NDArray[np.bool_] = flags[index]
    return result


def _record_samples(
    t_s: npt.NDArray[np.float64],
    hr_bpm: npt.NDArray[np.float64],
    cadence: npt.NDArray[np.float64],
    counts_steps: npt.NDArray[np.bool_],
) -> Samples:
    """One device's records (in file order) as heart-rate readings and steps per minute."""
    t_s, hr_bpm, cadence, counts_steps = sorted_together(t_s, hr_bpm, cadence, counts_steps)
    has_hr = ~np.isnan(hr_bpm)

    # Record i covers (t[i-1], t[i]] at its own cadence.
    start, end = t_s[:-1], t_s[1:]
    length = end - start
    covers = (
        counts_steps[1:] & ~np.isnan(cadence[1:]) & (length > 0) & (length <= MAX_RECORD_INTERVAL_S)
    )
    start, end = start[covers], end[covers]
    per_s = STEPS_PER_STRIDE * cadence[1:][covers] / SECONDS_PER_MINUTE
    # An interval of at most a minute touches at most two minutes.
    first_minute = np.floor(start / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE
    boundary = first_minute + SECONDS_PER_MINUTE
    in_first = np.minimum(end, boundary) - start
    in_second = np.maximum(end - boundary, 0.0)
    spills = in_second > 0
    return Samples.of(
        np.concatenate([first_minute, boundary[spills]]).astype(np.int64),
        np.concatenate([in_first * per_s, (in_second * per_s)[spills]]),
        t_s[has_hr],
        hr_bpm[has_hr],
    )
