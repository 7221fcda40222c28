"""GATT codecs: spec and public test-suite vectors, every flag combination, fuzzing."""

from __future__ import annotations

import dataclasses
import itertools
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.ble import battery, device_information, heart_rate, infinitime
from tracker.ble.decoders import DECODERS, decode_to_json, decoder_for, normalize_uuid
from tracker.ble.heart_rate import HeartRateFlags, HeartRateMeasurement
from tracker.ble.infinitime import MotionValues, StepCounter, step_delta
from tracker.ble.rsc import RSCFlags, RSCMeasurement
from tracker.domain.errors import MalformedPayload, UnknownCharacteristic, UsageError

# --- Heart Rate Measurement 0x2A37 ---------------------------------------------------------

# Nordic Semiconductor's Android-BLE-Common-Library, HeartRateMeasurementDataCallbackTest
# (ble-common/src/test/java/.../callback/hr/): bytes → rate, contact, energy, raw RR.
NORDIC_HRM_VECTORS = [
    (bytes([0, 85]), 85, None, None, ()),
    (bytes([0x04, 0xFF]), 255, False, None, ()),
    (bytes([0b11110, 85, 50, 0, 33, 0]), 85, True, 50, (33,)),
    (bytes([0b11111, 1, 1, 50, 1, 1, 0, 2, 1, 0xFF, 0xFF]), 257, True, 306, (1, 258, 65535)),
]


@pytest.mark.parametrize(("data", "rate", "contact", "energy", "rr"), NORDIC_HRM_VECTORS)
def test_hrm_nordic_vectors(
    data: bytes, rate: int, contact: bool | None, energy: int | None, rr: tuple[int, ...]
) -> None:
    m = HeartRateMeasurement.from_bytes(data)
    assert (m.heart_rate_bpm, m.sensor_contact, m.energy_expended_kj, m.rr_intervals_raw) == (
        rate,
        contact,
        energy,
        rr,
    )
    assert m.rr_intervals_s == tuple(r / 1024 for r in rr)
    assert bytes(m) == data


def test_hrm_nordic_invalid_vector() -> None:
    # Same suite, onInvalidDataReceived: flags 0b10111 announce RR intervals, none follow.
    with pytest.raises(MalformedPayload, match="RR intervals but none follow"):
        HeartRateMeasurement.from_bytes(bytes([0b10111, 1, 1]))


def test_hrm_infinitime_flags_zero() -> None:
    # InfiniTime's HeartRateService notifies {0x00, bpm}: 00 48 is 72 bpm, contact unknown.
    m = HeartRateMeasurement.from_bytes(bytes.fromhex("0048"))
    assert m == HeartRateMeasurement(72)
    assert m.sensor_contact is None
    assert bytes(HeartRateMeasurement(72)) == bytes.fromhex("0048")


@pytest.mark.parametrize(
    ("flags", "contact"),
    [(0b000, None), (0b010, None), (0b100, False), (0b110, True)],
)
def test_hrm_sensor_contact_status_bits(flags: int, contact: bool | None) -> None:
    # HRS 1.0, 3.1.1.2: contact status is only meaningful when "supported" (bit 2) is set.
    assert HeartRateMeasurement.from_bytes(bytes([flags, 60])).sensor_contact is contact


def test_hrm_rr_seconds_are_raw_over_1024_unrounded() -> None:
    m = HeartRateMeasurement.from_bytes(bytes.fromhex("10 3c 01 04 33 03".replace(" ", "")))
    assert m.rr_intervals_raw == (0x0401, 0x0333)
    assert m.rr_intervals_s == (1025 / 1024, 819 / 1024)
    assert m.rr_intervals_s[1] == 0.7998046875


