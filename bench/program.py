"""What the person's entries cost: check-ins, relaxation exercises and the body's signals
over a year of minutes.

A store with a year of minutes (heart rate every minute, a boom-bust pattern, ending
yesterday), judged by ``tracker day-end``; then a check-in and a relaxation exercise on
every day; then a chest strap's RR intervals (one beat a second) for the last 60 nights.
Prints, best of ``--repeat``:

- ``rank_correlation`` over 28 pairs against ``scipy.stats.spearmanr`` (in-process);
- ``results()`` of the year without and with check-ins (the pain rules' share);
- ``with_entries``: the year's exercises answered from their minutes and the body's
  signals of the 28 mornings of the pain window;
- ``body_signals_for`` 14 mornings (what the log page adds), the first time (every night
  read from its beats) and then (settled nights kept in the store);
- whole processes ``tracker analyze --data-dir DIR --json`` without and with the entries:
  wall time and peak RSS (``/usr/bin/time -v``).

    PYTHONPATH=. .venv/bin/python bench/program.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.timing import best_of  # noqa: E402
from tests.cli import tracker_process as tracker  # noqa: E402  (day-end is timed as a process)
from tests.scenarios import BRUSSELS, repeated_boom_bust  # noqa: E402
from tracker.analysis.spearman import rank_correlation  # noqa: E402
from tracker.app.body import body_signals_for  # noqa: E402
from tracker.app.entries import with_entries  # noqa: E402
from tracker.app.results import results  # noqa: E402
from tracker.config import Config  # noqa: E402
from tracker.domain.exercises import RelaxationSession  # noqa: E402
from tracker.domain.samples import HeartRateSample  # noqa: E402
from tracker.store.checkins import CheckIn  # noqa: E402
from tracker.store.nights import forget_nights_from  # noqa: E402
from tracker.store.pain_entries import save_checkins  # noqa: E402
from tracker.store.relaxation import add_relaxation  # noqa: E402
from tracker.store.sqlite import Store  # noqa: E402

WEEKS = 52
RR_NIGHTS = 60
NIGHT_HOURS = 6


def process(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ``tracker`` process (its JSON checked)."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-m", "tracker.cli", *args],
        cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    wall = time.perf_counter() - start
    assert len(json.loads(done.stdout)["days"]) > 300, done.stdout[:200]
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert found is not None, done.stderr[-300:]
    rss_kb = int(found[1])
    return wall, rss_kb / 1024


def build(tmp: Path) -> tuple[Path, Path, date, date]:
    today = datetime.now(BRUSSELS).date()
    first = today - timedelta(days=WEEKS * 7)
    scenario = repeated_boom_bust(weeks=WEEKS, start=first)
    data = tmp / "data"
    csv = scenario.write_csv(tmp / "year.csv")
    config = tmp / "config.toml"
    config.write_text('[tracker]\ntimezone = "Europe/Brussels"\n')
    for args in (("import", "--data-dir", data, csv),
                 ("day-end", "--data-dir", data, "--config", config)):  # fmt: skip
        done = tracker(*args)
        assert done.returncode == 0, done.stderr
    return data, config, first, scenario.dates[-1]


def add_entries(data: Path, first: date, last: date) -> None:
    rng = np.random.default_rng(5)
    with Store.open(data, tz=BRUSSELS) as store:
        days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
        save_checkins(
            store,
            [
                CheckIn(d, int(p), int(p) + 2, 5, "")
                for d, p in zip(days, rng.integers(0, 8, len(days)), strict=True)
            ],
            now_ms=0,
        )
        for d in days:
            start = datetime.combine(d, dtime(20, 0), BRUSSELS)
            add_relaxation(store, RelaxationSession(start, 15.0, "progressive"), now_ms=0)


def add_strap_nights(data: Path, last: date) -> None:
    """A strap at night for the last 60 nights: one notification a second with its beat."""
    rng = np.random.default_rng(6)
    with Store.open(data, tz=BRUSSELS) as store:
        for d in [last - timedelta(days=k) for k in range(RR_NIGHTS)]:
            t0 = int(datetime.combine(d, dtime(0, 0), BRUSSELS).timestamp() * 1000)
            n = NIGHT_HOURS * 3600
            rr = 1.0 + rng.normal(0, 0.03, n)
            store.write(
                [
                    HeartRateSample("strap", t0 + i * 1000, 60.0, contact=True, rr_s=(float(r),))
                    for i, r in enumerate(rr.tolist())
                ]
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import scipy.stats

    x = np.random.default_rng(1).integers(0, 11, 28).astype(float)
    y = np.random.default_rng(2).integers(0, 200, 28).astype(float)
    t_ours = best_of(args.repeat * 20, lambda: rank_correlation(x, y))
    t_scipy = best_of(args.repeat * 20, lambda: scipy.stats.spearmanr(x, y))
    print(f"rank_correlation (28 pairs): {t_ours * 1e6:7.1f} us; scipy.stats.spearmanr "
          f"{t_scipy * 1e6:7.1f} us (ratio {t_ours / t_scipy:.2f})")  # fmt: skip
    config = Config(zone=BRUSSELS)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data, config_path, first, last = build(tmp)
        now_ms = int(time.time() * 1000)
        with Store.open(data, tz=BRUSSELS) as store:
            # Every day judged and stored first (as the hub's pages leave it), so that both
            # processes below read stored days and differ only by the entries.
            results(store, config, first, last, now_ms=now_ms)
            t_plain = best_of(
                args.repeat, lambda: results(store, config, first, last, now_ms=now_ms)
            )
        analyze = ["analyze", "--data-dir", str(data), "--config", str(config_path), "--json"]
        plain = min(process(analyze) for _ in range(args.repeat))
        add_entries(data, first, last)
        add_strap_nights(data, last)
        with Store.open(data, tz=BRUSSELS) as store:
            forget_nights_from(store, first)  # as if the beats had come in live
        t0 = time.perf_counter()
        done = tracker("day-end", "--data-dir", data, "--config", config_path)  # keeps the nights
        t_day_end = time.perf_counter() - t0
        assert done.returncode == 0, done.stderr
        rich = min(process(analyze) for _ in range(args.repeat))
        with Store.open(data, tz=BRUSSELS) as store:
            t_pain = best_of(
                args.repeat, lambda: results(store, config, first, last, now_ms=now_ms)
            )
            result = results(store, config, first, last, now_ms=now_ms)
            week = (last - timedelta(days=13), last)
            forget_nights_from(store, first)
            t_cold = best_of(1, lambda: body_signals_for(store, config, *week, now_ms=now_ms))
            t_warm = best_of(
                args.repeat, lambda: body_signals_for(store, config, *week, now_ms=now_ms)
            )
            t_entries = best_of(
                args.repeat, lambda: with_entries(store, config, result, first, last)
            )
            answered = with_entries(store, config, result, first, last)
    print(f"results() of a year: {t_plain * 1000:7.1f} ms without check-ins, "
          f"{t_pain * 1000:7.1f} ms with 365")  # fmt: skip
    print(f"with_entries: {len(answered.relaxation)} exercises answered and 28 mornings' "
          f"signals: {t_entries * 1000:7.1f} ms")  # fmt: skip
    print(
        f"body_signals_for 14 mornings with a strap at night (the log page): first "
        f"{t_cold * 1000:7.1f} ms, then {t_warm * 1000:7.1f} ms (settled nights kept)"
    )
    with_rmssd = sum(1 for r in answered.relaxation if r.rmssd_during is not None)
    print(f"tracker day-end with 56 nights of a strap to keep: {t_day_end:.2f} s (whole process)")
    print(f"tracker analyze --data-dir --json, whole process: {plain[0]:.2f} s, {plain[1]:.0f} MB "
          f"without entries; {rich[0]:.2f} s, {rich[1]:.0f} MB with 365 check-ins, "
          f"365 exercises ({with_rmssd} with RMSSD) and 60 nights of a strap")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
