"""Logging for the daemon: one event a line, fit for journald.

Under systemd (``$JOURNAL_STREAM`` set) each line starts with its syslog priority
(``<4>``) so that journald files warnings and errors as such; elsewhere a timestamp.
"""

from __future__ import annotations

import logging
import os
import sys

_PRIORITY = {
    logging.DEBUG: 7,
    logging.INFO: 6,
    logging.WARNING: 4,
    logging.ERROR: 3,
    logging.CRITICAL: 2,
}


class OneLineFormatter(logging.Formatter):
    """Never more than one line per event: tracebacks are folded onto it."""

    def __init__(self, journald: bool) -> None:
        fmt = (
            "%(name)s: %(message)s"
            if journald
            else "%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        super().__init__(fmt)
        self.journald = journald

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record).replace("\n", " | ")
        if self.journald:
            return f"<{_PRIORITY.get(record.levelno, 6)}>{text}"
        return text


def setup(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter(journald=bool(os.environ.get("JOURNAL_STREAM"))))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # bleak and bumble are chatty at INFO, and watchfiles logs every change it sees ("1
    # change detected"); their warnings still show.
    for noisy in (
        "bleak",
        "bumble",
        "bleak_retry_connector",
        "urllib3",
        "matplotlib",
        "watchfiles",
    ):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
