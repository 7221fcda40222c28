"""Import the files that appear in the watched folders (``[import] watch``).

The daemon notices a file once it has stopped growing and hands its path here (in a
short-lived child process, like the day-end job: the readers need numpy). Each file is
recorded with its checksum, so the same bytes are never read twice; a file that cannot be
read stays where it is, and the reason goes to the store (``tracker status``), the log and,
once, the alert channels. Known sources replace their own minutes in the range a newer
export covers (:mod:`tracker.app.imports`), so a Gadgetbridge export copied again every
night adds the new minutes, corrects changed ones and duplicates nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.app.imports import ALL_DEVICES, check_file, store_file
from tracker.app.pain import check_checkin_file, store_checkin_file
from tracker.config import Config
from tracker.domain.errors import StoreError, TrackerError
from tracker.domain.localtime import local_date, local_midnight_s
from tracker.domain.sources import KIND_WORDS, Source, SourceKind
from tracker.domain.text import shown_path
from tracker.domain.units import MS_PER_S
from tracker.formats.detect import detect
from tracker.formats.unfinished import UNENDED_WAIT, may_still_arrive
from tracker.store import inbox
from tracker.store.sqlite import Store

log = logging.getLogger("tracker.inbox")

# The state of a table that may still be arriving: not recorded, looked at again later.
WAITING = "waiting"
# Files are hashed in pieces of this size (an Apple Health export may be gigabytes).
HASH_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    # inbox.IMPORTED, inbox.FAILED, "same" (these bytes were handled before) or WAITING
    # (perhaps still arriving: not recorded, looked at again later)
    state: str
    reason: str  # why it failed; "" otherwise
    new_minutes: int
    sha256: str

    @property
    def shown(self) -> str:
        """The path as messages and the store show it (see :func:`shown_path`)."""
        return shown_path(self.path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def import_watched(
    store: Store, config: Config, paths: Sequence[Path], *, now_ms: int
) -> list[FileOutcome]:
    """Import each file once (by its bytes); failures are recorded, never raised."""
    outcomes: list[FileOutcome] = []
    for path in paths:
        try:
            digest = sha256_of(path)
            size = path.stat().st_size
        except OSError as exc:
            log.warning("watched file %s cannot be read: %s", shown_path(path), exc.strerror or exc)
            if isinstance(exc, PermissionError):
                outcomes.append(_unreadable(store, path, exc, now_ms))
            continue  # gone, or tried again once it changes (a chmod too)
        if inbox.known(store, digest) is not None:
            outcomes.append(FileOutcome(path, "same", "", 0, digest))
            continue
        try:
            waiting = may_still_arrive(path, now_ms / MS_PER_S)
        except OSError:
            continue  # gone since it was hashed
        if waiting:
            outcomes.append(FileOutcome(path, WAITING, UNENDED_WAIT, 0, digest))
            continue
        outcomes.append(_import_one(store, config, path, digest, size, now_ms))
    return outcomes


def _import_one(
    store: Store, config: Config, path: Path, digest: str, size: int, now_ms: int
) -> FileOutcome:
    try:
        kind = detect(path)
        if kind is SourceKind.CHECKIN_CSV:
            return _import_checkins(store, config, path, digest, size, now_ms)
        checked = check_file(path, tz=None, zone=config.zone, now_ms=now_ms, device=ALL_DEVICES)
        report = store_file(store, config, checked, replace=False)
    except StoreError:
        # The store failed (a full disk, a lock held too long), not the file: nothing is
        # recorded, so the file is imported once the store can take it.
        raise
    except TrackerError as exc:
        reason = _reason(shown_path(exc), path)
        log.warning("watched file %s was not imported: %s", shown_path(path), reason)
        inbox.record(
            store,
            inbox.InboxFile(
                digest, shown_path(path), size, "unknown", inbox.FAILED, reason, (), None, now_ms
            ),
        )
        return FileOutcome(path, inbox.FAILED, reason, 0, digest)
    last = max(
        (int(i.table.time_s[-1]) * 1000 for i in checked.imported if len(i.table)), default=None
    )
    sources = tuple(i.source.store_device for i in checked.imported if len(i.table))
    inbox.record(
        store,
        inbox.InboxFile(
            digest, shown_path(path), size, str(kind), inbox.IMPORTED, "", sources, last, now_ms
        ),
    )
    new = sum(s.new for s in report.sources)
    log.info("imported %s (%s): %d new minutes", shown_path(path), KIND_WORDS[kind], new)
    return FileOutcome(path, inbox.IMPORTED, "", new, digest)


def _unreadable(store: Store, path: Path, exc: OSError, now_ms: int) -> FileOutcome:
    """A file the hub may not read (copied in by another user with mode 0600): named in
    ``tracker status`` until it is read."""
    shown = shown_path(path)
    key, reason = inbox.unreadable_key(shown), f"cannot read it: {exc.strerror or exc}"
    inbox.record(
        store, inbox.InboxFile(key, shown, 0, "unknown", inbox.FAILED, reason, (), None, now_ms)
    )
    return FileOutcome(path, inbox.FAILED, reason, 0, key)


def _reason(error: str, path: Path) -> str:
    """The error without the file's path (status names the file): "path:7: bad" is
    "line 7: bad"."""
    shown = shown_path(path)
    reason = error.removeprefix(f"{shown}: ").removeprefix(f"{shown}:")
    number, sep, rest = reason.partition(": ")
    return f"line {number}: {rest}" if sep and number.isdigit() else reason


def _import_checkins(
    store: Store, config: Config, path: Path, digest: str, size: int, now_ms: int
) -> FileOutcome:
    """A check-in list (a paper diary typed out): each day's check-in replaces that day's
    earlier one, as with ``tracker import``. Its "data up to" is the start of its last day."""
    checked = check_checkin_file(path, today=local_date(now_ms, config.zone))
    saved = store_checkin_file(store, checked, now_ms=now_ms)
    last_day_ms = local_midnight_s(max(c.date for c in saved.checkins), config.zone) * MS_PER_S
    source = Source(SourceKind.CHECKIN_CSV).store_device
    inbox.record(
        store,
        inbox.InboxFile(
            digest,
            shown_path(path),
            size,
            str(SourceKind.CHECKIN_CSV),
            inbox.IMPORTED,
            "",
            (source,),
            last_day_ms,
            now_ms,
        ),
    )
    log.info("imported %s (check-in list): %d check-ins", shown_path(path), len(saved.checkins))
    return FileOutcome(path, inbox.IMPORTED, "", 0, digest)
