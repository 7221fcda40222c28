"""Collector time limits and sizes, each with its reason (after bleak-retry-connector's
``const.py``). Times that affect data follow the injected clock (``_MS``); times that
only bound waiting on the radio are wall time (``_S``).
"""

from __future__ import annotations

# Bound on unsubscribing and disconnecting when the collector is cancelled: a daemon
# told to stop by systemd must exit well inside TimeoutStopSec (90 s) even when the
# adapter hangs; bleak-retry-connector uses the same 5 s for its DISCONNECT_TIMEOUT.
CANCEL_CLEANUP_TIMEOUT_S = 5.0

# Bound on one GATT operation after connecting (discovery is bounded by
# establish_connection): a read or CCCD write normally answers within a few connection
# intervals; an adapter that hangs must not stall the device's task forever.
GATT_OPERATION_TIMEOUT_S = 10.0

# While connected, how often the device task wakes up on its own to check whether the
# battery is due. Notifications wake it earlier; this covers a silent device.
IDLE_CHECK_INTERVAL_S = 1.0

# A heart-rate strap that stays connected but sends no notification for this long has a
# stalled link or a stuck sensor: hang up and reconnect, which re-subscribes and reads
# the battery again. A worn strap notifies HR about once a second; five minutes of
# injected-clock (data) time lets a short lull pass without a reconnect. Watches are
# exempt (collector.notifies_continuously): they notify only on change and may rightly
# be quiet all night.
STALLED_LINK_TIMEOUT_MS = 5 * 60_000

# A stall is acted on only once it is still there this long (wall time) after it was
# first seen: a simulated clock may jump ahead of the notifications that belong to the
# new time, and a paused world's clock does not move at all.
STALL_CONFIRM_S = 2 * IDLE_CHECK_INTERVAL_S

# A payload that breaks its layout is logged once per device and characteristic in this
# window (they are counted every time): a broken firmware sending 1 Hz garbage must not
# flood journald.
MALFORMED_LOG_INTERVAL_MS = 10 * 60_000

# status.last_error and ConnectionEvent.detail keep this much of an error message;
# bleak-retry-connector appends long advice strings that do not fit one status line.
ERROR_TEXT_MAX_CHARS = 240

# What to tell a person when there is no adapter or no bluetoothd (BlueZ over D-Bus).
NO_ADAPTER_ADVICE = (
    "check that the adapter is present and powered (bluetoothctl show) and that "
    "bluetoothd is running; to try tracker without hardware: tracker scan --emulated"
)
