"""The daemon writes while the page is read and a check-in is saved: the emulated
wearables of ``tracker demo`` fill the store that ``tracker web`` serves at the same time.
No "database is locked" may reach a person, and nothing written may be lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import spawn_tracker, tracker
from tests.db import select
from tests.web_server import PASSWORD, csrf_of, login, start_web

pytestmark = pytest.mark.slow

# The demo's simulated day takes ~7 s here; it must still be writing while we read.
MIN_OVERLAP_REQUESTS = 20


def test_reads_and_a_checkin_while_the_daemon_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert tracker("init", "--data-dir", data).returncode == 0
    added = tracker("user", "add", "anna", "--role", "patient", "--password-stdin",
                    "--data-dir", data, input=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    log = tmp_path / "web.log"
    with start_web(data, None, log) as web:
        anna = login(web.url, "anna")
        demo = spawn_tracker("demo", "--days", "1", "--start", "2026-03-16", "--data-dir", data)
        answers: list[tuple[str, int, str]] = []
        saved: list[int] = []
        try:
            token = csrf_of(anna, "/log")
            k = 0
            while demo.poll() is None or k < MIN_OVERLAP_REQUESTS:
                for path in ("/", "/week/2026-W12", "/log", "/devices"):
                    r = anna.get(path)
                    answers.append((path, r.status_code, r.text))
                pain = k % 10
                r = anna.post("/log/checkin", data={"csrf_token": token, "pain": str(pain),
                                                    "worst_pain": "10", "energy": "5"})  # fmt: skip
                answers.append(("checkin", r.status_code, r.text))
                if r.status_code == 303:
                    saved.append(pain)
                k += 1
                if k > 400:
                    break
        finally:
            _out, err = demo.communicate(timeout=300)
        assert demo.returncode == 0, err[-2000:]
        overlap = k
    assert overlap >= MIN_OVERLAP_REQUESTS
    for path, status, text in answers:
        assert status in (200, 303, 403), (path, status, text[:300])
        assert "locked" not in text and "busy" not in text.lower(), path
    assert len(saved) == overlap  # every check-in went through ...
    rows = select(data / "tracker.db", "SELECT pain FROM checkin")
    [(samples,)] = select(data / "tracker.db", "SELECT count(*) FROM heart_rate")
    assert rows == [(saved[-1],)]  # ... and the last one is the one kept
    assert samples > 0
    assert "locked" not in log.read_text()
