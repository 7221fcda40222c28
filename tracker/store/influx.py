"""InfluxDB points from samples and derived results (the schema is in docs/influxdb.md).

Pure functions: a sample or result in, ``(time_ns, line)`` out, where ``line`` is InfluxDB
line protocol at millisecond precision built by influxdb-client's ``Point`` (it does the
escaping). Every point carries the ``person`` tag. A point is identified by measurement,
tag set and timestamp, so writing it again overwrites it: replays never duplicate.

Field types are fixed per field (InfluxDB refuses a field that changes type): counts are
integers, measures are floats, whatever the sample's Python type was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, tzinfo
from enum import Enum
from typing import Any

from influxdb_client.client.write.point import Point as _Point
from influxdb_client.domain.write_precision import WritePrecision

from tracker.domain import samples
from tracker.domain.units import MS_PER_S, NS_PER_MS
from tracker.store import derived
from tracker.store.sqlite import Store

PRECISION = WritePrecision.MS
# influxdb-client's Point has no annotations on its methods; use it as Any (it escapes
# measurement, tags and string fields and formats numbers the way InfluxDB expects).
Point: Any = _Point

# Measurements (one per kind of thing; the README documents their fields).
HEART_RATE = "heart_rate"
STEPS = "steps"
BATTERY = "battery"
CONNECTION = "connection"
MINUTE = "minute"
DAY = "day"
BOUT = "bout"
CYCLE = "cycle"
PLAN_CHECK = "plan_check"

# Day types as numbers too: VictoriaMetrics and Grafana's state timelines want numbers,
# and a string field alone cannot be graphed. Append only; the numbers are public.
DAY_TYPE_CODES: Mapping[str, int] = {
    "no_data": 0,
    "learning": 1,
    "normal": 2,
    "boom": 3,
    "bust": 4,
}

Line = tuple[int, str]  # (time in ns, line protocol)


def _line(point: Any, time_ms: int) -> Line:
    return time_ms * NS_PER_MS, point.time(time_ms, PRECISION).to_line_protocol()


def sample_line(sample: samples.Sample, person: str) -> Line:
    """The point of one raw sample."""
    if isinstance(sample, samples.HeartRateSample):
        p = Point(HEART_RATE).tag("device", sample.device).tag("person", person)
        p.field("bpm", float(sample.bpm))
        if sample.contact is not None:
            p.field("contact", bool(sample.contact))
        if sample.energy_kj is not None:
            p.field("energy_kj", int(sample.energy_kj))
        if sample.rr_s:
            # The intervals of one notification, oldest first, as text (a variable number
            # of values per point does not fit fields); their count is graphable.
            p.field("rr_s", ",".join(repr(float(x)) for x in sample.rr_s))
            p.field("rr_count", len(sample.rr_s))
        return _line(p, sample.time_ms)
    if isinstance(sample, samples.StepSample):
        p = Point(STEPS).tag("device", sample.device).tag("person", person)
        p.field("steps", int(sample.steps))
        if sample.cadence_spm is not None:
            p.field("cadence_spm", float(sample.cadence_spm))
        return _line(p, sample.time_ms)
    if isinstance(sample, samples.BatterySample):
        p = Point(BATTERY).tag("device", sample.device).tag("person", person)
        p.field("percent", int(sample.percent))
        return _line(p, sample.time_ms)
    if isinstance(sample, samples.ConnectionEvent):
        # The state is a tag: the store keeps two events of one device in the same
        # millisecond when their states differ, and so must the mirror.
        state = str(sample.state)
        p = Point(CONNECTION).tag("device", sample.device).tag("state", state).tag("person", person)
        p.field("connected", int(sample.state == samples.ConnectionState.CONNECTED))
        if sample.detail:
            p.field("detail", sample.detail)
        return _line(p, sample.time_ms)
    raise TypeError(f"not a sample: {type(sample).__name__}")


def sample_lines(samples: Iterable[samples.Sample], person: str) -> list[Line]:
    return [sample_line(s, person) for s in samples]


def minute_lines(
    time_s: Iterable[int],
    steps: Iterable[float],
    heart_rate_bpm: Iterable[float],
    person: str,
) -> Iterator[Line]:
    """Minute rollups (the minute table): NaN = unknown, left out; empty minutes skipped."""
    for t, s, h in zip(time_s, steps, heart_rate_bpm, strict=True):
        p = Point(MINUTE).tag("person", person)
        known = False
        if s == s:  # not NaN
            p.field("steps", int(s))
            known = True
        if h == h:
            p.field("heart_rate_bpm", float(h))
            known = True
        if known:
            yield _line(p, int(t) * MS_PER_S)


def _field_value(value: Any) -> bool | int | float | str | None:
    """A result attribute as a field value; None = leave the field out."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if value != value or value in (float("inf"), float("-inf")) else value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(str(_field_value(v)) for v in value)
    tolist = getattr(value, "tolist", None)  # numpy scalars
    if callable(tolist):
        return _field_value(tolist())
    return None


# Result attributes that are measures (always floats), whatever value they happen to have:
# a baseline of 30 must not be written as the integer 30i one day and 30.5 the next.
FLOAT_FIELDS = frozenset(
    {
        "baseline_active_minutes",
        "trimp",
        "resting_hr_bpm",
        "rmssd_ms",
        "mean_hr_bpm",
        "morning_active_share",
        "afternoon_active_share",
        "evening_active_share",
        "quota_minutes",
        "adherence",
    }
)


