"""Hub page memory: RSS of the ``tracker web`` process after start, after 1 000 and after
10 000 requests (Today, Week, Plan and Log in turn, one logged-in client), over a year
of minutes. Goal: <= 120 MB, and no growth between 1 000 and 10 000 requests.

    .venv/bin/python bench/web_rss.py [--requests 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.web_latency import build_year_store  # noqa: E402
from tests.web_server import close_clients, login, start_web  # noqa: E402

PAGE_KIB = 1024


def rss_mb(pid: int) -> float:
    """Resident set size of ``pid`` from /proc (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / PAGE_KIB
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data, config = build_year_store(tmp)
        last_week = (date.today() - timedelta(days=7)).isocalendar()
        paths = ["/", f"/week/{last_week.year}-W{last_week.week:02d}", "/plan", "/log"]
        with start_web(data, config, tmp / "web.log") as web:
            pid = web.proc.pid
            print(f"after start: {rss_mb(pid):.1f} MB")
            client = login(web.url, "anna")
            marks = {1_000, args.requests}
            t0 = time.perf_counter()
            for k in range(1, args.requests + 1):
                answer = client.get(paths[k % len(paths)])
                assert answer.status_code == 200, answer.status_code
                if k in marks:
                    print(f"after {k} requests: {rss_mb(pid):.1f} MB "
                          f"({time.perf_counter() - t0:.0f} s)")  # fmt: skip
            close_clients()


if __name__ == "__main__":
    main()
