"""The report's program sections from an analysis and the person's entries (pure): every
finding in words in both languages, the body's signals, relaxation, must and want,
exposure; and the rendered page and its chart."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.scenarios import BRUSSELS, Scenario, repeated_boom_bust
from tracker.analysis.night import NightMeasures
from tracker.analysis.relaxation import RelaxationResponse, day_relaxation
from tracker.app.program_week import ProgramWeek
from tracker.config import Config
from tracker.domain.exercises import RelaxationSession
from tracker.domain.weeks import IsoWeek, week_of
from tracker.pacing.exposure import Exposure, LadderItem, ladder_progress
from tracker.pacing.must_want import ActivityKind, MarkedActivity, must_want_balance
from tracker.pacing.pipeline import analyze
from tracker.pacing.plan import Plan, make_plan
from tracker.pacing.result import AnalysisResult
from tracker.pacing.signals import body_signals
from tracker.report.builder import report_from_result
from tracker.report.model import WeeklyReport
from tracker.report.program_model import ProgramSection
from tracker.report.render import render_html
from tracker.store.checkins import CheckIn

CONFIG = Config(zone=BRUSSELS)
EVIL = "<b>vet</b> & co"


@dataclasses.dataclass(frozen=True)
class Analysed:
    sc: Scenario
    week: IsoWeek
    worst: dict[date, int]
    result: AnalysisResult


@pytest.fixture(scope="module")
def analysed() -> Analysed:
    sc = repeated_boom_bust(weeks=8)
    boom, bust = sc.boom_dates[-1], sc.bust_dates[-1]
    # Worst pain falls as activity rises (a clear pain-contingent pattern), with the last
    # cycle's boom day at 3 and its bust day at 7.
    worst = {
        d: max(0, min(10, 9 - a // 15)) for d, a in zip(sc.dates, sc.active_minutes, strict=True)
    }
    worst[boom], worst[bust] = 3, 7
    week = week_of(bust)
    result = analyze(sc.table, CONFIG, tz=BRUSSELS, worst_pain=worst)
    return Analysed(sc, week, worst, result)


def program(
    week: IsoWeek,
    result: AnalysisResult,
    *,
    relax: Sequence[RelaxationResponse] = (),
    signals_nights: Sequence[NightMeasures] = (),
    ladder: Sequence[LadderItem] = (),
    exposures: Sequence[tuple[Exposure, str]] = (),
    marks: Sequence[MarkedActivity] = (),
) -> ProgramWeek:
    days = tuple(
        day_relaxation(d, 60, 30, result.bouts, [r.session for r in relax], BRUSSELS)
        for d in week.days
    )
    return ProgramWeek(
        checkins=(CheckIn(week.monday, 2, 4, 6, EVIL),),
        relaxation=tuple(relax),
        days=days,
        exposures=tuple(exposures),
        ladder=ladder_progress(list(ladder), [e for e, _ in exposures]),
        must_want=must_want_balance(list(marks), week.monday, week.sunday),
        signals=body_signals(list(signals_nights), week.monday, week.sunday, CONFIG.pacing),
    )


def build(
    result: AnalysisResult,
    week: IsoWeek,
    prog: ProgramWeek | None,
    lang: str = "nl",
    plan: Plan | None = None,
) -> WeeklyReport:
    return report_from_result(
        result, CONFIG, week, lang, plan=plan, week_minutes_with_data=1000, devices=(),
        now=datetime(2026, 4, 1, tzinfo=UTC), program=prog,
    )  # fmt: skip


def section(report: WeeklyReport) -> ProgramSection:
    assert report.program is not None
    return report.program


def test_pain_findings_in_words(analysed: Analysed) -> None:
    sc, week, result = analysed.sc, analysed.week, analysed.result
    assert result.pain is not None
    assert result.pain.same_day.status == "activity_follows_pain"
    r = build(result, week, program(week, result))
    p = section(r).pain
    assert p.same_day_status == "activity_follows_pain"
    assert "Op dagen met meer pijn was je minder actief" in p.same_day_text
    assert "psycholoog of kinesist" in p.same_day_text  # ends with an invitation
    # The statistic is the therapist's (the technical footer), not in the patient's finding.
    assert "ρ" not in p.same_day_text
    assert f"{result.pain.same_day.rho:.2f}".replace(".", ",") in p.stats
    bust = sc.bust_dates[-1]
    assert any("steeg je pijn van 3 naar 7" in line for line in p.cycles)
    assert p.checkins[0].note == EVIL
    en = section(build(result, week, program(week, result), "en")).pain
    assert "On days with more pain you were less active" in en.same_day_text
    assert any("went up from 3 to 7" in line for line in en.cycles)
    assert len(p.dates) == 28 and p.dates[-1] == week.sunday
    assert p.week_from == 21 and p.worst_pain[p.dates.index(bust)] == 7.0


def test_too_few_days_say_so_and_building_up_is_normal(analysed: Analysed) -> None:
    sc, week, worst = analysed.sc, analysed.week, analysed.worst
    few = {d: p for d, p in list(worst.items())[-40:-30]}  # ten check-ins, out of the window
    thin = analyze(sc.table, CONFIG, tz=BRUSSELS, worst_pain=few)
    plan = make_plan(start=20, goal=40, weeks=5, start_date=week.monday)
    p = section(build(thin, week, program(week, thin), plan=plan)).pain
    assert p.same_day_status == "insufficient_data"
    assert "Nog te weinig dagen" in p.same_day_text and "minstens 14" in p.same_day_text
    assert "Nog te weinig" in p.next_day_text
    assert p.time_contingent.startswith("Nog te weinig avondchecks")
    assert p.building_up is not None and "spierpijn" in p.building_up
    later = make_plan(start=20, goal=40, weeks=5, start_date=week.monday - timedelta(days=21))
    assert section(build(thin, week, program(week, thin), plan=later)).pain.building_up is None


def test_signals_relaxation_must_want_and_exposure(analysed: Analysed) -> None:
    week, result = analysed.week, analysed.result
    nights = [NightMeasures(week.monday - timedelta(days=k), 55.0 + k % 3, None)
              for k in range(1, 29)] + [NightMeasures(week.monday, 68.0, None)]  # fmt: skip
    start = datetime.combine(week.monday + timedelta(days=2), datetime.min.time(), BRUSSELS)
    start += timedelta(hours=20)
    relax = [RelaxationResponse(RelaxationSession(start, 15, "progressive"), 72.0, 64.0, 66.0,
                                None, None)]  # fmt: skip
    items = [LadderItem(1, "bukken", 40, False, 1), LadderItem(2, EVIL, 70, False, 2)]
    exposures = [(Exposure(1, 1, start, 7, 60, 3, 30), "bukken")]
    marks = [MarkedActivity(week.monday, 30, "strijken", ActivityKind.MUST),
             MarkedActivity(week.monday, 20, "strijken", ActivityKind.MUST),
             MarkedActivity(week.sunday, 15, "tuin", ActivityKind.WANT)]  # fmt: skip
    prog = program(week, result, relax=relax, signals_nights=nights, ladder=items,
                   exposures=exposures, marks=marks)  # fmt: skip
    r = build(result, week, prog)
    p = section(r)
    assert p.pain.signals_status == "found"
    assert "68 slagen per minuut" in p.pain.signals[0]
    assert p.pain.checkins[0].signals == "hartslag 's nachts hoger (68)"
    assert p.relax.summary == "Deze week 1 oefening, samen 15 minuten."
    assert "8 slagen per minuut lager" in (p.relax.heart or "")
    wed = p.relax.days[2]
    assert wed.exercises == 15.0 and wed.relaxation == 45.0  # 30 min pauses + 15 outside them
    assert "2 keer iets wat moest (50 minuten) en 1 keer iets wat je graag deed (15 minuten)" in (
        p.must_want.summary
    )
    assert p.must_want.advice is not None and "mogen-activiteit" in p.must_want.advice
    assert "verwachtte gemiddeld pijn 7 en voelde 3" in p.exposure.summary
    assert p.exposure.next_step == "Volgende stap op je lijst: bukken (stap 1 van 2)."
    html = render_html(r)
    assert "<b>vet</b>" not in html and "&lt;b&gt;vet&lt;/b&gt; &amp; co" in html
    assert 'id="chart-pain"' in html and 'data-same-day="activity_follows_pain"' in html
    # Nothing entered: every part says what to do instead.
    empty = build(result, week, dataclasses.replace(prog, relaxation=(), exposures=(),
                  ladder=(), must_want=must_want_balance([], week.monday, week.sunday),
                  signals=body_signals([], week.monday, week.sunday, CONFIG.pacing)))  # fmt: skip
    q = section(empty)
    assert q.relax.summary.startswith("Deze week werden geen ontspanningsoefeningen")
    assert q.must_want.summary.startswith("Deze week werden geen activiteiten")
    assert q.exposure.next_step.startswith("Er staat nog niets op je lijst")
    assert q.pain.signals_status == "few" and "minstens 14" in q.pain.signals_text


def test_a_report_without_entries_has_no_program_section(analysed: Analysed) -> None:
    week, result = analysed.week, analysed.result
    assert build(result, week, None).program is None
    assert 'id="pain"' not in render_html(build(result, week, None))
