"""Reading the check-ins for the analysis, and storing many at once (a paper diary).

The ``checkin`` table is the hub page's (:mod:`tracker.store.web_tables`); a store that
never had it holds no check-ins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.store.checkins import CheckIn
from tracker.store.sqlite import Store
from tracker.store.web_tables import ensure_web_tables


def worst_pain_by_day(store: Store, first: date | None, last: date | None) -> dict[date, int]:
    """Worst pain of each check-in in ``[first, last]`` (either may be open)."""
    if not store.has_table("checkin"):
        return {}
    lo = (first or date.min).isoformat()
    hi = (last or date.max).isoformat()
    with store.lock:
        rows = store.db.execute(
            "SELECT date, worst_pain FROM checkin WHERE date >= ? AND date <= ? ORDER BY date",
            (lo, hi),
        ).fetchall()
    return {date.fromisoformat(d): int(p) for d, p in rows}


def save_checkins(store: Store, entries: Sequence[CheckIn], *, now_ms: int) -> int:
    """Store every check-in in one transaction (each replaces one of its day); returns how
    many replaced an earlier check-in."""
    ensure_web_tables(store)
    with store.transaction() as db:
        days = [c.date.isoformat() for c in entries]
        replaced = 0
        for chunk in range(0, len(days), 500):
            part = days[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            replaced += int(
                db.execute(
                    f"SELECT count(*) FROM checkin WHERE date IN ({marks})", part
                ).fetchone()[0]
            )
        db.executemany(
            "INSERT OR REPLACE INTO checkin (date, pain, worst_pain, energy, note, saved_ms)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(c.date.isoformat(), c.pain, c.worst_pain, c.energy, c.note, now_ms) for c in entries],
        )
    return replaced


def checkins_saved_after(store: Store, saved_after_ms: int | None) -> list[CheckIn]:
    """Check-ins saved after a moment (all when None), for the InfluxDB mirror."""
    if not store.has_table("checkin"):
        return []
    lo = -(2**62) if saved_after_ms is None else saved_after_ms
    with store.lock:
        rows = store.db.execute(
            "SELECT date, pain, worst_pain, energy, note FROM checkin WHERE saved_ms > ?"
            " ORDER BY date",
            (lo,),
        ).fetchall()
    return [CheckIn(date.fromisoformat(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4]) for r in rows]
