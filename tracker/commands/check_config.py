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
    alerts = config.section("alerts")
    if alerts is not None and alerts.apprise_urls:
        from tracker.alerts.apprise_channel import check_urls

        check_urls(alerts.apprise_urls)  # the daemon keeps apprise out of its memory
    print(f"{args.file}: OK ({len(config.devices)} device(s), person {config.tracker.person!r})")
    return 0