def _hrm_payload(flags: int) -> tuple[bytes, HeartRateMeasurement]:
    """A payload for ``flags`` with distinct field values, and what it must decode to."""
    rate = 0x0123 if flags & HeartRateFlags.HEART_RATE_VALUE_FORMAT_UINT16 else 0x5A
    data = bytes([flags]) + (
        struct.pack("<H", rate)
        if flags & HeartRateFlags.HEART_RATE_VALUE_FORMAT_UINT16
        else bytes([rate])
    )
    energy = None
    if flags & HeartRateFlags.ENERGY_EXPENDED_PRESENT:
        energy = 0xBEEF
        data += struct.pack("<H", energy)
    rr: tuple[int, ...] = ()
    if flags & HeartRateFlags.RR_INTERVAL_PRESENT:
        rr = (0x0300, 0x0401, 0xFFFF)
        data += struct.pack("<3H", *rr)
    contact = None
    if flags & HeartRateFlags.SENSOR_CONTACT_SUPPORTED:
        contact = bool(flags & HeartRateFlags.SENSOR_CONTACT_DETECTED)
    uint16 = bool(flags & HeartRateFlags.HEART_RATE_VALUE_FORMAT_UINT16)
    return data, HeartRateMeasurement(rate, contact, energy, rr, uint16)


@pytest.mark.parametrize("flags", range(32))
def test_hrm_every_flag_combination(flags: int) -> None:
    data, expected = _hrm_payload(flags)
    decoded = HeartRateMeasurement.from_bytes(data)
    assert decoded == expected
    assert HeartRateMeasurement.from_bytes(bytes(decoded)) == decoded
    contact_bits = flags & 0b110
    if contact_bits == 0b010:
        # "Detected" without "supported" means not supported: the canonical form drops it.
        assert bytes(decoded) == bytes([flags & ~0b010]) + data[1:]
    else:
        assert bytes(decoded) == data
    assert decoded.flags == flags & ~(0b010 if contact_bits == 0b010 else 0)


@pytest.mark.parametrize("flags", range(32))
def test_hrm_every_flag_combination_cut_short_or_padded(flags: int) -> None:
    data, expected = _hrm_payload(flags)
    rr_start = len(data) - 2 * len(expected.rr_intervals_raw)
    for cut in range(len(data)):
        if expected.rr_intervals_raw and cut > rr_start and (cut - rr_start) % 2 == 0:
            # Dropping whole RR intervals leaves a shorter, valid list.
            shorter = HeartRateMeasurement.from_bytes(data[:cut])
            assert shorter.rr_intervals_raw == expected.rr_intervals_raw[: (cut - rr_start) // 2]
            continue
        with pytest.raises(MalformedPayload):
            HeartRateMeasurement.from_bytes(data[:cut])
    # RR lists take any even count, so padding of one byte is always odd and malformed;
    # without RR any extra byte is a stray byte.
    with pytest.raises(MalformedPayload):
        HeartRateMeasurement.from_bytes(data + b"\x00")
    if not flags & HeartRateFlags.RR_INTERVAL_PRESENT:
        with pytest.raises(MalformedPayload, match="left over"):
            HeartRateMeasurement.from_bytes(data + b"\x00\x00")


@pytest.mark.parametrize(
    ("hex_payload", "problem"),
    [
        ("", "the payload is empty"),
        ("00", "no heart rate value after the flags"),
        ("01", "uint16 heart rate but no byte is left"),
        ("0148", "uint16 heart rate but 1 byte is left"),
        ("0848", "energy expended but no byte is left"),
        ("084801", "energy expended but 1 byte is left"),
        ("1048", "RR intervals but none follow"),
        ("104800", "RR intervals but 1 byte is left (each RR interval takes 2 bytes)"),
        ("1048000400", "RR intervals but 3 bytes are left"),
        ("004800", "1 byte left over after the last field"),
        ("01480000", "1 byte left over"),
        ("0c48ffff00", "1 byte left over"),
    ],
)
def test_hrm_malformed_messages(hex_payload: str, problem: str) -> None:
    with pytest.raises(MalformedPayload) as info:
        HeartRateMeasurement.from_bytes(bytes.fromhex(hex_payload))
    assert info.value.characteristic == "2A37"
    assert problem in info.value.problem
    assert str(info.value) == f"malformed 2A37 payload: {info.value.problem}"


@pytest.mark.parametrize("rfu", [0x20, 0x40, 0x80, 0xE0])
def test_hrm_reserved_flag_bits_are_ignored(rfu: int) -> None:
    # Receivers ignore RFU bits, so a future strap's measurement still decodes.
    assert HeartRateMeasurement.from_bytes(bytes([rfu | 0x10, 72, 0, 4])) == HeartRateMeasurement(
        72, rr_intervals_raw=(1024,)
    )


def test_hrm_fast_path_result_is_a_normal_frozen_value() -> None:
    decoded = HeartRateMeasurement.from_bytes(bytes.fromhex("1e5532002100"))
    built = HeartRateMeasurement(85, True, 50, (33,))
    assert decoded == built
    assert hash(decoded) == hash(built)
    assert repr(decoded) == repr(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.heart_rate_bpm = 1  # type: ignore[misc]


def test_hrm_uint16_format_kept_for_small_rates_and_forced_for_large() -> None:
    assert bytes(HeartRateMeasurement(72, uint16_format=True)) == bytes.fromhex("014800")
    assert bytes(HeartRateMeasurement(256)) == bytes.fromhex("010001")


def test_hrm_from_values_rounds_seconds_to_1024ths() -> None:
    m = HeartRateMeasurement.from_values(
        60, sensor_contact=True, energy_expended_kj=7, rr_intervals_s=(1.0, 0.8)
    )
    assert m.rr_intervals_raw == (1024, 819)
    assert bytes(m) == bytes([0x1E, 60, 7, 0, 0x00, 0x04, 0x33, 0x03])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"heart_rate_bpm": -1},
        {"heart_rate_bpm": 0x10000},
        {"heart_rate_bpm": 60, "energy_expended_kj": 0x10000},
        {"heart_rate_bpm": 60, "rr_intervals_raw": (0x10000,)},
        {"heart_rate_bpm": 60, "rr_intervals_raw": (-1,)},
    ],
)
def test_hrm_range_checks(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="outside"):
        HeartRateMeasurement(**kwargs)  # type: ignore[arg-type]


