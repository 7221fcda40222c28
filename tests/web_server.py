"""A real ``tracker web`` process over a real store, for the hub-page tests and benches.

The store is the report tests' (tests/test_report_cli.py): eleven weeks of minutes with a
boom on Tuesday 17 March 2026 and a bust two days later (ISO week 2026-W12), imported
with ``tracker import``, and a walking plan from 2 March 2026. Users are added with
``tracker user add --password-stdin`` (both through the in-process CLI runner).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.cli import tracker
from tests.servers import free_port, start_logged, stop_process, wait_ready

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
PASSWORD = "a-long-enough-password"
USERS = {"anna": ("patient",), "kine": ("therapist",), "beheer": ("admin",)}
# A cold start imports Starlette, numpy and the report; a loaded CI machine is slow.
START_TIMEOUT_S = 60
HEALTH_POLL_S = 0.2
STOP_TIMEOUT_S = 10
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]*)"')


def build_store(tmp: Path) -> tuple[Path, Path]:
    """The W12 store with a plan and three users; returns (data_dir, config)."""
    from tests.test_report_cli import PLAN_START, boom_bust_week
    from tracker.pacing.plan import make_plan
    from tracker.store.plans import save_plan
    from tracker.store.sqlite import Store

    data = tmp / "data"
    csv = boom_bust_week().write_csv(tmp / "minutes.csv")
    done = tracker("import", "--data-dir", data, csv)
    assert done.returncode == 0, done.stderr
    with Store.create(data) as store:
        save_plan(store, make_plan(start=20, goal=40, weeks=5, start_date=PLAN_START))
    for name, roles in USERS.items():
        role_args = [a for r in roles for a in ("--role", r)]
        added = tracker(
            "user", "add", name, *role_args, "--password-stdin", "--data-dir", data,
            input=PASSWORD + "\n",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    config = tmp / "config.toml"
    config.write_text('[tracker]\ntimezone = "Europe/Brussels"\n')
    return data, config


def serve_built_store(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[WebServer]:
    """``tracker web`` over a new :func:`build_store` (the body of a module's fixture)."""
    tmp = tmp_path_factory.mktemp(name)
    data, config = build_store(tmp)
    with start_web(data, config, tmp / "web.log") as web:
        yield web


@dataclass(frozen=True)
class WebServer:
    url: str
    data_dir: Path
    config: Path
    proc: subprocess.Popen[bytes]

    def log(self) -> str:
        return ""  # the log goes to the process's stderr file (see start_web)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=2).text == "ok"
    except httpx.HTTPError:
        return False


@contextmanager
def start_web(
    data_dir: Path, config: Path | None, log_path: Path, extra: Sequence[str] = ()
) -> Iterator[WebServer]:
    """``tracker web`` on a free loopback port; stopped (SIGTERM) on exit."""
    port = free_port()
    args = ["web", "--data-dir", str(data_dir), "--listen", f"127.0.0.1:{port}", *extra]
    if config is not None:
        args += ["--config", str(config)]
    proc = start_logged([sys.executable, "-m", "tracker.cli", *args], log_path, cwd=REPO, env=ENV)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(
            proc, lambda: _healthy(url), "tracker web", log=log_path,
            timeout_s=START_TIMEOUT_S, poll_s=HEALTH_POLL_S,
        )  # fmt: skip
        yield WebServer(url, data_dir, config or Path(), proc)
    finally:
        close_clients()
        stop_process(proc, STOP_TIMEOUT_S)


_CLIENTS: list[httpx.Client] = []


def client(url: str) -> httpx.Client:
    """A client kept open until :func:`close_clients` (the server fixture's teardown)."""
    made = httpx.Client(base_url=url, timeout=120, follow_redirects=False)
    _CLIENTS.append(made)
    return made


def close_clients() -> None:
    while _CLIENTS:
        _CLIENTS.pop().close()


def login(url: str, name: str, password: str = PASSWORD) -> httpx.Client:
    """A client holding a session cookie (the login form's CSRF token included)."""
    client_ = client(url)
    page = client_.get("/login")
    token = CSRF_RE.search(page.text)
    assert token is not None, page.text
    answer = client_.post(
        "/login", data={"username": name, "password": password, "csrf_token": token[1]}
    )
    assert answer.status_code == 303, (answer.status_code, answer.text[:500])
    assert "tracker_session" in client_.cookies
    return client_


@contextmanager
def store_db(server: WebServer) -> Iterator[sqlite3.Connection]:
    """The hub's store, committed and closed again: a connection left open keeps SQLite
    from closing the file behind this process's other connections (the in-process CLI
    runner counts that as a file left open)."""
    with closing(sqlite3.connect(server.data_dir / "tracker.db", timeout=10)) as c, c:
        yield c


def csrf_of(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    found = CSRF_RE.search(page.text)
    assert found is not None, page.text[:500]
    return found[1]
