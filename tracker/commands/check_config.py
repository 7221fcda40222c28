"""``tracker check-config FILE``: check a configuration without starting anything."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("check-config", help="check a configuration file and exit")
    p.add_argument("file", help="the TOML configuration file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.config import load_config

    config = load_config(args.file)
    print(f"{args.file}: OK ({len(config.devices)} device(s), person {config.tracker.person!r})")
    return 0
