"""The contract of issue 13, checked from outside: ``tracker report --lang nl`` over minutes
imported with ``tracker import`` reads as plain Dutch, and "basisniveau" (the plan's
baseline) is never said of the 28-day median.

- No paragraph of at least 12 words in the report's body (the technical footer aside)
  scores below 60 on Flesch–Douma (textstat, language "nl").
- "basisniveau" never stands next to "mediaan" or "28 dagen", anywhere in the report.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli import tracker
from tests.scenarios import repeated_boom_bust
from tests.words import (
    BASELINE_NEIGHBOURS,
    MIN_READING_EASE,
    MIN_WORDS,
    paragraphs,
    reading_ease,
    words,
)

# Three processes (import, plan, report with its charts): some 5-10 s.
pytestmark = pytest.mark.slow

WEEKS = 8


def test_the_dutch_report_over_imported_minutes_reads_well(tmp_path: Path) -> None:
    sc = repeated_boom_bust(weeks=WEEKS)
    data = tmp_path / "data"
    config = tmp_path / "config.toml"
    config.write_text('[tracker]\ntimezone = "Europe/Brussels"\n')
    imported = tracker("import", "--data-dir", data, sc.write_csv(tmp_path / "minutes.csv"))
    assert imported.returncode == 0, imported.stderr
    # A plan from three measurements, so the report has a basisniveau of its own to name.
    plan = tracker("plan", "set", "--data-dir", data, "--config", config, "--baseline",
                   "25,27,28", "--goal", "40", "--weeks", "5", "--start-date",
                   sc.dates[-21].isoformat())  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    year, week, _ = sc.bust_dates[-1].isocalendar()
    html_path = tmp_path / "report.html"
    report = tracker("report", "--data-dir", data, "--config", config, "--week",
                     f"{year}-W{week:02d}", "--lang", "nl", "--output", html_path)  # fmt: skip
    assert report.returncode == 0, report.stderr
    html = html_path.read_text(encoding="utf-8")

    found = paragraphs(html)
    body = [p.text for p in found if not p.technical]
    assert any("basisniveau" in p for p in body) and any("gewone activiteit" in p for p in body)
    hard = [
        (round(reading_ease(p)), p)
        for p in body
        if words(p) >= MIN_WORDS and reading_ease(p) < MIN_READING_EASE
    ]
    assert hard == []
    # Anywhere, the technical footer too: the basisniveau is the plan's, never the median.
    whole = " ".join(p.text for p in found)
    assert BASELINE_NEIGHBOURS.search(whole) is None
    assert re.search(r"\bmediaan\b", " ".join(body), re.IGNORECASE) is None
