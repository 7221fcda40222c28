"""Shared fixtures: a fresh store, and the real servers some tests talk to.

The servers (VictoriaMetrics for the InfluxDB write API, mosquitto for MQTT) are started
on free loopback ports by the fixtures below and stopped after; tests that use them, the
emulated Bluetooth stack or a browser are marked ``slow`` (``pytest -m "not slow"`` is the
fast loop; CI runs everything).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures_mosquitto import mosquitto, mosquitto_auth, mosquitto_tls
from tests.fixtures_victoria import victoria, victoria_auth
from tests.scenarios import BRUSSELS
from tracker.store.sqlite import Store

# Fixtures defined elsewhere, registered here for every test module.
__all__ = ["mosquitto", "mosquitto_auth", "mosquitto_tls", "victoria", "victoria_auth"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new, empty store whose calendar days are Brussels days."""
    s = Store.create(tmp_path / "data", tz=BRUSSELS)
    yield s
    s.close()
