"""Hub page latency: Today and Week under 20 concurrent clients, over a year of minutes.

A store with 365 days of minutes (steps and heart rate every minute, a boom-bust pattern,
ending yesterday) is imported with ``tracker import`` and judged with ``tracker day-end``
(as the daemon leaves it); ``tracker web`` runs as its own process. Each of N clients
logs in, then requests its page in a loop; p50/p95 over all requests after one warm-up
request per client. Goal on the 2-core hub: Today p95 <= 150 ms, Week p95 <= 400 ms.

    .venv/bin/python bench/web_latency.py [--clients 20] [--requests 25]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.cli import tracker  # noqa: E402
from tests.scenarios import repeated_boom_bust  # noqa: E402
from tests.web_server import close_clients, login, start_web  # noqa: E402

YEAR_WEEKS = 52


def build_year_store(tmp: Path) -> tuple[Path, Path]:
    """A year of minutes up to yesterday, judged, with users; returns (data, config)."""
    from tests.web_server import PASSWORD

    today = datetime.now().date()
    first = today - timedelta(days=YEAR_WEEKS * 7)
    scenario = repeated_boom_bust(weeks=YEAR_WEEKS, start=first)
    data = tmp / "data"
    csv = scenario.write_csv(tmp / "year.csv")
    for args in (("import", "--data-dir", data, csv), ("day-end", "--data-dir", data)):
        done = tracker(*args)
        assert done.returncode == 0, done.stderr
    for name in ("anna", "kine"):
        role = "patient" if name == "anna" else "therapist"
        added = tracker("user", "add", name, "--role", role, "--password-stdin",
                        "--data-dir", data, input=PASSWORD + "\n")  # fmt: skip
        assert added.returncode == 0, added.stderr
    config = tmp / "config.toml"
    config.write_text("[tracker]\n")
    return data, config


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run_clients(url: str, path: str, clients: int, requests: int) -> list[float]:
    sessions = [login(url, "anna") for _ in range(clients)]
    for s in sessions:
        assert s.get(path).status_code == 200  # warm-up (first render of the week)
    times: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def worker(i: int) -> None:
        barrier.wait()
        mine = []
        for _ in range(requests):
            t0 = time.perf_counter()
            r = sessions[i].get(path)
            mine.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.status_code
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="per client and page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        data, config = build_year_store(tmp)
        print(f"store: a year of minutes, built in {time.perf_counter() - t0:.0f} s")
        last_week = (date.today() - timedelta(days=7)).isocalendar()
        week = f"{last_week.year}-W{last_week.week:02d}"
        with start_web(data, config, tmp / "web.log") as web:
            for name, path in (("Today", "/"), ("Week", f"/week/{week}")):
                times = run_clients(web.url, path, args.clients, args.requests)
                ms = [1000 * t for t in times]
                print(
                    f"{name:6s} {path:16s} n={len(ms)} p50={statistics.median(ms):.0f} ms "
                    f"p95={percentile(ms, 95):.0f} ms max={max(ms):.0f} ms"
                )
                close_clients()


if __name__ == "__main__":
    main()
