"""Benchmark: the pacing chain over years of daily summaries.

Measures baselines -> day types -> cycles -> capacity trend over ``--years`` of days and,
side by side in the same run, the obvious per-day Python loop (statistics.median over the
previous 28 valid days) that the vectorised baseline replaces. The chain is the cheap half
of the analysis (``tracker.pacing.judge``): the day-end job runs all of it every night, and
every read of stored results (report, ``plan show``, the hub page) runs its cycles and
capacity trend again over the stored days, so it must stay cheap on a Raspberry Pi.

Reproduce: .venv/bin/python bench/pacing_days.py [--years 10] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date, timedelta

import numpy as np

from bench.timing import best_of
from tracker.pacing.capacity import capacity_trend
from tracker.pacing.cycles import find_cycles
from tracker.pacing.daytypes import baselines, classify_days
from tracker.pacing.params import PacingParams

DAYS_PER_YEAR = 365


def naive_baselines(active: list[float], valid: list[bool], p: PacingParams) -> list[float]:
    out = []
    for i in range(len(active)):
        lo = max(0, i - p.baseline_window_days)
        prev = [a for a, v in zip(active[lo:i], valid[lo:i], strict=True) if v]
        out.append(statistics.median(prev) if len(prev) >= p.baseline_min_days else float("nan"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    p = PacingParams()
    n = args.years * DAYS_PER_YEAR
    rng = np.random.default_rng(1)
    active = np.round(np.clip(45 + rng.normal(0, 12, n), 0, None))
    valid = rng.random(n) > 0.1
    dates = [date(2020, 1, 1) + timedelta(days=i) for i in range(n)]

    def chain() -> None:
        base = baselines(active, valid, p)
        types = classify_days(active, valid, base, p)
        find_cycles(dates, types, p)
        capacity_trend(dates, active, valid, p)

    capacity_trend(dates[:60], active[:60], valid[:60], p)  # warm-up: first calls
    t_base = best_of(args.repeat, lambda: baselines(active, valid, p))
    a_list, v_list = active.tolist(), valid.tolist()
    t_naive = best_of(args.repeat, lambda: naive_baselines(a_list, v_list, p))
    np.testing.assert_array_equal(
        baselines(active, valid, p), np.array(naive_baselines(a_list, v_list, p))
    )
    t_chain = best_of(args.repeat, chain)
    print(f"days: {n} ({args.years} years)")
    print(f"baselines (numpy):              {t_base * 1e3:8.2f} ms")
    print(
        f"baselines (per-day Python loop): {t_naive * 1e3:8.2f} ms"
        f"  ({t_naive / t_base:.1f} x slower)"
    )
    print(f"whole chain (types, cycles, capacity): {t_chain * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