def result_line(
    measurement: str,
    time_ms: int,
    values: Mapping[str, Any],
    person: str,
    tags: Mapping[str, str] | None = None,
) -> Line | None:
    """A derived result as a point: numbers and text become fields, None is left out."""
    p = Point(measurement).tag("person", person)
    for k, v in (tags or {}).items():
        p.tag(k, v)
    any_field = False
    for key, raw in values.items():
        value = _field_value(raw)
        if value is None:
            continue
        if key in FLOAT_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
            value = float(value)
        p.field(key, value)
        any_field = True
        if key == "day_type" and isinstance(value, str) and value in DAY_TYPE_CODES:
            p.field("day_type_code", DAY_TYPE_CODES[value])
    return _line(p, time_ms) if any_field else None


def day_start_ms(day: date, tz: tzinfo | None) -> int:
    """Local midnight of ``day`` (None = the hub's local zone), the time of day points."""
    return int(datetime.combine(day, time(0), tz).timestamp() * MS_PER_S)


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * MS_PER_S)


# -- derived results (the day-end job's tables, tracker.store.derived) ----------------------

# Plan-week columns that are measures (floats) or counts (integers) in the points.
PLAN_WEEK_FIELDS = (
    "week",
    "quota",
    "planned",
    "done",
    "under",
    "on_plan",
    "over",
    "complete",
    "adherence",
    "mostly_under",
)


def day_line(summary: Mapping[str, Any], person: str, tz: tzinfo | None) -> Line | None:
    """A day summary (its JSON form) at the local midnight that starts the day."""
    day = date.fromisoformat(str(summary["date"]))
    # The hour-by-hour list is for the report's map, not a field to graph.
    values = {k: v for k, v in summary.items() if k not in ("date", "active_by_hour")}
    return result_line(DAY, day_start_ms(day, tz), values, person)


def bout_line(
    start_ms: int, end_ms: int, minutes: int, active: int, steps: int, hr: float | None, person: str
) -> Line | None:
    values = {
        "minutes": minutes,
        "active_minutes": active,
        "steps": steps,
        "mean_hr_bpm": hr,
        "end_ms": end_ms,
    }
    return result_line(BOUT, start_ms, values, person)


def cycle_line(
    boom_dates: Sequence[date], bust_dates: Sequence[date], person: str, tz: tzinfo | None
) -> Line | None:
    """A boom-bust cycle as an event at the local midnight of its first boom day."""
    values = {
        "boom_days": len(boom_dates),
        "bust_days": len(bust_dates),
        "boom_dates": [d.isoformat() for d in boom_dates],
        "bust_dates": [d.isoformat() for d in bust_dates],
        # Annotation text for Grafana (InfluxQL annotations show a text field).
        "text": f"boom {', '.join(d.isoformat() for d in boom_dates)}; "
        f"bust {', '.join(d.isoformat() for d in bust_dates)}",
    }
    return result_line(CYCLE, day_start_ms(boom_dates[0], tz), values, person)


def plan_week_line(
    row: Mapping[str, Any], stagnating: bool | None, person: str, tz: tzinfo | None
) -> Line | None:
    """One plan week's check at the local midnight of its first day."""
    values: dict[str, Any] = {k: row[k] for k in PLAN_WEEK_FIELDS}
    values["quota_minutes"] = float(values.pop("quota"))
    values["adherence"] = float(values["adherence"])
    values["complete"] = bool(values["complete"])
    values["mostly_under"] = bool(values["mostly_under"])
    if stagnating is not None:
        values["stagnating"] = stagnating
    return result_line(
        PLAN_CHECK, day_start_ms(date.fromisoformat(str(row["start"])), tz), values, person
    )


def result_lines(
    store: Store,
    person: str,
    since_ms: int | None = None,
    *,
    days_computed_after_ms: int | None = None,
) -> list[Line]:
    """Points of the stored derived results (none before the day-end job ran).

    ``since_ms`` keeps days and bouts from that time on; ``days_computed_after_ms`` keeps
    only days (re)computed after that moment and the bouts of those days. Cycles and plan
    weeks are few and always all included. Calendar days use the store's time zone.
    """
    tz = store.tz
    since_day = None if since_ms is None else datetime.fromtimestamp(since_ms / MS_PER_S, tz).date()
    days = derived.stored_days(store, since_day, computed_after_ms=days_computed_after_ms)
    bouts = derived.stored_bouts(store, since_day)
    if since_ms is not None:
        bouts = [b for b in bouts if to_ms(b.start) >= since_ms]
    if days_computed_after_ms is not None:
        changed = {d.date for d in days}
        bouts = [b for b in bouts if b.day in changed]
    out: list[Line | None] = [day_line(d.to_json(), person, tz) for d in days]
    for b in bouts:
        start, end = to_ms(b.start), to_ms(b.end)
        out.append(
            bout_line(start, end, b.minutes, b.active_minutes, b.steps, b.mean_hr_bpm, person)
        )
    for c in derived.stored_cycles(store):
        out.append(cycle_line(c.boom_dates, c.bust_dates, person, tz))
    check = derived.stored_plan_check(store)
    if check is not None:
        for w in check.weeks:
            stagnating = check.stagnating if check.current_week == w.week else None
            out.append(plan_week_line(w.to_json(), stagnating, person, tz))
    return [line for line in out if line is not None]
