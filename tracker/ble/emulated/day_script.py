"""A seeded, scripted day of a person with chronic back pain: what the wearables measure.

Each local calendar day is generated from ``(seed, date)`` alone, so a day is the same
whatever else was generated before it, and differs between seeds and between days. A day
has sleep, a morning routine, walks, household work and rest in between; an "energy"
factor drawn per day makes some days busier than others (the boom and bust days the
pacing rules look for).

Numbers follow the sources DESIGN.md names: walking cadence 90-115 steps/min (Tudor-Locke
cadence bands: 100 steps/min is moderate walking), household bouts 40-70 steps/min
("purposeful" stepping), resting heart rate 60-70 bpm, rising with activity.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tracker.domain.units import MINUTES_PER_DAY

# Waking: between 06:30 and 07:45; bed between 22:30 and 23:45 (minutes after midnight).
WAKE_EARLIEST_MIN = 6 * 60 + 30
WAKE_SPREAD_MIN = 75
BED_EARLIEST_MIN = 22 * 60 + 30
BED_SPREAD_MIN = 75
# Morning routine (washing, dressing, breakfast) right after waking.
ROUTINE_MIN_MIN, ROUTINE_MAX_MIN = 30, 60
# Walks: 10-45 minutes; household bouts: 10-40 minutes (before the day's energy factor).
WALK_MIN_MIN, WALK_MAX_MIN = 10, 45
HOUSEHOLD_MIN_MIN, HOUSEHOLD_MAX_MIN = 10, 40
# Day-to-day variation of how much a person does: lognormal, median 1 (sigma 0.35 gives
# roughly one day in six above 1.4x, the neighbourhood of the 1.5x "boom" rule).
ENERGY_SIGMA = 0.35
# Cadence bands (steps/min).
WALK_CADENCE_MIN_SPM, WALK_CADENCE_MAX_SPM = 90, 115
HOUSEHOLD_CADENCE_MIN_SPM, HOUSEHOLD_CADENCE_MAX_SPM = 40, 70
# Resting heart rate of the scripted person (bpm), drawn once per seed.
RESTING_HR_MIN_BPM, RESTING_HR_MAX_BPM = 60, 70
# Heart rate settles towards its target with this fraction per minute (about a 2-3
# minute time constant, as heart rate follows a change of effort).
HR_APPROACH_PER_MIN = 0.35
HR_NOISE_SD_BPM = 1.5
# Free minutes kept between two planned activities.
GAP_BETWEEN_ACTIVITIES_MIN = 5
PLACEMENT_ATTEMPTS = 30


class Activity(StrEnum):
    SLEEP = "sleep"
    ROUTINE = "routine"
    WALK = "walk"
    HOUSEHOLD = "household"
    REST = "rest"


@dataclass(frozen=True, slots=True)
class Person:
    """What stays the same from day to day for one seed."""

    resting_hr_bpm: int
    walk_cadence_spm: int

    @classmethod
    def from_seed(cls, seed: int) -> Person:
        rng = random.Random(f"tracker-person:{seed}")
        return cls(
            resting_hr_bpm=rng.randint(RESTING_HR_MIN_BPM, RESTING_HR_MAX_BPM),
            walk_cadence_spm=rng.randint(WALK_CADENCE_MIN_SPM + 5, WALK_CADENCE_MAX_SPM - 5),
        )


@dataclass(frozen=True, slots=True)
class ScriptedDay:
    """One local calendar day, minute by minute from local midnight."""

    date: date
    activity: tuple[Activity, ...]
    steps: tuple[int, ...]
    heart_rate_bpm: tuple[int, ...]

    @property
    def total_steps(self) -> int:
        return sum(self.steps)

    def minutes_of(self, activity: Activity) -> int:
        return sum(1 for a in self.activity if a is activity)


def _place(
    plan: list[Activity], rng: random.Random, kind: Activity, length: int, lo: int, hi: int
) -> None:
    """Put ``length`` minutes of ``kind`` somewhere free in [lo, hi); skip if no room."""
    for _ in range(PLACEMENT_ATTEMPTS):
        if hi - lo < length:
            return
        start = rng.randint(lo, hi - length)
        window = plan[
            max(start - GAP_BETWEEN_ACTIVITIES_MIN, 0) : start + length + GAP_BETWEEN_ACTIVITIES_MIN
        ]
        if all(a is Activity.REST for a in window):
            plan[start : start + length] = [kind] * length
            return


def _plan(rng: random.Random) -> list[Activity]:
    wake = WAKE_EARLIEST_MIN + rng.randint(0, WAKE_SPREAD_MIN)
    bed = BED_EARLIEST_MIN + rng.randint(0, BED_SPREAD_MIN)
    routine_end = wake + rng.randint(ROUTINE_MIN_MIN, ROUTINE_MAX_MIN)
    plan = [Activity.SLEEP] * wake + [Activity.ROUTINE] * (routine_end - wake)
    plan += [Activity.REST] * (bed - routine_end) + [Activity.SLEEP] * (MINUTES_PER_DAY - bed)
    energy = rng.lognormvariate(0.0, ENERGY_SIGMA)
    walks = rng.choice((0, 1, 1, 2, 2, 3))
    chores = rng.randint(2, 5)
    for _ in range(walks):
        length = round(rng.randint(WALK_MIN_MIN, WALK_MAX_MIN) * energy)
        _place(plan, rng, Activity.WALK, max(length, 5), routine_end, bed)
    for _ in range(chores):
        length = round(rng.randint(HOUSEHOLD_MIN_MIN, HOUSEHOLD_MAX_MIN) * energy)
        _place(plan, rng, Activity.HOUSEHOLD, max(length, 5), routine_end, bed)
    return plan


def _steps(rng: random.Random, person: Person, plan: list[Activity]) -> list[int]:
    steps = []
    for minute, activity in enumerate(plan):
        if activity is Activity.WALK:
            # The first and last minute of a walk are partly standing.
            edge = minute == 0 or plan[minute - 1] is not Activity.WALK
            edge = edge or minute + 1 == len(plan) or plan[minute + 1] is not Activity.WALK
            cadence = person.walk_cadence_spm + rng.randint(-5, 5)
            cadence = min(max(cadence, WALK_CADENCE_MIN_SPM), WALK_CADENCE_MAX_SPM)
            steps.append(rng.randint(45, 80) if edge else cadence)
        elif activity is Activity.HOUSEHOLD:
            busy = rng.random() < 0.8
            lo, hi = HOUSEHOLD_CADENCE_MIN_SPM, HOUSEHOLD_CADENCE_MAX_SPM
            steps.append(rng.randint(lo, hi) if busy else rng.randint(5, 30))
        elif activity is Activity.ROUTINE:
            steps.append(rng.randint(20, 60) if rng.random() < 0.6 else rng.randint(0, 10))
        elif activity is Activity.REST:
            steps.append(rng.randint(5, 30) if rng.random() < 0.12 else 0)
        else:  # sleep: now and then a trip to the bathroom
            steps.append(rng.randint(15, 30) if rng.random() < 0.002 else 0)
    return steps


def _target_hr(person: Person, activity: Activity, steps: int) -> float:
    rest = person.resting_hr_bpm
    if activity is Activity.SLEEP:
        return rest - 6 + 0.3 * steps
    if activity is Activity.WALK:
        return rest + 22 + 0.35 * max(steps - WALK_CADENCE_MIN_SPM, 0)
    if activity in (Activity.HOUSEHOLD, Activity.ROUTINE):
        return rest + 6 + 0.15 * steps
    return rest + 2 + 0.1 * steps


def script_day(seed: int, day: date) -> ScriptedDay:
    """The scripted person's ``day`` for ``seed``: deterministic, independent per day."""
    rng = random.Random(f"tracker-day:{seed}:{day.isoformat()}")
    person = Person.from_seed(seed)
    plan = _plan(rng)
    steps = _steps(rng, person, plan)
    hr = float(person.resting_hr_bpm - 6)  # asleep at midnight
    heart_rate = []
    for activity, minute_steps in zip(plan, steps, strict=True):
        hr += HR_APPROACH_PER_MIN * (_target_hr(person, activity, minute_steps) - hr)
        heart_rate.append(round(hr + rng.gauss(0.0, HR_NOISE_SD_BPM)))
    return ScriptedDay(day, tuple(plan), tuple(steps), tuple(heart_rate))
