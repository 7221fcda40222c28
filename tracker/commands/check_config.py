"""``tracker check-config FILE``: check a configuration without starting anything.

Every problem in the file is listed, one line each (exit 2); what is allowed but probably
not meant (no wearables listed) is a warning (exit 0).
"""

from __future__ import annotations

import argparse
import sys

from tracker.alerts.apprise_channel import check_urls
from tracker.config import load_config
from tracker.domain.errors import ConfigError


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the TOML configuration file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.file)
    except ConfigError as exc:
        for line in exc.lines():
            print(f"tracker: {line}", file=sys.stderr)
        return exc.exit_code
    alerts = config.alerts
    if alerts is not None and alerts.apprise_urls:
        check_urls(alerts.apprise_urls)
    if alerts is not None and alerts.therapist_urls:
        check_urls(alerts.therapist_urls, "therapist_urls")
    if not config.devices:
        print(
            f"tracker: warning: {args.file} lists no wearables ([[devices]]); `tracker run` "
            "will collect nothing. `tracker scan` prints entries to paste.",
            file=sys.stderr,
        )
    print(f"{args.file}: OK ({len(config.devices)} device(s), person {config.tracker.person!r})")
    return 0
