"""The report's words, its config section, the weekly schedule and the tip choice."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tracker.config import parse_config
from tracker.config.report import ReportConfig
from tracker.domain.errors import ConfigError, UsageError
from tracker.domain.weeks import parse_week, week_of
from tracker.report.schedule import due_week, report_path
from tracker.report.texts import TEXTS, Texts
from tracker.report.tips import MAX_TIPS, MIN_TIPS, WeekFacts, select_questions, select_tips


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_languages() -> None:
    assert set(TEXTS["nl"]) == set(TEXTS["en"])
    assert all(v.strip() for table in TEXTS.values() for v in table.values())


@pytest.mark.parametrize("key", sorted(TEXTS["nl"]))
def test_placeholders_match_between_languages(key: str) -> None:
    assert _fields(TEXTS["nl"][key]) == _fields(TEXTS["en"][key])


def test_every_key_the_report_uses_exists() -> None:
    """Keys named in the template and the code are all in the tables."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "tracker" / "report"
    used: set[str] = set()
    for path in [*root.glob("*.py"), *root.glob("templates/*.j2")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+)"', text))
        used |= set(re.findall(r'Tip\(\s*"([a-z_]+)"', text))
        used |= set(re.findall(r'"(q_[a-z]+)"', text))
    assert used, "found no text keys: the pattern is wrong"
    assert used - set(TEXTS["nl"]) == set()


def test_day_types_and_verdicts_have_words() -> None:
    from tracker.pacing.day_rules import DayType
    from tracker.pacing.sessions import SessionVerdict

    for lang in ("nl", "en"):
        t = Texts(lang)
        for kind in DayType:
            assert t(f"day_type_{kind}")
        for verdict in SessionVerdict:
            assert t(f"verdict_{verdict}")


def test_dates_in_words_and_iso() -> None:
    nl, en = Texts("nl"), Texts("en")
    assert nl.date_long(date(2026, 3, 16)) == "maandag 16 maart 2026"
    assert en.date_long(date(2026, 3, 16)) == "Monday 16 March 2026"
    assert nl.date_both(date(2026, 3, 22)) == "zondag 22 maart 2026 (2026-03-22)"
    assert nl.day_abbr(date(2026, 3, 19)) == "do"
    assert nl.join(["a"]) == "a"
    assert nl.join(["a", "b", "c"]) == "a, b en c"
    assert en.join(["a", "b"]) == "a and b"
    assert nl.number(2.5, 1) == "2,5" and en.number(2.5, 1) == "2.5"


def test_the_brochure_words_are_used() -> None:
    dutch = " ".join(TEXTS["nl"].values())
    for phrase in (
        "over je grenzen",
        "belastbaarheid",
        "inspanning en ontspanning",
        "tijdcontingent",
        "basisniveau",
        "startniveau",
        "opbouwschema",
        "mogen-activiteit",
        "Wat geeft mij energie? Plan ik deze activiteiten regelmatig in?",
    ):
        assert phrase.lower() in dutch.lower(), phrase


def test_no_blaming_words() -> None:
    dutch = " ".join(TEXTS["nl"].values()).lower()
    english = " ".join(TEXTS["en"].values()).lower()
    for word in ("fout", "schuld", "slecht gedaan", "moet je"):
        assert word not in dutch
    for word in ("failed", "fault", "you must", "bad job"):
        assert word not in english


# --- config ------------------------------------------------------------------------


def test_report_section_defaults_and_checks() -> None:
    cfg = parse_config({"report": {}}).report
    assert cfg == ReportConfig()
    assert (cfg.language, cfg.weekday, cfg.hour, cfg.enabled) == ("nl", "monday", 8, True)
    assert parse_config({}).report is None
    with pytest.raises(ConfigError, match=r"report\.language"):
        parse_config({"report": {"language": "fr"}})
    with pytest.raises(ConfigError, match=r"report\.hour"):
        parse_config({"report": {"hour": 24}})
    with pytest.raises(ConfigError, match=r"report\.weekday"):
        parse_config({"report": {"weekday": "maandag"}})
    with pytest.raises(ConfigError, match=r"report\.colour"):
        parse_config({"report": {"colour": "blue"}})


# --- weeks and schedule --------------------------------------------------------------


def test_parse_week() -> None:
    w = parse_week("2026-W12")
    assert (w.monday, w.sunday, str(w)) == (date(2026, 3, 16), date(2026, 3, 22), "2026-W12")
    assert str(parse_week("2026-W53")) == "2026-W53"  # 2026 has 53 ISO weeks
    for bad in ("2026-12", "2026W12", "2026-W1", "26-W12", "", "2026-W00"):
        with pytest.raises(UsageError):
            parse_week(bad)
    with pytest.raises(UsageError, match="has no week 53"):
        parse_week("2025-W53")
    assert str(week_of(date(2027, 1, 1))) == "2026-W53"


BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(
    ("now", "last", "expected"),
    [
        (datetime(2026, 3, 23, 8, 0, tzinfo=BRUSSELS), None, "2026-W12"),  # Monday 08:00
        (datetime(2026, 3, 23, 7, 59, tzinfo=BRUSSELS), None, "2026-W11"),  # not yet
        (datetime(2026, 3, 23, 7, 59, tzinfo=BRUSSELS), "2026-W11", None),
        (datetime(2026, 3, 23, 9, 0, tzinfo=BRUSSELS), "2026-W12", None),  # already done
        (datetime(2026, 3, 26, 12, 0, tzinfo=BRUSSELS), "2026-W11", "2026-W12"),  # hub was off
        (datetime(2026, 3, 29, 23, 59), "2026-W12", None),  # naive wall clock works too
        (datetime(2027, 1, 4, 8, 0), "2026-W52", "2026-W53"),  # over the year end
    ],
)
def test_due_week_default_monday_eight(
    now: datetime, last: str | None, expected: str | None
) -> None:
    assert due_week(now, last, ReportConfig()) == expected


def test_due_week_configured_day_and_hour() -> None:
    cfg = ReportConfig(weekday="wednesday", hour=18)
    assert due_week(datetime(2026, 3, 25, 17, 0), None, cfg) == "2026-W11"
    assert due_week(datetime(2026, 3, 25, 18, 0), None, cfg) == "2026-W12"
    assert due_week(datetime(2026, 3, 25, 18, 0), None, ReportConfig(enabled=False)) is None


def test_due_week_never_goes_back() -> None:
    """Over a month of hourly ticks each week is due exactly once, after its Sunday."""
    cfg = ReportConfig()
    last: str | None = "2026-W09"
    written = []
    tick = datetime(2026, 3, 1)
    while tick < datetime(2026, 4, 1):
        week = due_week(tick, last, cfg)
        if week is not None:
            assert parse_week(week).sunday < tick.date()
            written.append((week, tick))
            last = week
        tick += timedelta(hours=1)
    assert [w for w, _ in written] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    assert all(t.weekday() == 0 and t.hour == 8 for _, t in written)


def test_report_path(tmp_path: object) -> None:
    from pathlib import Path

    assert report_path(Path("/d"), "2026-W12", "en", "pdf") == Path("/d/reports/2026-W12-en.pdf")


# --- tips -------------------------------------------------------------------------------


def _keys(facts: WeekFacts) -> list[str]:
    return [t.key for t in select_tips(facts)]


def test_boom_bust_week_asks_to_spread_first() -> None:
    keys = _keys(
        WeekFacts(
            has_data=True,
            boom_words=("dinsdag 17 maart 2026",),
            bust_words=("donderdag 19 maart 2026",),
            longest_exertion_minutes=75,
            longest_exertion_day="dinsdag 17 maart 2026",
            any_boom=True,
        )
    )
    assert keys[:2] == ["tip_spread", "tip_split_task"]


def test_long_exertion_gives_the_garden_tip_with_the_numbers() -> None:
    tips = select_tips(
        WeekFacts(has_data=True, longest_exertion_minutes=60, longest_exertion_day="zaterdag")
    )
    assert tips[0].key == "tip_split_task"
    assert tips[0].values == {"minutes": 60, "day": "zaterdag", "limit": 20}
    text = Texts("nl")(tips[0].key, **tips[0].values)
    assert "60 minuten" in text and "om de 20 minuten" in text and "tuin" in text


def test_exactly_the_limit_is_not_long() -> None:
    assert "tip_split_task" not in _keys(WeekFacts(has_data=True, longest_exertion_minutes=20))


def test_declining_capacity_suggests_a_want_activity() -> None:
    assert "tip_want_activity" in _keys(WeekFacts(has_data=True, capacity_declining=True))
    assert "tip_want_activity" in _keys(WeekFacts(has_data=True, avoidance=True))


def test_on_plan_week_is_encouraged() -> None:
    keys = _keys(WeekFacts(has_data=True, sessions_on_plan=3))
    assert keys[0] == "tip_on_plan"
    assert "tip_plan_over" in _keys(WeekFacts(has_data=True, sessions_over=1, sessions_on_plan=2))


def test_tip_count_is_between_two_and_three() -> None:
    busy = WeekFacts(
        has_data=True,
        boom_words=("a",),
        bust_words=("b",),
        longest_exertion_minutes=90,
        sessions_under=2,
        capacity_declining=True,
        dominant_daypart="daypart_morning",
    )
    for facts in (busy, WeekFacts(has_data=True), WeekFacts(has_data=False)):
        assert MIN_TIPS <= len(select_tips(facts)) <= MAX_TIPS


def test_questions_come_from_the_brochure() -> None:
    qs = select_questions(WeekFacts(has_data=True, boom_words=("a",), bust_words=("b",)))
    assert qs[0] == "q_energy" and "q_help" in qs and len(qs) <= 3