def test_body_sensor_location() -> None:
    assert heart_rate.decode_body_sensor_location(b"\x01") == heart_rate.BodySensorLocation.CHEST
    assert heart_rate.encode_body_sensor_location(heart_rate.BodySensorLocation.FOOT) == b"\x06"
    assert decode_to_json("2a38", b"\x02") == {
        "body_sensor_location": "wrist",
        "body_sensor_location_code": 2,
    }
    assert decode_to_json("2a38", b"\x07")["body_sensor_location"] is None
    for bad in (b"", b"\x01\x01"):
        with pytest.raises(MalformedPayload, match="2A38"):
            heart_rate.decode_body_sensor_location(bad)


# --- RSC Measurement 0x2A53 ----------------------------------------------------------------


def test_rsc_nordic_vector() -> None:
    # Nordic Android-BLE-Common-Library, RunningSpeedAndCadenceMeasurementDataCallbackTest:
    # flags 7, speed 3 m/s, cadence 18, stride 86 cm, total distance 0xF0000001 dm.
    data = bytes([0x07]) + struct.pack("<HBHI", 3 * 256, 18, 86, 0xF0000001)
    m = RSCMeasurement.from_bytes(data)
    assert (m.speed_mps, m.cadence_spm, m.stride_length_cm, m.total_distance_dm, m.running) == (
        3.0,
        18,
        86,
        0xF0000001,
        True,
    )
    assert m.stride_length_m == 0.86
    assert m.total_distance_m == 0xF0000001 / 10
    assert bytes(m) == data
    # Same suite, invalid: the 4-byte distance is cut to 3 bytes (9 bytes in all).
    with pytest.raises(MalformedPayload, match="total distance but 3 bytes are left"):
        RSCMeasurement.from_bytes(data[:9])


def _rsc_payload(flags: int) -> tuple[bytes, RSCMeasurement]:
    data = bytes([flags]) + struct.pack("<HB", 0x0180, 0x64)
    stride = distance = None
    if flags & RSCFlags.INSTANTANEOUS_STRIDE_LENGTH_PRESENT:
        stride = 0x0102
        data += struct.pack("<H", stride)
    if flags & RSCFlags.TOTAL_DISTANCE_PRESENT:
        distance = 0x0A0B0C0D
        data += struct.pack("<I", distance)
    running = bool(flags & RSCFlags.WALKING_OR_RUNNING_STATUS)
    return data, RSCMeasurement(0x0180, 0x64, stride, distance, running)


