"""``tracker web`` as a real process over a real store: the contract, the security rules
and bad input, through plain HTTP (httpx). The browser tests are in test_web_browser.py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli import tracker
from tests.test_report_cli import _Tables
from tests.web_server import (
    PASSWORD,
    WebServer,
    csrf_of,
    login,
    serve_built_store,
)
from tests.web_server import (
    client as new_client,
)
from tests.web_server import store_db as db

pytestmark = pytest.mark.slow

WEEK = "2026-W12"
BOOM_WORDS_NL = "dinsdag 17 maart 2026"
HEALTH_PAGES = ["/", "/week", "/weeks", f"/week/{WEEK}", "/plan", "/log", "/devices",
                f"/reports/{WEEK}-nl.pdf", f"/reports/{WEEK}-en.html"]  # fmt: skip
EVIL = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    yield from serve_built_store(tmp_path_factory, "web")


@pytest.fixture(scope="module")
def anna(server: WebServer) -> httpx.Client:
    return login(server.url, "anna")


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


# -- the contract ------------------------------------------------------------------------


def test_healthz_answers_ok_without_login(server: WebServer) -> None:
    answer = httpx.get(server.url + "/healthz")
    assert answer.status_code == 200 and answer.text == "ok"


@pytest.mark.parametrize("path", HEALTH_PAGES)
def test_every_page_and_download_without_a_session_redirects_to_login(
    server: WebServer, path: str
) -> None:
    answer = httpx.get(server.url + path)
    assert answer.status_code in (302, 303)
    assert answer.headers["location"].startswith("/login")
    assert "2026-03-17" not in answer.text and "180" not in answer.text
    assert answer.text == ""


def test_a_post_without_a_session_changes_nothing(server: WebServer) -> None:
    answer = httpx.post(server.url + "/log/checkin", data={"pain": "3"})
    assert answer.status_code in (302, 303, 403)
    with db(server) as c:
        assert c.execute("SELECT count(*) FROM checkin").fetchone()[0] == 0


def test_the_week_page_is_dutch_and_has_the_reports_numbers(
    server: WebServer, anna: httpx.Client, tmp_path: Path
) -> None:
    page = anna.get(f"/week/{WEEK}")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text
    assert BOOM_WORDS_NL in page.text and 'data-boom-dates="2026-03-17"' in page.text
    out = tmp_path / "r.html"
    made = tracker("report", "--data-dir", server.data_dir, "--config", server.config,
                   "--week", WEEK, "--lang", "nl", "--output", out)  # fmt: skip
    assert made.returncode == 0, made.stderr
    report = tables(out.read_text())
    shown = tables(page.text)
    for table in ("table-days", "table-plan", "table-balance", "table-sessions"):
        assert shown[table] == report[table], table
    # The English page says the same in English.
    anna_en = tables(anna.get(f"/reports/{WEEK}-en.html").text)
    numbers = [r[1:7] for r in report["table-days"][1:]]
    assert [r[1:7] for r in anna_en["table-days"][1:]] == numbers


def test_downloads_are_the_report(anna: httpx.Client) -> None:
    pdf = anna.get(f"/reports/{WEEK}-nl.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    html = anna.get(f"/reports/{WEEK}-nl.html")
    assert html.status_code == 200 and BOOM_WORDS_NL in html.text


@pytest.mark.parametrize(
    "path",
    ["/reports/..%2F..%2Ftracker.db", "/reports/..%2Ftracker.db", "/reports/%2E%2E%2Fdata",
     "/reports/2026-W12-nl.pdf%2F..%2F..%2Ftracker.db", "/reports/2026-W12-xx.html"],
)  # fmt: skip
def test_a_download_path_with_dot_dot_is_refused(anna: httpx.Client, path: str) -> None:
    answer = anna.get(path)
    assert answer.status_code == 404
    assert "SQLite" not in answer.text and "Traceback" not in answer.text


# -- roles -------------------------------------------------------------------------------


def test_the_admin_sees_devices_but_no_health_page(server: WebServer) -> None:
    admin = login(server.url, "beheer")
    assert admin.get("/devices").status_code == 200
    assert "anna" in admin.get("/devices").text
    assert admin.get("/").headers.get("location") == "/devices"
    for path in HEALTH_PAGES[1:6] + HEALTH_PAGES[7:]:
        answer = admin.get(path)
        assert answer.status_code == 403, path
        assert "2026-03-17" not in answer.text and BOOM_WORDS_NL not in answer.text


def test_the_patient_cannot_open_devices_or_set_the_plan(anna: httpx.Client) -> None:
    assert anna.get("/devices").status_code == 403
    token = csrf_of(anna, "/plan")
    answer = anna.post("/plan", data={"csrf_token": token, "activity": "walking", "start": "5",
                                      "goal": "10", "weeks": "2", "sessions": "3",
                                      "start_date": "2026-03-23"})  # fmt: skip
    assert answer.status_code == 403


def test_the_therapist_sets_a_plan_the_patient_sees_it_and_the_old_one_stays(
    server: WebServer, anna: httpx.Client
) -> None:
    kine = login(server.url, "kine")
    token = csrf_of(kine, "/plan")
    answer = kine.post("/plan", data={"csrf_token": token, "activity": "cycling", "start": "15",
                                      "goal": "45", "weeks": "6", "sessions": "4",
                                      "start_date": "2026-03-23"})  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == "/plan?saved=1"
    page = anna.get("/plan").text
    assert "Je activiteit is fietsen" in page and "einddoel van 45 minuten" in page
    with db(server) as c:
        plans = c.execute("SELECT activity, goal FROM pacing_plan ORDER BY id").fetchall()
        audit = c.execute("SELECT actor, action FROM audit_log WHERE action='plan_set'").fetchall()
    assert plans[0] == ("walking", 40.0) and plans[-1] == ("cycling", 45.0)
    assert ("kine", "plan_set") in audit


def test_a_plan_starting_before_2000_is_a_field_error(server: WebServer) -> None:
    kine = login(server.url, "kine")
    answer = kine.post("/plan", data={"csrf_token": csrf_of(kine, "/plan"), "activity": "walking",
                                      "start": "20", "goal": "40", "weeks": "5", "sessions": "3",
                                      "start_date": "0206-03-16"})  # fmt: skip
    assert answer.status_code == 400 and "Die datum ligt voor 2000" in answer.text
    assert 'id="start_date-error"' in answer.text
    with db(server) as c:
        early = c.execute("SELECT count(*) FROM pacing_plan WHERE start_date < '2000'")
        assert early.fetchone() == (0,)


def test_the_therapists_note_reaches_the_patient_as_text(
    server: WebServer, anna: httpx.Client
) -> None:
    kine = login(server.url, "kine")
    token = csrf_of(kine, f"/week/{WEEK}")
    note = "Goed gezien. " + EVIL[0]
    answer = kine.post(f"/week/{WEEK}/note", data={"csrf_token": token, "note": note})
    assert answer.status_code == 303
    page = anna.get(f"/week/{WEEK}").text
    assert "Goed gezien." in page and EVIL[0] not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "<textarea" not in page  # the patient reads; only the therapist writes


# -- what the patient writes -------------------------------------------------------------


def test_a_checkin_is_stored_and_a_second_one_replaces_it(
    server: WebServer, anna: httpx.Client
) -> None:
    token = csrf_of(anna, "/log")
    first = anna.post(
        "/log/checkin",
        data={"csrf_token": token, "pain": "4", "worst_pain": "6", "energy": "5", "note": EVIL[1]},
    )
    assert first.headers["location"] == "/log?saved=checkin"
    second = anna.post(
        "/log/checkin",
        data={"csrf_token": token, "pain": "3", "worst_pain": "7", "energy": "4", "note": EVIL[0]},
    )
    assert second.headers["location"] == "/log?saved=replaced"
    page = anna.get("/log?saved=replaced").text
    assert "vervangen" in page
    assert EVIL[0] not in page and EVIL[1] not in page and "&lt;script&gt;" in page
    with db(server) as c:
        rows = c.execute("SELECT pain, worst_pain, energy, note FROM checkin").fetchall()
    assert rows == [(3, 7, 4, EVIL[0])]


@pytest.mark.parametrize(
    ("form", "field"),
    [({"pain": "11", "worst_pain": "3", "energy": "2"}, "pain"),
     ({"pain": "5", "worst_pain": "3", "energy": "2"}, "worst_pain"),
     ({"pain": "1", "worst_pain": "3"}, "energy"),
     ({"pain": "1", "worst_pain": "3", "energy": "2", "note": "x" * 501}, "note")],
)  # fmt: skip
def test_a_bad_checkin_is_shown_again_with_a_line_next_to_the_field(
    server: WebServer, anna: httpx.Client, form: dict[str, str], field: str
) -> None:
    with db(server) as c:
        before = c.execute("SELECT * FROM checkin").fetchall()
    answer = anna.post("/log/checkin", data={"csrf_token": csrf_of(anna, "/log"), **form})
    assert answer.status_code == 400
    assert f'id="{field}-error"' in answer.text and 'role="alert"' in answer.text
    assert "Traceback" not in answer.text
    with db(server) as c:
        assert c.execute("SELECT * FROM checkin").fetchall() == before


def test_every_missing_checkin_field_is_marked_at_once(anna: httpx.Client) -> None:
    """Two fields left empty: both lines at once, not one per try."""
    answer = anna.post("/log/checkin", data={"csrf_token": csrf_of(anna, "/log"),
                                             "worst_pain": "3"})  # fmt: skip
    assert answer.status_code == 400
    assert 'id="pain-error"' in answer.text and 'id="energy-error"' in answer.text
    assert 'id="worst_pain-error"' not in answer.text


def test_a_session_is_logged_and_bad_ones_are_refused(
    server: WebServer, anna: httpx.Client
) -> None:
    token = csrf_of(anna, "/log")
    ok = anna.post("/log/session", data={"csrf_token": token, "activity": "cycling",
                                         "minutes": "25", "date": "2026-03-18"})  # fmt: skip
    assert ok.status_code == 303
    for bad, field in (({"minutes": "abc", "date": "2026-03-18"}, "minutes"),
                       ({"minutes": "20", "date": "2999-01-01"}, "date"),
                       ({"minutes": "0", "date": "2026-03-18"}, "minutes"),
                       ({"minutes": "20", "date": "18/3"}, "date")):  # fmt: skip
        answer = anna.post("/log/session", data={"csrf_token": token, "activity": "cycling", **bad})
        assert answer.status_code == 400 and f'id="{field}-error"' in answer.text
    with db(server) as c:
        rows = c.execute("SELECT minutes, activity FROM pacing_session").fetchall()
    assert rows == [(25.0, "cycling")]


@pytest.mark.parametrize(
    ("week", "words"),
    [("2026-W99", "bestaat niet"), ("nonsense", "bestaat niet"),
     ("2025-W01", "geen gegevens"), ("2099-W10", "moet nog komen")],
)  # fmt: skip
def test_unknown_empty_and_future_weeks_get_a_kind_page(
    anna: httpx.Client, week: str, words: str
) -> None:
    answer = anna.get(f"/week/{week}")
    assert answer.status_code in (200, 404)
    assert words in answer.text and "Traceback" not in answer.text


# -- CSRF, login slow-down, session end ----------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_a_form_without_the_right_csrf_token_is_refused(
    server: WebServer, anna: httpx.Client, token: str | None
) -> None:
    data = {"pain": "1", "worst_pain": "2", "energy": "3"}
    if token is not None:
        data["csrf_token"] = token
    with db(server) as c:
        before = c.execute("SELECT * FROM checkin").fetchall()
    answer = anna.post("/log/checkin", data=data)
    assert answer.status_code == 403
    with db(server) as c:
        assert c.execute("SELECT * FROM checkin").fetchall() == before
    # The login form needs its token too.
    refused = httpx.post(server.url + "/login", data={"username": "anna", "password": PASSWORD})
    assert refused.status_code == 403 and "tracker_session" not in refused.cookies


def test_another_sites_origin_is_refused(anna: httpx.Client) -> None:
    token = csrf_of(anna, "/log")
    form = {"csrf_token": token, "pain": "1", "worst_pain": "1", "energy": "1"}
    answer = anna.post("/log/checkin", headers={"origin": "http://evil.example"}, data=form)
    assert answer.status_code == 403


def test_wrong_passwords_in_a_row_slow_down(server: WebServer) -> None:
    added = tracker("user", "add", "proef", "--role", "patient", "--password-stdin",
                    "--data-dir", server.data_dir, input=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    client = new_client(server.url)
    token = csrf_of(client, "/login")

    def attempt(password: str) -> httpx.Response:
        return client.post("/login", data={"username": "proef", "password": password,
                                           "csrf_token": token})  # fmt: skip

    codes = [attempt("wrong-password").status_code for _ in range(10)]
    assert codes[:3] == [401] * 3  # three free typos; the third starts the wait
    assert set(codes[3:]) == {429}  # then refused without even checking
    assert attempt(PASSWORD).status_code == 429  # the right one too, for now
    assert "seconden" in attempt(PASSWORD).text
    time.sleep(1.2)
    assert attempt("wrong-again").status_code == 401  # checked again after the wait ...
    slowed = attempt(PASSWORD)
    assert slowed.status_code == 429 and "2 seconden" in slowed.text  # ... which doubled
    time.sleep(2.2)
    assert attempt(PASSWORD).status_code == 303
    with db(server) as c:
        actions = [a for (a,) in c.execute(
            "SELECT action FROM audit_log WHERE actor = 'proef' ORDER BY id")]  # fmt: skip
    assert actions.count("login_failed") == 4 and actions[-1] == "login"
    assert actions.count("login_slowed") == 10


def test_a_session_expires_after_the_idle_time(server: WebServer) -> None:
    client = login(server.url, "kine")
    assert client.get("/").status_code == 200
    idle_ms = 31 * 60 * 1000  # [web] session_idle_minutes is 30 by default
    with db(server) as c:
        c.execute("UPDATE web_session SET last_seen_ms = last_seen_ms - ?", (idle_ms,))
    answer = client.get("/")
    assert answer.status_code == 303 and "ended=1" in answer.headers["location"]
    assert client.get("/plan").status_code == 303


def test_a_removed_user_loses_access_at_the_next_request(server: WebServer) -> None:
    added = tracker("user", "add", "tijdelijk", "--role", "therapist", "--password-stdin",
                    "--data-dir", server.data_dir, input=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0
    client = login(server.url, "tijdelijk")
    assert client.get("/plan").status_code == 200
    removed = tracker("user", "remove", "tijdelijk", "--data-dir", server.data_dir)
    assert removed.returncode == 0, removed.stderr
    answer = client.get("/plan")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_the_cookie_is_httponly_and_samesite_strict(server: WebServer) -> None:
    client = new_client(server.url)
    token = csrf_of(client, "/login")
    answer = client.post("/login", data={"username": "anna", "password": PASSWORD,
                                         "csrf_token": token})  # fmt: skip
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert answer.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
