"""FIT monitoring (daily wellness) files: steps from cumulative counters, heart rate from
``monitoring`` messages (DESIGN §6).

A ``monitoring`` message carries, for one activity type, that type's step counter as it
stands at the message's time (the ``cycles`` field, read through its ``steps`` sub-field
for walking and running: whole steps, where ``cycles`` itself is strides). Steps in a
minute are the positive differences of each type's counter from its previous value, placed
in the minute of the message that shows them. A counter that drops was reset (at local
midnight, or by the device): its new value is the steps since the reset, never negative
steps. The first value of each counter in a file is where it starts: what it counted
before belongs to the time before the file (an earlier file, or the day's total that
watches write at midnight).

Most messages carry only the low 16 bits of their time (``timestamp_16``, which wraps every
65 536 s); the full time is rebuilt from the last time known in the file: the last full
``timestamp`` of any message, or the last rebuilt monitoring time after it. The rebuilt
time is the one nearest that reference (within half a wrap, 9 h 6 min, either way), as
Gadgetbridge does for Garmin watches: a watch can write a 16-bit time a little before the
full timestamp of a message just before it, which a forward-only rule would put 18 hours
late.

Heart rate comes from the ``heart_rate`` field of ``monitoring`` messages.
``monitoring_hr_data`` holds the day's resting heart rate, a summary rather than a
reading of any one minute, so it is left out.
"""

from __future__ import annotations

from collections import defaultdict

from garmin_fit_sdk import Profile

from tracker.formats.fit_values import (
    UINT8_MAX,
    UINT32_LIMIT,
    Message,
    Messages,
    Samples,
    device_index,
    fit_time,
    minute_of,
    number,
    unix_s,
    whole,
)

MONITORING = Profile["mesg_num"]["MONITORING"]
_ACTIVITY_TYPE = {name: num for num, name in Profile["types"]["activity_type"].items()}
# The activity types whose cycles the profile reads as steps (monitoring.cycles.steps).
STEP_ACTIVITY_TYPES = frozenset(_ACTIVITY_TYPE[name] for name in ("walking", "running"))
# Without the sub-field (when the activity type came from a packed field), cycles are
# strides: the profile's cycles field is steps / 2.
STEPS_PER_CYCLE = 2
TIMESTAMP_16_MOD = 1 << 16
TIMESTAMP_16_HALF = TIMESTAMP_16_MOD // 2


def read_monitoring(messages: Messages) -> dict[int, Samples]:
    """Steps per minute and heart-rate readings by device, from messages in file order."""
    step_minute: defaultdict[int, list[int]] = defaultdict(list)
    steps: defaultdict[int, list[float]] = defaultdict(list)
    hr_time: defaultdict[int, list[float]] = defaultdict(list)
    hr_bpm: defaultdict[int, list[float]] = defaultdict(list)
    counters: dict[tuple[int, int], float] = {}
    last_t: int | None = None

    for num, message in messages:
        t = fit_time(message.get("timestamp"))
        if t is not None:
            last_t = t
        if num != MONITORING:
            continue
        if t is None:
            low = whole(message.get("timestamp_16"))
            if low is None or last_t is None:
                continue
            ahead = (low - last_t) % TIMESTAMP_16_MOD
            t = last_t + (ahead - TIMESTAMP_16_MOD if ahead >= TIMESTAMP_16_HALF else ahead)
            if fit_time(t) is None:
                continue  # outside the times FIT can name: not a real message
            last_t = t
        device = device_index(message)
        when = unix_s(t)

        bpm = number(message.get("heart_rate"), 0.0, UINT8_MAX)
        if bpm is not None:
            hr_time[device].append(when)
            hr_bpm[device].append(bpm)

        activity = whole(message.get("activity_type"))
        counter = _step_counter(message, activity)
        if counter is None or activity is None:
            continue
        previous = counters.get((device, activity))
        counters[(device, activity)] = counter
        if previous is None:
            continue
        gained = counter - previous if counter >= previous else counter
        if gained > 0:
            step_minute[device].append(minute_of(when))
            steps[device].append(gained)

    return {
        device: Samples.of(step_minute[device], steps[device], hr_time[device], hr_bpm[device])
        for device in step_minute.keys() | hr_time.keys()
    }


def _step_counter(message: Message, activity: int | None) -> float | None:
    """The message's step counter, where its activity type counts steps."""
    if activity not in STEP_ACTIVITY_TYPES:
        return None
    steps = number(message.get("steps"), 0.0, UINT32_LIMIT)
    if steps is not None:
        return steps
    cycles = number(message.get("cycles"), 0.0, UINT32_LIMIT)
    return None if cycles is None else cycles * STEPS_PER_CYCLE
