"""Alert texts (nl/en), event keys and JSON round-trips, and the [alerts] config checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker.alerts.events import (
    AlertDecodeError,
    AlertEvent,
    BreakNudge,
    CycleConfirmed,
    DayNumbers,
    DeviceAbsent,
    PlanStagnating,
    PlanWeekNumbers,
    WeeklyReportReady,
    event_from_json,
    event_to_json,
)
from tracker.alerts.texts import format_date, render
from tracker.config import parse_config
from tracker.domain.errors import ConfigError

CYCLE = CycleConfirmed(
    "An", (DayNumbers(date(2026, 3, 16), 96.4, 48.0),), (DayNumbers(date(2026, 3, 18), 19.6, 48.0),)
)
PLAN = PlanStagnating(
    "An",
    (
        PlanWeekNumbers(2, date(2026, 3, 9), 24.0, 3, 2, 2),
        PlanWeekNumbers(3, date(2026, 3, 16), 28.0, 3, 1, 1),
    ),
)
NUDGE = BreakNudge("An", 1_773_738_000_000, 20)
ABSENT = DeviceAbsent("watch", 6.0, 1_773_738_000_000)  # 2026-03-17 09:00 UTC
REPORT = WeeklyReportReady("2026-W12", "/data/reports/2026-W12.html")
ALL: list[AlertEvent] = [CYCLE, PLAN, NUDGE, ABSENT, REPORT]

# Words that blame or diagnose; the program's voice avoids them.
NOT_OUR_VOICE = ("fout", "schuld", "moet je", "te veel gedaan", "diagnose", "wrong", "fault",
                 "you must", "too much", "diagnos")  # fmt: skip


@pytest.mark.parametrize("event", ALL, ids=lambda e: e.kind)
def test_round_trip_through_the_queue_format(event: AlertEvent) -> None:
    assert event_from_json(event.kind, event_to_json(event)) == event


def test_keys_are_stable_and_distinct() -> None:
    assert CYCLE.key == "cycle:An:2026-03-16"
    assert PLAN.key == "plan:An:2026-03-09"
    assert REPORT.key == "report:2026-W12"
    assert ABSENT.key == "absent:watch:1773738000000"
    assert len({e.key for e in ALL}) == len(ALL)


def test_unreadable_stored_alert_is_a_clear_error() -> None:
    with pytest.raises(AlertDecodeError, match="unknown alert kind 'x'"):
        event_from_json("x", "{}")
    with pytest.raises(AlertDecodeError, match="stored boom_bust alert is unreadable"):
        event_from_json("boom_bust", '{"person": "An"}')


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("event", ALL, ids=lambda e: e.kind)
def test_every_alert_has_a_kind_text_in_both_languages(event: AlertEvent, lang: str) -> None:
    text = render(event, lang)
    assert text.title and text.body
    lowered = (text.title + text.body).lower()
    for word in NOT_OUR_VOICE:
        assert word not in lowered


def test_cycle_text_names_the_days_and_numbers_and_the_remedy() -> None:
    nl = render(CYCLE, "nl")
    assert "maandag 16 maart 2026: 96 actieve minuten (op een gewone dag 48)" in nl.body
    assert "woensdag 18 maart 2026: 20 actieve minuten" in nl.body
    assert "verdeel je activiteiten over de dag en de week" in nl.body
    assert "wissel inspanning af met ontspanning" in nl.body.replace("\n", " ")
    en = render(CYCLE, "en")
    assert "Monday 16 March 2026: 96 active minutes (your usual level: 48)" in en.body
    assert "Wednesday 18 March 2026: 20 active minutes" in en.body
    assert "spread your activities over the day and the week" in en.body


def test_cycle_text_counts_several_busy_days() -> None:
    """Two boom days before the bust: the title names the first, the body counts both."""
    two = CycleConfirmed(
        "An",
        (DayNumbers(date(2026, 3, 16), 96.4, 48.0), DayNumbers(date(2026, 3, 17), 90.0, 48.0)),
        (DayNumbers(date(2026, 3, 19), 19.6, 48.0),),
    )
    nl = render(two, "nl")
    assert nl.title == "Een drukke dag en daarna een mindere: maandag 16 maart 2026"
    assert "Na 2 drukke dagen volgde een dag waarop je veel minder actief was." in nl.body
    en = render(two, "en")
    assert en.title == "A busy day, then a harder one: Monday 16 March 2026"
    assert "2 busy days were followed by a day on which you were much less active." in en.body
    assert "alternate exertion and relaxation" in en.body.replace("\n", " ")
    # One boom, two bust days.
    later = CycleConfirmed(
        "An", two.boom_days[:1], (*two.bust_days, DayNumbers(date(2026, 3, 20), 25.0, 48.0))
    )
    assert "Na een drukke dag volgden 2 dagen waarop" in render(later, "nl").body
    assert "A busy day was followed by 2 days on which" in render(later, "en").body


def test_plan_text_lists_quota_and_done_per_week() -> None:
    nl = render(PLAN, "nl")
    assert (
        "week 2 (vanaf maandag 9 maart 2026): 2 van de 3 sessies gedaan, 2 korter dan de "
        "afgesproken 24 minuten" in nl.body
    )
    assert "week 3 (vanaf maandag 16 maart 2026): 1 van de 3 sessies gedaan" in nl.body
    assert nl.title == "Je opbouwschema liep 2 weken anders dan gepland"
    assert "opbouwschema" in nl.body
    assert (
        "week 3 (from Monday 16 March 2026): 1 of 3 sessions done, 1 shorter than the agreed "
        "28 minutes" in render(PLAN, "en").body
    )


def test_nudge_absent_and_report_texts() -> None:
    assert "20 minuten" in render(NUDGE, "nl").body
    assert "pauze" in render(NUDGE, "nl").body
    from zoneinfo import ZoneInfo

    absent = render(ABSENT, "nl", ZoneInfo("Europe/Brussels"))
    assert absent.title == "watch: al 6 uur geen gegevens"
    assert "sinds dinsdag 17 maart 2026 10:00" in absent.body  # shown in local time
    assert "/data/reports/2026-W12.html" in render(REPORT, "en").body


def test_plan_week_without_short_sessions_does_not_say_zero_shorter() -> None:
    """A week in which no session was done: no "0 korter dan ..."; the agreed time stays."""
    empty = PlanStagnating(
        "An",
        (
            PlanWeekNumbers(2, date(2026, 3, 9), 24.0, 3, 1, 1),
            PlanWeekNumbers(3, date(2026, 3, 16), 28.0, 3, 0, 0),
        ),
    )
    nl = render(empty, "nl").body
    assert (
        "week 3 (vanaf maandag 16 maart 2026): 0 van de 3 sessies gedaan "
        "(afgesproken: 28 minuten per keer)" in nl
    )
    assert "0 korter" not in nl
    en = render(empty, "en").body
    assert "0 of 3 sessions done (agreed: 28 minutes per session)" in en
    assert "0 shorter" not in en


def test_absent_time_without_a_zone_is_the_hubs_own_clock() -> None:
    """Without a configured zone the time is the hub's own clock, where the person lives;
    "UTC" is not a word for the patient (shared/VOICE.md)."""
    local = ABSENT.last_seen.astimezone()
    for lang in ("nl", "en"):
        body = render(ABSENT, lang).body
        assert f"{format_date(local.date(), lang)} {local:%H:%M}." in body
        assert "UTC" not in body


def test_report_ready_names_the_week_by_its_dates() -> None:
    """The patient does not read ISO week codes: the week is named by its days."""
    nl = render(REPORT, "nl").body
    assert "week 12 van 2026 (maandag 16 maart tot en met zondag 22 maart 2026)" in nl
    en = render(REPORT, "en").body
    assert "week 12 of 2026 (Monday 16 March to Sunday 22 March 2026)" in en
    # Across a year's end both years are named.
    across = render(WeeklyReportReady("2026-W53", "/r.html"), "nl").body
    assert "(maandag 28 december 2026 tot en met zondag 3 januari 2027)" in across


def test_dates_in_dutch_and_english() -> None:
    assert format_date(date(2026, 1, 4), "nl") == "zondag 4 januari 2026"
    assert format_date(date(2026, 12, 31), "en") == "Thursday 31 December 2026"


@pytest.mark.parametrize(
    ("alerts", "message"),
    [
        ({"language": "fr"}, r"alerts\.language: must be one of nl, en"),
        ({"expire_hours": 0}, r"alerts\.expire_hours: must be greater than 0"),
        ({"retry_initial_s": 10, "retry_max_s": 1}, r"alerts\.retry_max_s"),
        ({"break_nudge": {"quiet_hours": "22-8"}}, r"alerts\.break_nudge\.quiet_hours"),
        ({"break_nudge": {"lmit_minutes": 5}}, r"alerts\.break_nudge\.lmit_minutes: unknown key"),
        ({"mqtt": {"port": 1884}}, r"alerts\.mqtt\.host: is required"),
        ({"mqtt": {"host": "h", "password": "p"}}, r"alerts\.mqtt\.username: is required"),
        ({"mqtt": {"host": "h", "ca_file": "/x"}}, r"alerts\.mqtt\.ca_file: only used with tls"),
        ({"mqtt": {"host": "h", "base_topic": "a b"}}, r"alerts\.mqtt\.base_topic"),
        ({"apprise_urls": "ntfy://x"}, r"alerts\.apprise_urls: must be a list"),
    ],
)
def test_config_errors_name_the_key(alerts: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config({"alerts": alerts})


def test_config_defaults_and_secrets_stay_out_of_repr() -> None:
    cfg = parse_config(
        {"alerts": {"apprise_urls": ["ntfy://tok3n@ntfy.sh/topic"],
                    "mqtt": {"host": "broker", "username": "u", "password": "pw-s3cret"}}}
    ).alerts  # fmt: skip
    assert cfg is not None
    assert cfg.language == "nl"
    assert cfg.break_nudge.enabled is False
    assert cfg.break_nudge.quiet_window() is not None
    assert "tok3n" not in repr(cfg)
    assert "pw-s3cret" not in repr(cfg)
    assert parse_config({}).alerts is None


def test_example_snippet_loads_and_names_every_key() -> None:
    import dataclasses
    import tomllib

    from tracker.config.alerts import EXAMPLE_TOML, AlertsConfig

    cfg = parse_config(tomllib.loads(EXAMPLE_TOML)).alerts
    assert cfg == AlertsConfig()  # the snippet shows the defaults
    text = EXAMPLE_TOML.replace("# ", "")
    for section, cls in (("alerts", AlertsConfig), ("alerts.mqtt", type(cfg.mqtt)),
                         ("alerts.break_nudge", type(cfg.break_nudge))):  # fmt: skip
        for f in dataclasses.fields(cls):
            if not dataclasses.is_dataclass(f.type) and f.name not in ("mqtt", "break_nudge"):
                assert f"\n{f.name} = " in text, f"{section}.{f.name} is not documented"
