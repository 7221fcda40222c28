"""Alerts: boom-bust cycles, plan stagnation, break nudges and absent devices, delivered
through apprise and MQTT (with Home Assistant discovery) from a persisted queue."""

from typing import TYPE_CHECKING, Any

from tracker.alerts.events import (
    AlertEvent,
    BreakNudge,
    CycleConfirmed,
    DayNumbers,
    DeviceAbsent,
    PlanStagnating,
    PlanWeekNumbers,
    WeeklyReportReady,
)
from tracker.alerts.state import DeviceState, HubState

if TYPE_CHECKING:
    from tracker.alerts.alerter import Alerter


def __getattr__(name: str) -> Any:
    # Lazy: loading the config imports tracker.config.alerts, which must stay light.
    if name == "Alerter":
        from tracker.alerts.alerter import Alerter

        return Alerter
    raise AttributeError(name)


__all__ = [
    "AlertEvent",
    "Alerter",
    "BreakNudge",
    "CycleConfirmed",
    "DayNumbers",
    "DeviceAbsent",
    "DeviceState",
    "HubState",
    "PlanStagnating",
    "PlanWeekNumbers",
    "WeeklyReportReady",
]
