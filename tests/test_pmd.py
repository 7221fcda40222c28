"""Polar PMD codec: Polar's published SDK test vectors, a real sensor's frame, round trips of
every encoder, and fuzzing (only MalformedPayload may escape a decoder)."""

from __future__ import annotations

import contextlib
import struct
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.ble import pmd_control, pmd_data
from tracker.ble.pmd import MeasurementType
from tracker.ble.pmd_control import (
    ControlPointRequest,
    ControlPointResponse,
    MeasurementStopped,
    OpCode,
    PmdSettings,
    ResponseStatus,
    decode_control_point_indication,
    decode_features,
    encode_features,
)
from tracker.ble.pmd_data import AccFrame, FrameHeader, decode_acc_frame, encode_acc_frame
from tracker.domain.errors import MalformedPayload

# --- Polar BLE SDK, AccDataTest.kt (android-communications, pmd/model) ----------------------

# "process acc raw data frame type 1": header 02 | 00 94 35 77 00 00 00 00 | 01, then 16-bit
# x y z samples; the first two are (-9, -1, 999) and (-8, -2, 997).
ACC_RAW_TYPE1 = bytes.fromhex("02 00943577 00000000 01") + bytes.fromhex(
    "F7FFFFFFE703 F8FFFEFFE503 F9FFFFFFE503 FAFFFFFFE603 FAFFFEFFE603 F9FFFFFFE503"
    "F8FFFFFFE603 F8FFFEFFE603 FAFFFFFFE503 FAFFFFFFE703 FAFFFFFFE503 F8FFFFFFE603"
    "F7FFFFFFE603 F8FFFEFFE603 F9FFFEFFE703 F9FF0000E603 F9FFFFFFE603 F7FFFEFFE503"
    "F9FFFFFFE503 F9FFFFFFE503 FAFF0000E603 F9FFFEFFE603 F8FFFFFFE603 F8FFFFFFE503"
    "F9FFFFFFE603 F9FFFFFFE503 FAFFFFFFE603 F9FFFFFFE503 F9FFFFFFE503 F8FFFEFFE603"
    "F9FFFFFFE603 F9FFFFFFE603 F9FF0000E503 F9FFFEFFE603 F8FFFEFFE603 F7FFFEFFE603"
)
# "process acc compressed data type 0": frame type 80, reference (1905, 27376, -29282),
# one block of 56 samples × 10-bit deltas; sample 1 = reference + (190, -105, -85). With the
# factor 2.44E-4 the samples are G: every one is within the 8 G range.
ACC_COMPRESSED_TYPE0 = bytes.fromhex("02 00943577 00000000 80") + bytes.fromhex(
    "7107F06A9E8D0A38BE5CBEBA2F96B3EE4BE5ADFB42B9EBBE4CFEBA2F92BFEE4BE4B1FB12B9ECBD3C3EBB"
    "2F8FD3DE4BE3B5F7D2B8EDBD307E7B2F8BE3CE8BE2BAF7A2B8EEBC20BE7B2F88F3CECBE1BDEF52F8EF"
    "BC18FE3B2F8403BFCBE0C2EF32B8F0BB044EBC2E8113AF0BE0C6EFF2F7F1B9FC7DBC2E7D279F4BDFCA"
    "EBC2F7F2B8ECCD7C2E7B378F4BDECEE392F7F3B8E00DFD2D774B7FCBDDD2DF6237F5B7D44DBD2D745B"
    "6FCBDCD7D73237F6B5C88D7D2D716B4F4BDCDCD3F236F7B4BCDDFD2C6F7B3F4BDBE0CFD236F8B2B02D"
    "BE2C6C8F1FCBDAE3C7A276F9"
)
ACC_COMPRESSED_TYPE0_FACTOR = 2.44e-4
# "process acc compressed data type 1": reference F1FF 1400 F003 = (-15, 20, 1008), one
# block of one sample of 6-bit deltas 7B 0F 08 = (-5, -3, 0).
ACC_COMPRESSED_TYPE1 = bytes.fromhex("02 6500000000000000 81 F1FF1400F003 0601 7B0F08")

