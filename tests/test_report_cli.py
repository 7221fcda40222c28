"""`tracker import` + `tracker report` end to end, checked against `analyze()`.

One store per module: eleven weeks of minutes (Brussels time) with a boom on Tuesday
17 March 2026 and a bust two days later, in ISO week 2026-W12, and a walking plan. The
report is written once per language and format and every test reads those files.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tests.cli import tracker
from tests.fixtures_chromium import console_errors, render_in_chromium
from tests.scenarios import Scenario, build_table
from tracker.pacing.result import AnalysisResult

# Slow: Chromium, PDFs and CLI processes.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
WEEK = "2026-W12"
MONDAY = date(2026, 3, 16)
BOOM = date(2026, 3, 17)
BUST = date(2026, 3, 19)
FIRST_DAY = date(2026, 1, 5)
PLAN_START = date(2026, 3, 2)


def boom_bust_week() -> Scenario:
    """Steady 55-65 active minutes a day, then 180 on BOOM and 20 on BUST."""
    rng = np.random.default_rng(12)
    days = (MONDAY + timedelta(days=6) - FIRST_DAY).days + 1
    active = [int(v) for v in rng.integers(55, 66, days)]
    active[(BOOM - FIRST_DAY).days] = 180
    active[(BUST - FIRST_DAY).days] = 20
    dates = tuple(FIRST_DAY + timedelta(days=i) for i in range(days))
    return Scenario("w12", dates, tuple(active), build_table(FIRST_DAY, active), (BOOM,), (BUST,))


@dataclass(frozen=True)
class Built:
    data_dir: Path
    csv: Path
    nl: Path
    en: Path
    pdf: Path
    nl_stdout: str
    default_stdout: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from tracker.pacing.plan import make_plan
    from tracker.store.plans import save_plan
    from tracker.store.sqlite import Store

    tmp = tmp_path_factory.mktemp("report")
    data = tmp / "data"
    csv = boom_bust_week().write_csv(tmp / "minutes.csv")
    imported = tracker("import", "--data-dir", data, csv)
    assert imported.returncode == 0, imported.stderr
    with Store.create(data) as store:
        save_plan(store, make_plan(start=20, goal=40, weeks=5, start_date=PLAN_START))
    # The hub's configured zone decides the calendar days (the data was recorded there).
    config = tmp / "config.toml"
    config.write_text('[tracker]\ntimezone = "Europe/Brussels"\n')
    report = ("report", "--data-dir", data, "--config", config, "--week", WEEK)
    nl = tracker(*report, "--lang", "nl", "--output", tmp / "r.html")
    assert nl.returncode == 0, nl.stderr
    default = tracker(*report, "--lang", "en")
    assert default.returncode == 0, default.stderr
    pdf = tracker(*report, "--output", tmp / "r.pdf")
    assert pdf.returncode == 0, pdf.stderr
    return Built(
        data, csv, tmp / "r.html", data / "reports" / f"{WEEK}-en.html", tmp / "r.pdf",
        nl.stdout, default.stdout,
    )  # fmt: skip


@pytest.fixture(scope="module")
def analysis(built: Built) -> AnalysisResult:
    """What `analyze()` itself says about the imported minutes (the reference)."""
    from tracker.config import load_config
    from tracker.formats.minute_csv import read_csv
    from tracker.pacing.pipeline import analyze
    from tracker.store.plans import load_plan
    from tracker.store.sqlite import Store

    with Store.open(built.data_dir) as store:
        plan = load_plan(store)
    brussels = ZoneInfo("Europe/Brussels")
    return analyze(read_csv(built.csv), load_config(None), tz=brussels, plan=plan)


class _Tables(HTMLParser):
    """Cell texts of every <table id=…>, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or "?"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_prints_the_path_and_writes_the_default_place(built: Built) -> None:
    assert built.nl_stdout.strip() == str(built.nl)
    assert built.default_stdout.strip() == str(built.en)
    assert built.en.exists()
    assert (built.en.stat().st_mode & 0o777) == 0o600


