"""Weekly report cost: stored results → report model → HTML (→ PDF), phase by phase.

A store with N weeks of minutes (the repeated boom-bust scenario, heart rate every
minute) is built once in a temporary directory. The report now asks the application
layer for its week (:func:`tracker.app.week.load_week`): judged days the day-end job
stored are read back, only the days missing are computed from the minutes (and saved).
So the report is timed in both states of the store, best of R runs each after a warm-up:

- ``analyze``: the reference, the part the report shares with ``tracker analyze``: the
  minutes a report on an unjudged store reads, then
  :func:`tracker.pacing.pipeline.analyze` over them;
- ``load_week``, nothing stored: every day computed from the minutes and saved (the first
  report after an import; each run on a fresh copy of the store);
- ``load_week``, results stored: the days as the day-end job left them; only the cheap
  second half of the analysis (cycles, capacity, plan) runs;
- ``build_report`` in both states: ``load_week`` plus the report model
  (``report_from_result``, also timed alone);
- ``html``: ``render_html`` (five matplotlib charts to SVG, jinja2),
- ``pdf``: ``render_pdf`` of that HTML (weasyprint), only with ``--pdf``.

Until the application layer existed, ``build_report`` always read the window's minutes
and ran ``analyze()`` over them: that is the "nothing stored" row now. A report written
by the day-end child runs after the day-end job, so "results stored" is the usual case.

Peak RSS of the whole process is printed at the end (Linux ``ru_maxrss``).

    PYTHONPATH=. .venv/bin/python bench/report_week.py [--weeks 16] [--repeat 3] [--pdf]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.scenarios import repeated_boom_bust  # noqa: E402
from tracker.app.results import history_days  # noqa: E402
from tracker.app.week import WeekData, load_week  # noqa: E402
from tracker.config import Config, load_config  # noqa: E402
from tracker.domain.localtime import day_bounds_s  # noqa: E402
from tracker.domain.units import MS_PER_S  # noqa: E402
from tracker.domain.weeks import IsoWeek, week_of  # noqa: E402
from tracker.pacing.result import AnalysisResult  # noqa: E402
from tracker.report.builder import build_report, report_from_week  # noqa: E402
from tracker.report.model import WeeklyReport  # noqa: E402
from tracker.store.sqlite import Store  # noqa: E402

T = TypeVar("T")
BYTES_PER_KIB = 1024
# The report is made at noon on the day after the last day of data: every day of the
# week and the days after it are complete, so the day-end job has stored them.
REPORT_HOUR = 12
LANG = "nl"


def best(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    """The shortest of ``repeat`` runs of ``fn`` (seconds) and its last value."""
    times: list[float] = []
    value: T | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    assert value is not None
    return min(times), value


def best_unjudged(
    repeat: int, pristine: Path, scratch: Path, fn: Callable[[Store], T]
) -> tuple[float, T]:
    """Like :func:`best`, each run on a fresh copy of a store without stored results
    (the copy and opening it are not timed)."""
    times: list[float] = []
    value: T | None = None
    for k in range(repeat):
        data_dir = scratch / f"copy{k}"
        shutil.copytree(pristine, data_dir)
        with Store.open(data_dir) as store:
            t0 = time.perf_counter()
            value = fn(store)
            times.append(time.perf_counter() - t0)
        shutil.rmtree(data_dir)
    assert value is not None
    return min(times), value


def reference(store: Store, config: Config, week: IsoWeek) -> AnalysisResult:
    """The minutes ``load_week`` reads on a store without results, through ``analyze()``:
    the week, the days after it that confirm a cycle, the history of the first day judged
    and that day's own history."""
    from tracker.pacing.pipeline import analyze

    history = timedelta(days=2 * history_days(config))
    last = week.sunday + timedelta(days=config.pacing.cycle_window_days)
    start_s, end_s = day_bounds_s(week.monday - history, last, config.zone)
    table = store.minute_table(start_s, end_s)
    rr = store.rr_intervals(start_s * MS_PER_S, end_s * MS_PER_S)
    return analyze(table, config, tz=config.zone, rr=rr)


