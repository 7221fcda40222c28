"""Pure parts of the collector: backoff, cadence integration, allowlist, error text."""

from __future__ import annotations

import random

import pytest
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak.exc import BleakError
from hypothesis import given
from hypothesis import strategies as st

from tracker.ble.const import ERROR_TEXT_MAX_CHARS
from tracker.ble.link import error_text, matches
from tracker.ble.params import DeviceConfig
from tracker.ble.reconnect import CADENCE_MAX_GAP_MS, CadenceIntegrator
from tracker.domain.backoff import STABLE_CONNECTION_MS, Backoff, backoff_ceiling_s

# -- backoff -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(0, 1.0), (1, 2.0), (2, 4.0), (5, 32.0), (8, 256.0), (9, 300.0), (60, 300.0), (10**6, 300.0)],
)
def test_ceiling_doubles_then_caps(attempt: int, expected: float) -> None:
    assert backoff_ceiling_s(attempt, 1.0, 300.0) == expected


def test_ceiling_rejects_negative_attempt() -> None:
    with pytest.raises(ValueError):
        backoff_ceiling_s(-1, 1.0, 300.0)


@given(
    initial=st.floats(0.001, 10.0),
    factor=st.floats(1.0, 1000.0),
    seed=st.integers(0, 2**32),
    n=st.integers(1, 80),
)
def test_delays_stay_within_zero_and_ceiling(
    initial: float, factor: float, seed: int, n: int
) -> None:
    cap = initial * factor
    b = Backoff(initial, cap, random.Random(seed))
    for attempt in range(n):
        d = b.next_delay_s()
        assert 0.0 <= d <= backoff_ceiling_s(attempt, initial, cap) <= cap


def test_full_jitter_spreads_delays_over_the_whole_range() -> None:
    # Deep in the capped region every delay is uniform in [0, cap]: the spread must
    # reach both ends, otherwise devices dropped together reconnect in lock-step.
    b = Backoff(1.0, 100.0, random.Random(7))
    b.attempt = 20
    delays = [b.next_delay_s() for _ in range(2000)]
    assert min(delays) < 5.0
    assert max(delays) > 95.0
    assert 45.0 < sum(delays) / len(delays) < 55.0


def test_same_seed_same_delays_and_different_seed_differs() -> None:
    def delays(seed: int) -> list[float]:
        b = Backoff(1.0, 300.0, random.Random(seed))
        return [b.next_delay_s() for _ in range(10)]

    assert delays(1) == delays(1) != delays(2)


def test_long_connection_resets_backoff_short_one_does_not() -> None:
    b = Backoff(1.0, 300.0, random.Random(0))
    for _ in range(6):
        b.next_delay_s()
    b.after_connection(STABLE_CONNECTION_MS - 1)
    assert b.attempt == 6
    b.after_connection(STABLE_CONNECTION_MS)
    assert b.attempt == 0
    assert b.next_delay_s() <= 1.0


# -- cadence integration -----------------------------------------------------------------


def _integrate(events: list[tuple[int, float]], max_gap_ms: int = CADENCE_MAX_GAP_MS) -> int:
    integ = CadenceIntegrator(max_gap_ms)
    return sum(integ.update(t, c) for t, c in events)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param([(0, 120.0)], 0, id="first-notification-is-a-baseline"),
        pytest.param([(0, 120.0), (1000, 120.0)], 2, id="120spm-for-1s"),
        pytest.param([(0, 0.0), (1000, 90.0)], 1, id="cadence-of-the-interval-that-ended"),
        pytest.param([(0, 90.0), (1000, 0.0)], 0, id="stopped-during-the-interval"),
        pytest.param([(t * 1000, 100.0) for t in range(61)], 100, id="100spm-for-a-minute"),
        pytest.param([(t * 500, 75.0) for t in range(121)], 75, id="half-second-notifications"),
        pytest.param([(0, 100.0), (CADENCE_MAX_GAP_MS + 1, 100.0)], 0, id="gap-too-long"),
        pytest.param(
            [(0, 60.0), (CADENCE_MAX_GAP_MS, 60.0)],
            CADENCE_MAX_GAP_MS // 1000,
            id="gap-at-the-limit",
        ),
        pytest.param([(5000, 100.0), (4000, 100.0), (5000, 100.0)], 1, id="out-of-order"),
        pytest.param([(0, -5.0), (1000, -5.0)], 0, id="negative-cadence-is-zero"),
    ],
)
def test_cadence_integration(events: list[tuple[int, float]], expected: int) -> None:
    assert _integrate(events) == expected


