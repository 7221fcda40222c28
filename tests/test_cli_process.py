"""The command line as a whole process: what the in-process runner of the other CLI tests
cannot show (the interpreter's exit code and last flush, what a start-up imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli import REPO, tracker_process
from tests.scenarios import steady_pacing
from tracker.cli import COMMANDS
from tracker.store.sqlite import Store


def test_help_lists_every_command_and_imports_none_of_them() -> None:
    result = tracker_process("--help", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert not {m for m in imported if m.startswith("tracker.commands.")}
    assert "numpy" not in imported


def test_a_usage_error_exits_2_in_one_line() -> None:
    result = tracker_process("decode", "2a19", "64", "--no-such-option")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "--no-such-option" in line and "Traceback" not in line


def test_a_command_exits_with_its_code_and_never_a_traceback() -> None:
    good = tracker_process("decode", "2a19", "64")
    assert (good.returncode, good.stdout.strip(), good.stderr) == (
        0,
        '{"battery_percent": 100}',
        "",
    )
    malformed = tracker_process("decode", "2a37", "")
    assert malformed.returncode == 1 and malformed.stdout == ""
    assert len(malformed.stderr.splitlines()) == 1 and "Traceback" not in malformed.stderr


def test_output_cut_short_by_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """``tracker export | head -1``: the reader goes away; no error, not even at exit."""
    data = tmp_path / "data"
    with Store.create(data) as store:
        store.import_minutes(steady_pacing(weeks=1).table)
    with subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "export", "--data-dir", data, "--output", "-"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as writer:
        assert writer.stdout is not None and writer.stderr is not None
        assert writer.stdout.readline().startswith(b"time,")
        writer.stdout.close()
        assert writer.wait(timeout=60) == 0
        assert writer.stderr.read() == b""


def test_the_installed_console_script_runs() -> None:
    script = Path(sys.executable).with_name("tracker")
    result = subprocess.run(
        [script, "decode", "2a19", "64"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and "battery_percent" in result.stdout
