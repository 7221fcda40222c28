"""``tracker run --config FILE``: the daemon (what the systemd unit starts)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from tracker.domain.errors import UsageError


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", required=True, type=Path, metavar="FILE", help="TOML configuration")
    p.add_argument("--data-dir", type=Path, metavar="DIR", help="override [tracker] data_dir")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.daemon.stopping import EarlyStop, run_bounded

    # First: a stop asked for during start-up is honoured, not fatal half-way.
    early = EarlyStop()
    from tracker.config import load_config
    from tracker.daemon import logs
    from tracker.daemon.service import Daemon, install_signal_handlers
    from tracker.daemon.systemd import Notifier

    config = load_config(args.config)
    watching = config.imports is not None and bool(config.imports.watch)
    if not config.devices and not watching:
        raise UsageError(
            f"{args.config}: no [[devices]] and no [import] watch folders configured: nothing "
            "to collect; `tracker scan` lists nearby wearables"
        )
    logs.setup(logging.DEBUG if args.verbose or args.debug else logging.INFO)

    async def main() -> None:
        stop = asyncio.Event()
        install_signal_handlers(stop)
        if early.requested:
            stop.set()
        daemon = Daemon(
            config, data_dir=args.data_dir, notifier=Notifier(), config_path=args.config
        )
        await daemon.run(stop)

    run_bounded(main())
    early.install()
    return 0