@pytest.mark.parametrize("flags", range(8))
def test_rsc_every_flag_combination(flags: int) -> None:
    data, expected = _rsc_payload(flags)
    decoded = RSCMeasurement.from_bytes(data)
    assert decoded == expected
    assert decoded.speed_mps == 1.5
    assert bytes(decoded) == data
    assert decoded.flags == flags
    for cut in range(len(data)):
        with pytest.raises(MalformedPayload):
            RSCMeasurement.from_bytes(data[:cut])
    with pytest.raises(MalformedPayload, match="1 byte left over"):
        RSCMeasurement.from_bytes(data + b"\x00")


@pytest.mark.parametrize(
    ("hex_payload", "problem"),
    [
        ("", "the payload is empty"),
        ("00", "a payload of 1 byte is too short"),
        ("000001", "a payload of 3 bytes is too short"),
        ("0100010a", "stride length but no byte is left"),
        ("0100010a01", "stride length but 1 byte is left"),
        ("0200010a010203", "total distance but 3 bytes are left"),
        ("0300010a0100010203", "total distance but 3 bytes are left"),
        ("0400010a00", "1 byte left over"),
    ],
)
def test_rsc_malformed_messages(hex_payload: str, problem: str) -> None:
    with pytest.raises(MalformedPayload) as info:
        RSCMeasurement.from_bytes(bytes.fromhex(hex_payload))
    assert info.value.characteristic == "2A53"
    assert problem in info.value.problem


def test_rsc_reserved_flag_bits_are_ignored() -> None:
    assert RSCMeasurement.from_bytes(bytes.fromhex("f800010a")) == RSCMeasurement(256, 10)


def test_rsc_from_si() -> None:
    m = RSCMeasurement.from_si(1.25, 110, stride_length_m=0.72, total_distance_m=1500.0)
    assert (m.speed_raw, m.stride_length_cm, m.total_distance_dm, m.running) == (
        320,
        72,
        15000,
        False,
    )
    with pytest.raises(ValueError, match="cadence_spm"):
        RSCMeasurement(0, 256)


# --- Battery, Device Information, InfiniTime -------------------------------------------------


@pytest.mark.parametrize("percent", [0, 1, 57, 100])
def test_battery_level_round_trip(percent: int) -> None:
    data = battery.encode_battery_level(percent)
    assert data == bytes([percent])
    assert battery.decode_battery_level(data) == percent


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "expected 1 byte, got 0 bytes"),
        (b"\x10\x00", "expected 1 byte, got 2 bytes"),
        (b"\x65", "101 % is above 100 %"),
        (b"\xff", "255 % is above 100 %"),
    ],
)
def test_battery_level_malformed(data: bytes, problem: str) -> None:
    with pytest.raises(MalformedPayload, match=problem) as info:
        battery.decode_battery_level(data)
    assert info.value.characteristic == "2A19"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"PINE64", "PINE64"),
        (b"InfiniTime\x00\x00\x00", "InfiniTime"),
        ("Hartslagmeter \u00e9\u00e9n".encode(), "Hartslagmeter \u00e9\u00e9n"),
        (b"", ""),
        (b"a\x00b\x00", "a\x00b"),
    ],
)
def test_device_information_strings(data: bytes, text: str) -> None:
    assert device_information.decode_string("2A29", data) == text


@pytest.mark.parametrize("data", [b"\xff", b"abc\xc3", b"\xc3\x28", b"\xed\xa0\x80"])
def test_device_information_invalid_utf8(data: bytes) -> None:
    with pytest.raises(MalformedPayload, match="not valid UTF-8") as info:
        device_information.decode_string("2A26", data)
    assert info.value.characteristic == "2A26"


