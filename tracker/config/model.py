"""Configuration: one TOML file, checked completely before anything starts.

Each section is a frozen dataclass owned by the part of the program that uses it, whose
defaults cite their source there: ``[analysis]`` and ``[pacing]`` by the core,
``[[devices]]`` and ``[collector]`` by the collector, ``[influxdb]``, ``[alerts]`` and
``[report]`` here in :mod:`tracker.config`. An unknown key, a wrong type or an impossible
value is a :class:`~tracker.domain.errors.ConfigError` naming the key; every problem in
the file is collected, so ``tracker check-config`` can show them all at once.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.analysis.params import AnalysisParams
from tracker.ble.params import CollectorParams, DeviceConfig
from tracker.config.alerts import AlertsConfig
from tracker.config.imports import ImportConfig
from tracker.config.influx import InfluxConfig
from tracker.config.loader import load_section
from tracker.config.report import ReportConfig
from tracker.config.secrets import readable_by_others, url_secrets
from tracker.config.web import WebConfig
from tracker.domain.errors import ConfigError, ConfigValueError
from tracker.domain.localtime import hub_zone
from tracker.pacing.params import PacingParams

T = TypeVar("T")

DEFAULT_DATA_DIR = Path("~/.local/share/tracker")
SECTIONS = (
    "tracker",
    "devices",
    "collector",
    "analysis",
    "pacing",
    "influxdb",
    "alerts",
    "report",
    "web",
    "import",
)


@dataclass(frozen=True, slots=True)
class TrackerSection:
    """``[tracker]``: whose data this is and where it lives."""

    person: str = "me"
    data_dir: str = str(DEFAULT_DATA_DIR)
    # IANA zone for calendar days; "" means the hub's own zone (tracker.domain.localtime).
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
    def data_path(self) -> Path:
        return Path(os.path.expanduser(self.data_dir))


@dataclass(frozen=True, slots=True)
class Config:
    tracker: TrackerSection = field(default_factory=TrackerSection)
    devices: tuple[DeviceConfig, ...] = ()
    collector: CollectorParams = field(default_factory=CollectorParams)
    analysis: AnalysisParams = field(default_factory=AnalysisParams)
    pacing: PacingParams = field(default_factory=PacingParams)
    # Optional sections: None when absent from the file.
    influxdb: InfluxConfig | None = None
    alerts: AlertsConfig | None = None
    report: ReportConfig | None = None
    web: WebConfig | None = None
    imports: ImportConfig | None = None
    # The zone of calendar days, resolved once: [tracker] timezone, else the hub's zone.
    zone: tzinfo = field(default_factory=hub_zone)


def parse_config(data: Mapping[str, Any]) -> Config:
    """Check every section; all problems are collected into one :class:`ConfigError`."""
    problems: list[ConfigError] = []

    def section(cls: Callable[..., T], key: str, default: T) -> T:
        try:
            return load_section(cls, data.get(key, {}), key)  # type: ignore[arg-type]
        except ConfigError as exc:
            problems.extend(exc.problems)
            return default

    def optional(cls: Callable[..., T], key: str) -> T | None:
        if key not in data:
            return None
        try:
            return load_section(cls, data[key], key)  # type: ignore[arg-type]
        except ConfigError as exc:
            problems.extend(exc.problems)
            return None

    for key in data:
        if key not in SECTIONS:
            problems.append(ConfigError(key, f"unknown section (known: {', '.join(SECTIONS)})"))
    devices = _devices(data.get("devices", []), problems)
    tracker = section(TrackerSection, "tracker", TrackerSection())
    config = Config(
        tracker=tracker,
        devices=devices,
        collector=section(CollectorParams, "collector", CollectorParams()),
        analysis=section(AnalysisParams, "analysis", AnalysisParams()),
        pacing=section(PacingParams, "pacing", PacingParams()),
        influxdb=optional(InfluxConfig, "influxdb"),
        alerts=optional(AlertsConfig, "alerts"),
        report=optional(ReportConfig, "report"),
        web=optional(WebConfig, "web"),
        # [import] is a Python keyword: the field is ``imports``.
        imports=optional(ImportConfig, "import"),
        zone=ZoneInfo(tracker.timezone) if tracker.timezone else hub_zone(),
    )
    if problems:
        raise ConfigError.collect(problems)
    return config


def _devices(raw: Any, problems: list[ConfigError]) -> tuple[DeviceConfig, ...]:
    if not isinstance(raw, list):
        problems.append(ConfigError("devices", "must be a list of [[devices]] tables"))
        return ()
    devices: list[DeviceConfig] = []
    seen: set[str] = set()
    for i, table in enumerate(raw):
        try:
            dev = load_section(DeviceConfig, table, f"devices[{i}]")
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        if dev.id in seen:
            problems.append(ConfigError(f"devices[{i}].id", f"duplicate device id {dev.id!r}"))
        seen.add(dev.id)
        devices.append(dev)
    return tuple(devices)


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
    config = parse_config(data)
    check_inline_secrets(p, config)
    return config


def check_inline_secrets(path: Path, config: Config) -> None:
    """Refuse secrets written into a configuration file other users can read, as a
    readable ``token_file`` or ``password_file`` is refused: the first such key is a
    :class:`ConfigError` that says how to fix it."""
    inline: list[tuple[str, str]] = []
    influx = config.influxdb
    if influx is not None and influx.token:
        inline.append(("influxdb.token", "move it to a token_file only you can read"))
    if influx is not None and url_secrets(influx.url):
        inline.append(
            (
                "influxdb.url",
                "take the user and password out of the URL (they are not sent: "
                "InfluxDB 1.8 takes them as a token_file holding user:password)",
            )
        )
    alerts = config.alerts
    if alerts is not None and alerts.mqtt.password:
        inline.append(("alerts.mqtt.password", "move it to a password_file only you can read"))
    if not inline:
        return
    try:
        why = readable_by_others(path)
    except OSError:
        return  # it was just read: gone since, nothing left to protect
    if why:
        key, fix = inline[0]
        raise ConfigError(
            key,
            f"holds a secret, and {path} can be read by other users ({why}): "
            f"{fix}, or run: chmod 600 {path}",
        )
