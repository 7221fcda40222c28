"""The outcome of the last whole-file check, kept beside the store.

A big store is checked whole only by ``tracker check`` and by every ``tracker backup``
(nightly with the timer): too slow for every command. Their outcome is written to
``last-check.json`` in the data directory, so that every later command knows what the
last whole check found (``tracker.store.damage.check_on_open``). The record names the
database file by device and inode: after a restore (a new file) an old record no longer
applies. Written best-effort: on read-only media there is no record, and nothing fails.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

RECORD_NAME = "last-check.json"
RECORD_MODE = 0o600  # it may quote SQLite's findings: as private as the store


@dataclass(frozen=True, slots=True)
class CheckRecord:
    checked_ms: int
    ok: bool
    problem: str  # SQLite's first finding; "" when sound
    by: str  # "check" or "backup"
    device: int
    inode: int

    def describes(self, db_path: Path) -> bool:
        """Whether the record is about the database file now at ``db_path``."""
        try:
            st = db_path.stat()
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == (self.device, self.inode)


def write_record(db_path: Path, found: list[str], *, by: str, now_ms: int) -> None:
    """Record what a whole-file check of ``db_path`` found (nothing on read-only media)."""
    record_path = db_path.parent / RECORD_NAME
    part = record_path.with_name(f".{RECORD_NAME}.part")
    try:
        st = db_path.stat()
        doc = {
            "checked_ms": now_ms,
            "ok": not found,
            "problem": found[0] if found else "",
            "by": by,
            "device": st.st_dev,
            "inode": st.st_ino,
        }
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, RECORD_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh)
        os.replace(part, record_path)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)


def read_record(db_path: Path) -> CheckRecord | None:
    """The record of the last whole-file check of the file now at ``db_path``, if any."""
    try:
        doc = json.loads((db_path.parent / RECORD_NAME).read_text(encoding="utf-8"))
        record = CheckRecord(
            checked_ms=int(doc["checked_ms"]),
            ok=bool(doc["ok"]),
            problem=str(doc["problem"]),
            by=str(doc["by"]),
            device=int(doc["device"]),
            inode=int(doc["inode"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or not ours to trust
    return record if record.describes(db_path) else None
