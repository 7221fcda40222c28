"""Shared fixtures: a fresh store, and the real servers some tests talk to.

The servers (VictoriaMetrics for the InfluxDB write API, mosquitto for MQTT) are started
on free loopback ports by the fixtures below and stopped after. A test that uses one of
them is ``slow`` by that alone (:func:`pytest_collection_modifyitems`); modules about the
emulated Bluetooth stack, a browser or the daemon as a process mark themselves ``slow``.
``pytest -m "not slow"`` is the fast loop; CI runs everything.
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
SERVER_FIXTURES = frozenset(__all__)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that starts a real server is slow, wherever it is."""
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new, empty store whose calendar days are Brussels days."""
    s = Store.create(tmp_path / "data", tz=BRUSSELS)
    yield s
    s.close()
