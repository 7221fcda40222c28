"""InfluxDB points of what the person entered (docs/influxdb.md): evening check-ins,
relaxation exercises with the heart's answer, and exposures of the fear ladder.

Free text (check-in notes, worksheet answers) stays on the hub: it is health data in the
person's own words, and a time-series database has no use for it. A point is identified
by measurement, tags and time, so sending one again overwrites it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.analysis.params import AnalysisParams
from tracker.domain.units import MS_PER_S, SECONDS_PER_MINUTE
from tracker.store.influx import Line, day_start_ms, result_line
from tracker.store.ladder import exposures_saved_after
from tracker.store.pain_entries import checkins_saved_after
from tracker.store.relaxation import relaxations
from tracker.store.sqlite import Store

CHECKIN = "checkin"
RELAXATION = "relaxation"
EXPOSURE = "exposure"


def entry_lines(
    store: Store,
    person: str,
    *,
    saved_after_ms: int | None = None,
    since_ms: int | None = None,
    params: AnalysisParams | None = None,
) -> list[Line]:
    """Points of the entries saved after ``saved_after_ms`` (all when None) whose own
    time is ``since_ms`` or later (all when None); ``params`` gives the relaxation
    window (default: the default one)."""
    tz = store.tz
    out: list[Line | None] = []
    for c in checkins_saved_after(store, saved_after_ms):
        values: dict[str, Any] = {"pain": c.pain, "worst_pain": c.worst_pain, "energy": c.energy}
        out.append(result_line(CHECKIN, day_start_ms(c.date, tz), values, person))
    sessions = relaxations(store, since_ms, saved_after_ms=saved_after_ms)
    if sessions:
        # numpy and the analysis load here only: in the day-end child or `tracker sync`,
        # never in the daemon that imports the outbox.
        from tracker.analysis.relaxation import relaxation_response

        rules = params or AnalysisParams()
        window_s = rules.relaxation_window_minutes * SECONDS_PER_MINUTE
        for s in sessions:
            lo = int(s.start_s) - window_s
            hi = int(s.end.timestamp()) + window_s + SECONDS_PER_MINUTE
            table = store.minute_table(lo, hi)
            rr = store.rr_intervals(lo * MS_PER_S, hi * MS_PER_S)
            r = relaxation_response(table, rr, s, rules)
            values = {
                "minutes": float(s.minutes), "kind": s.kind, "hr_before": r.hr_before,
                "hr_during": r.hr_during, "hr_after": r.hr_after,
                "rmssd_before": r.rmssd_before, "rmssd_during": r.rmssd_during,
            }  # fmt: skip
            out.append(result_line(RELAXATION, _ms(s.start), values, person))
    for e, name in exposures_saved_after(store, saved_after_ms):
        values = {
            "item": name, "expected_pain": e.expected_pain, "expected_fear": e.expected_fear,
            "pain": e.pain, "fear": e.fear,
        }  # fmt: skip
        out.append(result_line(EXPOSURE, _ms(e.time), values, person))
    lines = [line for line in out if line is not None]
    if since_ms is not None:
        lines = [line for line in lines if line[0] >= since_ms * 1_000_000]
    return sorted(lines)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * MS_PER_S)
