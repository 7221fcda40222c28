"""The program pages in a real browser (Debian's Chromium through Playwright) against a
real ``tracker web``: the patient starts and stops a relaxation exercise, builds the fear
ladder and practises its first step, answers a worksheet question, and the therapist reads
it; the free text stays text. (Screenshots of every page, both languages and both widths,
with axe-core: tests/test_web_browser.py, whose fixtures this module shares.)"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_web_browser import ARTIFACTS, Page, browser, server
from tests.web_server import WebServer

pytestmark = pytest.mark.slow
__all__ = ["browser", "server"]  # the shared module fixtures

EVIL = "<img src=x onerror=alert(1)>"


def test_the_patient_relaxes_and_practises(server: WebServer, browser: Any) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab = Page(browser, server.url, 360)
    tab.login("anna")
    tab.go("/exercises")
    tab.page.select_option("#relax-kind", "progressive")
    tab.page.click("#relax-start")
    assert "De oefening loopt" in tab.page.locator("p.notice").inner_text()
    assert "progressieve relaxatie" in tab.page.locator("#relax-running").inner_text()
    tab.page.screenshot(path=ARTIFACTS / "anna-exercises-running-nl-360.png", full_page=True)
    tab.page.click("#relax-stop")
    assert "korter dan een minuut" in tab.page.locator("p.notice").inner_text()
    # The ladder: two movements, the least feared first, one practice, ticked off.
    for name, fear in (("boodschappen dragen " + EVIL, "60"), ("bukken", "35")):
        tab.page.fill("#name", name)
        tab.page.fill("#fear", fear)
        tab.page.click("form[action='/exercises/ladder/add'] button[type=submit]")
    rungs = tab.page.locator("#ladder-items li")
    assert rungs.count() == 2
    assert rungs.first.get_attribute("data-rank") == "1"
    assert "bukken" in rungs.first.inner_text()
    assert EVIL in rungs.nth(1).inner_text()  # shown as text
    assert "Volgende stap: bukken." in tab.page.locator("#ladder-next").inner_text()
    tab.page.select_option("#p-item", label="1. bukken")
    for field, value in (("expected_pain", "7"), ("expected_fear", "60"), ("pain", "3"),
                         ("fear", "25")):  # fmt: skip
        tab.page.fill(f"#p-{field}", value)
    tab.page.click("form[action='/exercises/ladder/practise'] button[type=submit]")
    assert "verwachtte pijn 7 en voelde 3" in tab.page.locator("p.notice").inner_text()
    first = tab.page.locator("#ladder-items li").first
    assert "7 → 3" in first.inner_text() and "25" in first.inner_text()
    first.locator("form[action$='/done'] button").click()
    assert tab.page.locator("#ladder-items li").first.get_attribute("data-done") == "true"
    assert "boodschappen dragen" in tab.page.locator("#ladder-next").inner_text()
    tab.page.screenshot(path=ARTIFACTS / "anna-exercises-ladder-nl-360.png", full_page=True)
    # A worksheet answer.
    tab.go("/worksheets")
    tab.page.fill("#answer-energy", "wandelen met de hond " + EVIL)
    tab.page.click("#q-energy button[type=submit]")
    assert "bewaard" in tab.page.locator("p.notice").inner_text()
    assert EVIL in tab.page.locator("#q-energy .answer").inner_text()
    assert tab.errors == []
    tab.close()
    kine = Page(browser, server.url, 1280)
    kine.login("kine", "en")
    kine.go("/worksheets")
    assert "wandelen met de hond" in kine.page.locator("#q-energy .answer").inner_text()
    assert kine.page.locator("#q-energy textarea").count() == 0
    kine.page.screenshot(path=ARTIFACTS / "kine-worksheets-en-1280.png", full_page=True)
    assert kine.errors == []
    kine.close()
