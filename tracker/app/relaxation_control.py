"""Start and stop a relaxation exercise as it happens: the hub page's button and Home
Assistant's buttons (through the daemon, which must not load numpy: nothing here does)."""

from __future__ import annotations

from datetime import datetime

from tracker.app.checkins import InputError
from tracker.domain.exercises import MAX_RELAXATION_MINUTES, RELAXATION_KINDS, RelaxationSession
from tracker.domain.units import MS_PER_S, SECONDS_PER_MINUTE
from tracker.store import relaxation as stored
from tracker.store.relaxation import Running
from tracker.store.sqlite import Store

# A started exercise stopped within this is a mis-tap, not an exercise: it is forgotten.
MIN_STOPPED_MINUTES = 1.0
# What Home Assistant's buttons send (MQTT payloads) and an exercise started there is.
COMMAND_START = "start"
COMMAND_STOP = "stop"
DEFAULT_KIND = "other"


def start_relaxation(store: Store, kind: str, *, now: datetime) -> Running:
    """Start an exercise now (one already running goes on)."""
    if kind not in RELAXATION_KINDS:
        raise InputError("kind", "kind")
    return stored.start_running(store, now, kind, now_ms=int(now.timestamp() * MS_PER_S))


def stop_relaxation(store: Store, *, now: datetime) -> RelaxationSession | None:
    """Stop the running exercise: its length is the time since it started, in whole
    minutes (capped at the longest exercise). None when none ran or it was a mis-tap."""
    run = stored.running(store)
    if run is None:
        return None
    minutes = min(
        float(round((now - run.start).total_seconds() / SECONDS_PER_MINUTE)),
        MAX_RELAXATION_MINUTES,
    )
    if minutes < MIN_STOPPED_MINUTES:
        stored.cancel_running(store)
        return None
    stored.stop_running(store, minutes, now_ms=int(now.timestamp() * MS_PER_S))
    return RelaxationSession(run.start, minutes, run.kind)


def running(store: Store) -> Running | None:
    return stored.running(store)


def relaxation_command(store: Store, command: str, *, now: datetime) -> str:
    """Carry out a command from Home Assistant; returns what happened, for the log."""
    if command == COMMAND_START:
        run = start_relaxation(store, DEFAULT_KIND, now=now)
        return f"relaxation exercise running since {run.start.isoformat()}"
    if command == COMMAND_STOP:
        done = stop_relaxation(store, now=now)
        if done is None:
            return "no relaxation exercise of a minute or more was running"
        return f"relaxation exercise of {done.minutes:g} min recorded"
    return f"unknown relaxation command {command[:20]!r} ignored"
