"""What an importer hands to the store: minutes (and beats) from one source
(:mod:`tracker.domain.sources`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracker.domain.minutes import MinuteTable
from tracker.domain.sources import Source


@dataclass(frozen=True, slots=True, eq=False)
class Beats:
    """Imported RR intervals (e.g. FIT ``hrv`` messages), one entry per beat, in order."""

    time_s: npt.NDArray[np.float64]  # when the beat ended, seconds since the epoch (UTC)
    rr_s: npt.NDArray[np.float64]  # the interval, seconds

    @staticmethod
    def empty() -> Beats:
        return Beats(np.empty(0), np.empty(0))

    def __len__(self) -> int:
        return int(self.rr_s.shape[0])


@dataclass(frozen=True, slots=True, eq=False)
class ImportedMinutes:
    """One source's minutes from one file: steps and mean heart rate per minute, NaN where
    unknown (the :class:`MinuteTable` rules), with its beats where the file has them."""

    source: Source
    table: MinuteTable
    beats: Beats | None = None
