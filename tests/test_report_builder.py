"""The report model from `analyze()` on the scenario generators, and the charts alone."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from tests.scenarios import BRUSSELS, repeated_boom_bust, slow_avoidance, steady_pacing
from tracker.config import Config, load_config, parse_config
from tracker.domain.minutes import MinuteTable
from tracker.domain.weeks import parse_week, week_of
from tracker.pacing.pipeline import analyze
from tracker.report.builder import report_from_result
from tracker.report.model import WeeklyReport
from tracker.report.texts import Texts
from tracker.store.sqlite import Store

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _report(
    scenario_table: MinuteTable, week: str, lang: str = "nl", config: Config | None = None
) -> WeeklyReport:
    config = config or load_config(None)
    result = analyze(scenario_table, config, tz=BRUSSELS)
    w = parse_week(week)
    rows = sum(1 for d in result.days if w.monday <= d.date <= w.sunday and d.worn_minutes)
    return report_from_result(
        result, config, w, lang, plan=None, week_minutes_with_data=rows * 900,
        devices=(), now=NOW,
    )  # fmt: skip


def test_slow_avoidance_reports_declining_capacity_gently() -> None:
    sc = slow_avoidance()
    week = str(week_of(sc.dates[-1]))
    r = _report(sc.table, week)
    assert r.capacity is not None
    assert r.capacity.status == "declining"
    assert r.capacity.avoidance_text is not None
    assert "vermijden" in r.capacity.avoidance_text
    assert any("mogen-activiteit" in tip for tip in r.tips)
    assert r.cycles == ()


def test_steady_pacing_has_no_cycles_and_days_within_limits() -> None:
    sc = steady_pacing()
    r = _report(sc.table, str(week_of(sc.dates[-1])), "en")
    assert r.cycles == ()
    assert {d.day_type for d in r.days} == {"normal"}
    assert all(d.lower is not None and d.lower <= (d.active_minutes or 0) for d in r.days)
    assert all(d.upper is not None and (d.active_minutes or 0) <= d.upper for d in r.days)
    assert 2 <= len(r.tips) <= 3


def test_boom_bust_scenario_every_cycle_in_its_week() -> None:
    sc = repeated_boom_bust()
    result = analyze(sc.table, load_config(None), tz=BRUSSELS)
    assert result.cycles, "the scenario should give cycles"
    t = Texts("nl")
    for cycle in result.cycles:
        w = week_of(cycle.boom_dates[0])
        r = report_from_result(
            result, load_config(None), w, "nl", plan=None, week_minutes_with_data=1,
            devices=(), now=NOW,
        )  # fmt: skip
        texts = " ".join(c.text for c in r.cycles)
        for d in (*cycle.boom_dates, *cycle.bust_dates):
            if w.monday <= d <= w.sunday or d in cycle.boom_dates:
                assert t.date_both(d) in texts
        boom_rows = [d for d in r.days if d.date in cycle.boom_dates]
        assert all(row.day_type == "boom" for row in boom_rows)


def test_learning_week_does_not_say_the_days_stayed_within_limits() -> None:
    """In the learning period there is no baseline yet, so no limits to stay within."""
    sc = steady_pacing()
    for lang in ("nl", "en"):
        r = _report(sc.table, str(week_of(sc.dates[0])), lang)
        assert r.learning
        steady = Texts(lang)("tip_steady")
        assert steady not in r.tips
        assert 2 <= len(r.tips) <= 3


def test_a_boom_without_a_bust_is_not_called_well_spread() -> None:
    """No cycle, but a boom day in the table: the text does not say the week was even."""
    from tests.scenarios import build_table
    from tracker.report.render import render_html

    start = date(2026, 2, 2)
    active = [60] * 35
    active[30] = 180  # Wednesday 4 March, and no low day after it
    for lang, even, none in (
        ("nl", "mooi verdeeld", "geen piek gevolgd door een dip"),
        ("en", "stayed well spread", "no boom followed by a bust"),
    ):
        r = _report(build_table(start, active), "2026-W10", lang)
        assert r.cycles == ()
        assert [d.day_type for d in r.days].count("boom") == 1
        html = render_html(r)
        assert none in html
        assert even not in html


def test_a_bust_without_a_boom_is_not_called_within_the_limits() -> None:
    """No cycle, but a bust day (▼ in the chart): the tips do not say the week stayed
    within the limits."""
    from tests.scenarios import build_table

    start = date(2026, 2, 2)
    active = [60] * 35
    active[30] = 20  # Wednesday 4 March, far under the lower limit, no high day before it
    for lang in ("nl", "en"):
        r = _report(build_table(start, active), "2026-W10", lang)
        assert r.cycles == ()
        assert [d.day_type for d in r.days].count("bust") == 1
        assert Texts(lang)("tip_steady") not in r.tips
        assert 2 <= len(r.tips) <= 3


def test_bounds_follow_the_configured_rules() -> None:
    sc = steady_pacing()
    config = parse_config({"pacing": {"boom_ratio": 2.0, "bust_ratio": 0.5}})
    r = _report(sc.table, str(week_of(sc.dates[-1])), config=config)
    for d in r.days:
        assert d.baseline is not None and d.lower is not None and d.upper is not None
        assert d.lower == pytest.approx(0.5 * d.baseline)
        assert d.upper == pytest.approx(max(2.0 * d.baseline, d.baseline + 20))
    assert any("2,0 × gewone activiteit" in rule for rule in r.footer.rules)


def test_empty_result_is_a_no_data_report() -> None:
    r = report_from_result(
        None, load_config(None), parse_week("2026-W12"), "en", plan=None,
        week_minutes_with_data=0, devices=(), now=NOW,
    )  # fmt: skip
    assert not r.has_data and r.learning
    assert [d.day_type for d in r.days] == ["no_data"] * 7
    assert r.tips[0].startswith("Wear your device")
    from tracker.report.render import render_html

    html = render_html(r)
    assert "No data was recorded this week." in html
    assert "<svg" not in html


def test_week_uses_local_days(tmp_path: Path) -> None:
    """A row at 23:30 local on Sunday belongs to that week, not the next one."""
    from tracker.app.week import load_week
    from tracker.domain.minutes import MinuteTable

    sunday_2330_brussels = int(datetime(2026, 3, 22, 22, 30, tzinfo=UTC).timestamp())
    table = MinuteTable(
        np.array([sunday_2330_brussels, sunday_2330_brussels + 3600], np.int64),
        np.array([3600, 3600], np.int32),
        np.array([50.0, 50.0]),
        np.array([np.nan, np.nan]),
    )
    config = parse_config({"tracker": {"timezone": "Europe/Brussels"}})
    with Store.create(tmp_path, tz=BRUSSELS) as store:
        store.import_minutes(table)
        now_ms = int(NOW.timestamp() * 1000)
        assert (
            load_week(store, config, parse_week("2026-W12"), now_ms=now_ms).minutes_with_data == 1
        )
        assert (
            load_week(store, config, parse_week("2026-W13"), now_ms=now_ms).minutes_with_data == 1
        )


# --- charts ------------------------------------------------------------------------------


def test_days_chart_marks_boom_and_bust_without_colour() -> None:
    from tracker.report.charts import days_chart

    chart = days_chart(
        ["ma", "di", "wo"],
        [60, 180, 20],
        [42, 42, 42],
        [90, 90, 90],
        [60, 60, 60],
        ["normal", "boom", "bust"],
        title="Actieve minuten",
        legend={"active": "a", "band": "b", "baseline": "c", "boom": "piek", "bust": "dip"},
    )
    svg = chart.svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert '<title id="chart-days-title">Actieve minuten</title>' in svg
    assert not re.search(r"https?://|xlink:|<image", svg)
    for label in ("60", "180", "20", "piek", "dip"):
        assert f">{label} <" in svg or f">{label}<" in svg, label
    assert svg.count("<pattern") >= 2  # hatching for boom and for bust
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert all(i.startswith("days-") or i.startswith("chart-days") for i in ids)


def test_chart_axes_count_in_whole_minutes_and_beats() -> None:
    """Minutes and beats per minute are whole numbers: no '62.5' on a Dutch axis (where
    it would also need a decimal comma)."""
    from tracker.report.charts import heart_chart, plan_chart

    heart = heart_chart(["ma", "di", "wo"], [66, 66, 67], title="Hartslag", y_label="slagen")
    plan = plan_chart(
        [0, 1, 2], [20, 21, 22], [0.0, 1.0], [20, 21], current_week=1, title="Schema",
        legend={"quota": "q", "sessions": "s", "week": "w", "minutes": "m", "now": "n"},
    )  # fmt: skip
    for chart in (heart, plan):
        labels = [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", chart.svg)]
        numbers = [t for t in labels if re.fullmatch(r"[\d.,−-]+", t)]
        assert numbers, chart.key
        assert not [t for t in numbers if "." in t or "," in t], (chart.key, numbers)


def _path_ys(svg: str, group: str) -> list[float]:
    """The y coordinates of the first path in the SVG group ``group``."""
    match = re.search(rf'<g id="{group}">\s*(?:<g id="[^"]+">\s*)?<path d="([^"]+)"', svg)
    assert match, group
    return [float(y) for y in re.findall(r"[ML] [\d.]+ ([\d.]+)", match[1])]


def test_capacity_legend_sits_above_the_data_not_on_it() -> None:
    """A declining trend starts high on the left, where an in-plot legend would lie on
    the band and the line: the legend goes above the plot area."""
    from tracker.report.charts import capacity_chart

    n = 56
    high_left = [70.0 - 0.8 * i for i in range(n)]
    chart = capacity_chart(
        [str(i) for i in range(n)], high_left, high_left, [v - 8 for v in high_left],
        [v + 6 for v in high_left], highlight_from=n - 7, title="Belastbaarheid",
        legend={"daily": "d", "median": "m", "band": "b", "week": "w", "y": "y"},
    )  # fmt: skip
    axes_top = min(_path_ys(chart.svg, "capacity-axes_1"))
    legend_bottom = max(_path_ys(chart.svg, "capacity-legend_1"))
    assert legend_bottom <= axes_top, (legend_bottom, axes_top)


def test_heatmap_holds_the_numbers() -> None:
    from tracker.report.charts import heatmap_chart

    grid = np.zeros((7, 24))
    grid[1, 14] = 45
    grid[5, 9] = 7
    svg = heatmap_chart([f"d{i}" for i in range(7)], grid, title="uur", hour_label="uur").svg
    assert ">45<" in svg and ">7<" in svg
    assert "<image" not in svg  # vector cells, no bitmap


def test_missing_weasyprint_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.report.render import ReportError, render_pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    with pytest.raises(ReportError, match=r"needs weasyprint.*--format html"):
        render_pdf("<html></html>")


def test_report_files_are_private_and_atomic(tmp_path: Path) -> None:
    from tracker.report.render import write_atomically

    target = tmp_path / "reports" / "r.html"
    write_atomically(target, b"<p>een</p>")
    write_atomically(target, b"<p>twee</p>")
    assert target.read_bytes() == b"<p>twee</p>"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["r.html"]


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    from tracker.report.render import ReportError, write_atomically

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="cannot write"):
        write_atomically(blocker / "r.html", b"x")


def test_date_of_week_helpers() -> None:
    assert week_of(date(2026, 3, 22)) == parse_week("2026-W12")


def test_resting_heart_rate_and_rmssd_from_a_chest_strap(tmp_path: Path) -> None:
    """Still minutes give a resting HR; stored RR intervals give the day's RMSSD."""
    from tests.scenarios import build_table
    from tracker.domain.minutes import MinuteTable
    from tracker.domain.samples import HeartRateSample
    from tracker.report.builder import build_report
    from tracker.report.render import render_html

    start = date(2026, 3, 2)
    base = build_table(start, [60] * 21)
    # Calm minutes become fully still, so the resting heart rate can be estimated.
    steps = np.where(base.steps < 40, 0.0, base.steps)
    table = MinuteTable(base.time_s, base.offset_s, steps, base.heart_rate_bpm)
    # Ten minutes of beats at rest on Wednesday 18 March, 07:30 Brussels (06:30 UTC):
    # intervals alternate 0.90 / 0.92 s, so every successive difference is 20 ms.
    t0 = int(datetime(2026, 3, 18, 6, 30, tzinfo=UTC).timestamp() * 1000)
    beats = [
        HeartRateSample("strap", t0 + k * 1000, 66.0, True, None, (0.90 if k % 2 else 0.92,))
        for k in range(600)
    ]
    config = parse_config({"tracker": {"timezone": "Europe/Brussels"}})
    with Store.create(tmp_path, tz=BRUSSELS) as store:
        store.import_minutes(table)
        store.write(beats)
        report = build_report(store, config, parse_week("2026-W12"), "en", now=NOW)
        reference = analyze(store.minute_table(), config, tz=BRUSSELS, rr=store.rr_intervals())
    by_date = {d.date: d for d in reference.days}
    assert report.has_heart
    wednesday = next(d for d in report.days if d.date == date(2026, 3, 18))
    assert wednesday.rmssd_ms == pytest.approx(20.0, abs=0.5)
    assert wednesday.rmssd_ms == pytest.approx(by_date[date(2026, 3, 18)].rmssd_ms)
    for d in report.days:
        assert d.resting_hr_bpm == by_date[d.date].resting_hr_bpm
    assert all(d.rmssd_ms is None for d in report.days if d.date != date(2026, 3, 18))
    html = render_html(report)
    assert 'id="chart-heart"' in html and 'id="table-heart"' in html
    assert f">{wednesday.rmssd_ms:.0f}<" in html


