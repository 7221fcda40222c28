"""The analysis as one pure function: minute table + parameters -> :class:`AnalysisResult`.

:func:`tracker.analysis.summary.summarize` (the minutes) then
:func:`tracker.pacing.judge.judge_days` and :func:`~tracker.pacing.judge.evaluate` (the
days). Re-running it over the same minutes gives the same result, so stored results can
always be rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from tracker.analysis.heart import RrIntervals
from tracker.analysis.summary import summarize
from tracker.domain.errors import TrackerError
from tracker.domain.localtime import zone_name, zone_of_offsets
from tracker.domain.minutes import MinuteTable
from tracker.pacing.judge import CoreParams, evaluate, judge_days
from tracker.pacing.plan import Plan
from tracker.pacing.result import AnalysisResult
from tracker.pacing.sessions import Session


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
) -> AnalysisResult:
    """Analyse a minute table in the calendar of ``tz`` (default: :func:`table_zone`)."""
    zone = tz if tz is not None else table_zone(table)
    summary = summarize(table, params.analysis, zone, rr)
    return evaluate(
        judge_days(summary.days, params.pacing),
        summary.bouts,
        params,
        timezone=zone_name(zone),
        plan=plan,
        logged_sessions=logged_sessions,
        today=today,
        hr_rest_bpm=summary.hr_rest_bpm,
        hr_max_bpm=summary.hr_max_bpm,
    )
