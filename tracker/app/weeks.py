"""The weeks the hub page can show: which exist, which have data, and the report of one,
rendered once per change of the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tracker.app.results import data_days
from tracker.config import Config
from tracker.domain.localtime import local_date
from tracker.domain.weeks import IsoWeek, week_of
from tracker.store.changes import ChangeMarker, change_marker
from tracker.store.entry_changes import entries_marker
from tracker.store.sqlite import Store


class WeekState(StrEnum):
    FUTURE = "future"  # has not begun
    NO_DATA = "no_data"  # no minute recorded in it
    READY = "ready"


@dataclass(frozen=True, slots=True)
class WeekInfo:
    week: IsoWeek
    state: WeekState
    ended: bool
    previous: IsoWeek | None  # the week before, when it has data
    next: IsoWeek | None  # the week after, when it has begun and has data


def weeks_with_data(store: Store, config: Config, *, now_ms: int) -> list[IsoWeek]:
    """Every ISO week from the first with data to this one, newest first."""
    span = data_days(store, config)
    if span is None:
        return []
    today = local_date(now_ms, config.zone)
    last = min(span[1], today)
    out: list[IsoWeek] = []
    week = week_of(last)
    while week.sunday >= span[0]:
        out.append(week)
        week = week.previous()
    return out


def week_info(store: Store, config: Config, week: IsoWeek, *, now_ms: int) -> WeekInfo:
    today = local_date(now_ms, config.zone)
    span = data_days(store, config)
    if week.monday > today:
        state = WeekState.FUTURE
    elif span is None or week.sunday < span[0] or week.monday > span[1]:
        state = WeekState.NO_DATA
    else:
        state = WeekState.READY

    def has(w: IsoWeek) -> bool:
        return span is not None and w.sunday >= span[0] and w.monday <= min(span[1], today)

    prev, nxt = week.previous(), week.next()
    return WeekInfo(
        week, state, week.sunday < today, prev if has(prev) else None, nxt if has(nxt) else None
    )


def last_complete_week(config: Config, *, now_ms: int) -> IsoWeek:
    return week_of(local_date(now_ms, config.zone) - timedelta(days=7))


def week_key(store: Store, config: Config, week: IsoWeek, *, now_ms: int) -> tuple[object, ...]:
    """What a week's report depends on: stored results, plan, sessions, and the newest
    sample while the week's cycles can still be confirmed by live days."""
    marker: ChangeMarker = change_marker(store)
    today: date = local_date(now_ms, config.zone)
    live = week.sunday + timedelta(days=config.pacing.cycle_window_days) >= today
    return (
        str(week),
        marker.results_ms,
        marker.plan_id,
        marker.session_id,
        marker.newest_sample_ms if live else None,
        today if live else None,
        entries_marker(store),  # check-ins, exercises, exposures, must/want marks
    )