def test_days_numbers_and_day_types_match_analyze(built: Built, analysis: AnalysisResult) -> None:
    from tracker.config import load_config

    pacing = load_config(None).pacing
    expected = {d.date: d for d in analysis.days}
    for path in (built.nl, built.en):
        html = path.read_text(encoding="utf-8")
        rows = tables(html)["table-days"][1:]
        assert len(rows) == 7
        for i, row in enumerate(rows):
            day = MONDAY + timedelta(days=i)
            ref = expected[day]
            assert row[1] == day.isoformat()
            assert row[2] == str(ref.active_minutes)
            assert ref.baseline_active_minutes is not None
            assert row[4] == f"{ref.baseline_active_minutes:.0f}"
            assert row[3] == f"{pacing.bust_ratio * ref.baseline_active_minutes:.0f}"
            tag = f'data-date="{day.isoformat()}" data-day-type="{ref.day_type}"'
            assert tag in html
        assert (
            f"{sum(expected[MONDAY + timedelta(days=i)].active_minutes for i in range(7))}" in html
        )


def test_the_cycle_names_boom_and_bust_by_date_in_words_and_iso(
    built: Built, analysis: AnalysisResult
) -> None:
    cycles = [c for c in analysis.cycles if MONDAY <= c.boom_dates[0] <= MONDAY + timedelta(6)]
    assert [(c.boom_dates, c.bust_dates) for c in cycles] == [((BOOM,), (BUST,))]
    nl = built.nl.read_text(encoding="utf-8")
    en = built.en.read_text(encoding="utf-8")
    assert "dinsdag 17 maart 2026 (2026-03-17)" in nl
    assert "donderdag 19 maart 2026 (2026-03-19)" in nl
    assert "Tuesday 17 March 2026 (2026-03-17)" in en
    assert "Thursday 19 March 2026 (2026-03-19)" in en
    assert 'data-boom-dates="2026-03-17"' in nl and 'data-bust-dates="2026-03-19"' in nl
    assert "▲ piekdag" in nl and "▼ dipdag" in nl


def test_plan_sessions_match_the_plan_check(built: Built, analysis: AnalysisResult) -> None:
    check = analysis.plan_check
    assert check is not None
    week = [s for s in check.sessions if MONDAY <= s.session.start.date() <= MONDAY + timedelta(6)]
    rows = tables(built.en.read_text(encoding="utf-8")).get("table-sessions", [])[1:]
    assert len(rows) == len(week) > 0
    words = {"under": "shorter than agreed", "on_plan": "as agreed", "over": "longer than agreed"}
    for row, s in zip(rows, week, strict=True):
        assert s.session.start.date().isoformat() in row[0]
        assert row[2] == f"{s.quota:.0f}"
        assert row[4] == words[str(s.verdict)]


def test_the_plan_tip_counts_the_weeks_sessions(built: Built, analysis: AnalysisResult) -> None:
    """The tip says how many of the week's sessions were short, not "a few times"."""
    check = analysis.plan_check
    assert check is not None
    week = [s for s in check.sessions if MONDAY <= s.session.start.date() <= MONDAY + timedelta(6)]
    under = sum(1 for s in week if str(s.verdict) == "under")
    assert under > 0
    nl = built.nl.read_text(encoding="utf-8")
    en = built.en.read_text(encoding="utf-8")
    assert f"lukte de afgesproken tijd {under} van de {len(week)} keer niet" in nl
    assert f"the agreed time did not work out {under} of {len(week)} times" in en


def test_both_languages_are_complete_and_labelled(built: Built) -> None:
    nl = built.nl.read_text(encoding="utf-8")
    en = built.en.read_text(encoding="utf-8")
    assert '<html lang="nl">' in nl and '<html lang="en">' in en
    for word in ("Weekrapport", "Je opbouwschema", "Inspanning en ontspanning",
                 "Je belastbaarheid", "tijdcontingent", "Wat geeft mij energie?"):  # fmt: skip
        assert word in nl
    for word in ("Weekly report", "Your build-up schedule", "Exertion and relaxation",
                 "Your capacity", "time-contingently"):  # fmt: skip
        assert word in en
    # No English headings leaked into Dutch and the reverse.
    assert "Your build-up schedule" not in nl and "Je opbouwschema" not in en


