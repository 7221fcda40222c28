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
from typing import TYPE_CHECKING, Any, TextIO

from tracker.commands._common import add_config, add_data_dir, load
from tracker.domain.backoff import EQUAL_JITTER, Backoff
from tracker.domain.errors import ConfigError, TrackerError, UsageError
from tracker.domain.units import MS_PER_S

if TYPE_CHECKING:
    from tracker.domain.samples import Sample
    from tracker.store.influx import Line
    from tracker.store.outbox import InfluxWriter
    from tracker.store.sqlite import Store

# Transient failures (unreachable, 5xx) during a sync: retry this often, backing off
# from 1 s to 16 s, then stop with a clear message and a --since to resume from.
SYNC_ATTEMPTS = 5
SYNC_RETRY_INITIAL_S = 1.0
SYNC_RETRY_MAX_S = 16.0
# Progress is redrawn at most this often (a redraw per batch floods slow terminals).
PROGRESS_INTERVAL_S = 0.2
SAMPLE_TABLES = ("heart_rate", "steps", "battery", "connection")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "sync", help="send the stored history to the InfluxDB of the config's [influxdb]"
    )
    add_data_dir(p)
    add_config(p)
    p.add_argument(
        "--since",
        metavar="DATE",
        help="only data from this local day on (YYYY-MM-DD); default: everything",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.store.influx_config import InfluxConfig
    from tracker.store.outbox import InfluxWriter
    from tracker.store.sqlite import Store

    if args.config is None:
        raise ConfigError("influxdb", "tracker sync needs --config FILE with an [influxdb] section")
    config = load(args)
    influx = config.section("influxdb")
    if not isinstance(influx, InfluxConfig):
        raise ConfigError(
            "influxdb", f"{args.config} has no [influxdb] section (url, bucket, token_file)"
        )
    tz = config.tracker.zone
    since_ms = _since_ms(args.since, tz)
    person = config.tracker.person
    with Store.open(args.data_dir, create=False, tz=tz) as store:
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
    lo = -(2**62) if since_ms is None else since_ms
    with store.lock:
        n = sum(
            int(
                store.db.execute(f"SELECT count(*) FROM {t} WHERE time_ms >= ?", (lo,)).fetchone()[
                    0
                ]
            )
            for t in SAMPLE_TABLES
        )
    return int(n) + len(store.minute_table(None if since_ms is None else since_ms // MS_PER_S))


def _samples(store: Store, table: str, since_ms: int | None, chunk: int) -> Iterator[Sample]:
    from tracker.domain.samples import (
        BatterySample,
        ConnectionEvent,
        ConnectionState,
        HeartRateSample,
        StepSample,
    )

    columns = {
        "heart_rate": "device, time_ms, bpm, contact, energy_kj, rr_s",
        "steps": "device, time_ms, steps, cadence_spm",
        "battery": "device, time_ms, percent",
        "connection": "device, time_ms, state, detail",
    }[table]
    lo = -(2**62) if since_ms is None else since_ms
    last: tuple[int, str] = (lo - 1, "")
    while True:
        # Keyset pagination: no cursor stays open between batches (the daemon may write).
        with store.lock:
            rows = store.db.execute(
                f"SELECT {columns} FROM {table} WHERE (time_ms, device) > (?, ?) "
                "ORDER BY time_ms, device LIMIT ?",
                (last[0], last[1], chunk),
            ).fetchall()
        if not rows:
            return
        for r in rows:
            if table == "heart_rate":
                rr = tuple(float(x) for x in r[5].split(",")) if r[5] else ()
                contact = None if r[3] is None else bool(r[3])
                yield HeartRateSample(r[0], r[1], r[2], contact, r[4], rr)
            elif table == "steps":
                yield StepSample(r[0], r[1], r[2], r[3])
            elif table == "battery":
                yield BatterySample(r[0], r[1], r[2])
            else:
                yield ConnectionEvent(r[0], r[1], ConnectionState(r[2]), r[3] or "")
        last = (rows[-1][1], rows[-1][0])
        if table == "connection":
            # Several states may share (time, device): finish that key before moving on.
            with store.lock:
                rest = store.db.execute(
                    f"SELECT {columns} FROM {table} WHERE time_ms = ? AND device = ?",
                    (last[0], last[1]),
                ).fetchall()
            seen = {(r[0], r[1], r[2]) for r in rows}
            for r in rest:
                if (r[0], r[1], r[2]) not in seen:
                    yield ConnectionEvent(r[0], r[1], ConnectionState(r[2]), r[3] or "")


def history_lines(
    store: Store, person: str, since_ms: int | None, tz: tzinfo | None, chunk: int = 5000
) -> Iterator[Line]:
    """Every stored sample, minute rollup and derived result as points, in time order.

    One time order over all kinds, so that a sync cut short can resume with ``--since``
    the day of its first unsent point and miss nothing.
    """
    from tracker.store.influx import minute_lines, result_lines, sample_line

    streams: list[Iterator[Line]] = [
        (sample_line(s, person) for s in _samples(store, table, since_ms, chunk))
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
    from tracker.store.outbox import WriteFailed

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
