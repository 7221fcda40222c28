"""``tracker web``: the hub page, a separate process from the daemon."""

from __future__ import annotations

import argparse
import dataclasses
import logging
from pathlib import Path

from tracker.commands._common import add_config
from tracker.domain.errors import UsageError


def configure(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Serve the hub page (for the patient, the therapist and the administrator) over "
        "the store; [web] in the config sets where it listens."
    )
    add_config(p)
    p.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the tracker's data directory (default: [tracker] data_dir)",
    )
    p.add_argument("--listen", metavar="HOST:PORT", help="default: [web] listen, 127.0.0.1:8470")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.app.users import anyone_may_log_in
    from tracker.commands._common import load
    from tracker.config.web import WebConfig, parse_listen
    from tracker.daemon import logs
    from tracker.store.sqlite import Store
    from tracker.web.server import serve

    config = load(args)
    web = config.web or WebConfig()
    if args.listen:
        try:
            parse_listen(args.listen)
        except ValueError as exc:
            raise UsageError(f"--listen: {exc}") from exc
        web = dataclasses.replace(web, listen=args.listen)
    config = dataclasses.replace(config, web=web)
    data_dir: Path = args.data_dir or config.tracker.data_path
    # A missing store is a one-line error, before listening.
    with Store.open(data_dir) as store:
        nobody = not anyone_may_log_in(store)
    logs.setup(logging.INFO)
    host, port = web.host_port
    log = logging.getLogger("tracker.web")
    if nobody:
        # Else the page only ever shows a login that no name and password can pass.
        log.warning(
            "no one can log in yet: add a person first with "
            "`tracker user add NAME --role patient --data-dir %s`",
            data_dir,
        )
    log.info("hub page on %s:%d", host, port)
    serve(config, data_dir, host, port)
    return 0