# A Polar Verity Sense's first ACC frame after the start request below, as posted in
# polar-ble-sdk issue #443 (2024-02-23): compressed type 1, reference (750, -481, -126),
# then 8-bit deltas of which the first are 10 DA 20 = (+16, -38, +32).
VERITY_SENSE_FRAME = bytes.fromhex(
    "0200416FC41245930A81EE021FFE82FF080A10DA20D6A30BD9CBE7D6F6C4E6F1E1F3E0151AFE281BF8"
    "372C2520131911 0A2FED4FC07EF4E9BB6E800DC82FB03E14D1AFB07F16C4CC2087340354128BFF8D"
    "00C142FBE6D3DFB5E191532FBEF9ED43B03EFDDB9B903DF503605F7BFAD9DFAE000B24647040 12CC"
    "CFBF04E4C533B038084180EFC212EC178146FDFE5BB001F3D1D76F81FFCD7B0FC20136607F43D35F3F"
    "3F78CB06484EFF000EFC820551AB55E34A2D1D0C5FBDE858734DBDEBA0675102 0CC47041CA267FA0"
    "028919FE3F5F74E72244203F1566B0524D055CA41FBEE96800"
)
# The start request the issue (and polar-ble-sdk #331) sent, from the PMD specification's
# example: ACC, 52 Hz, 16 bits, ±8 G, 3 channels; the sensor answered F0 02 02 00 00.
VERITY_START_REQUEST = bytes.fromhex("02 02 00 01 3400 01 01 1000 02 01 0800 04 01 03")
VERITY_START_RESPONSE = bytes.fromhex("F0 02 02 00 00")


def test_polar_raw_type1_frame() -> None:
    frame = decode_acc_frame(ACC_RAW_TYPE1)
    assert frame.header == FrameHeader(MeasurementType.ACC, 2_000_000_000, 1, False)
    assert frame.samples.shape == ((len(ACC_RAW_TYPE1) - 10) // 6, 3)
    assert frame.samples[:2].tolist() == [[-9, -1, 999], [-8, -2, 997]]
    # Raw frames are mG whatever factor the stream has.
    assert frame.samples_mg(0.5)[0].tolist() == [-9.0, -1.0, 999.0]


def test_polar_compressed_type0_frame() -> None:
    frame = decode_acc_frame(ACC_COMPRESSED_TYPE0)
    assert frame.header == FrameHeader(MeasurementType.ACC, 2_000_000_000, 0, True)
    assert frame.samples.shape == (1 + 56, 3)  # the reference and 56 deltas
    s0 = [1905, 27376, -29282]
    assert frame.samples[0].tolist() == s0
    assert frame.samples[1].tolist() == [s0[0] + 190, s0[1] - 105, s0[2] - 85]
    # Polar's test: (factor * sample * 1000f).toInt(), in float32, for mG.
    factor = np.float32(ACC_COMPRESSED_TYPE0_FACTOR)
    mg = frame.samples_mg(float(factor))
    expected = (factor * frame.samples[:2].astype(np.float32) * np.float32(1000)).astype(int)
    assert np.trunc(mg[:2]).astype(int).tolist() == expected.tolist()
    assert np.abs(mg).max() <= 8 * 1000  # the 8 G range


def test_polar_compressed_type1_frame() -> None:
    frame = decode_acc_frame(ACC_COMPRESSED_TYPE1)
    assert frame.header == FrameHeader(MeasurementType.ACC, 101, 1, True)
    assert frame.samples.tolist() == [[-15, 20, 1008], [-20, 17, 1008]]
    assert frame.samples_mg().tolist() == [[-15, 20, 1008], [-20, 17, 1008]]


def test_a_real_verity_sense_frame() -> None:
    frame = decode_acc_frame(VERITY_SENSE_FRAME)
    assert len(VERITY_SENSE_FRAME) == 227
    assert (frame.header.frame_type, frame.header.compressed) == (1, True)
    # Every byte is used: a reference and delta blocks that end exactly at the frame's end.
    assert frame.samples.shape == (58, 3)
    assert frame.samples[:2].tolist() == [[750, -481, -126], [766, -519, -94]]
    # A worn sensor: about 1 G of gravity plus movement, never beyond its 8 G range.
    norms = np.linalg.norm(frame.samples_mg(), axis=1)
    assert norms.min() > 500 and norms.max() < 1500
    sent = datetime.fromtimestamp(frame.header.timestamp_unix_ns / 1e9, UTC)
    assert sent.date().isoformat() == "2024-02-23"  # the day the issue was posted


@pytest.mark.parametrize(
    ("data", "measurement", "timestamp_ns", "frame_type", "compressed"),
    [
        # BlePmdClientTest.kt: "process ecg data", "process ppg data", "process acc data".
        (bytes.fromhex("00 386C3172A4D3230D 03"), 0, 946833049921875000, 3, False),
        (bytes.fromhex("01 0000000000000070 80"), 1, 8070450532247928832, 0, True),
        (bytes.fromhex("02 0100000000000000 83"), 2, 1, 3, True),
    ],
)
def test_polar_frame_headers(
    data: bytes, measurement: int, timestamp_ns: int, frame_type: int, compressed: bool
) -> None:
    header = FrameHeader.from_bytes(data)
    assert header == FrameHeader(measurement, timestamp_ns, frame_type, compressed)
    assert bytes(header) == data


def test_acc_frame_types_polar_does_not_parse_are_malformed() -> None:
    # Polar's AccData throws "Compressed FrameType: TYPE_3 is not supported".
    with pytest.raises(MalformedPayload, match="compressed ACC frame type 3"):
        decode_acc_frame(bytes.fromhex("02 0100000000000000 83 00"))
    with pytest.raises(MalformedPayload, match="expected an accelerometer frame, got ECG"):
        decode_acc_frame(bytes.fromhex("00 386C3172A4D3230D 03 001203"))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "10-byte header, got 0 bytes"),
        (bytes.fromhex("02 0000000000000000 01"), "6-byte samples, but 0 bytes follow"),
        (bytes.fromhex("02 0000000000000000 01 0100"), "but 2 bytes follow"),
        (bytes.fromhex("02 0000000000000000 81 0100"), "6-byte reference sample"),
        (bytes.fromhex("02 0000000000000000 81 010002000300 06"), "has no sample count"),
        (bytes.fromhex("02 0000000000000000 81 010002000300 0001"), "width of 0 bits"),
        (bytes.fromhex("02 0000000000000000 81 010002000300 2101"), "width of 33 bits"),
        (bytes.fromhex("02 0000000000000000 81 010002000300 0602 7B0F"), "needs 5 bytes"),
        (bytes.fromhex("02 0000000000000000 05 00"), "raw ACC frame type 5"),
    ],
)
def test_malformed_acc_frames_say_what_is_wrong(data: bytes, problem: str) -> None:
    with pytest.raises(MalformedPayload, match=problem):
        decode_acc_frame(data)


