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

from tracker.app.imports import ALL_DEVICES, KIND_WORDS, check_file, store_file
from tracker.config import Config
from tracker.domain.errors import TrackerError
from tracker.domain.imported import SourceKind
from tracker.formats.detect import detect
from tracker.store import inbox
from tracker.store.sqlite import Store

log = logging.getLogger("tracker.inbox")

# Files are hashed in pieces of this size (an Apple Health export may be gigabytes).
HASH_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    state: str  # inbox.IMPORTED, inbox.FAILED, or "same" (these bytes were handled before)
    reason: str  # why it failed; "" otherwise
    new_minutes: int


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
            log.warning("watched file %s cannot be read: %s", path, exc.strerror or exc)
            continue  # gone or unreadable now: the next look at the folder tries again
        if inbox.known(store, digest) is not None:
            outcomes.append(FileOutcome(path, "same", "", 0))
            continue
        outcomes.append(_import_one(store, config, path, digest, size, now_ms))
    return outcomes


def _import_one(
    store: Store, config: Config, path: Path, digest: str, size: int, now_ms: int
) -> FileOutcome:
    try:
        kind = detect(path)
        checked = check_file(path, tz=None, zone=config.zone, now_ms=now_ms, device=ALL_DEVICES)
        report = store_file(store, config, checked, replace=False)
    except TrackerError as exc:
        reason = str(exc).removeprefix(f"{path}: ").removeprefix(f"{path}:")
        log.warning("watched file %s was not imported: %s", path, reason)
        inbox.record(
            store,
            inbox.InboxFile(
                digest, str(path), size, "unknown", inbox.FAILED, reason, (), None, now_ms
            ),
        )
        return FileOutcome(path, inbox.FAILED, reason, 0)
    last = max(
        (int(i.table.time_s[-1]) * 1000 for i in checked.imported if len(i.table)), default=None
    )
    sources = tuple(i.source.store_device for i in checked.imported if len(i.table))
    inbox.record(
        store,
        inbox.InboxFile(
            digest, str(path), size, str(kind), inbox.IMPORTED, "", sources, last, now_ms
        ),
    )
    new = sum(s.new for s in report.sources)
    log.info("imported %s (%s): %d new minutes", path, KIND_WORDS[kind], new)
    return FileOutcome(path, inbox.IMPORTED, "", new)


@dataclass(frozen=True, slots=True)
class SourceFreshness:
    source: str  # the source's name, e.g. "Amazfit Bip (Gadgetbridge)"
    last_file: str  # the newest file that brought its minutes
    handled_ms: int  # when that file was imported
    data_last_ms: int | None  # the newest minute it held


@dataclass(frozen=True, slots=True)
class FolderState:
    path: str
    readable: bool


@dataclass(frozen=True, slots=True)
class InboxStatus:
    folders: tuple[FolderState, ...]
    sources: tuple[SourceFreshness, ...]
    failed: tuple[inbox.InboxFile, ...]  # files that could not be read, newest first


def source_name(store_device: str) -> str:
    """``import:gadgetbridge:Amazfit Bip`` → ``Amazfit Bip (Gadgetbridge database)``."""
    parts = store_device.split(":", 2)
    if len(parts) < 2 or parts[0] != "import":
        return store_device
    try:
        kind = KIND_WORDS[SourceKind(parts[1])]
    except ValueError:
        kind = parts[1]
    return f"{parts[2]} ({kind})" if len(parts) == 3 and parts[2] else kind


def inbox_status(store: Store, config: Config) -> InboxStatus:
    """The watched folders, the newest file of each source, and the files refused."""
    folders = tuple(
        FolderState(f, Path(f).expanduser().is_dir())
        for f in (config.imports.watch if config.imports is not None else ())
    )
    sources: dict[str, SourceFreshness] = {}
    failed: list[inbox.InboxFile] = []
    for item in inbox.recent(store):  # newest first
        if item.state == inbox.FAILED:
            failed.append(item)
            continue
        for source in item.sources:
            if source not in sources:
                sources[source] = SourceFreshness(
                    source_name(source), Path(item.path).name, item.handled_ms, item.data_last_ms
                )
    return InboxStatus(folders, tuple(sources.values()), tuple(failed))
