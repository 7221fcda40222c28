"""``[import]``: folders the daemon watches for exports from other trackers."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.errors import ConfigValueError, require_positive


@dataclass(frozen=True, slots=True)
class ImportConfig:
    # Folders whose files are imported as they appear or change (a Gadgetbridge export
    # copied by Syncthing, FIT files dropped on a network share).
    watch: tuple[str, ...] = ()
    # A file counts as complete once its size and time stay the same this long: a copy
    # over the network arrives in pieces, and half a file must not be read.
    settle_seconds: float = 5.0
    # Network shares often send no change events: look through the folders this often.
    rescan_minutes: float = 5.0

    def __post_init__(self) -> None:
        require_positive(self, "settle_seconds", "rescan_minutes")
        for i, folder in enumerate(self.watch):
            if not folder.strip():
                raise ConfigValueError(f"watch[{i}]", "must be a folder path")
