"""Where imported data comes from: the file kind plus the device that recorded it.

A *source* is the file kind plus the device that recorded the data (a Gadgetbridge device,
a FIT file's product and serial number, an Apple Health source such as the phone or the
watch). Every imported minute remembers its source: the store keeps each source's rows
apart, a newer export from the same source can replace its own rows, and sources are
never summed (per minute the larger step count counts, as for a watch and a footpod).

Plain names, no numpy: ``tracker status`` and the daemon name sources without loading
the readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The store's device column for imported rows starts with this, so they are never
# mistaken for a configured BLE wearable.
IMPORT_DEVICE_PREFIX = "import"


class SourceKind(StrEnum):
    MINUTE_CSV = "minute_csv"
    FIT = "fit"
    GADGETBRIDGE = "gadgetbridge"
    APPLE_HEALTH = "apple_health"
    # Not minutes: the person's daily check-ins from a paper diary (date,pain,...).
    CHECKIN_CSV = "checkin_csv"


# Each kind as a person calls it (the import's report, status, the hub page).
KIND_WORDS = {
    SourceKind.MINUTE_CSV: "minute table",
    SourceKind.FIT: "FIT file",
    SourceKind.GADGETBRIDGE: "Gadgetbridge database",
    SourceKind.APPLE_HEALTH: "Apple Health export",
    SourceKind.CHECKIN_CSV: "check-in list",
}

# A device's name as a file gives it, in one line: room for any real one ("Amazfit Bip U
# Pro (C8:0F:10:AA:BB:CC)"), never a whole blob in a message or the store.
MAX_DEVICE_NAME_CHARS = 80


def plain_device_name(text: str) -> str:
    """A device name from a file, fit for one-line messages, the store and a terminal:
    control characters (a line end, a terminal's escape) become spaces, runs of spaces
    one, and it is cut to :data:`MAX_DEVICE_NAME_CHARS`."""
    spaced = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(spaced.split())[:MAX_DEVICE_NAME_CHARS].strip()


@dataclass(frozen=True, slots=True)
class Source:
    kind: SourceKind
    # The device as the file names it, e.g. "Forerunner 255 (3412345678)", "Mi Band 5",
    # "Apple Watch van Ann"; "" when the file does not say (a plain minute CSV).
    device: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "device", plain_device_name(self.device))

    @property
    def store_device(self) -> str:
        """The store's device id for this source's rows."""
        if not self.device:
            return f"{IMPORT_DEVICE_PREFIX}:{self.kind}"
        return f"{IMPORT_DEVICE_PREFIX}:{self.kind}:{self.device}"
