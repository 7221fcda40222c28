"""Today's numbers as Home Assistant sees them (the numbers are :mod:`tracker.app.today`)."""

from __future__ import annotations

from tracker.alerts.state import DeviceState, HubState
from tracker.app.relaxation_control import running
from tracker.app.today import today_numbers
from tracker.config import Config
from tracker.store.sqlite import Store

PERCENT = 100.0


def build_hub_state(store: Store, config: Config, *, now_ms: int) -> HubState:
    """The snapshot to publish now."""
    today = today_numbers(store, config, now_ms=now_ms)
    week = today.plan_week
    return HubState(
        steps_today=today.steps,
        active_minutes_today=today.active_minutes,
        baseline_minutes=today.baseline_minutes,
        day_type=str(today.day_type) if today.day_type is not None else None,
        plan_adherence_percent=None if week is None else week.adherence * PERCENT,
        devices=tuple(DeviceState(d.device, d.connected, d.battery_percent) for d in today.devices),
        relaxation_running=running(store) is not None,
    )
