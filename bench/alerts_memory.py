"""Peak RSS that the alerts add to a fresh process (run by ``bench/alerts.py``).

Prints three peaks (VmHWM, MB): after importing the config and the store; after setting
up an ``Alerter`` with an apprise URL and MQTT and building the hub state once (what the
daemon holds); and, with ``apprise``, after loading apprise in-process as well (what each
delivery's short-lived child pays instead).

    PYTHONPATH=. .venv/bin/python bench/alerts_memory.py {child,apprise}
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KIB_PER_MIB = 1024
APPRISE_URL = "json://127.0.0.1:1/x"  # never contacted: only parsed


def vm_hwm_mb() -> float:
    """Peak RSS of this process. VmHWM, not ru_maxrss: Linux carries the parent's peak
    across fork + exec into that."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / KIB_PER_MIB
    raise SystemExit("no VmHWM in /proc/self/status (Linux only)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("mode", choices=("child", "apprise"), help="apprise: load it too")
    args = parser.parse_args()

    from tracker.config import parse_config
    from tracker.store.sqlite import Store

    base = vm_hwm_mb()
    from tracker.alerts.alerter import Alerter
    from tracker.alerts.hubstate import build_hub_state

    config = parse_config(
        {"alerts": {"apprise_urls": [APPRISE_URL], "mqtt": {"host": "127.0.0.1"}}}
    )
    with tempfile.TemporaryDirectory() as tmp, Store.create(Path(tmp) / "d") as store:
        Alerter(store, config, clock=lambda: 0)
        build_hub_state(store, config, now_ms=int(time.time() * 1000))
        with_alerts = vm_hwm_mb()
        if args.mode == "apprise":
            from tracker.alerts.apprise_child import load

            load([APPRISE_URL])
        print(base, with_alerts, vm_hwm_mb())


if __name__ == "__main__":
    main()
