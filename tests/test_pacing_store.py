"""The plan and logged sessions in the real SQLite store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from tracker.pacing.plan import make_plan
from tracker.pacing.sessions import SOURCE_LOGGED, Session
from tracker.store.plans import load_plan, log_session, logged_sessions, save_plan
from tracker.store.sqlite import Store


def test_plan_round_trips_exactly_and_the_newest_is_in_force(tmp_path: Path) -> None:
    first = make_plan(measurements=[25, 27, 28], goal=40, weeks=5, start_date=date(2026, 3, 2))
    second = make_plan(
        measurements=[13, 17.3, 19],
        goal=33.3,
        weeks=7,
        reduction=0.1,
        sessions_per_week=4,
        activity="fietsen",
        start_date=date(2026, 4, 6),
    )
    with Store.create(tmp_path / "data") as store:
        assert load_plan(store) is None
        save_plan(store, first)
        assert load_plan(store) == first
        save_plan(store, second)
    with Store.create(tmp_path / "data") as store:
        assert load_plan(store) == second  # floats, warnings and quotas exactly as set
        history = store.db.execute("SELECT COUNT(*) FROM pacing_plan").fetchone()[0]
    assert history == 2


def test_logged_sessions_round_trip_in_time_order(tmp_path: Path) -> None:
    brussels = timezone(timedelta(hours=1))
    later = Session(datetime(2026, 3, 4, 12, tzinfo=brussels), 25.5, SOURCE_LOGGED, "fietsen")
    earlier = Session(datetime(2026, 3, 3, 9, tzinfo=UTC), 20.0, SOURCE_LOGGED, "walking")
    with Store.create(tmp_path) as store:
        log_session(store, later)
        log_session(store, earlier)
        assert logged_sessions(store) == [earlier, later]
        assert logged_sessions(store, "fietsen") == [later]
        assert logged_sessions(store, "zwemmen") == []