def test_a_boom_on_sunday_is_confirmed_by_the_next_days(tmp_path: Path) -> None:
    """Boom on Sunday 22 March, bust on Tuesday 24: the W12 report names both dates,
    while its days, capacity and totals stop at the Sunday."""
    from tests.scenarios import build_table
    from tracker.report.builder import build_report
    from tracker.store.sqlite import Store

    start = date(2026, 2, 2)
    days = (date(2026, 3, 25) - start).days + 1
    active = [60] * days
    active[(date(2026, 3, 22) - start).days] = 190
    active[(date(2026, 3, 24) - start).days] = 15
    table = build_table(start, active)
    config = load_config(None)
    with Store.create(tmp_path) as store:
        store.import_minutes(table)
        report = build_report(store, config, parse_week("2026-W12"), "nl", now=NOW)
        week_only = build_report(store, config, parse_week("2026-W13"), "nl", now=NOW)
    assert [(c.boom_dates, c.bust_dates) for c in report.cycles] == [
        ((date(2026, 3, 22),), (date(2026, 3, 24),))
    ]
    assert "zondag 22 maart 2026 (2026-03-22)" in report.cycles[0].text
    assert "dinsdag 24 maart 2026 (2026-03-24)" in report.cycles[0].text
    assert [d.date for d in report.days][-1] == date(2026, 3, 22)
    assert report.capacity is not None and report.capacity.dates[-1] == date(2026, 3, 22)
    assert report.active_total == sum(d.active_minutes or 0 for d in report.days)
    # The next week's report shows the same cycle (its bust is in that week).
    assert [c.boom_dates for c in week_only.cycles] == [(date(2026, 3, 22),)]


