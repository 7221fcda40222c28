"""Small helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import Config, load_config
from tracker.domain.errors import UsageError
from tracker.domain.localtime import zone_named
from tracker.domain.text import cut

if TYPE_CHECKING:
    from tracker.store.sqlite import Store

# The hub's configuration, read when no --config is given (the README's install puts it
# here), so `tracker status` works on the hub without flags. $TRACKER_CONFIG names another.
SYSTEM_CONFIG = Path("/etc/tracker/config.toml")
CONFIG_ENV = "TRACKER_CONFIG"


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the tracker's data directory (default: the configuration's [tracker] data_dir)",
    )


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"TOML configuration file (default: ${CONFIG_ENV}, else {SYSTEM_CONFIG} if it exists)",
    )


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """--data-dir and --config, for a command that works on the store."""
    add_data_dir(parser)
    add_config(parser)


def add_actions(
    parser: argparse.ArgumentParser, dest: str, metavar: str = "ACTION"
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The required sub-commands of a command (``tracker plan show``), parsed by the
    command's own parser class so that their errors read alike."""
    actions = parser.add_subparsers(dest=dest, metavar=metavar, parser_class=type(parser))
    actions.required = True
    return actions


def config_path(args: argparse.Namespace) -> Path | None:
    """--config, else $TRACKER_CONFIG, else the hub's /etc/tracker/config.toml if present."""
    given: Path | None = getattr(args, "config", None)
    if given is not None:
        return given
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    return SYSTEM_CONFIG if SYSTEM_CONFIG.is_file() else None


def load(args: argparse.Namespace) -> Config:
    return load_config(config_path(args))


def data_dir(args: argparse.Namespace, config: Config) -> Path:
    """--data-dir, else the configuration's ``[tracker] data_dir``."""
    given: Path | None = getattr(args, "data_dir", None)
    return given if given is not None else config.tracker.data_path


def zone(name: str | None) -> tzinfo | None:
    """A --timezone option: an IANA zone, or None when not given (exit 2 when unknown)."""
    return zone_named(name) if name else None


def parse_date(text: str, what: str) -> date:
    """A YYYY-MM-DD option, or a usage error (exit 2) that names it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what} must be a date like 2026-03-02 (got {cut(text)!r})") from None


def open_for_entries(data: Path, tz: tzinfo | None = None) -> Store:
    """The store a command writes to (a check-in, a session, a plan, a user). A directory
    that does not exist is a mistyped path: refused with a line naming `tracker init`,
    never created. An existing empty directory is where the person wants the data: the
    store is made there, as `tracker init` would."""
    from tracker.store.sqlite import Store

    directory = data.expanduser()
    empty = directory.is_dir() and next(directory.iterdir(), None) is None
    return Store.open(directory, tz=tz, create=empty)


def open_read_only(data: Path, tz: tzinfo | None = None) -> Store:
    """The store for a command that only reads it: opened read-only, so that a backup on
    read-only media works and nothing can change; its warning (if any) goes to stderr."""
    from tracker.store.sqlite import Store

    store = Store.open(data, tz=tz, read_only=True)
    if store.warning:
        print(f"tracker: warning: {store.warning}", file=sys.stderr)
    return store
