"""Scenario generators: minute tables of recognisable pacing patterns.

Each scenario is built from an intended number of active minutes per day, laid out as
walks (80-110 steps/min, heart rate about 100) in a day that is otherwise calm (0-30
steps/min, heart rate about 66) from 07:00 to 22:00 local time, with the watch off at
night. So every day is valid (900 worn minutes) and its active minutes are exactly the
intended number (only minutes with >= 40 steps are active under the default config,
which knows no HRmax).

- :func:`steady_pacing`: about 60 active minutes a day, no day far from it: no cycle.
- :func:`repeated_boom_bust`: a steady start, then every 12 days a boom day (3 x the usual)
  followed two days later by a bust day (a third of the usual).
- :func:`slow_avoidance`: active minutes drifting down from 70 to 25 over 12 weeks,
  without a single boom.

The report and alert tests reuse these to build CSVs (``write_csv``) or stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from tracker.domain.minutes import MinuteTable
from tracker.formats.minute_csv import write_csv

WAKE_MINUTE = 7 * 60  # local minute of day the watch goes on
SLEEP_MINUTE = 22 * 60  # and comes off: 900 worn minutes, a valid day
WALK_MINUTES = 20  # the scenario walks are cut into pieces of at most this
CALM_MAX_STEPS = 30  # below the 40 steps/min activity threshold
WALK_STEPS = (80, 111)  # steps/min range of a walk
CALM_HR_BPM = 66.0
WALK_HR_BPM = 100.0
SLEEP_HR_BPM = 55.0
DEFAULT_START = date(2026, 1, 5)  # a Monday
BRUSSELS = ZoneInfo("Europe/Brussels")


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    dates: tuple[date, ...]
    active_minutes: tuple[int, ...]  # intended active minutes per day
    table: MinuteTable
    boom_dates: tuple[date, ...] = ()  # days built as booms (the analysis decides)
    bust_dates: tuple[date, ...] = ()

    def write_csv(self, path: Path) -> Path:
        with path.open("w", encoding="utf-8", newline="") as fh:
            write_csv(self.table, fh)
        return path


def _day_layout(
    active: int, rng: np.random.Generator, all_day: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local minutes, steps and heart rates for one day with ``active`` walk minutes."""
    first, last = (0, 1440) if all_day else (WAKE_MINUTE, SLEEP_MINUTE)
    minutes = np.arange(first, last)
    steps = rng.integers(0, CALM_MAX_STEPS + 1, minutes.size).astype(np.float64)
    hr = np.round(CALM_HR_BPM + rng.normal(0, 3, minutes.size), 1)
    if all_day:
        night = (minutes < WAKE_MINUTE) | (minutes >= SLEEP_MINUTE)
        steps[night] = 0
        hr[night] = np.round(SLEEP_HR_BPM + rng.normal(0, 2, int(night.sum())), 1)
    # Walks of up to WALK_MINUTES spread over the waking day, 30 calm minutes apart.
    pieces = [WALK_MINUTES] * (active // WALK_MINUTES)
    if active % WALK_MINUTES:
        pieces.append(active % WALK_MINUTES)
    cursor = 9 * 60 - first
    for piece in pieces:
        span = slice(cursor, cursor + piece)
        steps[span] = rng.integers(*WALK_STEPS, piece)
        hr[span] = np.round(WALK_HR_BPM + rng.normal(0, 4, piece), 1)
        cursor += piece + 30
    if cursor + first > SLEEP_MINUTE:
        raise ValueError(f"{active} active minutes do not fit in one waking day")
    return minutes, steps, hr


def _offset_s(moment: datetime) -> int:
    off = moment.utcoffset()
    return int(off.total_seconds()) if off is not None else 0


def build_table(
    start: date,
    active_minutes: Sequence[int],
    *,
    tz: tzinfo = BRUSSELS,
    seed: int = 0,
    all_day: bool = False,
    with_hr: bool = True,
) -> MinuteTable:
    """A minute table with the given active minutes per consecutive day from ``start``."""
    rng = np.random.default_rng(seed)
    times, offsets, all_steps, all_hr = [], [], [], []
    for i, active in enumerate(active_minutes):
        day = start + timedelta(days=i)
        midnight = datetime.combine(day, time(), tz)
        local_minutes, steps, hr = _day_layout(int(active), rng, all_day)
        # Wall-clock minutes to UTC: offsets only change at DST, in the small hours.
        off0, off12 = (_offset_s(midnight + timedelta(hours=h)) for h in (0, 12))
        local_s = int(midnight.replace(tzinfo=UTC).timestamp()) + local_minutes * 60
        off = np.where(local_minutes < 3 * 60, off0, off12)
        utc = local_s - off
        times.append(utc)
        offsets.append(off)
        all_steps.append(steps)
        all_hr.append(hr if with_hr else np.full(hr.size, np.nan))
    t = np.concatenate(times).astype(np.int64)
    t, first = np.unique(t, return_index=True)  # a fall-back hour repeats wall clock
    return MinuteTable(
        t,
        np.concatenate(offsets).astype(np.int32)[first],
        np.concatenate(all_steps)[first],
        np.concatenate(all_hr)[first],
    )


def _scenario(
    name: str,
    start: date,
    active: list[int],
    booms: Sequence[int] = (),
    busts: Sequence[int] = (),
    **kwargs: object,
) -> Scenario:
    dates = tuple(start + timedelta(days=i) for i in range(len(active)))
    return Scenario(
        name,
        dates,
        tuple(active),
        build_table(start, active, **kwargs),  # type: ignore[arg-type]
        tuple(dates[i] for i in booms),
        tuple(dates[i] for i in busts),
    )


def steady_pacing(weeks: int = 10, start: date = DEFAULT_START, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed + 1)
    active = [int(v) for v in rng.integers(52, 69, weeks * 7)]
    return _scenario("steady_pacing", start, active, seed=seed)


def repeated_boom_bust(weeks: int = 10, start: date = DEFAULT_START, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed + 2)
    active = [int(v) for v in rng.integers(55, 66, weeks * 7)]
    booms, busts = [], []
    # Learning lasts the first 7 valid days; start the pattern after two weeks.
    for boom in range(14, weeks * 7 - 2, 12):
        active[boom] = 180
        active[boom + 2] = 20
        booms.append(boom)
        busts.append(boom + 2)
    return _scenario("repeated_boom_bust", start, active, booms, busts, seed=seed)


def slow_avoidance(weeks: int = 12, start: date = DEFAULT_START, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed + 3)
    days = weeks * 7
    trend = np.linspace(70, 25, days) + rng.normal(0, 3, days)
    active = [round(float(v)) for v in np.clip(trend, 5, None)]
    return _scenario("slow_avoidance", start, active, seed=seed)


def year_of_minutes(start: date = DEFAULT_START, seed: int = 0) -> Scenario:
    """365 days x 1440 minutes with heart rate (the benchmark's 525,600 rows)."""
    rng = np.random.default_rng(seed + 4)
    active = [int(v) for v in rng.integers(40, 90, 365)]
    for boom in range(30, 360, 17):
        active[boom] = 170
        active[boom + 1] = 15
    return _scenario("year", start, active, seed=seed, tz=UTC, all_day=True)
