"""What a collector hands to the store: decoded, timestamped, attributed samples.

Times are integer milliseconds since the Unix epoch (UTC); the store adds the local UTC
offset when it writes, so calendar days follow the hub's configured time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class HeartRateSample:
    device: str
    time_ms: int
    bpm: float
    # None when the sensor cannot detect skin contact (InfiniTime sends flags 0).
    contact: bool | None = None
    energy_kj: int | None = None
    rr_s: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class StepSample:
    """Steps taken since the previous sample of the same device (never negative)."""

    device: str
    time_ms: int
    steps: int
    cadence_spm: float | None = None


@dataclass(frozen=True, slots=True)
class BatterySample:
    device: str
    time_ms: int
    percent: int


class ConnectionState(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ConnectionEvent:
    device: str
    time_ms: int
    state: ConnectionState
    detail: str = ""


Sample = HeartRateSample | StepSample | BatterySample | ConnectionEvent