def test_logged_sessions_count_in_a_week_without_data_after_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The week's sessions come from the log too, whether or not the sensors recorded
    anything after them (the plan is checked up to the Sunday, not the last data)."""
    from tests.scenarios import build_table
    from tracker.app.plans import set_plan
    from tracker.pacing.plan import make_plan
    from tracker.pacing.sessions import SOURCE_LOGGED, Session
    from tracker.report.builder import build_report
    from tracker.store.plans import log_session

    config = parse_config({"tracker": {"timezone": "Europe/Brussels"}})
    week = parse_week("2026-W12")
    # Minutes up to Monday 16 March only; sessions logged on Wednesday and Friday.
    table = build_table(date(2026, 2, 16), [50] * 29)
    with Store.create(tmp_path, tz=BRUSSELS) as store:
        store.import_minutes(table)
        set_plan(store, make_plan(start=20, goal=40, weeks=5, start_date=date(2026, 3, 9),
                                  activity="zwemmen"), actor="test", now_ms=0)  # fmt: skip
        for day in (date(2026, 3, 18), date(2026, 3, 20)):
            start = datetime(day.year, day.month, day.day, 12, tzinfo=BRUSSELS)
            log_session(store, Session(start, 24.0, SOURCE_LOGGED, "zwemmen"))
        report = build_report(store, config, week, "nl", now=NOW)
    assert report.plan is not None
    assert [s.date for s in report.plan.sessions] == [date(2026, 3, 18), date(2026, 3, 20)]
    assert all(s.verdict == "on_plan" for s in report.plan.sessions)
