"""The person's own entries next to an analysis: relaxation exercises with the heart's
answer and the body's signals (the check-ins' pain is part of every analysis already,
:func:`tracker.app.results.results`)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

from tracker.analysis.relaxation import RelaxationSession
from tracker.app.body import body_signals_for
from tracker.app.relaxation import relaxations_between
from tracker.config import Config
from tracker.pacing.result import AnalysisResult
from tracker.store.pain_entries import worst_pain_by_day
from tracker.store.relaxation import relaxations
from tracker.store.sqlite import Store


def with_entries(
    store: Store, config: Config, result: AnalysisResult, first: date, last: date | None
) -> AnalysisResult:
    """``result`` with the exercises of ``[first, last]`` answered (``last`` None: every
    exercise from ``first`` on, also after the last minute with data: its heart rate is
    then unknown) and the body's signals of the pain window's mornings."""
    start = datetime.combine(first, time(0), config.zone)
    end = (
        datetime.combine(last + timedelta(days=1), time(0), config.zone)
        if last is not None
        else datetime.max.replace(tzinfo=config.zone) - timedelta(days=2)
    )
    signals = None
    pain = result.pain
    if pain is not None and pain.first is not None and pain.last is not None:
        signals = body_signals_for(store, config, pain.first, pain.last)
    return dataclasses.replace(
        result,
        relaxation=relaxations_between(store, config, start, end),
        body_signals=signals,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class StoredEntries:
    """What a file analysed with ``--input`` gets from the store beside it."""

    worst_pain: dict[date, int]
    relaxation: tuple[RelaxationSession, ...]


def stored_entries(store: Store) -> StoredEntries:
    return StoredEntries(worst_pain_by_day(store, None, None), tuple(relaxations(store)))
