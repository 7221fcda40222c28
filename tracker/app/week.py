"""One ISO week with the history its report needs: what the weekly report and the hub
page's week view describe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.app.results import results
from tracker.config import Config
from tracker.domain.localtime import local_date
from tracker.domain.weeks import IsoWeek
from tracker.pacing.plan import Plan, plan_for
from tracker.pacing.result import AnalysisResult
from tracker.store.plans import load_plans
from tracker.store.sqlite import DeviceStatusRow, Store


@dataclass(frozen=True, slots=True)
class WeekData:
    week: IsoWeek
    result: AnalysisResult
    plan: Plan | None
    devices: tuple[DeviceStatusRow, ...]
    minutes_with_data: int  # minutes of the week with any steps or heart rate
    ended: bool  # the week's Sunday has passed
    today: date  # the local day the week was loaded on


def load_week(store: Store, config: Config, week: IsoWeek, *, now_ms: int) -> WeekData:
    """The week judged as it stood on its Sunday.

    A boom late in the week is confirmed as a cycle by a bust in the next few days, so
    those days are read too when they are there (a later report names the whole cycle);
    everything else (days, plan, capacity) is judged up to the Sunday, so a later report
    on the same week says the same about them.
    """
    today = local_date(now_ms, config.zone)
    last = week.sunday + timedelta(days=config.pacing.cycle_window_days)
    result = results(store, config, week.monday, last, now_ms=now_ms, as_of=week.sunday)
    minutes = sum(d.data_minutes for d in result.days if week.monday <= d.date <= week.sunday)
    return WeekData(
        week=week,
        result=result,
        plan=plan_for(load_plans(store), week.sunday),
        devices=tuple(store.device_status()),
        minutes_with_data=minutes,
        ended=week.sunday < today,
        today=today,
    )
