"""What changed in the store, cheaply: the hub page keys its rendered weeks on it."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.store import derived
from tracker.store.plans import ensure_schema
from tracker.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class ChangeMarker:
    results_ms: int | None  # when stored results were last (re)computed
    plan_id: int | None  # the newest plan
    session_id: int | None  # the newest logged session
    newest_sample_ms: int | None  # the newest step or heart-rate sample


def change_marker(store: Store) -> ChangeMarker:
    """Four indexed look-ups (max of a primary key or an indexed time)."""
    has_plans = ensure_schema(store)
    with store.lock:
        db = store.db
        plan = session = None
        if has_plans:
            plan = db.execute("SELECT max(id) FROM pacing_plan").fetchone()[0]
            session = db.execute("SELECT max(id) FROM pacing_session").fetchone()[0]
        newest = db.execute(
            "SELECT max(t) FROM (SELECT max(time_ms) AS t FROM steps"
            " UNION ALL SELECT max(time_ms) FROM heart_rate)"
        ).fetchone()[0]
    return ChangeMarker(derived.last_computed_ms(store), plan, session, newest)
