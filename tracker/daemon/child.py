"""What the nightly child process tells the daemon: one JSON line on its stdout.

Kept apart from :mod:`.nightly` (which imports the analysis and the report) so the daemon
can read the summary without loading either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class NightlySummary:
    """What the child did, for the daemon's log (one JSON line on stdout)."""

    judged_until: str | None
    new_cycles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (boom dates, bust dates)
    alerts_raised: int
    influx_points: int
    report_week: str | None
    report_path: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "judged_until": self.judged_until,
            "new_cycles": [
                {"boom_dates": list(b), "bust_dates": list(s)} for b, s in self.new_cycles
            ],
            "alerts_raised": self.alerts_raised,
            "influx_points": self.influx_points,
            "report_week": self.report_week,
            "report_path": self.report_path,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> NightlySummary:
        """The inverse of :meth:`to_json`; ValueError for anything else."""
        try:
            return NightlySummary(
                judged_until=data["judged_until"],
                new_cycles=tuple(
                    (tuple(c["boom_dates"]), tuple(c["bust_dates"])) for c in data["new_cycles"]
                ),
                alerts_raised=int(data["alerts_raised"]),
                influx_points=int(data["influx_points"]),
                report_week=data["report_week"],
                report_path=data["report_path"],
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a nightly summary: {exc}") from exc


@dataclass(frozen=True, slots=True)
class InboxSummary:
    """What the inbox child did with the files it was given (one JSON line)."""

    imported: tuple[str, ...]  # paths imported now
    failed: tuple[tuple[str, str], ...]  # (path, reason)
    same: tuple[str, ...]  # paths whose bytes were imported (or refused) before
    nightly: NightlySummary | None  # the judging that followed new minutes
    waiting: tuple[str, ...] = ()  # tables perhaps still arriving, looked at again later

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": list(self.imported),
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "same": list(self.same),
            "nightly": None if self.nightly is None else self.nightly.to_json(),
            "waiting": list(self.waiting),
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> InboxSummary:
        try:
            nightly = data["nightly"]
            return InboxSummary(
                imported=tuple(data["imported"]),
                failed=tuple((f["path"], f["reason"]) for f in data["failed"]),
                same=tuple(data["same"]),
                nightly=None if nightly is None else NightlySummary.from_json(nightly),
                waiting=tuple(data.get("waiting", ())),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not an inbox summary: {exc}") from exc
