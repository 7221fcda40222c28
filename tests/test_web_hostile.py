"""The hub page under a hostile client: odd numbers in the forms, and many logins at once.
A real ``tracker web`` over a real store (tests/web_server.py)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest

from tests.db import select
from tests.web_server import CSRF_RE, WebServer, csrf_of, login, serve_built_store
from tracker.app.users import USER_FREE_FAILURES

pytestmark = pytest.mark.slow

# Digits a person cannot mean as a pain score: a superscript, a doubled minus, more digits
# than Python reads (4300) and more than SQLite's integers hold.
ODD_WHOLE_NUMBERS = ["²", "--5", "9" * 5000, "99999999999999999999999"]
# Parallel wrong passwords for one name; sequentially only USER_FREE_FAILURES are checked
# before the first wait, and a few more may pass while the burst lasts (a wait doubles from
# one second on a loaded machine).
BURST = 20
BURST_CHECKED_MAX = USER_FREE_FAILURES + 3
# Browser tabs sending one form at the same moment (or a double click).
TABS = 8


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    yield from serve_built_store(tmp_path_factory, "web-hostile")


@pytest.mark.parametrize("odd", ODD_WHOLE_NUMBERS)
def test_an_odd_whole_number_is_a_field_error_not_a_fault(server: WebServer, odd: str) -> None:
    anna = login(server.url, "anna")
    token = csrf_of(anna, "/log")
    form = {"pain": odd, "worst_pain": "5", "energy": "6", "csrf_token": token}
    answer = anna.post("/log/checkin", data=form)
    assert answer.status_code == 400, answer.text[:300]
    assert "Kies een cijfer van 0 tot 10." in answer.text
    ladder = anna.post(f"/exercises/ladder/{odd}/done", data={"done": "1", "csrf_token": token})
    assert ladder.status_code == 404, ladder.text[:300]
    practise = {"item": odd, "expected_pain": "1", "expected_fear": "1", "pain": "1",
                "fear": "1", "csrf_token": token}  # fmt: skip
    assert anna.post("/exercises/ladder/practise", data=practise).status_code == 400


async def _wrong_password(url: str, name: str, attempt: int) -> int:
    async with httpx.AsyncClient(base_url=url, timeout=120) as browser:
        token = CSRF_RE.search((await browser.get("/login")).text)
        assert token is not None
        form = {"username": name, "password": f"guess-{attempt}", "csrf_token": token[1]}
        return (await browser.post("/login", data=form)).status_code


async def _burst(url: str, name: str) -> list[int]:
    return list(await asyncio.gather(*(_wrong_password(url, name, i) for i in range(BURST))))


def test_parallel_wrong_passwords_are_slowed_down_as_if_one_after_another(
    server: WebServer,
) -> None:
    codes = asyncio.run(_burst(server.url, "kine"))
    checked = codes.count(401)
    assert checked + codes.count(429) == BURST, codes
    assert checked <= BURST_CHECKED_MAX, codes
    [(failed,)] = select(
        server.data_dir / "tracker.db",
        "SELECT count(*) FROM audit_log WHERE action = 'login_failed'",
    )
    assert failed == checked


@pytest.mark.parametrize("path", ["/week/２０２６-W12", "/reports/２０２６-W12-nl.html"])
def test_a_week_in_digits_of_another_script_is_not_found(server: WebServer, path: str) -> None:
    # Fullwidth digits, which \d and int() read: the report's file name went into a header.
    answer = login(server.url, "anna").get(path)
    assert answer.status_code == 404, answer.text[:300]


async def _add_to_ladder(url: str, cookies: dict[str, str], token: str) -> int:
    async with httpx.AsyncClient(base_url=url, cookies=cookies, timeout=120) as tab:
        form = {"name": "tillen van de grond", "fear": "60", "csrf_token": token}
        return (await tab.post("/exercises/ladder/add", data=form)).status_code


async def _tabs(url: str, cookies: dict[str, str], token: str) -> list[int]:
    return list(await asyncio.gather(*(_add_to_ladder(url, cookies, token) for _ in range(TABS))))


def test_one_movement_added_from_many_tabs_at_once_is_added_once(server: WebServer) -> None:
    anna = login(server.url, "anna")
    codes = asyncio.run(_tabs(server.url, dict(anna.cookies), csrf_of(anna, "/exercises")))
    assert sorted(codes) == [303] + [400] * (TABS - 1), codes  # "staat al op je ladder"
    [(count,)] = select(
        server.data_dir / "tracker.db",
        "SELECT count(*) FROM ladder_item WHERE name = 'tillen van de grond'",
    )
    assert count == 1


ONCE_RE = re.compile(r'name="once" value="([^"]+)"')


def _sessions(server: WebServer, minutes: float) -> int:
    [(count,)] = select(
        server.data_dir / "tracker.db",
        "SELECT count(*) FROM pacing_session WHERE minutes = ?", minutes,
    )  # fmt: skip
    return int(count)


def test_a_form_sent_twice_adds_its_entry_once(server: WebServer) -> None:
    """A double click (or a page sent again) adds one session; the next form, even with
    the same values, adds the next one; a form refused for a field is stored once corrected."""
    anna = login(server.url, "anna")
    page = anna.get("/log").text
    token = CSRF_RE.search(page)
    once = ONCE_RE.search(page)
    assert token is not None and once is not None
    form = {"csrf_token": token[1], "once": once[1], "date": "2026-03-18", "minutes": "17",
            "activity": "walking"}  # fmt: skip
    first, second = (anna.post("/log/session", data=form) for _ in range(2))
    assert first.status_code == second.status_code == 303
    assert second.headers["location"].startswith("/log?saved=session")
    assert _sessions(server, 17.0) == 1
    again = ONCE_RE.search(anna.get("/log").text)
    assert again is not None and again[1] != once[1]  # a new form: a new token
    assert anna.post("/log/session", data={**form, "once": again[1]}).status_code == 303
    assert _sessions(server, 17.0) == 2
    fresh = ONCE_RE.search(anna.get("/log").text)
    assert fresh is not None
    refused = anna.post("/log/session", data={**form, "once": fresh[1], "minutes": "x"})
    assert refused.status_code == 400
    stored = anna.post("/log/session", data={**form, "once": fresh[1], "minutes": "19"})
    assert stored.status_code == 303 and _sessions(server, 19.0) == 1


def test_a_date_before_2000_is_a_field_error(server: WebServer) -> None:
    """A typo of the year (0206 for 2026) is refused next to the field, nothing stored."""
    anna = login(server.url, "anna")
    token = csrf_of(anna, "/log")
    session = anna.post("/log/session", data={"csrf_token": token, "date": "0206-03-18",
                                              "minutes": "23", "activity": "walking"})  # fmt: skip
    assert session.status_code == 400 and "voor 2000" in session.text
    assert _sessions(server, 23.0) == 0
    relax = anna.post(
        "/exercises/relax/log",
        data={"csrf_token": token, "start": "0206-03-18T20:00", "minutes": "15", "kind": "other"},
    )
    assert relax.status_code == 400 and "voor 2000" in relax.text
