"""``tracker check-config FILE``: check a configuration without starting anything."""

from __future__ import annotations

import argparse


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the TOML configuration file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.config import load_config

    config = load_config(args.file)
    alerts = config.alerts
    if alerts is not None and alerts.apprise_urls:
        from tracker.alerts.apprise_channel import check_urls

        check_urls(alerts.apprise_urls)  # the daemon keeps apprise out of its memory
    print(f"{args.file}: OK ({len(config.devices)} device(s), person {config.tracker.person!r})")
    return 0