def test_self_contained_no_external_resources(built: Built) -> None:
    for path in (built.nl, built.en):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.I)
        assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.I)
        assert not re.search(r"@import|@font-face|\bsrc=", html, re.I)
        # Every url(...) and href points inside the page.
        assert all(u.startswith("#") for u in re.findall(r"url\(\s*([^)\s]*)", html))
        assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))
        assert html.count("<svg") == 5  # days, plan, heat map, capacity, pain
        assert len(set(re.findall(r'\bid="([^"]+)"', html))) == len(
            re.findall(r'\bid="([^"]+)"', html)
        ), "duplicate ids in the page"


def test_charts_have_titles_captions_and_tables(built: Built) -> None:
    html = built.nl.read_text(encoding="utf-8")
    for key in ("days", "plan", "heatmap", "capacity", "pain"):
        assert f'aria-labelledby="chart-{key}-title"' in html
        assert f'<title id="chart-{key}-title">' in html
    assert html.count("<figcaption>") == 5
    found = tables(html)
    assert {"table-days", "table-plan", "table-balance", "table-capacity"} <= set(found)


def test_pdf_is_written(built: Built) -> None:
    data = built.pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 10_000


def _pdf_pages(pdf: Path) -> list[list[str]]:
    """The lines of text on each page of ``pdf`` (poppler's pdftotext)."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return [[line.strip() for line in page.splitlines()] for page in text.split("\f")]


@pytest.mark.parametrize(
    ("heading", "caption"),
    [
        ("De week in één oogopslag", "Actieve minuten per dag tegenover je grenzen."),
        ("Je opbouwschema", "Opbouwschema: afgesproken tijd per week en wat je deed."),
        ("Inspanning en ontspanning", "Actieve minuten per uur en per dag."),
        ("Je belastbaarheid", "Belastbaarheid over de laatste weken."),
    ],
)
def test_pdf_keeps_each_heading_on_the_page_of_its_chart(
    built: Built, heading: str, caption: str
) -> None:
    """In print a section's heading never ends a page while its chart starts the next."""
    pages = _pdf_pages(built.pdf)
    heading_page = next(i for i, lines in enumerate(pages) if heading in lines)
    caption_page = next(
        i for i, lines in enumerate(pages) if any(line.startswith(caption) for line in lines)
    )
    assert heading_page == caption_page, (heading, heading_page + 1, caption_page + 1)


