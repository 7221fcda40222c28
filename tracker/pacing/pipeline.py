"""The analysis as one pure function: minute table + parameters -> :class:`AnalysisResult`.

:func:`tracker.analysis.summary.summarize` (the minutes) then
:func:`tracker.pacing.judge.judge_days` and :func:`~tracker.pacing.judge.evaluate` (the
days). Re-running it over the same minutes gives the same result, so stored results can
always be rebuilt.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, timedelta, tzinfo

from tracker.analysis.heart import RrIntervals
from tracker.analysis.night import nights_of
from tracker.analysis.relaxation import (
    RelaxationResponse,
    RelaxationSession,
    relaxation_response,
)
from tracker.analysis.summary import summarize
from tracker.domain.errors import TrackerError
from tracker.domain.localtime import zone_name, zone_of_offsets
from tracker.domain.minutes import MinuteTable
from tracker.pacing.judge import CoreParams, evaluate, judge_days
from tracker.pacing.plan import Plan
from tracker.pacing.result import AnalysisResult
from tracker.pacing.sessions import Session
from tracker.pacing.signals import BodySignals, body_signals


class MixedOffsets(TrackerError):
    """Rows with different UTC offsets and no zone to put them in one calendar."""

    exit_code = 2


def table_zone(table: MinuteTable) -> tzinfo:
    """The zone of a table analysed without one: the single UTC offset its rows share."""
    zone = zone_of_offsets(set(table.offset_s.tolist()))
    if zone is None:
        raise MixedOffsets(
            "the rows have different UTC offsets (daylight saving time?); give the time "
            "zone they were recorded in with --timezone, e.g. --timezone Europe/Brussels"
        )
    return zone


def analyze(
    table: MinuteTable,
    params: CoreParams,
    *,
    tz: tzinfo | None = None,
    plan: Plan | None = None,
    logged_sessions: Sequence[Session] = (),
    rr: RrIntervals | None = None,
    today: date | None = None,
    worst_pain: Mapping[date, int] | None = None,
    relaxation: Sequence[RelaxationSession] = (),
) -> AnalysisResult:
    """Analyse a minute table in the calendar of ``tz`` (default: :func:`table_zone`),
    with the person's own entries when given: check-ins (``worst_pain`` by day) and
    relaxation exercises (those inside the table's span are answered)."""
    zone = tz if tz is not None else table_zone(table)
    summary = summarize(table, params.analysis, zone, rr)
    result = evaluate(
        judge_days(summary.days, params.pacing),
        summary.bouts,
        params,
        timezone=zone_name(zone),
        plan=plan,
        logged_sessions=logged_sessions,
        today=today,
        hr_rest_bpm=summary.hr_rest_bpm,
        hr_max_bpm=summary.hr_max_bpm,
        worst_pain=worst_pain,
    )
    beats = rr if rr is not None else RrIntervals.empty()
    return dataclasses.replace(
        result,
        relaxation=entries_answered(table, beats, relaxation, params),
        body_signals=table_body_signals(table, beats, result, zone, params),
    )


def entries_answered(
    table: MinuteTable,
    rr: RrIntervals,
    sessions: Sequence[RelaxationSession],
    params: CoreParams,
) -> tuple[RelaxationResponse, ...]:
    """The heart's answer to each exercise from the table's first minute on (one after
    its last minute has no heart rate), oldest first."""
    if not len(table):
        return ()
    first = int(table.time_s[0])
    inside = [s for s in sessions if s.start_s >= first]
    return tuple(
        relaxation_response(table, rr, s, params.analysis)
        for s in sorted(inside, key=lambda s: s.start)
    )


def table_body_signals(
    table: MinuteTable, rr: RrIntervals, result: AnalysisResult, tz: tzinfo, params: CoreParams
) -> BodySignals | None:
    """The body's signals of the last ``pain_window_days`` mornings (as the pain window)."""
    if result.pain is None or result.pain.first is None or result.pain.last is None:
        return None
    first, last = result.pain.first, result.pain.last
    history = first - timedelta(days=params.pacing.signal_window_days)
    days = [history + timedelta(days=k) for k in range((last - history).days + 1)]
    nights = nights_of(days, table, rr, tz, params.analysis)
    return body_signals(nights, first, last, params.pacing)
