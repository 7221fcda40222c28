"""The commands a person setting up the hub runs first, as the README prints them: every
mistake on the way is one line in their words, never an internal error."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import REPO, tracker
from tracker.cli import EXIT_NO_PERMISSION, _run

PASSWORD = "lang-genoeg-wachtwoord"


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
