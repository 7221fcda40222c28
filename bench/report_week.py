"""Weekly report cost: store → analyze → model → HTML (→ PDF), phase by phase.

A store with N weeks of minutes (the repeated boom-bust scenario, heart rate every
minute) is built once in a temporary directory; then, best of R runs each:

- ``analyze``: the report's own store read plus ``analyze()`` over its window (the part
  the report shares with ``tracker analyze``; the reference for the report's overhead),
- ``build``: ``build_report`` (the same read and analysis plus the model),
- ``html``: ``render_html`` (five matplotlib charts to SVG, jinja2),
- ``pdf``: ``render_pdf`` of that HTML (weasyprint), only with ``--pdf``.

Peak RSS of the whole process is printed at the end (Linux ``ru_maxrss``).

    PYTHONPATH=. .venv/bin/python bench/report_week.py [--weeks 16] [--repeat 3] [--pdf]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.scenarios import repeated_boom_bust  # noqa: E402
from tracker.config import load_config  # noqa: E402
from tracker.report.builder import (  # noqa: E402
    build_report,
    load_week_table,
    week_of,
)

T = TypeVar("T")


def best(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    times = []
    value: T | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    assert value is not None
    return min(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF")
    args = parser.parse_args()

    from tracker.pacing.pipeline import analyze
    from tracker.report.render import render_html, render_pdf
    from tracker.store.sqlite import Store

    scenario = repeated_boom_bust(weeks=args.weeks)
    week = week_of(scenario.dates[-1] - timedelta(days=6))
    config = load_config(None)
    with tempfile.TemporaryDirectory() as tmp, Store.create(Path(tmp)) as store:
        store.import_minutes(scenario.table)
        # Warm-up: imports (numpy, scipy, matplotlib, jinja2) are paid once per process.
        render_html(build_report(store, config, week, "nl"))

        def analysis() -> object:
            return analyze(load_week_table(store, week, config.zone), config)

        t_an, _ = best(args.repeat, analysis)
        t_build, report = best(args.repeat, lambda: build_report(store, config, week, "nl"))
        t_html, html = best(args.repeat, lambda: render_html(report))
        print(f"store: {len(scenario.table)} minutes over {args.weeks} weeks; report {week}")
        print(f"analyze (store read + analyze): {t_an * 1000:8.1f} ms")
        print(
            f"build_report:                   {t_build * 1000:8.1f} ms "
            f"({t_build / t_an:.2f} x analyze)"
        )
        print(
            f"render_html:                    {t_html * 1000:8.1f} ms ({len(html) / 1024:.0f} KiB)"
        )
        if args.pdf:
            t_pdf, pdf = best(args.repeat, lambda: render_pdf(html))
            print(
                f"render_pdf:                     {t_pdf * 1000:8.1f} ms "
                f"({len(pdf) / 1024:.0f} KiB)"
            )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
