"""``tracker sync``: send stored history to a (newly configured) InfluxDB.

Reads the sample tables in time order, in chunks, and writes them straight to the server
in ``batch_size`` batches (not through the outbox: a year of heart rate is far more than
the outbox bound). Minute rollups and the derived results follow. Points are identified by
measurement, tags and time, so a sync over data the daemon already shipped overwrites it.
"""

from __future__ import annotations

import argparse
import heapq
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, tzinfo
from datetime import time as dtime
from typing import TextIO

from tracker.commands._common import add_store_options, data_dir, load, open_read_only
from tracker.config.influx import InfluxConfig
from tracker.domain.backoff import EQUAL_JITTER, Backoff
from tracker.domain.errors import ConfigError, TrackerError, UsageError
from tracker.domain.units import MS_PER_S
from tracker.mirror.writer import InfluxWriter, WriteFailed
from tracker.store.history import SAMPLE_TABLES, count_samples, iter_samples
from tracker.store.influx import Line, minute_lines, result_lines, sample_line
from tracker.store.influx_entries import entry_lines
from tracker.store.sqlite import Store

# Transient failures (unreachable, 5xx) during a sync: retry this often, backing off
# from 1 s to 16 s, then stop with a clear message and a --since to resume from.
SYNC_ATTEMPTS = 5
SYNC_RETRY_INITIAL_S = 1.0
SYNC_RETRY_MAX_S = 16.0
# Progress is redrawn at most this often (a redraw per batch floods slow terminals).
PROGRESS_INTERVAL_S = 0.2


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument(
        "--since",
        metavar="DATE",
        help="only data from this local day on (YYYY-MM-DD); default: everything",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.mirror.writer import InfluxWriter

    if args.config is None:
        raise ConfigError("influxdb", "tracker sync needs --config FILE with an [influxdb] section")
    config = load(args)
    influx = config.influxdb
    if not isinstance(influx, InfluxConfig):
        raise ConfigError(
            "influxdb", f"{args.config} has no [influxdb] section (url, bucket, token_file)"
        )
    tz = config.zone
    since_ms = _since_ms(args.since, tz)
    person = config.tracker.person
    with open_read_only(data_dir(args, config), tz) as store:
        total = count_points(store, since_ms)
        writer = InfluxWriter(influx)
        progress = Progress(total, sys.stderr)
        try:
            sent = ship(
                history_lines(store, person, since_ms, tz),
                writer,
                influx.batch_size,
                progress,
                tz,
            )
        finally:
            writer.close()
    progress.done(sent)
    print(f"{sent} points sent to {influx.describe()}", file=sys.stderr)
    return 0


def _since_ms(text: str | None, tz: tzinfo | None) -> int | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--since {text!r} is not a date (use YYYY-MM-DD)") from exc
    return int(datetime.combine(day, dtime(0), tz).timestamp() * MS_PER_S)


def count_points(store: Store, since_ms: int | None) -> int:
    """Rows the sync will send (samples and minutes; results are few and not counted)."""
    minutes = store.minute_table(None if since_ms is None else since_ms // MS_PER_S)
    return count_samples(store, since_ms) + len(minutes)


def history_lines(
    store: Store, person: str, since_ms: int | None, tz: tzinfo | None, chunk: int = 5000
) -> Iterator[Line]:
    """Every stored sample, minute rollup and derived result as points, in time order.

    One time order over all kinds, so that a sync cut short can resume with ``--since``
    the day of its first unsent point and miss nothing.
    """

    streams: list[Iterator[Line]] = [
        (sample_line(s, person) for s in iter_samples(store, table, since_ms, chunk))
        for table in SAMPLE_TABLES
    ]
    minutes = store.minute_table(None if since_ms is None else since_ms // MS_PER_S)
    streams.append(
        minute_lines(
            minutes.time_s.tolist(),
            minutes.steps.tolist(),
            minutes.heart_rate_bpm.tolist(),
            person,
        )
    )
    streams.append(iter(sorted(result_lines(store, person, since_ms))))
    streams.append(iter(entry_lines(store, person, since_ms=since_ms)))
    return heapq.merge(*streams, key=lambda line: line[0])


class Progress:
    """A one-line progress bar on stderr (redrawn in place on a terminal)."""

    def __init__(self, total: int, out: TextIO) -> None:
        self.total = max(total, 1)
        self.out = out
        self.tty = out.isatty()
        self.started = time.monotonic()
        self.drawn = 0.0
        self.last_decile = -1

    def update(self, sent: int) -> None:
        now = time.monotonic()
        fraction = min(sent / self.total, 1.0)
        if self.tty:
            if now - self.drawn < PROGRESS_INTERVAL_S:
                return
            self.drawn = now
            bar = "#" * int(fraction * 30)
            rate = sent / max(now - self.started, 1e-9)
            self.out.write(
                f"\rsync [{bar:<30}] {sent}/{self.total} points ({fraction:.0%}, {rate:.0f}/s)"
            )
            self.out.flush()
        elif int(fraction * 10) > self.last_decile:
            # Not a terminal (a log, a pipe): one line per tenth.
            self.last_decile = int(fraction * 10)
            print(f"sync: {sent}/{self.total} points ({fraction:.0%})", file=self.out)

    def done(self, sent: int) -> None:
        if self.tty:
            self.drawn = 0.0
            self.update(sent)
            self.out.write("\n")


def ship(
    lines: Iterator[Line],
    writer: InfluxWriter,
    batch_size: int,
    progress: Progress,
    tz: tzinfo | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Write ``lines`` in batches; returns how many were sent."""
    sent = 0
    batch: list[str] = []
    first_ns = 0
    for time_ns, line in lines:
        if not batch:
            first_ns = time_ns
        batch.append(line)
        if len(batch) >= batch_size:
            _write(writer, batch, sent, first_ns, sleep, tz)
            sent += len(batch)
            batch = []
            progress.update(sent)
    if batch:
        _write(writer, batch, sent, first_ns, sleep, tz)
        sent += len(batch)
        progress.update(sent)
    return sent


def _write(
    writer: InfluxWriter,
    batch: list[str],
    sent: int,
    first_ns: int,
    sleep: Callable[[float], None],
    tz: tzinfo | None,
) -> None:

    backoff = Backoff(SYNC_RETRY_INITIAL_S, SYNC_RETRY_MAX_S, min_fraction=EQUAL_JITTER)
    for attempt in range(SYNC_ATTEMPTS):
        try:
            writer.write(batch)
            return
        except WriteFailed as exc:
            if exc.rejected or attempt == SYNC_ATTEMPTS - 1:
                resume = datetime.fromtimestamp(first_ns / 1e9, tz).date().isoformat()
                raise TrackerError(
                    f"{exc.message}; {sent} points were sent, run again with --since {resume}"
                ) from exc
            sleep(backoff.next_delay_s())
