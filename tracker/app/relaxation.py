"""Relaxation exercises: logged afterwards, or started and stopped as they happen (the hub
page's button, Home Assistant's buttons: :mod:`.relaxation_control`), each with the heart's
answer from the minutes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from tracker.analysis.relaxation import RelaxationResponse, relaxation_response
from tracker.app.checkins import InputError
from tracker.app.relaxation_control import running, start_relaxation, stop_relaxation
from tracker.config import Config
from tracker.domain.exercises import MAX_RELAXATION_MINUTES, RELAXATION_KINDS, RelaxationSession
from tracker.domain.units import MS_PER_S
from tracker.domain.weeks import EARLIEST_ENTRY_DATE
from tracker.store import relaxation as stored
from tracker.store.sqlite import Store

__all__ = [
    "answered",
    "check_session",
    "log_relaxation",
    "relaxations_between",
    "running",
    "start_relaxation",
    "stop_relaxation",
]


def check_session(
    start: datetime | None, minutes: float | None, kind: str, *, now: datetime
) -> RelaxationSession:
    """The exercise, or :class:`InputError` for its first impossible field."""
    if kind not in RELAXATION_KINDS:
        raise InputError("kind", "kind")
    if start is None or start.tzinfo is None:
        raise InputError("start", "time")
    if start > now:
        raise InputError("start", "future")
    if start.date() < EARLIEST_ENTRY_DATE:
        raise InputError("start", "early")
    if minutes is None or not math.isfinite(minutes):
        raise InputError("minutes", "number")
    if not 0 < minutes <= MAX_RELAXATION_MINUTES:
        raise InputError("minutes", "relax_range")
    return RelaxationSession(start, float(minutes), kind)


def log_relaxation(
    store: Store, start: datetime | None, minutes: float | None, kind: str, *, now: datetime
) -> RelaxationSession:
    """Check, then store an exercise done earlier (``tracker log relaxation``)."""
    session = check_session(start, minutes, kind, now=now)
    stored.add_relaxation(store, session, now_ms=int(now.timestamp() * MS_PER_S))
    return session


def answered(
    store: Store, config: Config, sessions: Sequence[RelaxationSession]
) -> tuple[RelaxationResponse, ...]:
    """Each exercise with the heart's answer: the minutes and beats around it only."""
    window = timedelta(minutes=config.analysis.relaxation_window_minutes)
    out = []
    for s in sessions:
        lo = int((s.start - window).timestamp())
        hi = math.ceil((s.end + window).timestamp())
        table = store.minute_table(lo, hi)
        rr = store.rr_intervals(lo * MS_PER_S, math.ceil(s.end.timestamp()) * MS_PER_S)
        out.append(relaxation_response(table, rr, s, config.analysis))
    return tuple(out)


def relaxations_between(
    store: Store, config: Config, start: datetime, end: datetime
) -> tuple[RelaxationResponse, ...]:
    """The exercises starting in ``[start, end)``, answered."""
    sessions = stored.relaxations(
        store, int(start.timestamp() * MS_PER_S), int(end.timestamp() * MS_PER_S)
    )
    return answered(store, config, sessions)
