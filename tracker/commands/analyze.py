"""``tracker analyze``: days, bouts and boom-bust cycles from a minute table.

Reads a minute-table CSV (``--input``) or the store (``--data-dir``) and prints one JSON
object (``--json``) or a readable table for the therapist or a relative.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.commands._common import add_config, data_dir, load, open_read_only, parse_date, zone
from tracker.commands.analyze_entries import entry_lines
from tracker.config import Config
from tracker.domain.clock import wall_clock_ms
from tracker.domain.errors import TrackerError, UsageError
from tracker.domain.minutes import MinuteTable
from tracker.formats.minute_csv import read_csv
from tracker.pacing.pipeline import analyze, table_zone
from tracker.pacing.result import AnalysisResult

if TYPE_CHECKING:
    from tracker.app.entries import StoredEntries

# Without --since, the last year: enough for every trend, and a store of many years (whose
# minute grid would not fit a Pi's memory at once) still works.
DEFAULT_WINDOW_DAYS = 365
# The capacity trend in words (never its internal name).
CAPACITY_WORDS = {
    "insufficient_data": "not enough days yet to tell",
    "declining": "declining",
    "stable": "stable",
    "rising": "rising",
}
# Day types in words for the readable tables (here and tracker demo).
DAY_TYPE_WORDS = {
    "no_data": "no data",
    "learning": "learning",
    "boom": "BOOM",
    "bust": "bust",
    "normal": "normal",
}


def configure(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Analyse minute data: worn and active minutes, bouts, the personal baseline, "
        "day types (boom, bust, ...) and boom-bust cycles."
    )
    # Neither: the store of the configuration's [tracker] data_dir. Both: the minutes of
    # the file, the person's check-ins and relaxation exercises from the store.
    p.add_argument("--input", type=Path, metavar="FILE.csv", help="a minute-table CSV")
    p.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the tracker's data dir (default: the config's); with --input, where the "
        "check-ins and relaxation exercises come from",
    )
    add_config(p)
    p.add_argument(
        "--timezone",
        metavar="TZ",
        help="IANA zone for calendar days (default: the configured zone; for a file without "
        "one, the UTC offset its rows share)",
    )
    p.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help=f"first day (store only; default: {DEFAULT_WINDOW_DAYS} days before --until)",
    )
    p.add_argument(
        "--until", metavar="YYYY-MM-DD", help="last day (store only; default: the last with data)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def csv_zone(table: MinuteTable, config: Config, tz: tzinfo | None) -> tzinfo:
    """The calendar of a file: --timezone, else the configured zone, else the single UTC
    offset the rows share (rows with several offsets need a zone: one line says so)."""
    if tz is not None:
        return tz
    if config.tracker.timezone:
        return config.zone
    return table_zone(table)


def analyze_csv(
    path: Path, config: Config, tz: tzinfo | None, entries: StoredEntries | None = None
) -> AnalysisResult:
    """Read a CSV and analyse it (the path ``tracker analyze --input`` takes); the
    person's check-ins and exercises only when ``entries`` (a store) are given."""
    table = read_csv(path)
    return analyze(
        table,
        config,
        tz=csv_zone(table, config, tz),
        worst_pain=entries.worst_pain if entries is not None else None,
        relaxation=entries.relaxation if entries is not None else (),
    )


def analyze_csv_json(
    path: Path, config: Config, tz: tzinfo | None = None, entries: StoredEntries | None = None
) -> str:
    """``tracker analyze --input FILE --json`` as a function: the JSON text it prints."""
    return json.dumps(analyze_csv(path, config, tz, entries).to_json(), ensure_ascii=False)


def entries_of(data_dir: Path | None) -> StoredEntries | None:
    """The check-ins and exercises of the store beside an ``--input`` file, if given."""
    if data_dir is None:
        return None
    # Here, not at the top: `--input` alone never opens a store (its modules and sqlite3
    # are a tenth of the command's start-up).
    from tracker.app.entries import stored_entries

    with open_read_only(data_dir) as store:
        return stored_entries(store)


