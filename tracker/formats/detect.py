"""What kind of file a person hands to ``tracker import``: told by its content, not its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tracker.domain.errors import ImportFileError
from tracker.domain.sources import SourceKind

# Enough of the start of a file to tell every supported kind apart.
HEAD_BYTES = 512
FIT_SIGNATURE = b".FIT"  # bytes 8-11 of a FIT file header
SQLITE_SIGNATURE = b"SQLite format 3\x00"
ZIP_SIGNATURE = b"PK\x03\x04"
APPLE_HEALTH_ROOT = b"<HealthData"
MINUTE_CSV_HEADER = b"time,steps,heart_rate_bpm"
CHECKIN_CSV_HEADER = b"date,pain,worst_pain,energy"
UTF8_BOM = b"\xef\xbb\xbf"


def detect(path: Path) -> SourceKind:
    """The kind of ``path``; :class:`ImportFileError` (one line) for anything else."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise ImportFileError(str(path), f"cannot read it: {exc.strerror or exc}") from exc
    if not head:
        raise ImportFileError(str(path), "the file is empty")
    text = head.removeprefix(UTF8_BOM)
    if len(head) >= 12 and head[8:12] == FIT_SIGNATURE:
        return SourceKind.FIT
    if head.startswith(SQLITE_SIGNATURE):
        return SourceKind.GADGETBRIDGE
    if head.startswith(ZIP_SIGNATURE):
        if _apple_health_zip(path):
            return SourceKind.APPLE_HEALTH
        raise ImportFileError(str(path), "this zip file holds no Apple Health export.xml")
    if text.lstrip().startswith(b"<?xml") or text.lstrip().startswith(APPLE_HEALTH_ROOT):
        if APPLE_HEALTH_ROOT in head or b"<!DOCTYPE HealthData" in head:
            return SourceKind.APPLE_HEALTH
        raise ImportFileError(str(path), "this XML file is not an Apple Health export")
    first_line = text.split(b"\n", 1)[0].strip().replace(b" ", b"")
    if first_line.startswith(CHECKIN_CSV_HEADER):
        return SourceKind.CHECKIN_CSV
    # A minute CSV, or something the CSV reader will name the first problem of (it says
    # what a semicolon file or a wrong header needs).
    return SourceKind.MINUTE_CSV


def _apple_health_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(name.endswith("export.xml") for name in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
