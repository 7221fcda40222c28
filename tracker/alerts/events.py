"""What an alert is about: small frozen values, each with a stable dedupe key.

The key decides "once ever": the queue refuses a second event with the same key, so a
cycle re-detected after a restart or a re-analysis is not announced again. Each event
carries the numbers that triggered it, because an alert must say which days and which
numbers led to it (DESIGN.md §4).

Events round-trip through JSON (:func:`event_to_json`, :func:`event_from_json`) so that
the persisted queue can render them after a restart, in the language configured then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from tracker.domain.errors import TrackerError


class AlertDecodeError(TrackerError):
    """A stored alert cannot be read back (written by an incompatible version)."""


class Audience(StrEnum):
    """Who reads a channel: the patient gets every alert about their days; the therapist
    (``[alerts] therapist_urls``) gets the weekly report only."""

    PATIENT = "patient"
    THERAPIST = "therapist"

    @property
    def kinds(self) -> tuple[str, ...] | None:
        """The kinds of alert this audience hears of; None = all."""
        return None if self is Audience.PATIENT else (WeeklyReportReady.kind,)

    def hears_of(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True, slots=True)
class DayNumbers:
    """One day of a cycle and the numbers that made it a boom or a bust day."""

    day: date
    active_minutes: float
    baseline_minutes: float
    # The evening check-in's worst pain that day (0-10), None without a check-in.
    worst_pain: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.day.isoformat(),
            "active_minutes": round(self.active_minutes, 1),
            "baseline_minutes": round(self.baseline_minutes, 1),
        }
        if self.worst_pain is not None:  # only with a check-in that day
            out["worst_pain"] = self.worst_pain
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DayNumbers:
        pain = d.get("worst_pain")  # absent in alerts queued by an older version
        return cls(
            date.fromisoformat(d["date"]),
            float(d["active_minutes"]),
            float(d["baseline_minutes"]),
            None if pain is None else int(pain),
        )


@dataclass(frozen=True, slots=True)
class CycleConfirmed:
    """A newly confirmed boom-bust cycle: boom day(s), then bust day(s) within days."""

    kind: ClassVar[str] = "boom_bust"
    person: str
    boom_days: tuple[DayNumbers, ...]
    bust_days: tuple[DayNumbers, ...]

    def __post_init__(self) -> None:
        if not self.boom_days or not self.bust_days:
            raise ValueError("a cycle needs at least one boom day and one bust day")

    @property
    def boom_dates(self) -> tuple[date, ...]:
        return tuple(d.day for d in self.boom_days)

    @property
    def bust_dates(self) -> tuple[date, ...]:
        return tuple(d.day for d in self.bust_days)

    @property
    def key(self) -> str:
        # A cycle is identified by its first boom date (as the day-end analysis does).
        return f"cycle:{self.person}:{self.boom_dates[0].isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "boom_days": [d.to_json() for d in self.boom_days],
            "bust_days": [d.to_json() for d in self.bust_days],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CycleConfirmed:
        return cls(
            d["person"],
            tuple(DayNumbers.from_json(x) for x in d["boom_days"]),
            tuple(DayNumbers.from_json(x) for x in d["bust_days"]),
        )


@dataclass(frozen=True, slots=True)
class PlanWeekNumbers:
    """One week of the build-up plan: the agreed time per session and what was done."""

    week: int  # plan week as in `tracker plan show`: 0 = the start week
    start: date
    quota_minutes: float
    planned: int  # sessions planned
    done: int  # sessions done
    under: int  # sessions done but shorter than the agreed time

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "quota_minutes": round(self.quota_minutes, 1),
            "planned": self.planned,
            "done": self.done,
            "under": self.under,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PlanWeekNumbers:
        return cls(
            int(d["week"]),
            date.fromisoformat(d["start"]),
            float(d["quota_minutes"]),
            int(d["planned"]),
            int(d["done"]),
            int(d["under"]),
        )


@dataclass(frozen=True, slots=True)
class PlanStagnating:
    """The build-up plan has been mostly under the agreed time for weeks in a row."""

    kind: ClassVar[str] = "plan_stagnating"
    person: str
    weeks: tuple[PlanWeekNumbers, ...]  # oldest first

    def __post_init__(self) -> None:
        if not self.weeks:
            raise ValueError("a stagnating plan needs at least one week")

    @property
    def key(self) -> str:
        # One alert per stagnation: keyed by the week it began, not by its latest week.
        return f"plan:{self.person}:{self.weeks[0].start.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person, "weeks": [w.to_json() for w in self.weeks]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PlanStagnating:
        return cls(d["person"], tuple(PlanWeekNumbers.from_json(w) for w in d["weeks"]))


@dataclass(frozen=True, slots=True)
class BreakNudge:
    """Continuous exertion has passed the configured limit: time for a pause."""

    kind: ClassVar[str] = "break_nudge"
    person: str
    # Start of the continuous run (ms since the epoch, UTC) and its length so far.
    start_ms: int
    minutes: int

    @property
    def key(self) -> str:
        return f"nudge:{self.person}:{self.start_ms}"

    def to_json(self) -> dict[str, Any]:
        return {"person": self.person, "start_ms": self.start_ms, "minutes": self.minutes}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> BreakNudge:
        return cls(d["person"], int(d["start_ms"]), int(d["minutes"]))


@dataclass(frozen=True, slots=True)
class DeviceAbsent:
    """A wearable has not been heard from for ``hours``."""

    kind: ClassVar[str] = "device_absent"
    device: str
    hours: float
    last_seen_ms: int

    @property
    def key(self) -> str:
        # One alert per absence: a later absence has a later last_seen.
        return f"absent:{self.device}:{self.last_seen_ms}"

    @property
    def last_seen(self) -> datetime:
        return datetime.fromtimestamp(self.last_seen_ms / 1000, UTC)

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device, "hours": self.hours, "last_seen_ms": self.last_seen_ms}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DeviceAbsent:
        return cls(d["device"], float(d["hours"]), int(d["last_seen_ms"]))


@dataclass(frozen=True, slots=True)
class WeeklyReportReady:
    """The weekly report for ``week`` has been written to ``path``; ``url`` is the week's
    page on the hub ([web] public_url), "" when none is configured."""

    kind: ClassVar[str] = "weekly_report"
    week: str
    path: str
    url: str = ""
    # The file attached where a channel carries files (the PDF or the HTML); "" = none.
    attachment: str = ""
    # Whose report, for the therapist's message ([report] patient_name); "" = not given.
    patient: str = ""

    @property
    def key(self) -> str:
        return f"report:{self.week}"

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "path": self.path,
            "url": self.url,
            "attachment": self.attachment,
            "patient": self.patient,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> WeeklyReportReady:
        # Alerts queued by an older version have neither an attachment nor a name.
        return cls(d["week"], d["path"], d.get("url", ""), d.get("attachment", ""),
                   d.get("patient", ""))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ImportFailed:
    """A file in a watched folder could not be read; ``sha256`` makes it once per file
    (the same bytes copied again are not announced twice)."""

    kind: ClassVar[str] = "import_failed"
    name: str  # the file's name, without its folder
    reason: str  # one line, for the log and the therapist; the patient text stays plain
    sha256: str

    @property
    def key(self) -> str:
        return f"import_failed:{self.sha256}"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "reason": self.reason, "sha256": self.sha256}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ImportFailed:
        return cls(d["name"], d["reason"], d["sha256"])


AlertEvent = (
    CycleConfirmed | PlanStagnating | BreakNudge | DeviceAbsent | WeeklyReportReady | ImportFailed
)

EVENT_TYPES: dict[str, type[AlertEvent]] = {
    cls.kind: cls
    for cls in (
        CycleConfirmed,
        PlanStagnating,
        BreakNudge,
        DeviceAbsent,
        WeeklyReportReady,
        ImportFailed,
    )
}


def event_to_json(event: AlertEvent) -> str:
    return json.dumps(event.to_json(), sort_keys=True, ensure_ascii=False)


def event_from_json(kind: str, payload: str) -> AlertEvent:
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise AlertDecodeError(f"unknown alert kind {kind!r} in the alert queue")
    try:
        return cls.from_json(json.loads(payload))
    except (KeyError, TypeError, ValueError) as exc:
        raise AlertDecodeError(f"stored {kind} alert is unreadable: {exc}") from exc