def analyze_store(
    data_dir: Path,
    config: Config,
    tz: tzinfo | None,
    since: date | None = None,
    until: date | None = None,
) -> AnalysisResult | None:
    """The stored days from ``since`` to ``until`` (default: the last year with data),
    judged in the configured zone (or --timezone)."""
    # Here, not at the top: as in entries_of.
    from tracker.app.entries import with_entries
    from tracker.app.results import data_days, span_results

    if tz is not None:
        config = dataclasses.replace(config, zone=tz)
    with open_read_only(data_dir) as store:
        span = data_days(store, config)
        if span is None:
            return None
        last = min(until, span[1]) if until else span[1]
        first = since or last - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
        if first > last:
            raise UsageError(f"--since {first} is after the last day analysed ({last})")
        result = span_results(store, config, now_ms=wall_clock_ms(), since=first, until=last)
        if result is None:
            return None
        # Exercises up to --until; without it, every one from the first day on (one logged
        # after the last minute with data is listed too, its heart rate unknown).
        return with_entries(store, config, result, first, until)


def _num(value: float | None, decimals: int = 0) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"


def table_lines(result: AnalysisResult) -> list[str]:
    """The readable form: one line per day, then cycles, weeks and trends."""
    lines = [
        f"{'date':<10}  {'day type':<8}  {'worn':>5}  {'active':>6}  {'usual':>8}  "
        f"{'steps':>6}  {'bouts':>5}  {'longest':>7}  {'exertion':>8}  {'rest HR':>7}",
    ]
    for d in result.days:
        lines.append(
            f"{d.date.isoformat():<10}  {DAY_TYPE_WORDS.get(str(d.day_type), str(d.day_type)):<8}"
            f"  {d.worn_minutes:>5}  {d.active_minutes:>6}  "
            f"{_num(d.baseline_active_minutes, 1):>8}  {d.steps:>6}  {d.bouts:>5}  "
            f"{d.longest_bout_minutes:>7}  {d.longest_exertion_minutes:>8}  "
            f"{_num(d.resting_hr_bpm):>7}"
        )
    lines.append("")
    lines.append(f"{len(result.bouts)} bouts (stretches of active minutes; see --json for each)")
    if result.cycles:
        lines.append("Boom-bust cycles ('over je grenzen gaan', then a crash):")
        for c in result.cycles:
            booms = ", ".join(x.isoformat() for x in c.boom_dates)
            busts = ", ".join(x.isoformat() for x in c.bust_dates)
            lines.append(f"  boom {booms}  ->  bust {busts}")
    else:
        lines.append("No boom-bust cycles.")
    spread = [w for w in result.weeks if w.cv is not None]
    if spread:
        lines.append("Weekly spread of active minutes (coefficient of variation):")
        for w in spread:
            lines.append(
                f"  {w.iso_year}-W{w.iso_week:02d}  mean {_num(w.mean_active_minutes)} min"
                f"  cv {_num(w.cv, 2)}  ({w.valid_days} valid days)"
            )
    if result.capacity is not None:
        status = CAPACITY_WORDS.get(str(result.capacity.status), str(result.capacity.status))
        lines.append(f"Capacity (belastbaarheid) trend: {status}")
    if result.resting_hr_trend is not None:
        t = result.resting_hr_trend
        lines.append(f"Resting heart rate trend: {t.status} ({t.slope_bpm_per_week:+.1f} bpm/week)")
    lines += entry_lines(result)
    return lines


def run(args: argparse.Namespace) -> int:
    tz = zone(args.timezone)  # an unknown zone is a usage error (exit 2) before any work
    config = load(args)  # a bad config: exit 2
    if args.input is not None:
        entries = entries_of(args.data_dir)
        if args.json:
            sys.stdout.write(analyze_csv_json(args.input, config, tz, entries) + "\n")
            return 0
        result = analyze_csv(args.input, config, tz, entries)
    else:
        data = data_dir(args, config)
        since = parse_date(args.since, "--since") if args.since else None
        until = parse_date(args.until, "--until") if args.until else None
        stored = analyze_store(data, config, tz, since, until)
        if stored is None:
            raise TrackerError(f"no minutes stored in {data} yet")
        result = stored
        if args.json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            return 0
    sys.stdout.write("\n".join(table_lines(result)) + "\n")
    return 0
