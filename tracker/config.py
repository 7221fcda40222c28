"""Configuration: one TOML file, checked completely before anything starts.

Each section is a frozen dataclass owned by the part of the program that uses it (its
defaults cite their source there). This module only knows how to read a TOML table into
such a dataclass strictly: an unknown key, a wrong type or an impossible value is a
:class:`~tracker.domain.errors.ConfigError` naming the key, and nothing is started.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.analysis.params import AnalysisParams
from tracker.domain.errors import ConfigError, ConfigValueError
from tracker.pacing.params import PacingParams

T = TypeVar("T")

DEFAULT_DATA_DIR = Path("~/.local/share/tracker")


@dataclass(frozen=True, slots=True)
class TrackerSection:
    """``[tracker]``: whose data this is and where it lives."""

    person: str = "me"
    data_dir: str = str(DEFAULT_DATA_DIR)
    # IANA zone for calendar days; "" means the hub's local zone.
    timezone: str = ""

    def __post_init__(self) -> None:
        if not self.person.strip():
            raise ConfigValueError("person", "must not be empty")
        if self.timezone:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ConfigValueError(
                    "timezone", f"unknown time zone {self.timezone!r} (use an IANA name)"
                ) from exc

    @property
    def zone(self) -> tzinfo | None:
        """The configured zone; None = the hub's local zone. Checked at load."""
        return ZoneInfo(self.timezone) if self.timezone else None

    @property
    def data_path(self) -> Path:
        return Path(os.path.expanduser(self.data_dir))


@dataclass(frozen=True, slots=True)
class DeviceConfig:
    """``[[devices]]``: one of the person's own wearables (the allowlist)."""

    # Stable identifier used in the store and as the InfluxDB ``device`` tag.
    id: str
    address: str = ""
    name: str = ""
    # Count steps from the accelerometer of a Polar H10, OH1 or Verity Sense (PMD service).
    pmd_steps: bool = False

    def __post_init__(self) -> None:
        if not self.id.strip() or any(c in self.id for c in " ,=\\\"'"):
            raise ConfigValueError("id", "must be a non-empty word without spaces or , = quotes")
        if not self.address and not self.name:
            raise ConfigValueError("address", "give the device's address or advertised name")


@dataclass(frozen=True, slots=True)
class CollectorParams:
    """``[collector]``: connection handling."""

    # Battery drains slowly; one read every 10 minutes costs nothing and shows trends.
    battery_interval_s: float = 600.0
    # First reconnect delay; short because most drops are momentary radio hiccups.
    reconnect_initial_backoff_s: float = 1.0
    # Cap so that a watch that comes back in range is picked up within 5 minutes.
    reconnect_max_backoff_s: float = 300.0
    # Time to find an allowed device in a scan before backing off.
    scan_timeout_s: float = 20.0
    # How often the store writer commits: the kill -9 loss bound.
    commit_interval_s: float = 1.0

    def __post_init__(self) -> None:
        for name in (
            "battery_interval_s",
            "reconnect_initial_backoff_s",
            "reconnect_max_backoff_s",
            "scan_timeout_s",
            "commit_interval_s",
        ):
            if getattr(self, name) <= 0:
                raise ConfigValueError(name, "must be greater than 0")
        if self.reconnect_max_backoff_s < self.reconnect_initial_backoff_s:
            raise ConfigValueError(
                "reconnect_max_backoff_s", "must be at least reconnect_initial_backoff_s"
            )
        if self.commit_interval_s > 1.0:
            raise ConfigValueError("commit_interval_s", "must be at most 1 second")


@dataclass(frozen=True, slots=True)
class Config:
    tracker: TrackerSection = field(default_factory=TrackerSection)
    devices: tuple[DeviceConfig, ...] = ()
    collector: CollectorParams = field(default_factory=CollectorParams)
    analysis: AnalysisParams = field(default_factory=AnalysisParams)
    pacing: PacingParams = field(default_factory=PacingParams)
    # Optional sections: None when absent from the file.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> Any:
        """An optional section registered in :data:`OPTIONAL_SECTIONS`, or None."""
        return self.extra.get(name)


