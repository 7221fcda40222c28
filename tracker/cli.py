"""The ``tracker`` command line.

Each subcommand lives in ``tracker/commands/<module>.py`` with ``configure(parser)``, which
adds its arguments and sets ``func(args) -> int``. Only the module of the command being
run is imported (``tracker --help`` imports none), so a command may import what it needs
at the top of its module without slowing down the others.

Every user-caused failure is a :class:`~tracker.domain.errors.TrackerError`: one line on stderr,
its exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

from tracker.domain.errors import TrackerError

# Subcommand -> (module under tracker.commands, one-line help), in the order --help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "run the daemon against emulated wearables (no Bluetooth adapter needed)"),
    "run": ("run", "collect from your wearables and analyse (the daemon)"),
    "init": ("init", "create an empty data directory (the other commands never create one)"),
    "export": ("export", "write the minute table (time,steps,heart_rate_bpm) as CSV"),
    "import": (
        "import_",
        "import a minute table, a wearable's export or a check-in list; all rows or none",
    ),
    "inbox": ("inbox", "import new files from the watched folders now (the daemon does this)"),
    "day-end": ("day_end", "analyse the completed days now (the daemon does this at midnight)"),
    "check-config": ("check_config", "check a configuration file and exit"),
    "check": ("check", "check the store for damage (SQLite's integrity check)"),
    "backup": ("backup", "a checked copy of the store, safe while the daemon runs"),
    "restore": ("restore", "a backup back into an empty data directory"),
    "decode": ("decode", "decode one BLE characteristic value and print it as JSON"),
    "analyze": ("analyze", "days, bouts and boom-bust cycles from a minute table or the store"),
    "plan": ("plan", "the graded-activity plan (opbouwschema)"),
    "log": ("log", "record something the sensors cannot see (a session, a relaxation exercise)"),
    "checkin": ("checkin", "record the evening check-in: pain now, worst pain today, energy"),
    "ladder": ("ladder", "the fear ladder of graded exposure (add, show, done, practise)"),
    "worksheet": ("worksheet", "answer the brochure's worksheet questions, or show the answers"),
    "report": ("report", "write the weekly pacing report of one ISO week (HTML or PDF)"),
    "status": ("status", "show the devices, the InfluxDB outbox and alert delivery"),
    "sync": ("sync", "send the stored history to the InfluxDB of the config's [influxdb]"),
    "scan": ("scan", "list nearby BLE devices and print [[devices]] entries for the config"),
    "web": ("web", "serve the hub page: today, the weekly report, the plan, the log"),
    "user": ("user", "the people who may use the hub page (add, list, remove, passwd)"),
}

EXIT_INTERNAL = 70  # EX_SOFTWARE from sysexits.h
EXIT_NO_PERMISSION = 77  # EX_NOPERM from sysexits.h


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (exit 2), not usage text plus the error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported to add its arguments
    (``argv`` None: every command's, as for documentation)."""
    parser = _Parser(
        prog="tracker",
        description="Pacing for chronic back and neck pain, from your own wearables.",
    )
    parser.add_argument("--debug", action="store_true", help="show internal details on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    chosen = None if argv is None else _chosen(argv)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:])
        if argv is None or name == chosen:
            importlib.import_module(f"tracker.commands.{module}").configure(p)
    return parser


@contextmanager
def _log_to_stderr(debug: bool) -> Iterator[None]:
    """Warnings (with --debug, everything) on stderr while the command runs. Taken back
    after, so that ``main`` leaves no global state behind (the tests call it in-process)."""
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(words).parse_args(words)
    with _log_to_stderr(args.debug):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.func(args)
    except TrackerError as exc:
        print(f"tracker: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except PermissionError as exc:
        # The store is private to the daemon's user (0700): another user reaches it only
        # through that user, which the message says instead of showing an internal error.
        if args.debug:
            raise
        print(f"tracker: {permission_text(exc)}", file=sys.stderr)
        return EXIT_NO_PERMISSION
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"tracker: internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


def permission_text(exc: PermissionError) -> str:
    """A refused file or directory in one line, with what to do about it."""
    where = f" {exc.filename}" if exc.filename else ""
    return (
        f"no permission to use{where}: run the command as the user who owns the data "
        "(on the hub: sudo -u tracker tracker ...)"
    )


def run() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    run()
