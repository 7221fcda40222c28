"""What the watched folders brought: for ``tracker status`` and the hub page's Devices view.

Plain reads of the store (no file readers, no numpy), so the status command stays quick.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tracker.config import Config
from tracker.domain.sources import KIND_WORDS, SourceKind
from tracker.store import inbox
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class SourceFreshness:
    source: str  # the source's name, e.g. "Amazfit Bip (Gadgetbridge)"
    last_file: str  # the newest file that brought its minutes
    handled_ms: int  # when that file was imported
    data_last_ms: int | None  # the newest minute it held
    kind: str  # the file kind (a SourceKind value)

    @property
    def brings_minutes(self) -> bool:
        """A wearable's data, not the person's own check-ins (which have no absence alert:
        a day without a check-in is the person's choice, not a lost device)."""
        return self.kind != SourceKind.CHECKIN_CSV


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


def _listable(folder: Path) -> bool:
    """Whether the folder's files can be listed: not when the share is not mounted, nor
    when the hub may not read the folder (it exists, but its files are out of reach)."""
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except OSError:
        return False
    return True


def inbox_status(store: Store, config: Config) -> InboxStatus:
    """The watched folders, the newest file of each source, and the files refused."""
    folders = tuple(
        FolderState(f, _listable(Path(f).expanduser()))
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
                    source_name(source),
                    Path(item.path).name,
                    item.handled_ms,
                    item.data_last_ms,
                    item.kind,
                )
    return InboxStatus(folders, tuple(sources.values()), tuple(failed))