def test_step_count() -> None:
    assert infinitime.decode_step_count(bytes.fromhex("10270000")) == 10_000
    assert infinitime.decode_step_count(b"\xff\xff\xff\xff") == 0xFFFFFFFF
    assert infinitime.encode_step_count(4321) == struct.pack("<I", 4321)
    for bad in (b"", b"\x01", b"\x01\x02\x03", b"\x01\x02\x03\x04\x05"):
        with pytest.raises(MalformedPayload, match="expected 4 bytes"):
            infinitime.decode_step_count(bad)


def test_motion_values() -> None:
    m = MotionValues.from_bytes(struct.pack("<3h", -1024, 0, 32767))
    assert m == MotionValues(-1024, 0, 32767)
    assert bytes(m) == struct.pack("<3h", -1024, 0, 32767)
    with pytest.raises(MalformedPayload, match="expected 6 bytes, got 5 bytes"):
        MotionValues.from_bytes(b"\x00" * 5)
    with pytest.raises(ValueError, match="outside int16"):
        MotionValues(0, 0, 40000)


def test_step_counter_deltas_and_midnight_reset() -> None:
    counter = StepCounter()
    readings = [500, 500, 620, 1000, 12, 40, 40, 0, 7]
    deltas = [counter.update(r) for r in readings]
    # First reading is the baseline; the drops (1000 → 12, 40 → 0) are resets, so the
    # delta is the count since the reset, never negative.
    assert deltas == [None, 0, 120, 380, 12, 28, 0, 0, 7]
    assert counter.last == 7


def test_step_counter_resumes_from_a_known_value() -> None:
    counter = StepCounter(last=300)
    assert counter.update(450) == 150


@given(st.lists(st.integers(0, 0xFFFFFFFF), min_size=1, max_size=50))
def test_step_counter_never_negative_and_sums_increases(readings: list[int]) -> None:
    counter = StepCounter()
    deltas = [counter.update(r) for r in readings]
    assert deltas[0] is None
    for previous, current, delta in zip(readings[:-1], readings[1:], deltas[1:], strict=True):
        assert delta is not None and delta >= 0
        assert delta == (current - previous if current >= previous else current)
        assert step_delta(previous, current) == delta


# --- Registry -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "2a37",
        "2A37",
        "0x2A37",
        "0x2a37",
        " 2a37 ",
        "00002a37",
        "00002a37-0000-1000-8000-00805f9b34fb",
        "00002A37-0000-1000-8000-00805F9B34FB",
        "00002a3700001000800000805f9b34fb",
        "{00002a37-0000-1000-8000-00805f9b34fb}",
    ],
)
def test_normalize_uuid_spellings(spelling: str) -> None:
    assert normalize_uuid(spelling) == heart_rate.HEART_RATE_MEASUREMENT_UUID
    assert decoder_for(spelling) is DECODERS[heart_rate.HEART_RATE_MEASUREMENT_UUID]


def test_normalize_infinitime_uuid_case_insensitive() -> None:
    assert normalize_uuid("00030001-78FC-48FE-8E23-433B3A1942D0") == infinitime.STEP_COUNT_UUID
    assert decode_to_json(infinitime.STEP_COUNT_UUID.upper(), bytes(4)) == {"steps": 0}


@pytest.mark.parametrize("text", ["", "2a3", "2a3g", "0x", "hartslag", "00002a37-0000"])
def test_normalize_uuid_rejects_non_uuids(text: str) -> None:
    with pytest.raises(UsageError, match="not a Bluetooth UUID"):
        normalize_uuid(text)


def test_unknown_characteristic() -> None:
    with pytest.raises(UnknownCharacteristic, match="no decoder for characteristic 2A00"):
        decode_to_json("2a00", b"\x00")
    assert UnknownCharacteristic.exit_code == 2