def _week_days(result: AnalysisResult, week: IsoWeek) -> list[tuple[object, ...]]:
    return [
        (d.date, d.active_minutes, d.day_type)
        for d in result.days
        if week.monday <= d.date <= week.sunday
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF")
    args = parser.parse_args()

    from tracker.report.render import render_html, render_pdf

    scenario = repeated_boom_bust(weeks=args.weeks)
    week = week_of(scenario.dates[-1] - timedelta(days=6))
    config = load_config(None)
    now = datetime.combine(
        scenario.dates[-1] + timedelta(days=1), clock_time(REPORT_HOUR), config.zone
    )
    now_ms = int(now.timestamp() * MS_PER_S)

    def week_data(store: Store) -> WeekData:
        return load_week(store, config, week, now_ms=now_ms)

    def report(store: Store) -> WeeklyReport:
        return build_report(store, config, week, LANG, now=now)

    def model(data: WeekData) -> WeeklyReport:
        """What build_report adds to load_week: the week described."""
        return report_from_week(data, config, LANG, now=now)

    with tempfile.TemporaryDirectory() as tmp:
        pristine = Path(tmp) / "pristine"
        with Store.create(pristine) as store:
            store.import_minutes(scenario.table)
        scratch = Path(tmp) / "scratch"
        scratch.mkdir()
        # Warm-up: imports (numpy, matplotlib, jinja2) are paid once per process.
        best_unjudged(1, pristine, scratch, lambda s: render_html(report(s)))

        t_ref, ref = best_unjudged(
            args.repeat, pristine, scratch, lambda s: reference(s, config, week)
        )
        t_cold, cold = best_unjudged(args.repeat, pristine, scratch, week_data)
        # The reference judges the week's days as the report does.
        assert _week_days(ref, week) == _week_days(cold.result, week)
        t_build_cold, _ = best_unjudged(args.repeat, pristine, scratch, report)
        with Store.open(pristine) as store:
            week_data(store)  # what the day-end job stores
            t_warm, data = best(args.repeat, lambda: week_data(store))
            t_build, built = best(args.repeat, lambda: report(store))
        assert data.ended and data.minutes_with_data > 0
        t_model, _ = best(args.repeat, lambda: model(data))
        t_html, html = best(args.repeat, lambda: render_html(built))

        def ms(seconds: float) -> str:
            return f"{seconds * MS_PER_S:8.1f} ms"

        print(
            f"store: {len(scenario.table)} minutes over {args.weeks} weeks; report {week}, "
            f"made {now:%Y-%m-%d %H:%M}; best of {args.repeat}"
        )
        print(f"analyze (minute read + analyze(), reference): {ms(t_ref)}")
        print(
            f"load_week, nothing stored (computed, saved):  {ms(t_cold)} "
            f"({t_cold / t_ref:.2f} x analyze)"
        )
        print(
            f"load_week, results stored:                    {ms(t_warm)} "
            f"({t_warm / t_ref:.2f} x analyze)"
        )
        print(
            f"build_report, nothing stored:                 {ms(t_build_cold)} "
            f"({t_build_cold / t_ref:.2f} x analyze)"
        )
        print(
            f"build_report, results stored:                 {ms(t_build)} "
            f"({t_build / t_ref:.2f} x analyze)"
        )
        print(f"  of which the model (report_from_result):    {ms(t_model)}")
        print(
            f"render_html:                                  {ms(t_html)} "
            f"({len(html) / BYTES_PER_KIB:.0f} KiB)"
        )
        if args.pdf:
            t_pdf, pdf = best(args.repeat, lambda: render_pdf(html))
            print(
                f"render_pdf:                                   {ms(t_pdf)} "
                f"({len(pdf) / BYTES_PER_KIB:.0f} KiB)"
            )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / BYTES_PER_KIB
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
