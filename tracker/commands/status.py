"""``tracker status``: the devices and the InfluxDB mirror, as the daemon left them.

Reads the store only (the daemon keeps running): device rows from ``Store.device_status``
and the outbox table. Never shows the InfluxDB token, nor a password in its URL.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from tracker.commands._common import add_config, add_data_dir, data_dir, load, open_read_only
from tracker.domain.units import MS_PER_S

# The alert queue's tables (tracker.store.alert_queue): absent until an alert is queued.
ALERT_TABLES = ("alert", "alert_delivery")

if TYPE_CHECKING:
    from tracker.store.alert_queue import ChannelSummary
    from tracker.store.outbox import OutboxStatus
    from tracker.store.sqlite import DeviceStatusRow


def configure(p: argparse.ArgumentParser) -> None:
    add_data_dir(p)
    add_config(p)
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.config.influx import InfluxConfig
    from tracker.config.secrets import redact
    from tracker.store.outbox import read_status

    config = load(args)
    influx = config.influxdb
    tz = config.zone
    from tracker.store.alert_queue import StoredAlertQueue as AlertQueue

    with open_read_only(data_dir(args, config)) as store:
        devices = store.device_status()
        target = influx.describe() if isinstance(influx, InfluxConfig) else ""
        outbox = read_status(store, target)
        # Read-only: a store where no alert was ever queued has no alert tables.
        queued = all(store.has_table(t) for t in ALERT_TABLES)
        alerts = AlertQueue(store).summary() if queued else []
    if isinstance(influx, InfluxConfig):
        # Errors stored by an older version may quote a password written in the URL.
        secrets = influx.secrets()
        outbox = dataclasses.replace(
            outbox,
            last_error=redact(outbox.last_error, secrets),
            warning=redact(outbox.warning, secrets),
        )
    now_ms = time.time_ns() // 1_000_000
    if args.json:
        doc = as_json(devices, outbox, configured=bool(target))
        doc["alerts"] = [dataclasses.asdict(a) for a in alerts]
        print(json.dumps(doc, indent=2))
    else:
        print(as_text(devices, outbox, configured=bool(target), now_ms=now_ms, tz=tz))
        print(alerts_text(alerts))
    return 0


def alerts_text(channels: list[ChannelSummary]) -> str:
    if not channels:
        return "Alerts: none sent yet"
    lines = ["Alerts:"]
    for c in channels:
        lines.append(
            f"  {c.channel}: {c.delivered} delivered, {c.pending} waiting, {c.expired} expired"
        )
        if c.last_error and c.pending:
            lines.append(f"    last error: {c.last_error}")
    return "\n".join(lines)


def as_json(
    devices: list[DeviceStatusRow], outbox: OutboxStatus, *, configured: bool
) -> dict[str, Any]:
    from dataclasses import asdict

    mirror: dict[str, Any] | None = outbox.to_json()
    if not configured and outbox.depth == 0:
        mirror = None
    return {"devices": [asdict(d) for d in devices], "influxdb": mirror}


def _when(ms: int | None, now_ms: int, tz: tzinfo | None) -> str:
    if ms is None:
        return "never"
    moment = datetime.fromtimestamp(ms / MS_PER_S, tz).astimezone(tz)
    return f"{moment.isoformat(sep=' ', timespec='seconds')} ({_ago(now_ms - ms)})"


def _ago(delta_ms: int) -> str:
    s = max(0, delta_ms) // MS_PER_S
    if s < 120:
        return f"{s} s ago"
    if s < 7200:
        return f"{s // 60} min ago"
    if s < 2 * 86400:
        return f"{s // 3600} h ago"
    return f"{s // 86400} days ago"


def as_text(
    devices: list[DeviceStatusRow],
    outbox: OutboxStatus,
    *,
    configured: bool,
    now_ms: int,
    tz: tzinfo | None,
) -> str:
    lines = ["Devices:"]
    if not devices:
        lines.append("  none seen yet (is `tracker run` running?)")
    for d in devices:
        state = "connected" if d.connected else "disconnected"
        battery = "?" if d.battery_percent is None else f"{d.battery_percent} %"
        lines.append(
            f"  {d.device}: {state}, last sample {_when(d.last_sample_ms, now_ms, tz)}, "
            f"battery {battery}, reconnects {d.reconnects}"
        )
        if d.last_error:
            lines.append(f"    last error: {d.last_error}")
        if d.malformed_payloads:
            lines.append(
                f"    {d.malformed_payloads} malformed notification(s) ignored "
                "(a firmware quirk: details in the daemon's log)"
            )
    if not configured and outbox.depth == 0:
        lines.append("InfluxDB: not configured (no [influxdb] section)")
        return "\n".join(lines)
    lines.append(f"InfluxDB: {outbox.target or '(not in this config)'}")
    oldest = (
        ""
        if outbox.oldest_unsent_ms is None
        else f", oldest unsent point {_when(outbox.oldest_unsent_ms, now_ms, tz)}"
    )
    lines.append(f"  outbox: {outbox.depth} points waiting{oldest}")
    lines.append(f"  last success: {_when(outbox.last_success_ms, now_ms, tz)}")
    if outbox.last_error:
        lines.append(
            f"  last error: {outbox.last_error} ({_when(outbox.last_error_ms, now_ms, tz)})"
        )
    if outbox.dropped_points:
        lines.append(
            f"  dropped beyond the outbox bound: {outbox.dropped_points} points "
            "(still in SQLite; re-send with `tracker sync --since DATE`)"
        )
    if outbox.warning:
        lines.append(f"  WARNING: {outbox.warning}")
    return "\n".join(lines)
