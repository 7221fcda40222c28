"""Every page the patient can be shown keeps to the glossary and reads as plain Dutch
(shared/VOICE.md, docs/words.md): the weekly report of every kind of week, and the hub
page's pages in-process (the app itself, through httpx's ASGI transport) for the patient,
the therapist and the administrator, with the messages after saving and the field problems.

Slow: some forty pages, and each week's report draws its charts (about 0.5 s each).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.word_scenarios import CONFIG, LANGUAGES, PASSWORD, hub_store, report_cases
from tests.words import Fault, check_page
from tracker.report.render import render_html
from tracker.web.server import create_app

pytestmark = pytest.mark.slow

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]*)"')


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(report_cases()), ids=lambda c: c.name)
def test_every_kind_of_week_reads_well(case: object, lang: str) -> None:
    from tests.word_scenarios import Case

    assert isinstance(case, Case)
    faults = check_page(render_html(case.report(lang)), lang, f"{case.name} [{lang}]")
    assert faults == [], "\n".join(map(str, faults))


@dataclass(frozen=True)
class Hub:
    data: Path
    last_week: str
    this_week: str


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Hub:
    data = tmp_path_factory.mktemp("words") / "data"
    today = datetime.now(CONFIG.zone).date()
    last_week, this_week = hub_store(data, today)
    return Hub(data, last_week, this_week)


@pytest.fixture
async def client(hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(CONFIG, hub.data)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as c:
            yield c
    finally:
        app.state.web.stores.close()


async def _token(c: httpx.AsyncClient, path: str) -> str:
    found = CSRF_RE.search((await c.get(path)).text)
    assert found is not None, path
    return found[1]


async def _login(c: httpx.AsyncClient, name: str, lang: str) -> None:
    c.cookies.clear()
    answer = await c.post("/login", data={"username": name, "password": PASSWORD,
                                          "csrf_token": await _token(c, "/login")})  # fmt: skip
    assert answer.status_code == 303, answer.text[:300]
    token = await _token(c, "/devices" if name == "beheer" else "/weeks")
    await c.post("/language", data={"lang": lang, "next": "/", "csrf_token": token})


async def _post(c: httpx.AsyncClient, path: str, form: dict[str, str]) -> str:
    """The page a form leads to: its answer, or where it redirects to. (The session's
    token is on every page; the list of weeks is the cheapest to ask.)"""
    answer = await c.post(path, data={**form, "csrf_token": await _token(c, "/weeks")})
    if answer.status_code == 303:
        return (await c.get(answer.headers["location"])).text
    return answer.text


def _patient_forms(today: str, future: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(action, form): each a field problem or a message after saving."""
    yield "/log/checkin", {"pain": "5", "worst_pain": "2", "energy": "", "note": "\x07"}
    yield "/log/checkin", {"pain": "3", "worst_pain": "6", "energy": "5", "note": ""}
    yield "/log/checkin", {"pain": "3", "worst_pain": "6", "energy": "5", "note": ""}
    yield "/log/session", {"activity": "walking", "minutes": "x", "date": future}
    yield "/log/session", {"activity": "walking", "minutes": "0", "date": "gisteren"}
    yield "/log/session", {"activity": "walking", "minutes": "30", "date": today}
    yield "/log/session", {"activity": "cycling", "minutes": "30", "date": today}
    yield "/log/session", {"activity": "walking", "minutes": "30", "date": "2020-01-06"}
    yield "/log/session", {"activity": "walking", "minutes": "30", "kind": "x"}
    yield "/exercises/relax/log", {"kind": "", "start": "", "minutes": "500"}
    yield (
        "/exercises/relax/log",
        {"kind": "mindfulness", "start": f"{future}T10:00", "minutes": "10"},
    )
    yield (
        "/exercises/relax/log",
        {"kind": "mindfulness", "start": f"{today}T07:00", "minutes": "10"},
    )
    yield "/exercises/relax/start", {"kind": "breathing"}
    yield "/exercises/relax/stop", {}
    yield "/exercises/relax/stop", {}
    yield "/exercises/ladder/add", {"name": "", "fear": "500"}
    yield "/exercises/ladder/add", {"name": "bukken", "fear": "40"}
    yield "/exercises/ladder/add", {"name": "traplopen", "fear": "20"}
    yield "/exercises/ladder/1/done", {"done": "1"}
    yield "/exercises/ladder/3/remove", {}
    yield "/exercises/ladder/practise", {"item": "2", "expected_pain": "11"}
    yield "/exercises/ladder/practise", {"item": "2", "expected_pain": "6",
                                                       "expected_fear": "50", "pain": "2",
                                                       "fear": "20"}  # fmt: skip
    yield "/worksheets/life", {"answer": ""}
    yield "/worksheets/life", {"answer": "Het huishouden gaat trager."}