def test_a_delta_block_of_no_samples_adds_none() -> None:
    frame = decode_acc_frame(bytes.fromhex("02 0000000000000000 81 010002000300 0800"))
    assert frame.samples.tolist() == [[1, 2, 3]]


# --- control point: PmdSettingTest.kt, BlePmdClientControlPointResponseTest.kt, issues --------


def test_polar_settings_with_range() -> None:
    data = bytes.fromhex("00 01 3400 01 01 1000 02 04 F500 F401 E803 D007 04 01 03")
    s = PmdSettings.from_bytes(data)
    assert s == PmdSettings((52,), (16,), (245, 500, 1000, 2000), (), (3,))
    assert bytes(s) == data


def test_polar_settings_with_range_milliunit() -> None:
    data = bytes.fromhex("03 02 FFFFFFFF FF000000 01 01 0E00")
    s = PmdSettings.from_bytes(data)
    assert s.ranges_milliunit == (-1, 0xFF)
    assert s.resolutions_bits == (14,)


def test_polar_settings_response() -> None:
    r = ControlPointResponse.from_bytes(bytes.fromhex("F0 01 02 00 00 FFFFFF"))
    assert (r.op_code, r.measurement_type, r.status, r.more) == (1, 2, 0, False)
    assert r.ok and r.status_name == "SUCCESS"
    assert r.parameters == b"\xff\xff\xff"


def test_polar_failing_response_is_named() -> None:
    r = ControlPointResponse.from_bytes(bytes.fromhex("F0 01 06 07 00"))
    assert (r.op_code, r.measurement_type) == (OpCode.GET_MEASUREMENT_SETTINGS, 6)
    assert not r.ok
    assert r.status == ResponseStatus.ERROR_INVALID_RESOLUTION
    assert r.status_name == "ERROR_INVALID_RESOLUTION"
    assert pmd_control.status_name(99) == "unknown status 99"


def test_the_verity_sense_start_exchange() -> None:
    request = pmd_control.start_measurement_request(
        MeasurementType.ACC, sample_rate_hz=52, resolution_bits=16, range_g=8, channels=3
    )
    assert request == VERITY_START_REQUEST
    decoded = ControlPointRequest.from_bytes(request)
    assert decoded.op_code == OpCode.REQUEST_MEASUREMENT_START
    assert decoded.settings == PmdSettings((52,), (16,), (8,), (), (3,))
    response = decode_control_point_indication(VERITY_START_RESPONSE)
    assert response == ControlPointResponse(2, 2, 0, False, b"")
    assert bytes(response) == VERITY_START_RESPONSE


def test_start_response_with_a_factor() -> None:
    params = bytes((pmd_control.SettingType.FACTOR, 1)) + struct.pack("<f", 2.44e-4)
    r = ControlPointResponse.from_bytes(bytes.fromhex("F0 02 02 00 00") + params)
    assert r.settings().factor == pytest.approx(2.44e-4, rel=1e-7)
    assert PmdSettings().factor is None