def test_decode_to_json_contract_keys() -> None:
    assert decode_to_json("2a37", bytes.fromhex("1e5532002100")) == {
        "heart_rate_bpm": 85,
        "sensor_contact": True,
        "energy_expended_kj": 50,
        "rr_intervals_s": [33 / 1024],
    }
    assert decode_to_json("2a53", bytes.fromhex("0080016e")) == {
        "speed_mps": 1.5,
        "cadence_spm": 110,
        "stride_length_m": None,
        "total_distance_m": None,
        "running": False,
    }
    assert decode_to_json("2a19", b"\x4b") == {"battery_percent": 75}
    assert decode_to_json("2a29", b"PINE64\x00") == {"manufacturer_name": "PINE64"}
    assert decode_to_json("00030002-78fc-48fe-8e23-433b3a1942d0", bytes(6)) == {
        "x": 0,
        "y": 0,
        "z": 0,
    }


def test_every_device_information_string_is_registered() -> None:
    for entry in device_information.DEVICE_INFORMATION_STRINGS:
        assert decode_to_json(entry.label, b"x") == {entry.key: "x"}


# --- Fuzzing: only MalformedPayload may escape ---------------------------------------------


@pytest.mark.parametrize("uuid", sorted(DECODERS))
@settings(max_examples=examples(300), deadline=None)
@given(data=st.binary(max_size=24))
def test_fuzz_every_decoder_raises_only_malformed_payload(uuid: str, data: bytes) -> None:
    try:
        result = DECODERS[uuid].decode(data)
    except MalformedPayload as exc:
        assert exc.characteristic == DECODERS[uuid].label
        assert "\n" not in str(exc)
    else:
        assert isinstance(result, dict) and result


@settings(max_examples=examples(1000), deadline=None)
@given(data=st.binary(max_size=40))
def test_fuzz_hrm_valid_results_re_encode_canonically(data: bytes) -> None:
    try:
        m = HeartRateMeasurement.from_bytes(data)
    except MalformedPayload:
        return
    flags = data[0]
    canonical = flags & 0xE0 == 0 and flags & 0b110 != 0b010
    if canonical:
        assert bytes(m) == data
    else:
        assert HeartRateMeasurement.from_bytes(bytes(m)) == m


@settings(max_examples=examples(1000), deadline=None)
@given(data=st.binary(max_size=16))
def test_fuzz_rsc_valid_results_re_encode_canonically(data: bytes) -> None:
    try:
        m = RSCMeasurement.from_bytes(data)
    except MalformedPayload:
        return
    if data[0] & 0xF8 == 0:
        assert bytes(m) == data
    else:
        assert bytes(m) == bytes([data[0] & 0x07]) + data[1:]


u16 = st.integers(0, 0xFFFF)


@given(
    st.builds(
        HeartRateMeasurement,
        u16,
        st.none() | st.booleans(),
        st.none() | u16,
        st.lists(u16, max_size=9).map(tuple),
        st.booleans(),
    )
)
def test_hrm_any_value_round_trips(m: HeartRateMeasurement) -> None:
    assert HeartRateMeasurement.from_bytes(bytes(m)) == dataclasses.replace(
        m, uint16_format=m.uint16_format or m.heart_rate_bpm > 0xFF
    )


@given(
    st.builds(
        RSCMeasurement,
        u16,
        st.integers(0, 0xFF),
        st.none() | u16,
        st.none() | st.integers(0, 0xFFFFFFFF),
        st.booleans(),
    )
)
def test_rsc_any_value_round_trips(m: RSCMeasurement) -> None:
    assert RSCMeasurement.from_bytes(bytes(m)) == m


def test_layout_cache_gives_the_same_answer_twice() -> None:
    for flags, _ in itertools.product(range(32), range(2)):
        data, expected = _hrm_payload(flags)
        assert HeartRateMeasurement.from_bytes(data) == expected


@pytest.mark.parametrize("uuid", sorted(DECODERS))
@settings(max_examples=examples(100), deadline=None)
@given(data=st.binary(max_size=24))
def test_fuzz_bytearray_decodes_like_bytes(uuid: str, data: bytes) -> None:
    # bleak hands notification callbacks a bytearray, reads return bytearray too.
    decode = DECODERS[uuid].decode
    try:
        expected: object = decode(data)
    except MalformedPayload as exc:
        expected = str(exc)
    try:
        got: object = decode(bytearray(data))
    except MalformedPayload as exc:
        got = str(exc)
    assert got == expected
