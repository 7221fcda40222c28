"""How much room the data directory's disk has left."""

from __future__ import annotations

import os
from pathlib import Path

# Under this much free space SQLite's next commits fail (each appends its pages to the
# write-ahead log, and opening a store creates a 32 KiB shared-memory index): about half
# an hour of samples at the daemon's expected rate (~600 bytes a second).
DISK_FULL_BELOW_BYTES = 1 << 20


def free_bytes(path: Path) -> int | None:
    """Bytes an ordinary user (the daemon) may still write on the disk holding ``path``
    (or its nearest existing parent); None if that cannot be asked."""
    for candidate in (path, *path.parents):
        try:
            st = os.statvfs(candidate)
        except FileNotFoundError:
            continue
        except OSError:
            return None
        return st.f_bavail * st.f_frsize
    return None


def disk_full(path: Path) -> bool:
    free = free_bytes(path)
    return free is not None and free < DISK_FULL_BELOW_BYTES
