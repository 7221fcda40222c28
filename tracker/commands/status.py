"""``tracker status``: the daemon, the devices and the InfluxDB mirror, as the daemon left
them.

Reads the store only, opened read-only (the daemon keeps running, and a full disk or
read-only media still answer): the daemon's heartbeat, device rows from
``Store.device_status``, the outbox table and the watched folders' state; and the free
space of the data directory's disk. Device rows older than the heartbeat's freshness are
shown as stale, with their age: a daemon that died cannot say its wearables are gone.
Never shows the InfluxDB token, nor a password in its URL.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.app.inbox_status import InboxStatus, inbox_status
from tracker.commands._common import add_store_options, data_dir, load, open_read_only
from tracker.daemon.writer import BUFFER_MINUTES, EXPECTED_SAMPLES_PER_S
from tracker.domain.units import MS_PER_S
from tracker.store.daemon_state import DaemonState, is_current, last_seen_ms
from tracker.store.disk import DISK_FULL_BELOW_BYTES, free_bytes

# The alert queue's tables (tracker.store.alert_queue): absent until an alert is queued.
ALERT_TABLES = ("alert", "alert_delivery")

if TYPE_CHECKING:
    from tracker.store.alert_queue import ChannelSummary
    from tracker.store.outbox_status import OutboxStatus
    from tracker.store.sqlite import DeviceStatusRow

# What a stored sample costs on disk, indexes included (measured on demo stores: about
# 100 bytes for a heart-rate sample with RR intervals, less for steps).
STORED_BYTES_PER_SAMPLE = 100
_BYTES_PER_DAY = STORED_BYTES_PER_SAMPLE * EXPECTED_SAMPLES_PER_S * 86_400  # ~52 MB
# Under two days of samples, warn while there is still time to act.
DISK_LOW_BELOW_BYTES = 2 * _BYTES_PER_DAY


def configure(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tracker.config.influx import InfluxConfig
    from tracker.config.secrets import redact
    from tracker.store.outbox_status import read_status

    config = load(args)
    influx = config.influxdb
    tz = config.zone
    from tracker.store.alert_queue import StoredAlertQueue as AlertQueue
    from tracker.store.daemon_state import read_daemon_state

    data = data_dir(args, config)
    with open_read_only(data) as store:
        devices = store.device_status()
        daemon = read_daemon_state(store)
        target = influx.describe() if isinstance(influx, InfluxConfig) else ""
        outbox = read_status(store, target)
        # Read-only: a store where no alert was ever queued has no alert tables.
        queued = all(store.has_table(t) for t in ALERT_TABLES)
        alerts = AlertQueue(store).summary() if queued else []
        imports = inbox_status(store, config)
    if isinstance(influx, InfluxConfig):
        # Errors stored by an older version may quote a password written in the URL.
        secrets = influx.secrets()
        outbox = dataclasses.replace(
            outbox,
            last_error=redact(outbox.last_error, secrets),
            warning=redact(outbox.warning, secrets),
        )
    now_ms = time.time_ns() // 1_000_000
    free = free_bytes(data)
    if args.json:
        doc = as_json(
            devices, outbox, configured=bool(target), daemon=daemon, now_ms=now_ms, free=free
        )
        doc["alerts"] = [dataclasses.asdict(a) for a in alerts]
        doc["imports"] = dataclasses.asdict(imports)
        print(json.dumps(doc, indent=2))
    else:
        print(daemon_text(daemon, devices, now_ms=now_ms, tz=tz, free=free, data_dir=data))
        print(
            as_text(devices, outbox, configured=bool(target), now_ms=now_ms, tz=tz, daemon=daemon)
        )
        print(alerts_text(alerts))
        if imports.folders or imports.sources or imports.failed:
            print(imports_text(imports, now_ms=now_ms, tz=tz))
    return 0


def imports_text(imports: InboxStatus, *, now_ms: int, tz: tzinfo | None) -> str:
    """The watched folders, the newest file of each source, and the files refused."""
    lines = ["Watched folders:" if imports.folders else "Watched folders: none"]
    for f in imports.folders:
        lines.append(f"  {f.path}" + ("" if f.readable else ": cannot be read right now"))
    for s in imports.sources:
        lines.append(
            f"  {s.source}: last file {s.last_file} imported {_when(s.handled_ms, now_ms, tz)}, "
            f"data up to {_when(s.data_last_ms, now_ms, tz)}"
        )
    for failed in imports.failed:
        lines.append(f"  not imported: {Path(failed.path).name}: {failed.reason}")
    return "\n".join(lines)


def _disk_full(daemon: DaemonState, free: int | None, now_ms: int) -> bool:
    said = daemon.running(now_ms) and daemon.disk_full_since_ms is not None
    return said or (free is not None and free < DISK_FULL_BELOW_BYTES)


def daemon_text(
    daemon: DaemonState,
    devices: list[DeviceStatusRow],
    *,
    now_ms: int,
    tz: tzinfo | None,
    free: int | None,
    data_dir: Path,
) -> str:
    """The daemon's line, and the disk's when it is (nearly) full."""
    seen = last_seen_ms(daemon, devices)
    full = _disk_full(daemon, free, now_ms)
    if daemon.running(now_ms):
        lines = [f"Daemon: running (status saved {_ago(now_ms - (seen or now_ms))})"]
    elif seen is None:
        lines = ["Daemon: has not run on this data yet; start it with `tracker run`"]
    elif daemon.stopped_ms is not None:
        lines = [f"Daemon: stopped {_when(daemon.stopped_ms, now_ms, tz)}"]
    elif full:
        lines = [
            f"Daemon: last seen {_when(seen, now_ms, tz)}; it is not running, or cannot "
            "save because the disk is full"
        ]
    else:
        lines = [
            f"Daemon: not running; last seen {_when(seen, now_ms, tz)}; start it again "
            "(sudo systemctl start tracker) and look at its log (journalctl -u tracker)"
        ]
    if full:
        # The daemon's own numbers, when it could still save them on the full disk.
        said = daemon.running(now_ms) and daemon.disk_full_since_ms is not None
        since = f" since {_when(daemon.disk_full_since_ms, now_ms, tz)}" if said else ""
        waiting = (
            f"; {daemon.samples_waiting} samples wait in the daemon's memory "
            f"(it keeps up to {BUFFER_MINUTES} min)"
            if said
            else ""
        )
        lines.append(f"Disk: full{since}{waiting}: free some space on the disk holding {data_dir}")
    elif free is not None and free < DISK_LOW_BELOW_BYTES:
        lines.append(
            f"Disk: only {free // (1 << 20)} MB free on the disk holding {data_dir} (about "
            f"{free / _BYTES_PER_DAY:.1f} days of samples): free some space soon"
        )
    if daemon.samples_lost:
        lines.append(
            f"Lost: {daemon.samples_lost} samples could not be stored because the disk was "
            f"full (the last {_when(daemon.last_loss_ms, now_ms, tz)})"
        )
    return "\n".join(lines)


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
    devices: list[DeviceStatusRow],
    outbox: OutboxStatus,
    *,
    configured: bool,
    daemon: DaemonState | None = None,
    now_ms: int = 0,
    free: int | None = None,
) -> dict[str, Any]:
    from dataclasses import asdict

    state = daemon or DaemonState()
    mirror: dict[str, Any] | None = outbox.to_json()
    if not configured and outbox.depth == 0:
        mirror = None
    return {
        "daemon": {
            **asdict(state),
            "running": state.running(now_ms),
            "disk_full": _disk_full(state, free, now_ms),
            "disk_free_bytes": free,
        },
        "devices": [{**asdict(d), "stale": not is_current(d, state, now_ms)} for d in devices],
        "influxdb": mirror,
    }


def _when(ms: int | None, now_ms: int, tz: tzinfo | None) -> str:
    if ms is None:
        return "never"
    moment = datetime.fromtimestamp(ms / MS_PER_S, tz).astimezone(tz)
    return f"{moment.isoformat(sep=' ', timespec='seconds')} ({_ago(now_ms - ms)})"


def _stale(row: DeviceStatusRow, daemon: DaemonState, now_ms: int) -> str:
    """Why a device row is old, with its age in words."""
    seen = f"last seen by the daemon {_ago(now_ms - row.updated_ms)}"
    if daemon.running(now_ms):
        return f"{seen}; not collected any more (not in the daemon's configuration?)"
    if daemon.stopped_ms is not None:
        return f"{seen}; the daemon was stopped"
    return f"{seen}; the daemon is not running"


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
    daemon: DaemonState | None = None,
) -> str:
    state = daemon or DaemonState()
    lines = ["Devices:"]
    if not devices:
        lines.append("  none seen yet (is `tracker run` running?)")
    for d in devices:
        battery = "?" if d.battery_percent is None else f"{d.battery_percent} %"
        details = (
            f"last sample {_when(d.last_sample_ms, now_ms, tz)}, "
            f"battery {battery}, reconnects {d.reconnects}"
        )
        if is_current(d, state, now_ms):
            connection = "connected" if d.connected else "disconnected"
            lines.append(f"  {d.device}: {connection}, {details}")
        else:
            lines.append(f"  {d.device}: {_stale(d, state, now_ms)}; {details}")
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
