"""The configuration file: typed sections, checked once at start (see :mod:`.model`)."""

from tracker.config.model import DEFAULT_DATA_DIR, Config, TrackerSection, load_config, parse_config

__all__ = ["DEFAULT_DATA_DIR", "Config", "TrackerSection", "load_config", "parse_config"]