def test_short_requests() -> None:
    assert pmd_control.get_measurement_settings_request() == bytes.fromhex("01 02")
    assert pmd_control.stop_measurement_request() == bytes.fromhex("03 02")
    assert bytes(ControlPointRequest(OpCode.GET_MEASUREMENT_STATUS)) == b"\x05"
    offline = ControlPointRequest(OpCode.REQUEST_MEASUREMENT_START, 2, offline=True)
    assert bytes(offline) == b"\x02\x82"  # bit 7: offline recording


@pytest.mark.parametrize(
    ("data", "types"),
    [
        # H10 (polar-ble-sdk #360): ECG and ACC; OH1 (#213): PPG, ACC and PPI.
        (bytes.fromhex("0F05") + bytes(15), {MeasurementType.ECG, MeasurementType.ACC}),
        (bytes.fromhex("0F0E00"), {MeasurementType.PPG, MeasurementType.ACC, MeasurementType.PPI}),
    ],
)
def test_feature_reads(data: bytes, types: set[int]) -> None:
    assert decode_features(data) == types
    assert encode_features(types)[: len(data)].rstrip(b"\0") == data.rstrip(b"\0")
    assert len(encode_features(types)) == pmd_control.FEATURE_READ_BYTES


def test_the_sensor_stopping_a_stream() -> None:
    # BlePmdClientTest: "process measurement stop control point command": 01 01 02.
    assert decode_control_point_indication(b"\x01\x01\x02") == MeasurementStopped((1, 2))
    assert decode_control_point_indication(b"\x01") == MeasurementStopped(())
    assert bytes(MeasurementStopped((2,))) == b"\x01\x02"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xf0\x01\x02", "at least 4 bytes"),
        (b"\xe0\x01\x02\x00", "starts with F0, not E0"),
    ],
)
def test_malformed_responses(data: bytes, problem: str) -> None:
    with pytest.raises(MalformedPayload, match=problem):
        ControlPointResponse.from_bytes(data)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x00", "no value count"),
        (b"\x09\x01\x00", "unknown setting type 9"),
        (b"\x00\x02\x34\x00", "announces 2 values of 2 bytes but 2 bytes follow"),
    ],
)
def test_malformed_settings(data: bytes, problem: str) -> None:
    with pytest.raises(MalformedPayload, match=problem):
        PmdSettings.from_bytes(data)


def test_encoders_refuse_impossible_values() -> None:
    with pytest.raises(ValueError):
        PmdSettings(sample_rates_hz=(70_000,))
    with pytest.raises(ValueError):
        ControlPointRequest(OpCode.STOP_MEASUREMENT, 64)
    with pytest.raises(ValueError):
        encode_acc_frame(0, [[200, 0, 0]], frame_type=0, compressed=False)
    with pytest.raises(ValueError):
        encode_acc_frame(0, [[40_000, 0, 0]], frame_type=1, compressed=True)
    with pytest.raises(ValueError):
        encode_acc_frame(0, np.zeros((0, 3)))


# --- round trips ---------------------------------------------------------------------------

u16 = st.integers(0, 0xFFFF)
small = st.lists(u16, max_size=4).map(tuple)
factors = st.lists(st.floats(width=32, allow_nan=False, allow_infinity=False), max_size=2).map(
    tuple
)
settings_strategy = st.builds(
    PmdSettings,
    small,
    small,
    small,
    st.lists(st.integers(-(2**31), 2**31 - 1), max_size=3).map(tuple),
    st.lists(st.integers(0, 255), max_size=3).map(tuple),
    factors,
)


@settings(deadline=None)  # numpy work: a loaded CI machine is slow, not wrong
@given(settings_strategy)
def test_settings_round_trip(s: PmdSettings) -> None:
    assert PmdSettings.from_bytes(bytes(s)) == s


@settings(deadline=None)  # numpy work: a loaded CI machine is slow, not wrong
@given(st.integers(0, 255), st.integers(0, 63), settings_strategy, st.booleans())
def test_request_round_trip(op: int, measurement: int, s: PmdSettings, offline: bool) -> None:
    request = ControlPointRequest(op, measurement, s, offline)
    assert ControlPointRequest.from_bytes(bytes(request)) == request


@settings(deadline=None)  # numpy work: a loaded CI machine is slow, not wrong
@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.booleans(), st.binary())
def test_response_round_trip(op: int, kind: int, status: int, more: bool, params: bytes) -> None:
    response = ControlPointResponse(op, kind, status, more, params)
    assert ControlPointResponse.from_bytes(bytes(response)) == response


