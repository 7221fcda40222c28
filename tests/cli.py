"""Run the ``tracker`` command line as a user does and capture what it prints.

:func:`tracker` calls :func:`tracker.cli.main` in the test process (a fresh interpreter per
call costs 0.3-1 s of start-up and imports; most CLI tests are about what a command does,
not about the process). It applies ``env`` and ``cwd`` for the call and takes them back
after, reads ``input`` as standard input, and turns what the interpreter would do at exit
into the result: ``SystemExit`` into its code, an exception that escapes ``main`` into a
traceback on stderr and exit 1. It also fails the test when the command leaves anything
behind in the process (a thread, a signal or logging handler, an open file, a changed
umask): the commands keep no global state. (Warnings filters are left to pytest, which
restores them after each test: numpy and urllib3 add theirs when first imported.)

:func:`tracker_process` runs ``python -m tracker.cli`` as a real process, for what only a
process shows: the exit code through the interpreter, import-time laziness, signals,
timeouts, and the daemons (``run``, ``demo``, ``web``); :func:`spawn_tracker` starts one
in the background.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tracker.cli import main

REPO = Path(__file__).resolve().parents[1]
# A command that has not finished by then is hung; the test fails instead of stalling.
CLI_TIMEOUT_S = 120.0
# The signals a command could take over and forget to give back.
_WATCHED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM)


def tracker_process(
    *args: str | Path,
    input: str | None = None,
    timeout: float = CLI_TIMEOUT_S,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[str]:
    """``python -m tracker.cli ARGS`` with text output; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *map(str, args)],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=timeout,
        check=False,
    )


def spawn_tracker(
    *args: str | Path,
    stdout: int | None = subprocess.PIPE,
    stderr: int | None = subprocess.PIPE,
    env: Mapping[str, str] | None = None,
    start_new_session: bool = False,
) -> subprocess.Popen[str]:
    """``python -m tracker.cli ARGS`` started in the background (a daemon, a signal in the
    middle of a command), with text pipes unless told otherwise."""
    return subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", *map(str, args)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        stdout=stdout,
        stderr=stderr,
        text=True,
        start_new_session=start_new_session,
    )


def tracker(
    *args: str | Path,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[str]:
    """``tracker ARGS`` run in this process, as :func:`tracker_process` would run it."""
    argv = [str(a) for a in args]
    out, err = _Output(), _Output()
    with _left_nothing_behind(argv), _environment(env or {}, cwd):
        stdin, stdout, stderr = sys.stdin, sys.stdout, sys.stderr
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(input or ""), out.text, err.text
        try:
            code = _exit_code(argv, err)
        finally:
            sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    return subprocess.CompletedProcess(
        ["tracker", *argv], code, stdout=out.value(), stderr=err.value()
    )


class _Output:
    """A UTF-8 stream read back as ``subprocess.run(text=True)`` reads a pipe."""

    def __init__(self) -> None:
        self._raw = io.BytesIO()
        self.text = io.TextIOWrapper(self._raw, encoding="utf-8", write_through=True)

    def value(self) -> str:
        self.text.flush()
        # Universal newlines, as text=True decodes a pipe.
        return io.TextIOWrapper(io.BytesIO(self._raw.getvalue()), encoding="utf-8").read()


def _exit_code(argv: list[str], err: _Output) -> int:
    """What the process would exit with: ``main``'s code, SystemExit's, or 1 with a
    traceback on stderr for an exception that escapes ``main``."""
    try:
        return main(argv)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=err.text)
        return 1
    except Exception:
        err.text.write(traceback.format_exc())
        return 1


@contextmanager
def _environment(env: Mapping[str, str], cwd: Path) -> Iterator[None]:
    """``env`` on top of this process's environment and ``cwd`` as the working directory,
    both taken back after."""
    saved = {name: os.environ.get(name) for name in env}
    old_cwd = Path.cwd()
    os.environ.update(env)
    if "TZ" in env:
        time.tzset()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(old_cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if "TZ" in env:
            time.tzset()


@dataclass(frozen=True)
class _ProcessState:
    """What a command could change in the process and must give back."""

    threads: frozenset[threading.Thread]
    signals: tuple[object, ...]
    log_handlers: tuple[logging.Handler, ...]
    log_level: int
    umask: int
    open_files: frozenset[str]

    @classmethod
    def now(cls) -> _ProcessState:
        umask = os.umask(0o022)
        os.umask(umask)
        return cls(
            frozenset(t for t in threading.enumerate() if t.is_alive()),
            tuple(signal.getsignal(s) for s in _WATCHED_SIGNALS),
            tuple(logging.getLogger().handlers),
            logging.getLogger().level,
            umask,
            frozenset(_open_files()),
        )

    def differences(self, after: _ProcessState) -> list[str]:
        out = []
        if started := after.threads - self.threads:
            out.append(f"threads still running: {sorted(t.name for t in started)}")
        if after.signals != self.signals:
            out.append("signal handlers changed")
        if after.log_handlers != self.log_handlers or after.log_level != self.log_level:
            out.append("the root logger's handlers or level changed")
        if after.umask != self.umask:
            out.append(f"umask {self.umask:o} became {after.umask:o}")
        if opened := after.open_files - self.open_files:
            out.append(f"files left open: {sorted(opened)}")
        return out


# Files of the interpreter and its libraries: their caches (matplotlib's fonts) stay open.
_LIBRARY_DIRS = tuple({sys.prefix, sys.base_prefix})


def _open_files() -> list[str]:
    """This process's open files, except the libraries' own."""
    names = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # the listing's own descriptor, closed by now
            continue
        if not target.startswith(_LIBRARY_DIRS):
            names.append(f"{fd.name}->{target}")
    return names


@contextmanager
def _left_nothing_behind(argv: list[str]) -> Iterator[None]:
    before = _ProcessState.now()
    yield
    if problems := before.differences(_ProcessState.now()):
        raise AssertionError(f"tracker {' '.join(argv)} left behind: {'; '.join(problems)}")
