"""The evening check-in: pain now and at its worst today, energy, a note; one per day.

Stored as ``date, pain, worst_pain, energy, note`` (the pain-and-activity analysis of a
later issue reads them so). A second check-in on a day replaces the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class CheckIn:
    date: date
    pain: int  # 0-10, now
    worst_pain: int  # 0-10, at its worst today
    energy: int  # 0-10
    note: str


def save_checkin(store: Store, checkin: CheckIn, *, now_ms: int) -> bool:
    """Store the day's check-in; True when it replaced an earlier one of that day."""
    with store.transaction() as db:
        before = db.execute(
            "SELECT 1 FROM checkin WHERE date = ?", (checkin.date.isoformat(),)
        ).fetchone()
        db.execute(
            "INSERT OR REPLACE INTO checkin (date, pain, worst_pain, energy, note, saved_ms)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                checkin.date.isoformat(),
                checkin.pain,
                checkin.worst_pain,
                checkin.energy,
                checkin.note,
                now_ms,
            ),
        )
    return before is not None


def checkins(store: Store, first: date, last: date) -> list[CheckIn]:
    """The check-ins of ``[first, last]``, oldest first."""
    with store.lock:
        rows = store.db.execute(
            "SELECT date, pain, worst_pain, energy, note FROM checkin"
            " WHERE date >= ? AND date <= ? ORDER BY date",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
    return [CheckIn(date.fromisoformat(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4]) for r in rows]
