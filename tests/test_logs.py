"""Daemon logs: one event a line; under journald with its syslog priority."""

from __future__ import annotations

import logging
import sys

from tracker.daemon.logs import OneLineFormatter


def record(level: int, msg: str, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("bad\nthing")
        except ValueError:
            exc_info = sys.exc_info()
    return logging.LogRecord("tracker.ble", level, __file__, 1, msg, None, exc_info)


def test_journald_lines_carry_priority_and_stay_one_line() -> None:
    fmt = OneLineFormatter(journald=True)
    assert fmt.format(record(logging.WARNING, "strap: failed")) == "<4>tracker.ble: strap: failed"
    assert fmt.format(record(logging.INFO, "ok")).startswith("<6>")
    line = fmt.format(record(logging.ERROR, "boom", exc=True))
    assert line.startswith("<3>tracker.ble: boom") and "\n" not in line and "ValueError" in line


def test_terminal_lines_have_a_time_and_level() -> None:
    line = OneLineFormatter(journald=False).format(record(logging.WARNING, "two\nlines"))
    assert " WARNING tracker.ble: two | lines" in line and "\n" not in line
