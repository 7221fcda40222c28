"""What the daemon tells the other processes about itself, through the store's meta table.

The daemon saves this with every device-status save (one transaction), so ``tracker
status`` and the hub page can tell a running daemon from one that stopped or died: device
rows are only as fresh as the heartbeat that came with them. Times are wall-clock ms
(the time of saving, even when the daemon's data clock is simulated, as in the demo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.store.sqlite import DeviceStatusRow, Store

# The daemon saves its status every 5 s (service.STATUS_SAVE_INTERVAL_S). A save can wait
# up to 10 s for another process's lock (sqlite.BUSY_TIMEOUT_MS) and a slow SD card can
# add a few seconds more; a minute without a heartbeat is well past all of that, so the
# daemon is not running (or hangs), and its last status is stale.
HEARTBEAT_STALE_AFTER_MS = 60_000

META_HEARTBEAT_MS = "daemon.heartbeat_ms"
META_STOPPED_MS = "daemon.stopped_ms"
META_DISK_FULL_SINCE_MS = "daemon.disk_full_since_ms"
META_SAMPLES_WAITING = "daemon.samples_waiting"
META_SAMPLES_LOST = "daemon.samples_lost"
META_LAST_LOSS_MS = "daemon.last_loss_ms"


@dataclass(frozen=True, slots=True)
class DaemonState:
    """The daemon's last word about itself.

    ``samples_lost`` counts, over the store's life, samples the daemon had to drop
    because the disk was full for longer than its memory buffer holds.
    """

    heartbeat_ms: int | None = None
    stopped_ms: int | None = None  # set by a clean stop, cleared by the next start
    disk_full_since_ms: int | None = None
    samples_waiting: int = 0  # in the daemon's memory, not yet stored
    samples_lost: int = 0
    last_loss_ms: int | None = None

    def running(self, now_ms: int) -> bool:
        """Whether the daemon saved its status recently and did not say it stopped."""
        return (
            self.heartbeat_ms is not None
            and self.stopped_ms is None
            and now_ms - self.heartbeat_ms <= HEARTBEAT_STALE_AFTER_MS
        )

    def to_meta(self) -> dict[str, str]:
        """The meta entries to save (an empty value clears a time)."""
        return {
            META_HEARTBEAT_MS: _text(self.heartbeat_ms),
            META_STOPPED_MS: _text(self.stopped_ms),
            META_DISK_FULL_SINCE_MS: _text(self.disk_full_since_ms),
            META_SAMPLES_WAITING: str(self.samples_waiting),
            META_SAMPLES_LOST: str(self.samples_lost),
            META_LAST_LOSS_MS: _text(self.last_loss_ms),
        }


def read_daemon_state(store: Store) -> DaemonState:
    """The state the daemon last saved (all empty for a store no daemon has used)."""
    return DaemonState(
        heartbeat_ms=_number(store.get_meta(META_HEARTBEAT_MS)),
        stopped_ms=_number(store.get_meta(META_STOPPED_MS)),
        disk_full_since_ms=_number(store.get_meta(META_DISK_FULL_SINCE_MS)),
        samples_waiting=_number(store.get_meta(META_SAMPLES_WAITING)) or 0,
        samples_lost=_number(store.get_meta(META_SAMPLES_LOST)) or 0,
        last_loss_ms=_number(store.get_meta(META_LAST_LOSS_MS)),
    )


def last_seen_ms(daemon: DaemonState, devices: Sequence[DeviceStatusRow]) -> int | None:
    """When the daemon last vouched for its status: its heartbeat, or for a store saved
    before heartbeats existed, the newest device row."""
    if daemon.heartbeat_ms is not None:
        return daemon.heartbeat_ms
    return max((d.updated_ms for d in devices), default=None)


def is_current(row: DeviceStatusRow, daemon: DaemonState, now_ms: int) -> bool:
    """Whether a device row says how the device is now: saved with the latest heartbeat
    of a daemon that is running (a device taken out of the configuration keeps its last
    row, which no heartbeat renews)."""
    return (
        daemon.running(now_ms)
        and daemon.heartbeat_ms is not None
        and daemon.heartbeat_ms - row.updated_ms <= HEARTBEAT_STALE_AFTER_MS
    )


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _number(text: str | None) -> int | None:
    # Written only by the daemon; anything else (an older version, a hand edit) is unknown.
    return int(text) if text and text.isdigit() else None