async def _pages(c: httpx.AsyncClient, hub: Hub, lang: str) -> list[tuple[str, str]]:
    """(what, html) of every page and message the three roles can reach."""
    today = datetime.now(CONFIG.zone).date()
    future = (today + timedelta(days=2)).isoformat()
    seen: list[tuple[str, str]] = []
    c.cookies.clear()
    for path in ("/login", "/login?ended=1"):
        seen.append((path, (await c.get(path)).text))
    refused = await c.post("/login", data={"username": "anna", "password": "wrong",
                                           "csrf_token": await _token(c, "/login")})  # fmt: skip
    seen.append(("login refused", refused.text))
    await _login(c, "anna", lang)
    for path in ("/", f"/week/{hub.last_week}", f"/week/{hub.this_week}", "/weeks", "/plan",
                 "/log", "/exercises", "/worksheets", "/devices", "/week/2099-W01",
                 "/week/2026-W99", "/nowhere"):  # fmt: skip
        seen.append((path, (await c.get(path)).text))
    for action, form in _patient_forms(today.isoformat(), future):
        seen.append((f"{action} {sorted(form.items())}", await _post(c, action, form)))
    await _login(c, "kine", lang)
    for path in ("/plan", f"/week/{hub.last_week}"):
        seen.append((f"therapist {path}", (await c.get(path)).text))
    for form in ({"activity": "", "start": "x", "goal": "-1", "weeks": "1.5", "sessions": "99",
                  "start_date": "morgen"},
                 {"activity": "walking", "start": "30", "goal": "20", "weeks": "80",
                  "sessions": "3", "start_date": today.isoformat()}):  # fmt: skip
        seen.append((f"plan {form}", await _post(c, "/plan", form)))
    note = {"note": "Goed bezig.\x07"}
    seen.append(("note", await _post(c, f"/week/{hub.last_week}/note", note)))
    await _login(c, "beheer", lang)
    seen.append(("admin /devices", (await c.get("/devices")).text))
    seen.append(("admin /log", (await c.get("/log")).text))
    return seen


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_every_hub_page_reads_well(client: httpx.AsyncClient, hub: Hub, lang: str) -> None:
    pages = await _pages(client, hub, lang)
    faults: list[Fault] = []
    for what, html in pages:
        assert "<html" in html, what
        faults += check_page(html, lang, f"{what} [{lang}]")
    assert faults == [], "\n".join(map(str, faults))
    shown = "\n".join(html for _, html in pages)
    # Each message after saving says the right thing (the plan is for walking).
    words = {
        "nl": ("Ze telt mee in je opbouwschema", "want dat is voor een andere activiteit",
               "Ze valt voor de start van je opbouwschema", "Noteer een oefening als je ze"),
        "en": ("It counts in your build-up schedule", "because that is for another activity",
               "It falls before your build-up schedule starts", "Log an exercise once you"),
    }[lang]  # fmt: skip
    for expected in words:
        assert expected in shown, expected
