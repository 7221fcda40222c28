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
from typing import TYPE_CHECKING

import pytest

from tests.fixtures_mosquitto import mosquitto, mosquitto_auth, mosquitto_tls
from tests.fixtures_victoria import victoria, victoria_auth
from tests.scenarios import BRUSSELS
from tracker.store.sqlite import Store

if TYPE_CHECKING:
    from tests.stores import RealStore

# Fixtures defined elsewhere, registered here for every test module.
__all__ = ["mosquitto", "mosquitto_auth", "mosquitto_tls", "victoria", "victoria_auth"]
SERVER_FIXTURES = frozenset(__all__)


def pytest_configure(config: pytest.Config) -> None:
    """The fast loop (``-m "not slow"``) runs the property and fuzz tests on the quick
    profile (tests/hypothesis_budget.py); the full suite on each test's own number."""
    if "not slow" in (config.option.markexpr or "") and not config.getoption(
        "hypothesis_profile", None
    ):
        from hypothesis import settings

        from tests.hypothesis_budget import QUICK

        settings.load_profile(QUICK)


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


@pytest.fixture(scope="session")
def real_template(tmp_path_factory: pytest.TempPathFactory) -> RealStore:
    """The store of a hub after weeks of use (tests/stores.py), built once per run."""
    from tests.stores import build_real_store

    return build_real_store(tmp_path_factory.mktemp("real-template") / "data")


@pytest.fixture(scope="module")
def real(real_template: RealStore, tmp_path_factory: pytest.TempPathFactory) -> RealStore:
    """A module's own copy of :func:`real_template` (its tests read it, or copy it again)."""
    from tests.stores import copy_store

    return copy_store(real_template, tmp_path_factory.mktemp("real") / "data")
