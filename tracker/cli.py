"""The ``tracker`` command line.

Each subcommand lives in ``tracker/commands/<name>.py`` with ``add_parser(subparsers)``
that registers itself and sets ``func(args) -> int``. Heavy modules are imported inside
``func`` so that ``tracker --help`` and the daemon start quickly.

Every user-caused failure is a :class:`~tracker.domain.errors.TrackerError`: one line on stderr,
its exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from tracker.domain.errors import TrackerError

# Subcommand modules under tracker.commands, in the order --help lists them.
COMMANDS: tuple[str, ...] = (
    "demo",
    "run",
    "export",
    "import_",
    "day_end",
    "check_config",
    "decode",
    "analyze",
    "plan",
    "log",
    "report",
    "status",
    "sync",
    "scan",
)

EXIT_INTERNAL = 70  # EX_SOFTWARE from sysexits.h


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (exit 2), not usage text plus the error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tracker",
        description="Pacing for chronic back and neck pain, from your own wearables.",
    )
    parser.add_argument("--debug", action="store_true", help="show internal details on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"tracker.commands.{name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        code: int = args.func(args)
    except TrackerError as exc:
        print(f"tracker: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
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


def run() -> NoReturn:
    sys.exit(main())


if __name__ == "__main__":
    run()