def test_fractions_carry_exactly_over_many_notifications() -> None:
    # 100 spm at 1 Hz is 1.666... steps per notification; floats would lose a step per
    # minute here (0.1 + 0.1 + ... style rounding), exact integers do not.
    integ = CadenceIntegrator()
    per_minute = []
    t = 0
    for _minute in range(30):
        total = 0
        for _ in range(60):
            t += 1000
            total += integ.update(t, 100.0)
        per_minute.append(total)
    # The first notification only sets the baseline: 59 intervals of 5/3 steps make 98
    # whole steps and carry 1/3; every later minute is exactly 100.
    assert per_minute == [98] + [100] * 29


def test_interrupt_stops_integration_across_a_disconnect() -> None:
    integ = CadenceIntegrator()
    assert integ.update(0, 120.0) == 0
    assert integ.update(1000, 120.0) == 2
    integ.interrupt()
    # One second later but after a reconnect: nothing is invented for the gap.
    assert integ.update(2000, 120.0) == 0
    assert integ.update(3000, 120.0) == 2


@given(
    cadences=st.lists(st.integers(0, 255), min_size=2, max_size=200),
    dt_ms=st.integers(1, CADENCE_MAX_GAP_MS),
)
def test_total_matches_exact_integral_within_one_step(cadences: list[int], dt_ms: int) -> None:
    integ = CadenceIntegrator()
    total = sum(integ.update(i * dt_ms, float(c)) for i, c in enumerate(cadences))
    exact = sum(c * dt_ms for c in cadences[1:]) / 60_000
    assert total >= 0
    assert exact - 1 < total <= exact


# -- allowlist and error text --------------------------------------------------------------


def _adv(local_name: str | None) -> AdvertisementData:
    return AdvertisementData(
        local_name=local_name,
        manufacturer_data={},
        service_data={},
        service_uuids=[],
        tx_power=None,
        rssi=-60,
        platform_data=(),
    )


@pytest.mark.parametrize(
    ("config", "address", "name", "local_name", "expected"),
    [
        pytest.param(
            DeviceConfig("s", address="AA:BB:CC:00:00:01"),
            "aa:bb:cc:00:00:01",
            None,
            None,
            True,
            id="address-any-case",
        ),
        pytest.param(
            DeviceConfig("s", address="AA:BB:CC:00:00:01"),
            "AA:BB:CC:00:00:02",
            "Polar H10",
            "Polar H10",
            False,
            id="other-address",
        ),
        pytest.param(
            DeviceConfig("s", address="AA:BB:CC:00:00:01", name="Polar H10"),
            "AA:BB:CC:00:00:02",
            "Polar H10",
            "Polar H10",
            False,
            id="same-name-other-address-is-a-neighbour",
        ),
        pytest.param(
            DeviceConfig("w", name="InfiniTime"),
            "C0:00:00:00:00:09",
            None,
            "InfiniTime",
            True,
            id="advertised-name",
        ),
        pytest.param(
            DeviceConfig("w", name="InfiniTime"),
            "C0:00:00:00:00:09",
            "InfiniTime",
            None,
            True,
            id="os-name",
        ),
        pytest.param(
            DeviceConfig("w", name="InfiniTime"),
            "C0:00:00:00:00:09",
            "infinitime",
            "InfiniTime2",
            False,
            id="name-is-exact",
        ),
        pytest.param(
            DeviceConfig("w", name="InfiniTime"),
            "C0:00:00:00:00:09",
            None,
            None,
            False,
            id="no-name",
        ),
    ],
)
def test_allowlist_matching(
    config: DeviceConfig, address: str, name: str | None, local_name: str | None, expected: bool
) -> None:
    assert matches(config, BLEDevice(address, name, None), _adv(local_name)) is expected


def test_error_text_is_one_short_line() -> None:
    assert error_text(BleakError("[org.bluez.Error.InProgress] Operation already in progress")) == (
        "[org.bluez.Error.InProgress] Operation already in progress"
    )
    assert error_text(TimeoutError()) == "TimeoutError"
    long = error_text(BleakError("failed to discover services\n" + "advice; " * 100))
    assert "\n" not in long
    assert len(long) == ERROR_TEXT_MAX_CHARS
    assert long.startswith("failed to discover services advice;")
