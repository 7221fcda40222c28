"""Small helpers shared by the subcommands."""

from __future__ import annotations

import argparse
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.domain.errors import UsageError

if TYPE_CHECKING:
    from tracker.config import Config


def add_data_dir(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--data-dir",
        required=required,
        type=Path,
        metavar="DIR",
        help="the tracker's data directory (holds tracker.db)",
    )


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML configuration file")


def load(args: argparse.Namespace) -> Config:
    from tracker.config import load_config

    return load_config(getattr(args, "config", None))


def zone(name: str | None) -> tzinfo | None:
    """An IANA zone by name; None or "" = the hub's local zone."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Brussels)"
        ) from exc
