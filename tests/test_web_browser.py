"""The hub page in a real browser (Debian's Chromium through Playwright) against a real
``tracker web`` process: the people's flows, screenshots at phone and desktop width in
both languages (kept in test-artifacts/web/), no console error, axe-core finds no serious
or critical violation, and the check-in works by keyboard alone."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, sync_playwright

from tests.web_server import PASSWORD, REPO, WebServer, serve_built_store

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts" / "web"
WIDTHS = (360, 1280)
ARGS = ["--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PAGES = {
    "anna": ["/", "/week/2026-W12", "/weeks", "/plan", "/log", "/exercises", "/worksheets"],
    "kine": ["/", "/week/2026-W12", "/plan", "/log", "/exercises", "/worksheets"],
    "beheer": ["/devices"],
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    yield from serve_built_store(tmp_path_factory, "webui")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (Debian package chromium)")
    args = [*ARGS, "--no-sandbox"] if os.geteuid() == 0 else ARGS
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield b
        b.close()


class Page:
    """A browser tab that records console errors and uncaught exceptions."""

    def __init__(self, browser: Any, url: str, width: int, *, axe: bool = False) -> None:
        # axe-core is injected as a script, which the page's CSP rightly forbids.
        self.context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=axe)
        self.page = self.context.new_page()
        self.url = url
        self.width = width
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: self.errors.append(f"dialog: {d.message}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def go(self, path: str) -> Any:
        return self.page.goto(self.url + path)

    def login(self, name: str, lang: str = "nl") -> None:
        self.go(f"/login?lang={lang}")
        self.page.fill("#username", name)
        self.page.fill("#password", PASSWORD)
        self.page.click("form[action='/login'] button[type=submit]")
        self.page.wait_for_load_state()
        if self.page.locator("html").get_attribute("lang") != lang:
            # The person chose the other language before: switch, as they would.
            self.page.click("form[action='/language'] button")
            self.page.wait_for_load_state()
            assert self.page.locator("html").get_attribute("lang") == lang

    def axe(self) -> list[dict[str, Any]]:
        self.page.add_script_tag(content=AXE.read_text())
        found: list[dict[str, Any]] = self.page.evaluate(
            "async () => (await axe.run(document)).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
        )
        return [v for v in found if v["impact"] in ("serious", "critical")]

    def close(self) -> None:
        self.context.close()


def test_the_patients_evening(server: WebServer, browser: Any) -> None:
    tab = Page(browser, server.url, 360)
    tab.login("anna")
    assert tab.page.locator("h1").first.inner_text().startswith("Vandaag")
    # Check-in: tap three numbers, a note, save.
    tab.go("/log")
    tab.page.click("label[for=pain-3]")
    tab.page.click("label[for=worst_pain-6]")
    tab.page.click("label[for=energy-5]")
    tab.page.fill("#note", 'rustige dag <script>alert("x")</script>')
    tab.page.click("form[action='/log/checkin'] button[type=submit]")
    assert "bewaard" in tab.page.locator("p.notice").inner_text()
    row = tab.page.locator("#checkins tbody tr").first
    assert '<script>alert("x")</script>' in row.inner_text()  # shown as text, not run
    # A session the sensors cannot see.
    tab.page.select_option("#s-activity", "cycling")
    tab.page.fill("#minutes", "25")
    tab.page.fill("#date", "2026-03-18")
    tab.page.click("form[action='/log/session'] button[type=submit]")
    # Cycling, and the plan is for walking: saved, but it does not count for the plan.
    notice = tab.page.locator("p.notice").inner_text()
    assert "sessie is bewaard" in notice and "telt niet mee" in notice
    # Last week's report: the boom day of the cycle, by its date.
    tab.go("/weeks")
    tab.page.click("a[href='/week/2026-W12']")
    cycle = tab.page.locator("ul.cycles li").first
    assert "dinsdag 17 maart 2026" in cycle.inner_text()
    assert cycle.get_attribute("data-boom-dates") == "2026-03-17"
    assert tab.errors == []
    tab.close()


def test_the_therapist_sets_a_plan_and_the_patient_sees_it(server: WebServer, browser: Any) -> None:
    kine = Page(browser, server.url, 1280)
    kine.login("kine")
    kine.go("/plan")
    kine.page.fill("#start", "22")
    kine.page.fill("#goal", "44")
    kine.page.fill("#weeks", "6")
    kine.page.click("form[action='/plan'] button[type=submit]")
    assert "bewaard" in kine.page.locator("p.notice").inner_text()
    anna = Page(browser, server.url, 360)
    anna.login("anna")
    anna.go("/plan")
    assert "je einddoel van 44 minuten na 6 weken" in anna.page.locator("#plan").inner_text()
    assert anna.page.locator("form[action='/plan']").count() == 0
    assert kine.errors == [] and anna.errors == []
    kine.close()
    anna.close()


def test_the_admin_sees_devices_but_no_health_page(server: WebServer, browser: Any) -> None:
    tab = Page(browser, server.url, 1280)
    tab.login("beheer")
    assert tab.page.url.endswith("/devices")
    assert "anna" in tab.page.locator("#users").inner_text()
    answer = tab.go("/week/2026-W12")
    assert answer.status == 403
    assert "17 maart" not in tab.page.content()
    tab.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_in_both_languages_at_both_widths(
    server: WebServer, browser: Any, lang: str
) -> None:
    """Screenshots for people to look at; no console error; axe: nothing serious."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width in WIDTHS:
        anon = Page(browser, server.url, width, axe=True)
        anon.go(f"/login?lang={lang}")
        anon.page.screenshot(path=ARTIFACTS / f"login-{lang}-{width}.png", full_page=True)
        problems += [f"login {v}" for v in anon.axe()] if width == WIDTHS[0] else []
        problems += anon.errors
        anon.close()
        for user, paths in PAGES.items():
            tab = Page(browser, server.url, width, axe=True)
            tab.login(user, lang)
            for path in paths:
                answer = tab.go(path)
                assert answer.status == 200, (user, path, answer.status)
                assert tab.page.locator("html").get_attribute("lang") == lang
                name = path.strip("/").replace("/", "-") or "today"
                tab.page.screenshot(
                    path=ARTIFACTS / f"{user}-{name}-{lang}-{width}.png", full_page=True
                )
                if width == WIDTHS[0]:
                    problems += [f"{user} {path} {v}" for v in tab.axe()]
            problems += [f"{user}: {e}" for e in tab.errors]
            tab.close()
    assert problems == []