def _optional_sections() -> dict[str, type[Any]]:
    """Sections that may be absent; imported here so each stays with its owner."""
    from tracker.store.influx_config import InfluxConfig

    sections: dict[str, type[Any]] = {"influxdb": InfluxConfig}
    for name, module, cls in OPTIONAL_SECTION_PATHS:
        mod = __import__(module, fromlist=[cls])
        sections[name] = getattr(mod, cls)
    return sections


# (section, module, class) of further optional sections, added as parts arrive.
OPTIONAL_SECTION_PATHS: tuple[tuple[str, str, str], ...] = (
    ("alerts", "tracker.alerts.config", "AlertsConfig"),
    ("report", "tracker.report.config", "ReportConfig"),
)


def _type_name(tp: Any) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
    if tp in names:
        return names[tp]
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        return "a list"
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_type_name(a) for a in typing.get_args(tp) if a is not type(None))
    return getattr(tp, "__name__", str(tp))


def _coerce(key: str, value: Any, tp: Any) -> Any:
    """Check ``value`` against ``tp`` (TOML types only); ints are accepted as floats."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(tp)
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(key, value, arg)
            except ConfigError:
                continue
        raise ConfigError(key, f"must be {_type_name(tp)}, not {value!r}")
    if origin in (list, tuple):
        (item_tp, *_) = typing.get_args(tp) or (Any,)
        if not isinstance(value, list):
            raise ConfigError(key, f"must be a list, not {value!r}")
        items = [_coerce(f"{key}[{i}]", v, item_tp) for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if tp is Any:
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, f"must be true or false, not {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(key, f"must be a number, not {value!r}")
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(key, f"must be a whole number, not {value!r}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(key, f"must be a string, not {value!r}")
        return value
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise ConfigError(key, "must be a table")
        return load_section(tp, value, key)
    raise ConfigError(key, f"has an unsupported type {tp!r}")  # pragma: no cover


def load_section(cls: type[T], table: Mapping[str, Any], prefix: str) -> T:
    """Build dataclass ``cls`` from a TOML table, strictly."""
    if not isinstance(table, Mapping):
        raise ConfigError(prefix, "must be a table ([section])")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(full, f"unknown key (known keys: {known})")
        kwargs[key] = _coerce(full, value, hints[key])
    missing = [
        name
        for name, f in fields.items()
        if name not in kwargs
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{prefix}.{missing[0]}" if prefix else missing[0], "is required")
    try:
        return cls(**kwargs)
    except ConfigValueError as exc:
        raise ConfigError(f"{prefix}.{exc.key}" if prefix else exc.key, exc.problem) from exc


def parse_config(data: Mapping[str, Any]) -> Config:
    optional = _optional_sections()
    known = {"tracker", "devices", "collector", "analysis", "pacing", *optional}
    for key in data:
        if key not in known:
            raise ConfigError(key, f"unknown section (known: {', '.join(sorted(known))})")
    devices_raw = data.get("devices", [])
    if not isinstance(devices_raw, list):
        raise ConfigError("devices", "must be a list of [[devices]] tables")
    devices = tuple(
        load_section(DeviceConfig, d, f"devices[{i}]") for i, d in enumerate(devices_raw)
    )
    seen: set[str] = set()
    for i, dev in enumerate(devices):
        if dev.id in seen:
            raise ConfigError(f"devices[{i}].id", f"duplicate device id {dev.id!r}")
        seen.add(dev.id)
    extra = {
        name: load_section(cls, data[name], name) for name, cls in optional.items() if name in data
    }
    return Config(
        tracker=load_section(TrackerSection, data.get("tracker", {}), "tracker"),
        devices=devices,
        collector=load_section(CollectorParams, data.get("collector", {}), "collector"),
        analysis=load_section(AnalysisParams, data.get("analysis", {}), "analysis"),
        pacing=load_section(PacingParams, data.get("pacing", {}), "pacing"),
        extra=extra,
    )


def load_config(path: str | Path | None) -> Config:
    """Read and check a config file; ``None`` gives the defaults."""
    if path is None:
        return parse_config({})
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError("", f"cannot read {p}: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError("", f"{p} is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("", f"{p} is not valid TOML: {exc}") from exc
    return parse_config(data)
