"""What the patient can be shown, over the test scenarios, for tests/test_words*.py: weekly
reports of every kind of week, every alert, and a store for the hub page's pages.

The reports are built in-process from ``analyze()`` on the scenario generators
(tests/scenarios.py) and the person's entries, as tests/test_report_program.py does; the
hub's store is filled through the application layer, as the hub page and the CLI fill it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tests.scenarios import (
    BRUSSELS,
    Scenario,
    repeated_boom_bust,
    slow_avoidance,
    steady_pacing,
)
from tracker.alerts.events import (
    AlertEvent,
    BreakNudge,
    CycleConfirmed,
    DayNumbers,
    DeviceAbsent,
    ImportFailed,
    PlanStagnating,
    PlanWeekNumbers,
    WeeklyReportReady,
)
from tracker.analysis.relaxation import RelaxationResponse, day_relaxation
from tracker.app.program_week import ProgramWeek
from tracker.config import Config
from tracker.domain.exercises import RelaxationSession
from tracker.domain.night import NightMeasures
from tracker.domain.weeks import IsoWeek, week_of
from tracker.pacing.exposure import Exposure, LadderItem, ladder_progress
from tracker.pacing.must_want import ActivityKind, MarkedActivity, must_want_balance
from tracker.pacing.pipeline import analyze
from tracker.pacing.plan import Plan, make_plan
from tracker.pacing.result import AnalysisResult
from tracker.pacing.signals import body_signals
from tracker.report.builder import report_from_result
from tracker.report.model import WeeklyReport
from tracker.store.checkins import CheckIn

CONFIG = Config(zone=BRUSSELS)
NOW = datetime(2026, 6, 1, tzinfo=UTC)
LANGUAGES = ("nl", "en")


@dataclass(frozen=True, slots=True)
class Entries:
    """What the person told in one week, as the report's program sections take it."""

    relax: tuple[RelaxationResponse, ...] = ()
    nights: tuple[NightMeasures, ...] = ()
    ladder: tuple[LadderItem, ...] = ()
    exposures: tuple[tuple[Exposure, str], ...] = ()
    marks: tuple[MarkedActivity, ...] = ()
    checkins: tuple[CheckIn, ...] = ()


def program_week(week: IsoWeek, result: AnalysisResult, e: Entries) -> ProgramWeek:
    days = tuple(
        day_relaxation(d, 60, 30, result.bouts, [r.session for r in e.relax], BRUSSELS)
        for d in week.days
    )
    return ProgramWeek(
        checkins=e.checkins,
        relaxation=e.relax,
        days=days,
        exposures=e.exposures,
        ladder=ladder_progress(list(e.ladder), [x for x, _ in e.exposures]),
        must_want=must_want_balance(list(e.marks), week.monday, week.sunday),
        signals=body_signals(list(e.nights), week.monday, week.sunday, CONFIG.pacing),
    )