@settings(deadline=None)  # numpy work: a loaded CI machine is slow, not wrong
@given(st.integers(0, 63), st.integers(0, 2**64 - 1), st.integers(0, 127), st.booleans())
def test_header_round_trip(kind: int, timestamp: int, frame_type: int, compressed: bool) -> None:
    header = FrameHeader(kind, timestamp, frame_type, compressed)
    assert FrameHeader.from_bytes(bytes(header)) == header


def _acc_samples(bits: int) -> st.SearchStrategy[list[list[int]]]:
    value = st.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return st.lists(st.lists(value, min_size=3, max_size=3), min_size=1, max_size=80)


@pytest.mark.parametrize(("frame_type", "bits"), [(0, 8), (1, 16), (2, 24)])
@settings(deadline=None)  # numpy work: a loaded CI machine is slow, not wrong
@given(data=st.data())
def test_raw_frames_round_trip(frame_type: int, bits: int, data: st.DataObject) -> None:
    samples = data.draw(_acc_samples(bits))
    encoded = encode_acc_frame(123, samples, frame_type=frame_type, compressed=False)
    frame = decode_acc_frame(encoded)
    assert frame.header == FrameHeader(MeasurementType.ACC, 123, frame_type, False)
    assert frame.samples.tolist() == samples


@pytest.mark.parametrize("frame_type", [0, 1])
@settings(deadline=None)  # numpy work: a loaded CI machine is slow, not wrong
@given(samples=_acc_samples(16), block=st.integers(1, 255), timestamp=st.integers(0, 2**64 - 1))
def test_compressed_frames_round_trip(
    frame_type: int, samples: list[list[int]], block: int, timestamp: int
) -> None:
    encoded = encode_acc_frame(timestamp, samples, frame_type=frame_type, block_samples=block)
    frame = decode_acc_frame(encoded)
    assert frame.header == FrameHeader(MeasurementType.ACC, timestamp, frame_type, True)
    assert frame.samples.tolist() == samples


def test_compressed_encoding_gives_the_sensors_bytes_back() -> None:
    """With the sensor's own block layout our bit packing is the sensor's, byte for byte
    (sensors do not always pick the narrowest width: Polar's frame uses 10 bits for
    deltas that fit 9)."""
    polar = decode_acc_frame(ACC_COMPRESSED_TYPE0)
    again = encode_acc_frame(2_000_000_000, polar.samples, frame_type=0, blocks=[(56, 10)])
    assert again == ACC_COMPRESSED_TYPE0
    verity = decode_acc_frame(VERITY_SENSE_FRAME)
    blocks = [(10, 8), (47, 10)]
    assert encode_acc_frame(verity.header.timestamp_ns, verity.samples, blocks=blocks) == (
        VERITY_SENSE_FRAME
    )
    with pytest.raises(ValueError, match="need 9 bits"):
        encode_acc_frame(0, polar.samples, frame_type=0, blocks=[(56, 8)])


def test_delta_width() -> None:
    values = ([0], [-1], [1], [-2, 1], [2], [-129])
    widths = [pmd_data.delta_width_bits(np.array(v)) for v in values]
    assert widths == [1, 1, 2, 2, 3, 9]


# --- fuzzing: any bytes decode or raise MalformedPayload -----------------------------------

DECODERS = [
    decode_acc_frame,
    FrameHeader.from_bytes,
    ControlPointResponse.from_bytes,
    ControlPointRequest.from_bytes,
    decode_control_point_indication,
    decode_features,
    PmdSettings.from_bytes,
]


@pytest.mark.parametrize("decoder", DECODERS, ids=lambda d: d.__qualname__)
@settings(max_examples=examples(300), deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_only_malformed_payload_escapes(decoder: object, data: bytes) -> None:
    with contextlib.suppress(MalformedPayload):
        decoder(data)  # type: ignore[operator]


@settings(max_examples=examples(500), deadline=None)
@given(
    st.sampled_from([0x00, 0x01, 0x02, 0x80, 0x81, 0x82]),
    st.binary(max_size=400),
)
def test_fuzz_acc_frames_deep(frame_type: int, content: bytes) -> None:
    """Valid headers, random content: the delta parser itself must hold."""
    data = bytes((MeasurementType.ACC,)) + bytes(8) + bytes((frame_type,)) + content
    try:
        frame = decode_acc_frame(data)
    except MalformedPayload:
        return
    assert isinstance(frame, AccFrame)
    assert frame.samples.ndim == 2 and frame.samples.shape[1] == 3
    assert frame.samples.shape[0] >= 1
