"""The commands a person setting up the hub runs first, as the README prints them: every
mistake on the way is one line in their words, never an internal error."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from subprocess import DEVNULL

import pytest

from tests.cli import REPO, spawn_tracker, tracker
from tests.servers import free_port, stop_process
from tests.web_server import PASSWORD as WEB_PASSWORD
from tests.web_server import login, start_web
from tracker.cli import EXIT_NO_PERMISSION, _run

PASSWORD = "lang-genoeg-wachtwoord"
# A stopped hub page that has not ended by then is killed.
STOP_TIMEOUT_S = 10.0


def _config(tmp_path: Path, data: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[tracker]\nperson = "anna"\ndata_dir = "{data}"\n', encoding="utf-8")
    return path


def test_user_commands_find_the_store_of_the_configuration(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert tracker("init", "--data-dir", data).returncode == 0
    env = {"TRACKER_CONFIG": str(_config(tmp_path, data))}
    added = tracker("user", "add", "anna", "--role", "patient", "--password-stdin",
                    input=PASSWORD + "\n", env=env)  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = tracker("user", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == "anna\tpatient\n"
    listed = tracker("user", "list", "--config", _config(tmp_path, data))
    assert listed.stdout == "anna\tpatient\n"


def test_no_password_at_the_prompt_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert tracker("init", "--data-dir", data).returncode == 0
    # A new session has no terminal, so the prompt reads standard input, which ends at
    # once: as Ctrl-D at the prompt does.
    done = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "user", "add", "anna", "--role", "patient",
         "--data-dir", str(data)],
        input="", capture_output=True, text=True, cwd=REPO, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert "tracker: no password given" in last and "nothing was changed" in last
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert tracker("user", "list", "--data-dir", data).stdout == ""


def test_a_store_of_another_user_is_one_line_that_says_what_to_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Root reads every file, so the refusal is raised here as a command meets it when
    # another user's private data directory (0700) is in its way.
    def refused(args: argparse.Namespace) -> int:
        raise PermissionError(13, "Permission denied", "/var/lib/tracker/tracker.db")

    assert _run(argparse.Namespace(func=refused, debug=False)) == EXIT_NO_PERMISSION
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" not in err
    assert "/var/lib/tracker/tracker.db" in err and "sudo -u tracker" in err


@pytest.mark.slow
def test_the_hub_page_says_when_no_one_can_log_in(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert tracker("init", "--data-dir", data).returncode == 0

    def first_lines() -> str:
        """What ``tracker web`` says up to the line that it listens, then stopped."""
        listen = f"127.0.0.1:{free_port()}"
        web = spawn_tracker("web", "--data-dir", data, "--listen", listen, stdout=DEVNULL)
        assert web.stderr is not None
        said = ""
        try:
            while "hub page on" not in said:
                line = web.stderr.readline()
                assert line, f"tracker web ended early: {said}"
                said += line
        finally:
            stop_process(web, STOP_TIMEOUT_S)
            web.stderr.close()
        return said

    said = first_lines()
    assert "no one can log in yet" in said and "tracker user add" in said
    added = tracker("user", "add", "anna", "--role", "patient", "--password-stdin",
                    "--data-dir", data, input=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "no one can log in" not in first_lines()


@pytest.mark.slow
def test_a_new_hub_asks_the_therapist_not_the_patient_to_set_up_the_plan(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name, role in (("anna", "patient"), ("kine", "therapist")):
        added = tracker("user", "add", name, "--role", role, "--password-stdin",
                        "--data-dir", data, input=WEB_PASSWORD + "\n")  # fmt: skip
        assert added.returncode == 0, added.stderr
    with start_web(data, None, tmp_path / "web.log") as web:
        patient = login(web.url, "anna", WEB_PASSWORD).get("/plan").text
        therapist = login(web.url, "kine", WEB_PASSWORD).get("/plan").text
    assert "samen met je kinesist" in patient and "hieronder" not in patient
    assert "Je stelt het hieronder op" in therapist and "kinesist" not in therapist