def _pain_follows(sc: Scenario) -> dict[date, int]:
    """Worst pain falling as activity rises: a clear pain-contingent pattern."""
    worst = {
        d: max(0, min(10, 9 - a // 15)) for d, a in zip(sc.dates, sc.active_minutes, strict=True)
    }
    worst[sc.boom_dates[-1]], worst[sc.bust_dates[-1]] = 3, 7
    return worst


def _full_entries(week: IsoWeek, heart_drop: float) -> Entries:
    """Every program part with something in it."""
    nights = tuple(NightMeasures(week.monday - timedelta(days=k), 55.0 + k % 3, 40.0 + k % 5)
                   for k in range(1, 29))  # fmt: skip
    nights += (NightMeasures(week.monday, 68.0, 20.0),)
    start = datetime.combine(week.monday + timedelta(days=2), time(20), BRUSSELS)
    relax = (RelaxationResponse(RelaxationSession(start, 15, "progressive"), 72.0,
                                72.0 - heart_drop, 66.0, 35.0, 42.0),)  # fmt: skip
    items = (LadderItem(1, "bukken", 40, False, 1), LadderItem(2, "tillen", 70, False, 2))
    return Entries(
        relax=relax,
        nights=nights,
        ladder=items,
        exposures=((Exposure(1, 1, start, 7, 60, 3, 30), "bukken"),),
        marks=(MarkedActivity(week.monday, 30, "strijken", ActivityKind.MUST),
               MarkedActivity(week.monday, 20, "strijken", ActivityKind.MUST),
               MarkedActivity(week.sunday, 15, "tuin", ActivityKind.WANT)),
        checkins=(CheckIn(week.monday, 2, 4, 6, "rustige dag"),),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Case:
    """One week to report on: the analysis, the plan, the entries and the clock."""

    name: str
    result: AnalysisResult | None
    week: IsoWeek
    plan: Plan | None = None
    entries: Entries | None = None
    minutes_with_data: int = 1000
    today: date | None = None

    def report(self, lang: str) -> WeeklyReport:
        prog = None
        if self.entries is not None and self.result is not None:
            prog = program_week(self.week, self.result, self.entries)
        return report_from_result(
            self.result, CONFIG, self.week, lang, plan=self.plan,
            week_minutes_with_data=self.minutes_with_data, devices=(), now=NOW,
            today=self.today, program=prog,
        )  # fmt: skip


def report_cases() -> Iterator[Case]:
    """Weeks that between them reach every section's every branch the scenarios allow."""
    sc = repeated_boom_bust(weeks=8)
    result = analyze(sc.table, CONFIG, tz=BRUSSELS, worst_pain=_pain_follows(sc))
    week = week_of(sc.bust_dates[-1])
    starting = make_plan(measurements=[25, 27, 28], goal=40, weeks=5, start_date=week.monday)
    yield Case("boom-bust, plan starting, every program part", result, week, starting,
               _full_entries(week, heart_drop=8.0))  # fmt: skip
    later = make_plan(start=30, goal=60, weeks=5, start_date=week.monday - timedelta(days=21))
    quiet = replace(_full_entries(week, heart_drop=0.0), ladder=(), exposures=(), marks=(),
                    nights=(), checkins=())  # fmt: skip
    yield Case("boom-bust, plan stagnating, nothing entered", result, week, later, quiet)
    want_only = replace(quiet, marks=(MarkedActivity(week.monday, 15, "tuin", ActivityKind.WANT),),
                        ladder=(LadderItem(1, "bukken", 40, True, 1),))  # fmt: skip
    thin = analyze(sc.table, CONFIG, tz=BRUSSELS,
                   worst_pain=dict(list(_pain_follows(sc).items())[-40:-30]))  # fmt: skip
    soon = make_plan(start=20, goal=40, weeks=5, start_date=week.sunday + timedelta(days=8))
    yield Case("few check-ins, plan not started", thin, week, soon, want_only)
    steady = steady_pacing()
    calm = analyze(steady.table, CONFIG, tz=BRUSSELS)
    yield Case("learning week", calm, week_of(steady.dates[0]))
    yield Case("steady week", calm, week_of(steady.dates[-1]))
    yield Case("steady week, in progress", calm, week_of(steady.dates[-1]),
               today=steady.dates[-1] - timedelta(days=2))  # fmt: skip
    avoid = slow_avoidance()
    yield Case("slow avoidance", analyze(avoid.table, CONFIG, tz=BRUSSELS),
               week_of(avoid.dates[-1]))  # fmt: skip
    yield Case("no data", None, week_of(date(2025, 6, 2)), minutes_with_data=0)


def alert_events() -> Iterator[tuple[str, AlertEvent]]:
    """Every kind of alert, with and without the optional parts (pain, short sessions)."""
    boom, bust = date(2026, 3, 16), date(2026, 3, 18)
    yield "cycle", CycleConfirmed("An", (DayNumbers(boom, 96.4, 48.0),),
                                  (DayNumbers(bust, 19.6, 48.0),))  # fmt: skip
    yield (
        "cycle with pain",
        CycleConfirmed(
            "An",
            (DayNumbers(boom, 96.4, 48.0, 3), DayNumbers(boom + timedelta(days=1), 90.0, 48.0, 4)),
            (DayNumbers(bust, 19.6, 48.0, 7), DayNumbers(bust + timedelta(days=1), 25.0, 48.0, 6)),
        ),
    )
    for before, after in ((7, 3), (5, 5)):
        yield (
            f"cycle, pain {before} to {after}",
            CycleConfirmed(
                "An",
                (DayNumbers(boom, 96.4, 48.0, before),),
                (DayNumbers(bust, 19.6, 48.0, after),),
            ),
        )
    weeks = (PlanWeekNumbers(2, date(2026, 3, 9), 24.0, 3, 2, 2),
             PlanWeekNumbers(3, date(2026, 3, 16), 28.0, 3, 0, 0))  # fmt: skip
    yield "plan", PlanStagnating("An", weeks)
    yield "nudge", BreakNudge("An", 1_773_738_000_000, 45)
    yield "absent", DeviceAbsent("InfiniTime", 6.0, 1_773_738_000_000)
    yield "report", WeeklyReportReady("2026-W12", "/data/reports/2026-W12-nl.pdf",
                                      "https://hub.local:8470/week/2026-W12")  # fmt: skip
    yield "report, odd week", WeeklyReportReady("week 12", "/r.html")
    yield "import", ImportFailed("export.zip", "not a zip file: bad magic number", "ab" * 32)


# -- the hub's store --------------------------------------------------------------------

PASSWORD = "a-long-enough-password"
USERS = {"anna": ("patient",), "kine": ("therapist",), "beheer": ("admin",)}


def hub_store(data: Path, today: date) -> tuple[str, str]:
    """Eight weeks of boom-bust minutes up to ``today``, a plan, check-ins, exercises,
    the ladder, worksheet answers, a week note and three users; returns (last complete
    week, this week) as ISO week codes."""
    from tracker.app import ladder, users
    from tracker.app.checkins import save_checkin, save_week_note
    from tracker.app.plans import set_plan
    from tracker.app.relaxation import log_relaxation
    from tracker.app.worksheets import save_answer
    from tracker.store.sqlite import Store

    weeks = 8
    first = today - timedelta(days=7 * weeks - 1)
    sc = repeated_boom_bust(weeks=weeks, start=first)
    last_week = week_of(today - timedelta(days=7))
    now = datetime.combine(today, time(21), BRUSSELS)
    now_ms = int(now.timestamp() * 1000)
    with Store.create(data, tz=BRUSSELS) as store:
        store.import_minutes(sc.table)
        plan = make_plan(measurements=[25, 27, 28], goal=40, weeks=5,
                         start_date=last_week.monday - timedelta(days=7))  # fmt: skip
        set_plan(store, plan, actor="kine", now_ms=now_ms)
        for k, day in enumerate(d for d in sc.dates[-28:] if d < today):
            save_checkin(store, day, 2 + k % 4, 2 + k % 4 + k % 3, 3 + k % 6, "", now_ms=now_ms)
        for k in range(3):
            start = datetime.combine(today - timedelta(days=2 + k), time(20), BRUSSELS)
            log_relaxation(store, start, 15, ("progressive", "autogenic", "mindfulness")[k],
                           now=now)  # fmt: skip
        item = ladder.add_item(store, "bukken", 40, now_ms=now_ms)
        ladder.add_item(store, "tillen", 70, now_ms=now_ms)
        ladder.record_exposure(store, item, now - timedelta(days=1), 7, 60, 3, 30, now=now)
        save_answer(store, "energy", "Wandelen met de hond.", day=today, author="anna",
                    now_ms=now_ms)  # fmt: skip
        save_week_note(store, str(last_week), "Goed gedaan, we bekijken het samen.",
                       author="kine", now_ms=now_ms)  # fmt: skip
        for name, roles in USERS.items():
            users.add_user(store, name, PASSWORD, list(roles), now_ms=now_ms, actor="test")
    return str(last_week), str(week_of(today))
