"""The hub page's program pages as a real ``tracker web`` process over a real store
(httpx): relaxation start and stop, the fear ladder, the worksheets, must and want on the
log, pain and the body's signals, who may do what, CSRF, bad input in words; the person's
free text escaped on the pages, in the report and in the PDF."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.cli import tracker
from tests.web_server import WebServer, build_store, csrf_of, login, start_web
from tests.web_server import store_db as db

pytestmark = pytest.mark.slow

WEEK = "2026-W12"
EVIL = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    tmp = tmp_path_factory.mktemp("webprog")
    data, config = build_store(tmp)
    # Entries inside the report's week, through the command line, with hostile text.
    for args in (
        ["checkin", "--date", "2026-03-18", "--pain", "3", "--worst", "6", "--energy", "4",
         "--note", EVIL],
        ["ladder", "add", EVIL, "--fear", "30"],
        ["ladder", "practise", EVIL, "--expected-pain", "7", "--expected-fear", "60",
         "--pain", "2", "--fear", "20", "--time", "2026-03-18T10:00:00+01:00"],
        ["log", "relaxation", "--start", "2026-03-18T20:00:00+01:00", "--minutes", "15",
         "--kind", "autogenic"],
    ):  # fmt: skip
        done = tracker(*args, "--data-dir", data, "--config", config)
        assert done.returncode == 0, done.stderr
    with start_web(data, config, tmp / "web.log") as web:
        yield web


def post(client: httpx.Client, page: str, path: str, data: dict[str, str]) -> httpx.Response:
    return client.post(path, data={**data, "csrf_token": csrf_of(client, page)})


def test_relaxation_start_stop_and_a_mis_tap(server: WebServer) -> None:
    anna = login(server.url, "anna")
    started = post(anna, "/exercises", "/exercises/relax/start", {"kind": "mindfulness"})
    assert started.status_code == 303
    page = anna.get("/exercises").text
    assert 'id="relax-running"' in page and "mindfulness" in page
    # Stopped at once: shorter than a minute, nothing kept.
    stopped = post(anna, "/exercises", "/exercises/relax/stop", {})
    assert "saved=cancelled" in stopped.headers["location"]
    # Started twelve minutes ago (as if the patient had pressed start then): kept.
    with db(server) as c:
        start = datetime.now().astimezone() - timedelta(minutes=12, seconds=10)
        c.execute(
            "INSERT INTO relaxation (start, start_ms, minutes, kind, saved_ms)"
            " VALUES (?, ?, NULL, ?, 0)",
            (start.isoformat(), int(start.timestamp() * 1000), "breathing"),
        )
    stopped = post(anna, "/exercises", "/exercises/relax/stop", {})
    assert "saved=stopped&minutes=12" in stopped.headers["location"]
    assert "12 minuten" in anna.get(stopped.headers["location"]).text
    with db(server) as c:
        assert c.execute("SELECT count(*) FROM relaxation WHERE minutes IS NULL").fetchone() == (0,)
        assert c.execute(
            "SELECT minutes, kind FROM relaxation WHERE kind = 'breathing'"
        ).fetchone() == (12.0, "breathing")
    # Logged afterwards; bad fields answer in words next to the field.
    bad = post(anna, "/exercises", "/exercises/relax/log",
               {"kind": "yoga", "start": "2026-03-19T20:00", "minutes": "10"})  # fmt: skip
    assert bad.status_code == 400 and "Kies een soort oefening." in bad.text
    bad = post(anna, "/exercises", "/exercises/relax/log",
               {"kind": "other", "start": "2026-03-19T20:00", "minutes": "999"})  # fmt: skip
    assert bad.status_code == 400 and "tussen 1 en 180" in bad.text
    ok = post(anna, "/exercises", "/exercises/relax/log",
              {"kind": "other", "start": "2026-03-19T20:00", "minutes": "10"})  # fmt: skip
    assert ok.status_code == 303


def test_the_ladder_on_the_page(server: WebServer) -> None:
    anna = login(server.url, "anna")
    assert (
        post(
            anna, "/exercises", "/exercises/ladder/add", {"name": "tillen", "fear": "70"}
        ).status_code
        == 303
    )
    bad = post(anna, "/exercises", "/exercises/ladder/add", {"name": "tillen", "fear": "20"})
    assert bad.status_code == 400 and "staat al op je lijst" in bad.text
    bad = post(anna, "/exercises", "/exercises/ladder/add", {"name": "springen", "fear": "200"})
    assert bad.status_code == 400 and "van 0 tot 100" in bad.text
    page = anna.get("/exercises").text
    assert EVIL not in page and "&lt;script&gt;" in page  # the item's name, escaped
    with db(server) as c:
        (tillen,) = c.execute("SELECT id FROM ladder_item WHERE name = 'tillen'").fetchone()
        (evil,) = c.execute("SELECT id FROM ladder_item WHERE name != 'tillen'").fetchone()
    practised = post(anna, "/exercises", "/exercises/ladder/practise", {
        "item": str(tillen), "expected_pain": "8", "expected_fear": "80", "pain": "4", "fear": "50",
    })  # fmt: skip
    assert practised.status_code == 303
    assert "verwachtte pijn 8 en voelde 4" in anna.get(practised.headers["location"]).text
    bad = post(anna, "/exercises", "/exercises/ladder/practise", {
        "item": str(tillen), "expected_pain": "", "expected_fear": "80", "pain": "4", "fear": "50",
    })  # fmt: skip
    assert bad.status_code == 400 and "Kies een cijfer van 0 tot 10." in bad.text
    # The therapist ticks the least feared item off; the next suggestion moves up.
    kine = login(server.url, "kine")
    assert (
        post(kine, "/exercises", f"/exercises/ladder/{evil}/done", {"done": "1"}).status_code == 303
    )
    page = kine.get("/exercises").text
    assert "Volgende stap: tillen." in page
    assert 'action="/exercises/ladder/practise"' not in page  # practising is the patient's
    forbidden = post(kine, "/exercises", "/exercises/relax/start", {"kind": "other"})
    assert forbidden.status_code == 403
    missing = post(anna, "/exercises", "/exercises/ladder/99999/remove", {})
    assert missing.status_code == 404
    # No CSRF token: refused, nothing changed.
    assert anna.post("/exercises/ladder/add", data={"name": "x", "fear": "1"}).status_code == 403
    with db(server) as c:
        assert c.execute("SELECT count(*) FROM ladder_item WHERE name = 'x'").fetchone() == (0,)


def test_taking_a_practised_movement_off_the_ladder_asks_first(server: WebServer) -> None:
    anna = login(server.url, "anna")
    for name in ("trap op", "fietsen"):
        added = post(anna, "/exercises", "/exercises/ladder/add", {"name": name, "fear": "35"})
        assert added.status_code == 303
    with db(server) as c:
        ids = dict(
            c.execute("SELECT name, id FROM ladder_item WHERE name IN ('trap op', 'fietsen')")
        )
    practised = post(anna, "/exercises", "/exercises/ladder/practise", {
        "item": str(ids["trap op"]), "expected_pain": "5", "expected_fear": "40", "pain": "3",
        "fear": "20",
    })  # fmt: skip
    assert practised.status_code == 303
    # One tap next to "tick off": the practice would go with it, so the page asks.
    asked = post(anna, "/exercises", f"/exercises/ladder/{ids['trap op']}/remove", {})
    assert asked.status_code == 200
    assert "oefende ‘trap op’ al 1 keer" in asked.text and "Ja, van de lijst halen" in asked.text
    with db(server) as c:
        assert c.execute("SELECT count(*) FROM exposure WHERE item_id = ?",
                         (ids["trap op"],)).fetchone() == (1,)  # fmt: skip
    sure = post(anna, "/exercises", f"/exercises/ladder/{ids['trap op']}/remove", {"confirm": "1"})
    assert sure.status_code == 303 and "saved=removed" in sure.headers["location"]
    # Never practised: nothing to lose, taken off at once.
    gone = post(anna, "/exercises", f"/exercises/ladder/{ids['fietsen']}/remove", {})
    assert gone.status_code == 303
    with db(server) as c:
        left = c.execute("SELECT count(*) FROM ladder_item WHERE name IN ('trap op', 'fietsen')")
        assert left.fetchone() == (0,)
        assert c.execute("SELECT count(*) FROM exposure WHERE item_id = ?",
                         (ids["trap op"],)).fetchone() == (0,)  # fmt: skip


def test_worksheets_answered_by_the_patient_read_by_the_therapist(server: WebServer) -> None:
    anna = login(server.url, "anna")
    ok = post(anna, "/worksheets", "/worksheets/outlet", {"answer": f"fietsen {EVIL}"})
    assert ok.status_code == 303
    bad = post(anna, "/worksheets", "/worksheets/outlet", {"answer": "   "})
    assert bad.status_code == 400 and "Vul dit in." in bad.text
    assert post(anna, "/worksheets", "/worksheets/geluk", {"answer": "ja"}).status_code == 404
    kine = login(server.url, "kine")
    page = kine.get("/worksheets").text
    assert "fietsen &lt;script&gt;" in page and EVIL not in page
    assert 'action="/worksheets/outlet"' not in page
    assert post(kine, "/worksheets", "/worksheets/outlet", {"answer": "nee"}).status_code == 403


def test_the_log_marks_must_and_want_and_shows_pain(server: WebServer) -> None:
    anna = login(server.url, "anna")
    page = anna.get("/log").text
    assert 'id="pain-card"' in page and "avondcheck" in page
    done = post(anna, "/log", "/log/session", {"activity": "walking", "activity_other": "strijken",
                "minutes": "30", "date": "2026-03-17", "kind": "must"})  # fmt: skip
    assert done.status_code == 303
    bad = post(anna, "/log", "/log/session", {"activity": "walking", "minutes": "30",
               "date": "2026-03-17", "kind": "misschien"})  # fmt: skip
    assert bad.status_code == 400
    with db(server) as c:
        row = c.execute(
            "SELECT s.activity, m.kind FROM pacing_session s"
            " JOIN session_mark m ON m.session_id = s.id"
        ).fetchall()
    assert row == [("strijken", "must")]


def test_the_week_page_the_report_and_the_pdf_escape_free_text(server: WebServer) -> None:
    anna = login(server.url, "anna")
    page = anna.get(f"/week/{WEEK}").text
    for section in ('id="pain"', 'id="relaxation"', 'id="must-want"', 'id="exposure"'):
        assert section in page
    assert EVIL not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "autogene training" in page
    html = anna.get(f"/reports/{WEEK}-en.html")
    assert html.status_code == 200 and EVIL not in html.text and "&lt;script&gt;" in html.text
    pdf = anna.get(f"/reports/{WEEK}-nl.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content,
                          capture_output=True, check=True).stdout.decode()  # fmt: skip
    # The text is printed as text (not run, not dropped).
    assert "<script>alert" in text
    assert "Pijn en activiteit" in text and "Stapsgewijs blootstellen" in text


def test_the_week_page_follows_new_entries(server: WebServer) -> None:
    anna = login(server.url, "anna")
    before = anna.get(f"/week/{WEEK}").text  # rendered and cached
    assert "wandeling in het park" not in before
    done = tracker("checkin", "--data-dir", server.data_dir, "--config", server.config,
                   "--date", "2026-03-20", "--pain", "1", "--worst", "2", "--energy", "8",
                   "--note", "wandeling in het park")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wandeling in het park" in anna.get(f"/week/{WEEK}").text


# Last in the module: it adds this month's nights to the store (the "last day with data"
# moves to today for every later request).
def test_the_bodys_signals_stand_next_to_the_checkins(server: WebServer, tmp_path: Path) -> None:
    tz = ZoneInfo("Europe/Brussels")
    today = datetime.now(tz).date()
    rows = ["time,steps,heart_rate_bpm"]
    for k in range(30, -1, -1):
        day = today - timedelta(days=k)
        bpm = 70 if k == 0 else 54 + (k % 3)  # 54-56 for a month, then 70
        midnight = datetime.combine(day, datetime.min.time(), tz)
        for m in range(60, 300):  # 01:00-05:00
            rows.append(f"{(midnight + timedelta(minutes=m)).isoformat()},0,{bpm}")
    nights = tmp_path / "nights.csv"
    nights.write_text("\n".join(rows) + "\n")
    done = tracker("import", "--data-dir", server.data_dir, nights)
    assert done.returncode == 0, done.stderr
    anna = login(server.url, "anna")
    saved = post(anna, "/log", "/log/checkin", {"pain": "4", "worst_pain": "6", "energy": "3"})
    assert saved.status_code == 303
    page = anna.get("/log").text
    assert "hartslag &#39;s nachts hoger (70)" in page or "hartslag 's nachts hoger (70)" in page
    res = tracker("analyze", "--data-dir", server.data_dir, "--config", server.config, "--json")
    signals = json.loads(res.stdout)["body_signals"]["signals"]
    assert [(s["date"], s["kind"], s["value"]) for s in signals] == [
        (today.isoformat(), "resting_hr_high", 70.0)
    ]