def test_renders_in_headless_chromium(built: Built, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    page = render_in_chromium(built.nl, tmp_path)
    with Image.open(page.png) as im:
        grey = im.convert("L")
        stat = ImageStat.Stat(grey)
        dark = sum(grey.histogram()[:128]) / (grey.width * grey.height)
    assert stat.var[0] > 500, "screenshot is blank"
    assert 0.005 < dark < 0.5, f"unexpected share of dark pixels {dark:.3f}"
    assert console_errors(page.screenshot_stderr) == []
    assert console_errors(page.dom_stderr) == []
    for key in ("days", "plan", "heatmap", "capacity"):
        assert re.search(rf'<svg[^>]*id="chart-{key}"', page.dom), key
    assert "2026-03-17" in page.dom


def test_a_week_without_data_gives_a_kind_report(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "empty.html"
    result = tracker("report", "--data-dir", built.data_dir, "--week", "2025-W40",
                     "--output", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Er zijn deze week geen gegevens opgenomen." in html
    assert 'id="chart-days"' not in html


def test_a_week_without_data_does_not_call_the_plan_stagnating(
    built: Built, tmp_path: Path
) -> None:
    """Weeks after the last recorded minute: no sessions were measured, which says
    nothing about the build-up, so no stagnation advice (the plan itself is shown)."""
    out = tmp_path / "later.html"
    result = tracker("report", "--data-dir", built.data_dir, "--week", "2026-W20",
                     "--output", out)  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Er zijn deze week geen gegevens opgenomen." in html
    assert "Je opbouwschema" in html
    assert "stagneren" not in html


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (("--week", "2026-12"), 2, "is not an ISO week"),
        (("--week", "2026-W54"), 2, "does not exist"),
        (("--week", WEEK, "--lang", "fr"), 2, "invalid choice"),
        (("--week", WEEK, "--format", "doc"), 2, "invalid choice"),
    ],
)
def test_bad_arguments_are_one_line_exit_2(
    built: Built, args: tuple[str, ...], code: int, needle: str
) -> None:
    result = tracker("report", "--data-dir", built.data_dir, *args)
    assert result.returncode == code
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_data_dir_is_one_line(tmp_path: Path) -> None:
    result = tracker("report", "--data-dir", tmp_path / "nothing", "--week", WEEK)
    assert result.returncode == 1
    assert "no tracker data" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nothing").exists()


def test_daemon_helper_writes_into_reports(built: Built) -> None:
    from tracker.config import load_config
    from tracker.report.schedule import write_weekly_report
    from tracker.store.sqlite import Store

    with Store.create(built.data_dir) as store:
        written = write_weekly_report(
            store, load_config(None), "2026-W11", "nl", built.data_dir, attach="pdf"
        )
    path = written.path
    assert path == built.data_dir / "reports" / "2026-W11-nl.html"
    # The e-mail's attachment: the same report as a PDF, beside it.
    assert written.attachment == built.data_dir / "reports" / "2026-W11-nl.pdf"
    assert written.attachment.read_bytes().startswith(b"%PDF")
    html = path.read_text(encoding="utf-8")
    assert "Week 11 van 2026" in html
    # W11 is before the boom: no cycle, and the boom day is not in its table.
    assert "2026-03-17" not in html


def test_hour_map_numbers_match_analyze(built: Built, analysis: AnalysisResult) -> None:
    rows = dict(zip(analysis.hour_map.dates, analysis.hour_map.active_minutes, strict=True))
    table = tables(built.nl.read_text(encoding="utf-8"))["table-hours"]
    hours = [int(h) for h in table[0][1:]]
    assert hours == [h for h in range(24) if any(rows[MONDAY + timedelta(i)][h] for i in range(7))]
    for i, row in enumerate(table[1:]):
        expected = rows[MONDAY + timedelta(days=i)]
        assert [int(v) for v in row[1:]] == [expected[h] for h in hours]
        assert sum(expected) == analysis.days[(MONDAY - FIRST_DAY).days + i].active_minutes


def test_the_nightly_job_attaches_the_report_for_e_mail(built: Built, tmp_path: Path) -> None:
    import shutil
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tracker.config import parse_config
    from tracker.daemon.nightly import run_nightly_job
    from tracker.store.alert_queue import StoredAlertQueue
    from tracker.store.sqlite import Store

    data = tmp_path / "data"
    shutil.copytree(built.data_dir, data)
    config = parse_config(
        {
            "tracker": {"timezone": "Europe/Brussels"},
            # A port nobody listens on: the alert stays queued, to be read here.
            "alerts": {"apprise_urls": ["mailto://u:p@127.0.0.1:9?to=an@example.org"],
                       "therapist_urls": ["json://127.0.0.1:9/kine"]},
            "report": {"patient_name": "An"},
        }
    )  # fmt: skip
    monday = datetime(2026, 3, 23, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    with Store.open(data) as store:
        store.set_meta("daemon.last_report_week", "2026-W11")
        summary = run_nightly_job(store, config, now_ms=int(monday.timestamp() * 1000))
        assert summary.report_week == "2026-W12"
        queue = StoredAlertQueue(store)
        (report,) = [queue.get_payload(k) for k in {d.key for d in queue.deliveries()}
                     if k.startswith("report:")]  # fmt: skip
        channels = {d.channel.split(":")[0] for d in queue.deliveries("report:2026-W12")}
    payload = json.loads(report.payload)
    assert payload["patient"] == "An"
    assert payload["attachment"] == str(data / "reports" / "2026-W12-nl.pdf")
    assert Path(payload["attachment"]).read_bytes().startswith(b"%PDF")
    assert channels == {"apprise", "apprise-therapist"}
