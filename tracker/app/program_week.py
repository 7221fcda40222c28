"""One ISO week of what the person told: check-ins, relaxation exercises with the heart's
answer, exposures, must and want activities, and the body's signals of its mornings (the
report's and the week page's program sections; pain against activity comes with the
week's analysis itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from tracker.analysis.relaxation import DayRelaxation, RelaxationResponse, day_relaxation
from tracker.app.body import body_signals_for
from tracker.app.ladder import exposures_between, progress
from tracker.app.relaxation import relaxations_between
from tracker.config import Config
from tracker.domain.units import MS_PER_S
from tracker.domain.weeks import IsoWeek
from tracker.pacing.exposure import Exposure, ItemProgress
from tracker.pacing.must_want import MustWantBalance, must_want_balance
from tracker.pacing.result import AnalysisResult
from tracker.pacing.signals import BodySignals
from tracker.store.checkins import CheckIn, checkins
from tracker.store.marks import marked_activities
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class ProgramWeek:
    checkins: tuple[CheckIn, ...]
    relaxation: tuple[RelaxationResponse, ...]
    days: tuple[DayRelaxation, ...]  # Monday..Sunday: exertion against relaxation
    exposures: tuple[tuple[Exposure, str], ...]  # with the item's name
    ladder: tuple[ItemProgress, ...]
    must_want: MustWantBalance
    signals: BodySignals


def load_program_week(
    store: Store, config: Config, week: IsoWeek, result: AnalysisResult | None
) -> ProgramWeek:
    """The week's entries; ``result`` (the week's analysis) gives the days' exertion."""
    tz = config.zone
    start = datetime.combine(week.monday, time(0), tz)
    end = datetime.combine(week.sunday + timedelta(days=1), time(0), tz)
    relax = relaxations_between(store, config, start, end)
    summaries = {d.date: d for d in result.days} if result is not None else {}
    bouts = result.bouts if result is not None else ()
    sessions = [r.session for r in relax]
    days = []
    for day in week.days:
        s = summaries.get(day)
        active = s.active_minutes if s is not None and s.valid else 0
        pause = s.pause_minutes if s is not None else 0
        days.append(day_relaxation(day, active, pause, bouts, sessions, tz))
    found = checkins(store, week.monday, week.sunday) if store.has_table("checkin") else []
    return ProgramWeek(
        checkins=tuple(found),
        relaxation=relax,
        days=tuple(days),
        exposures=tuple(
            exposures_between(
                store, int(start.timestamp() * MS_PER_S), int(end.timestamp() * MS_PER_S)
            )
        ),
        ladder=progress(store),
        must_want=must_want_balance(
            marked_activities(store, week.monday, week.sunday), week.monday, week.sunday
        ),
        signals=body_signals_for(store, config, week.monday, week.sunday),
    )
