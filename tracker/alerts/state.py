"""What the hub shows on Home Assistant: today's numbers and each device's health."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Day types as the analysis names them; "learning" while the baseline is still forming.
DAY_TYPES = ("learning", "no_data", "normal", "boom", "bust")


@dataclass(frozen=True, slots=True)
class DeviceState:
    device: str
    connected: bool
    battery_percent: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "connected": "ON" if self.connected else "OFF",
            "battery": self.battery_percent,
        }


@dataclass(frozen=True, slots=True)
class HubState:
    """A snapshot the daemon publishes whenever its numbers change.

    ``None`` means unknown (shown as "unknown" in Home Assistant): no baseline during the
    learning period, no plan adherence without a plan.
    """

    steps_today: int
    active_minutes_today: int
    baseline_minutes: float | None = None
    day_type: str | None = None
    # Done / planned minutes this week, in percent.
    plan_adherence_percent: float | None = None
    devices: tuple[DeviceState, ...] = ()
    # A relaxation exercise started (hub page or Home Assistant) and not yet stopped.
    relaxation_running: bool = False

    def __post_init__(self) -> None:
        if self.day_type is not None and self.day_type not in DAY_TYPES:
            raise ValueError(f"day_type must be one of {DAY_TYPES}, not {self.day_type!r}")

    def to_json(self) -> dict[str, Any]:
        return {
            "steps_today": self.steps_today,
            "active_minutes_today": self.active_minutes_today,
            "baseline_minutes": (
                None if self.baseline_minutes is None else round(self.baseline_minutes, 1)
            ),
            "day_type": self.day_type,
            "plan_adherence_percent": (
                None
                if self.plan_adherence_percent is None
                else round(self.plan_adherence_percent, 1)
            ),
            "relaxation": "ON" if self.relaxation_running else "OFF",
        }
