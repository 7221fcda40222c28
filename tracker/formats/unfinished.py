"""A minute table or check-in list that may still be arriving in a watched folder.

Such a table is read line by line. One whose last line has no line end may still be
arriving (a copy that stalled longer than the watcher's settle time): read then, "…,45,"
would store 45 steps and no heart rate, and the complete file would be refused for
differing. It waits until it has not changed for ``UNENDED_SETTLE_S``; a file made by hand
without a line end after its last row is then read as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from tracker.formats.detect import CHECKIN_CSV_HEADER, HEAD_BYTES, MINUTE_CSV_HEADER, UTF8_BOM

# The tables read line by line, told by their header (as formats.detect tells them).
TABLE_HEADERS = (MINUTE_CSV_HEADER, CHECKIN_CSV_HEADER)
# Ten minutes without a change: longer than a copy over a slow share stalls, short enough
# that a file made by hand is in the day's analysis the same evening.
UNENDED_SETTLE_S = 600
UNENDED_WAIT = (
    "its last line does not end yet (is it still being copied?); read once it has not "
    f"changed for {UNENDED_SETTLE_S // 60} minutes"
)
LINE_ENDS = (b"\n", b"\r")


def may_still_arrive(path: Path, now_s: float) -> bool:
    """A minute table or check-in list (by its header) whose last line has no line end
    and that changed less than UNENDED_SETTLE_S ago (OSError when it cannot be read)."""
    if now_s - path.stat().st_mtime >= UNENDED_SETTLE_S:
        return False
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES).removeprefix(UTF8_BOM).lstrip()
        if not head.startswith(TABLE_HEADERS):
            return False  # another kind, or not a table: the import says what it is
        fh.seek(-1, os.SEEK_END)
        return fh.read(1) not in LINE_ENDS