def test_the_checkin_works_by_keyboard_alone(server: WebServer, browser: Any) -> None:
    tab = Page(browser, server.url, 360)
    tab.go("/login?lang=en")
    keys = tab.page.keyboard
    # Skip link first, then the language link, then the fields.
    for _ in range(3):
        keys.press("Tab")
    assert tab.page.evaluate("document.activeElement.id") == "username"
    keys.type("anna")
    keys.press("Tab")
    keys.type(PASSWORD)
    keys.press("Enter")
    tab.page.wait_for_url(server.url + "/")
    tab.go("/log")
    focus = tab.page.locator("#pain-0")
    focus.focus()
    keys.press("ArrowRight")  # pain 1
    keys.press("ArrowRight")  # pain 2
    keys.press("Tab")  # worst pain group
    for _ in range(4):
        keys.press("ArrowRight")  # worst pain 4 (the first arrow selects 1)
    keys.press("Tab")  # energy group
    keys.press("ArrowRight")
    keys.press("Tab")  # note
    keys.type("by keyboard")
    keys.press("Tab")  # save
    keys.press("Enter")
    tab.page.wait_for_load_state()
    assert "replaced" in tab.page.locator("p.notice").inner_text() or "saved" in (
        tab.page.locator("p.notice").inner_text()
    )
    assert "by keyboard" in tab.page.locator("#checkins tbody tr").first.inner_text()
    # Every link, button and field of each page can be reached with Tab.
    for path in PAGES["anna"]:
        tab.go(path)
        wanted = tab.page.evaluate(
            "Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]),"
            ' select, textarea, [tabindex="0"]\')).filter(e => e.offsetParent !== null'
            " && !(e.type === 'radio' && !e.checked && e.name && document.querySelector("
            "'input[name=\"' + e.name + '\"]:checked'))).length"
        )
        seen = set()
        for _ in range(wanted + 5):
            keys.press("Tab")
            seen.add(tab.page.evaluate(
                "(() => { const e = document.activeElement; return e.outerHTML.slice(0, 120)"
                " + '|' + Array.from(e.parentNode.children).indexOf(e); })()"
            ))  # fmt: skip
        assert len(seen) >= wanted - 12, (path, len(seen), wanted)  # radio groups: one stop
    assert tab.errors == []
    tab.close()
