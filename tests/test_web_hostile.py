"""The hub page under a hostile client: odd numbers in the forms, and many logins at once.
A real ``tracker web`` over a real store (tests/web_server.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web_server import WebServer, csrf_of, login, serve_built_store

pytestmark = pytest.mark.slow

# Digits a person cannot mean as a pain score: a superscript, a doubled minus, more digits
# than Python reads (4300) and more than SQLite's integers hold.
ODD_WHOLE_NUMBERS = ["²", "--5", "9" * 5000, "99999999999999999999999"]


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
