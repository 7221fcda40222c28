"""The hub page's pieces without a server: texts, [web] config, the login slow-down rule,
check-in rules, the download name rule, the alert's link."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest

from tracker.alerts.events import WeeklyReportReady
from tracker.alerts.texts import render
from tracker.app import users
from tracker.app.checkins import InputError, save_checkin
from tracker.config import parse_config
from tracker.domain.errors import ConfigError
from tracker.store.checkins import checkins
from tracker.store.sqlite import Store
from tracker.store.web_tables import ensure_web_tables
from tracker.web.texts import TEXTS
from tracker.web.views.week import DOWNLOAD_RE


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    assert TEXTS["nl"].keys() == TEXTS["en"].keys()
    for key in TEXTS["nl"]:
        assert _fields(TEXTS["nl"][key]) == _fields(TEXTS["en"][key]), key


def test_the_dutch_words_are_the_brochures() -> None:
    dutch = " ".join(TEXTS["nl"].values()).lower()
    assert "basisniveau" not in dutch  # only the plan's baseline is called so
    assert "fysiotherapeut" not in dutch and "kinesist" in dutch
    assert "pauze in te lassen" in dutch and "je gewone activiteit" in dutch


def test_web_config_defaults_and_bad_values() -> None:
    web = parse_config({"web": {}}).web
    assert web is not None and web.host_port == ("127.0.0.1", 8470)
    assert parse_config({}).web is None
    tls = parse_config({"web": {"public_url": "https://hub.local:8470/"}}).web
    assert tls is not None and tls.week_url("2026-W12") == "https://hub.local:8470/week/2026-W12"
    for bad in ({"listen": "8470"}, {"listen": "h:99999"}, {"certificate": "c.pem"},
                {"public_url": "hub.local"}, {"session_idle_minutes": 0}):  # fmt: skip
        with pytest.raises(ConfigError):
            parse_config({"web": bad})


def test_the_slow_down_doubles_after_the_free_failures() -> None:
    free = users.USER_FREE_FAILURES
    assert [users.wait_ms(n, free) for n in range(free)] == [0] * free
    waits = [users.wait_ms(n, free) for n in range(free, free + 5)]
    assert waits == [1000, 2000, 4000, 8000, 16000]
    assert users.wait_ms(100, free) == users.MAX_DELAY_MS


def test_a_checkin_is_whole_or_not_at_all(tmp_path: Path) -> None:
    with Store.create(tmp_path) as store:
        ensure_web_tables(store)
        day = date(2026, 3, 17)
        assert not save_checkin(store, day, 3, 5, 6, " ok ", now_ms=1).replaced
        for bad in ((11, 5, 6, ""), (3, 2, 6, ""), (3, 5, None, ""), (3, 5, 6, "x" * 501),
                    (3, 5, 6, "bell\x07")):  # fmt: skip
            with pytest.raises(InputError):
                save_checkin(store, day, *bad, now_ms=2)
        assert save_checkin(store, day, 4, 4, 2, "", now_ms=3).replaced
        stored = checkins(store, day, day)
        assert [(c.pain, c.worst_pain, c.energy, c.note) for c in stored] == [(4, 4, 2, "")]


@pytest.mark.parametrize(
    ("name", "ok"),
    [("2026-W12-nl.pdf", True), ("2026-W12-en.html", True), ("../tracker.db", False),
     ("2026-W12-nl.pdf/../x", False), ("2026-W12-de.pdf", False), ("2026-W12-nl.exe", False)],
)  # fmt: skip
def test_only_report_names_can_be_downloaded(name: str, ok: bool) -> None:
    assert (DOWNLOAD_RE.match(name) is not None) is ok


def test_the_weekly_report_alert_links_to_the_week_page() -> None:
    event = WeeklyReportReady("2026-W12", "/var/lib/tracker/reports/2026-W12-nl.html",
                              "https://hub.local:8470/week/2026-W12")  # fmt: skip
    text = render(event, "nl")
    assert "https://hub.local:8470/week/2026-W12" in text.body and "/var/lib" not in text.body
    assert WeeklyReportReady.from_json(event.to_json()) == event
    old = WeeklyReportReady.from_json({"week": "2026-W12", "path": "/r.html"})
    assert "/r.html" in render(old, "en").body


def test_passwords_are_argon2id_and_checked() -> None:
    hashed = users.hash_password("correct horse")
    assert re.match(r"^\$argon2id\$v=19\$m=19456,t=2,p=1\$", hashed)
    with pytest.raises(Exception, match="at least 8"):
        users.hash_password("short")
