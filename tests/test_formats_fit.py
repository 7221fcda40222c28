"""FIT import: activity and monitoring files made by the SDK's Encoder (tests/fit_files.py)."""

from __future__ import annotations

import math
import struct
import tempfile
from collections import defaultdict
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from garmin_fit_sdk import FIELD_TYPE_TO_BASE_TYPE, Profile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fit_files import (
    BASE_TYPE_SIZES,
    GARMIN_NAME,
    MESG,
    RawField,
    Walk,
    activity,
    activity_file,
    at,
    device_info,
    encode,
    file_id,
    fit_s,
    hrv,
    monitoring,
    monitoring_info,
    raw_file,
    record,
    session,
    timer_start,
    unix_s,
    walk,
    with_crc,
)
from tests.hypothesis_budget import examples
from tracker.domain.errors import ImportFileError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.minutes import MAX_HEART_RATE_BPM, MAX_STEPS_PER_MINUTE, MIN_HEART_RATE_BPM
from tracker.domain.sources import Source, SourceKind
from tracker.formats.fit import looks_like_fit, read_fit

BRUSSELS = ZoneInfo("Europe/Brussels")
# Hypothesis tests write their files here (a function-scoped tmp_path is not theirs to use).
_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="fit-fuzz-"))


def read(tmp_path: Path, data: bytes, tz: ZoneInfo = BRUSSELS) -> list[ImportedMinutes]:
    path = tmp_path / "file.fit"
    path.write_bytes(data)
    return read_fit(path, tz)


def read_one(tmp_path: Path, data: bytes, tz: ZoneInfo = BRUSSELS) -> ImportedMinutes:
    [imported] = read(tmp_path, data, tz)
    return imported


def minute(fit_time: float) -> int:
    return int(unix_s(fit_time) // 60 * 60)


def hr_means(w: Walk) -> dict[int, float]:
    per_minute: defaultdict[int, list[int]] = defaultdict(list)
    for r in w.records:
        per_minute[minute(r["timestamp"])].append(r["heart_rate"])
    return {m: float(np.mean(v)) for m, v in per_minute.items()}


def steps_total(imported: ImportedMinutes) -> float:
    return float(np.nansum(imported.table.steps))


# --- the header ------------------------------------------------------------------------


def test_looks_like_fit_reads_the_header() -> None:
    data = encode([file_id()])
    assert looks_like_fit(data[:14])
    assert looks_like_fit(bytes([12]) + data[1:12])  # the older header without its CRC
    assert not looks_like_fit(bytes([13]) + data[1:14])
    assert not looks_like_fit(data[:8])
    assert not looks_like_fit(b"time,steps,heart_rate_bpm\n")
    assert not looks_like_fit(b"")


# --- activities ------------------------------------------------------------------------


def test_a_walk_gives_its_strides_as_steps_and_heart_rate_per_minute(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 8, 0, 30), 30 * 60)
    imported = read_one(tmp_path, activity_file(w))

    assert imported.source == Source(SourceKind.FIT, GARMIN_NAME)
    assert imported.beats is None
    table = imported.table
    strides = round(w.total_strides)
    assert steps_total(imported) == pytest.approx(2 * strides, rel=0.05)
    assert np.array_equal(table.steps, np.round(table.steps))
    # One row per minute of the activity, each with the mean of its records' heart rate.
    first, last = minute(w.start), minute(w.end)
    assert table.time_s.tolist() == list(range(first, last + 60, 60))
    means = hr_means(w)
    assert np.allclose(table.heart_rate_bpm, [means[t] for t in table.time_s.tolist()], atol=2)
    # The activity says it is UTC+2 (local_timestamp - timestamp).
    assert set(table.offset_s.tolist()) == {7200}


def test_a_short_walk_with_smart_recording_is_within_15_percent(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 12, 0, 10), 4 * 60, every_s=(1, 3, 2, 7, 5))
    imported = read_one(tmp_path, activity_file(w))
    assert steps_total(imported) == pytest.approx(2 * round(w.total_strides), rel=0.15)


def test_without_a_stride_total_steps_are_twice_the_cadence_integral(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 8), 20 * 60, every_s=(1, 2, 4))
    imported = read_one(tmp_path, activity_file(w, total_strides=False))
    cadence_integral = sum(
        (r["cadence"] + r["fractional_cadence"]) * (r["timestamp"] - prev["timestamp"]) / 60
        for prev, r in zip(w.records, w.records[1:], strict=False)
    )
    assert steps_total(imported) == pytest.approx(2 * cadence_integral, rel=0.05)


def test_steps_land_in_the_minutes_their_interval_covers(tmp_path: Path) -> None:
    # 60 strides/min is 2 steps a second; a record every 7 s covers the 7 s before it.
    w = walk(at(2026, 3, 16, 8, 0, 30), 150, every_s=(7,), cadence=(60.0,))
    table = read_one(tmp_path, activity_file(w)).table
    last = w.end - fit_s(at(2026, 3, 16, 8, 2))  # seconds into the last minute
    assert table.steps.tolist() == [60.0, 120.0, 2.0 * last]


def test_a_records_cadence_covers_the_time_before_it(tmp_path: Path) -> None:
    # 60 strides/min reported at 08:01:10 covers 08:00:50-08:01:10: 2 steps a second,
    # 20 of them in each minute. Had it covered the time after it, 08:00 would have none.
    t = fit_s(at(2026, 3, 16, 8, 0, 50))
    records = [record(t + dt, cadence=c, heart_rate=90) for dt, c in ((0, 0), (20, 60), (40, 0))]
    table = read_one(tmp_path, activity_file(Walk(t, records, 0.0))).table
    assert table.steps.tolist() == [20.0, 20.0]


def test_a_pause_without_records_holds_no_steps(tmp_path: Path) -> None:
    before = walk(at(2026, 3, 16, 8), 120, cadence=(50.0,))
    after = walk(at(2026, 3, 16, 8, 7), 180, cadence=(50.0,))
    w = Walk(before.start, before.records + after.records, 0.0)
    imported = read_one(tmp_path, activity_file(w, total_strides=False))
    # 100 steps a minute for the 2 + 3 minutes walked; nothing for the 5-minute pause.
    assert steps_total(imported) == 500
    assert minute(fit_s(at(2026, 3, 16, 8, 4))) not in imported.table.time_s.tolist()


def test_running_with_fractional_cadence(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 7), 10 * 60, cadence=(85.5,))
    table = read_one(tmp_path, activity_file(w, "running")).table
    # The last record, at 07:10:00, covers the second before it: none of 07:10.
    np.testing.assert_array_equal(table.steps, [171.0] * 10 + [np.nan])


def test_fractions_of_a_step_are_carried_not_lost(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 7), 10 * 60, cadence=(85.25,))  # 170.5 steps a minute
    table = read_one(tmp_path, activity_file(w, "running")).table
    assert set(table.steps[:10].tolist()) == {170.0, 171.0}
    assert steps_total(read_one(tmp_path, activity_file(w, "running"))) == 1705


def test_cycling_cadence_is_never_steps(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 17), 15 * 60, cadence=(88.0,))
    table = read_one(tmp_path, activity_file(w, "cycling", "road")).table
    assert np.isnan(table.steps).all()
    assert len(table) == 16
    assert not np.isnan(table.heart_rate_bpm).any()


@pytest.mark.parametrize(
    ("sport", "sub_sport", "counts"),
    [
        ("walking", "casual_walking", True),
        ("hiking", "generic", True),
        ("generic", "speed_walking", True),
        ("training", "indoor_walking", True),
        ("running", "treadmill", True),
        ("cycling", "generic", False),
        ("swimming", "lap_swimming", False),
        ("generic", "generic", False),
        ("wheelchair_push_walk", "generic", False),
    ],
)
def test_which_sports_count_steps(tmp_path: Path, sport: str, sub_sport: str, counts: bool) -> None:
    w = walk(at(2026, 3, 16, 10), 5 * 60)
    table = read_one(tmp_path, activity_file(w, sport, sub_sport)).table
    assert (not np.isnan(table.steps).all()) is counts


def test_a_multisport_file_counts_steps_only_in_its_run(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 9), 20 * 60, cadence=(80.0,))
    middle = w.start + 10 * 60
    data = encode(
        [
            file_id(),
            timer_start(w.start),
            *w.records,
            session(w.start, middle, "running"),
            session(middle, w.end, "cycling"),
            activity(w.end, 3600),
        ]
    )
    table = read_one(tmp_path, data).table
    run = table.time_s < minute(middle)
    # 160 steps a minute; the record at 09:10:00 belongs to the ride, so the run's last
    # minute has 59 s of steps.
    assert table.steps[run].tolist() == [160.0] * 9 + [157.0]
    assert np.isnan(table.steps[~run]).all()


def test_records_from_a_second_device_are_their_own_source(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 9), 5 * 60)
    strap = [record(r["timestamp"], heart_rate=140, device_index=1) for r in w.records[::10]]
    data = encode(
        [
            file_id(),
            device_info(w.start, 1, manufacturer="garmin", product=3300, serial_number=77),
            *w.records,
            *strap,
            session(w.start, w.end, "walking"),
        ]
    )
    watch, hrm = read(tmp_path, data)
    assert watch.source.device == GARMIN_NAME
    assert hrm.source.device == "Garmin HRM Pro (77)"
    assert np.isnan(hrm.table.steps).all()
    assert set(hrm.table.heart_rate_bpm.tolist()) == {140.0}


@pytest.mark.parametrize(
    ("device", "name"),
    [
        (
            {
                "manufacturer": "coros",
                "product": 2,
                "serial_number": 123,
                "product_name": "COROS PACE 2",
            },
            "COROS PACE 2 (123)",
        ),
        (
            {"manufacturer": "wahoo_fitness", "product": 31, "serial_number": 9},
            "Wahoo Fitness 31 (9)",
        ),
        (
            {"manufacturer": "polar_electro", "product_name": "Vantage M2"},
            "Polar Electro Vantage M2",
        ),
        (
            {"manufacturer": "garmin", "product": 3287, "serial_number": 5},
            "Garmin Fenix 6S Sport (5)",
        ),
        ({"manufacturer": "garmin", "product": 3121}, "Garmin Edge 530"),
        (
            {"manufacturer": "suunto", "product_name": "Race\tS " + "x" * 60},
            "Suunto Race S " + "x" * 33,
        ),
    ],
)
def test_device_names(tmp_path: Path, device: dict[str, object], name: str) -> None:
    w = walk(at(2026, 3, 16, 9), 120)
    assert read_one(tmp_path, activity_file(w, device=device)).source.device == name


# --- beats -----------------------------------------------------------------------------


def test_hrv_messages_give_beats_from_the_activity_start(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 8), 60)
    rr = [0.8, 0.82, 0.79, 65.535, 0.81]  # 65.535 s is 0xFFFF: invalid, dropped
    messages = [file_id(), timer_start(w.start)]
    for r in w.records:
        messages += [r, hrv(rr)]
    messages += [session(w.start, w.end, "walking"), activity(w.end, 3600)]
    beats = read_one(tmp_path, encode(messages)).beats

    assert beats is not None
    valid = [x for x in rr if x < 65] * len(w.records)
    assert len(beats) == len(valid)
    assert np.allclose(beats.rr_s, valid)
    assert np.allclose(beats.time_s, unix_s(w.start) + np.cumsum(valid))


def test_beats_start_again_after_a_pause(tmp_path: Path) -> None:
    # 20 s of beats, the timer stopped for 5 minutes, 20 s more: the running sum of RR
    # intervals would put the second part 5 minutes early; it restarts at the record.
    start = fit_s(at(2026, 3, 16, 8))
    messages = [file_id(), timer_start(start)]
    for t in [*range(start, start + 20, 2), *range(start + 320, start + 340, 2)]:
        messages += [record(t, heart_rate=75), hrv([1.0, 1.0])]
    messages.append(session(start, start + 340, "walking"))
    beats = read_one(tmp_path, encode(messages)).beats
    assert beats is not None and len(beats) == 40
    assert np.allclose(beats.time_s[:20], unix_s(start) + np.arange(1, 21))
    assert beats.time_s[20] >= unix_s(start + 320)


def test_beats_written_after_all_the_records_count_from_the_start(tmp_path: Path) -> None:
    w = walk(at(2026, 3, 16, 8), 120)
    messages = [file_id(), timer_start(w.start), *w.records]
    messages += [hrv([0.75] * 5) for _ in range(32)]  # 160 beats, 120 s
    messages.append(session(w.start, w.end, "walking"))
    beats = read_one(tmp_path, encode(messages)).beats
    assert beats is not None
    assert np.allclose(beats.time_s, unix_s(w.start) + 0.75 * np.arange(1, 161))


# --- monitoring ------------------------------------------------------------------------


def _minute_before_a_16_bit_wrap(day: int) -> int:
    """A FIT time on a minute boundary 70-130 s before the 16-bit time wraps."""
    t = fit_s(at(2026, 3, day, 0)) | 0xFFFF
    while (t & 0xFFFF) > 0xFFFF - 70 or t % 60:
        t -= 1
    return t


def test_monitoring_counters_reset_and_16_bit_timestamps_roll_over(tmp_path: Path) -> None:
    t0 = _minute_before_a_16_bit_wrap(16)
    counters = [
        # (seconds after t0, activity type, counter, steps it adds): each type on its own
        (60, "walking", 1030, 30),  # from the file's first value, 1000
        (75, "running", 80, 30),  # from 50
        (130, "walking", 1100, 70),  # after the 16-bit time wrapped
        (190, "walking", 1100, 0),  # nothing new
        (250, "walking", 20, 20),  # a reset (a new day): 20 since the reset
        (255, "walking", 45, 25),
        (4000, "walking", 400, 355),  # over an hour later
    ]
    messages = [
        file_id("monitoring_b"),
        monitoring_info(t0, 3600),
        monitoring(t=t0, activity_type="walking", steps=1000),
        monitoring(t=t0, activity_type="running", steps=50),
        *(monitoring(t16=t0 + dt, activity_type=kind, steps=n) for dt, kind, n, _ in counters),
        monitoring(t16=t0 + 70, heart_rate=64),
        monitoring(t16=t0 + 80, heart_rate=70),
    ]
    assert (t0 + 130) & 0xFFFF < t0 & 0xFFFF  # the 16-bit time did wrap
    table = read_one(tmp_path, encode(messages)).table

    expected: defaultdict[int, float] = defaultdict(float)
    for dt, _, _, added in counters:
        if added:
            expected[minute(t0 + dt)] += added
    steps = dict(zip(table.time_s.tolist(), table.steps.tolist(), strict=True))
    assert {t: n for t, n in steps.items() if not math.isnan(n)} == expected
    hr = dict(zip(table.time_s.tolist(), table.heart_rate_bpm.tolist(), strict=True))
    assert hr[minute(t0 + 70)] == 67.0
    assert set(table.offset_s.tolist()) == {3600}


def test_an_activity_type_packed_with_the_intensity(tmp_path: Path) -> None:
    # As in the FIT SDK's own monitoring sample: the type is in the low 5 bits of
    # current_activity_type_intensity, so the decoder cannot read cycles as steps itself.
    running, walking, sedentary = 1, 6, 8
    t0 = fit_s(at(2026, 3, 16, 12))
    messages = [file_id("monitoring_b")]
    for i, (running_steps, walking_steps) in enumerate([(10, 30), (40, 31), (41, 90)]):
        t = t0 + 60 * i
        messages += [
            monitoring(t=t, packed_type=(running, 3), steps=running_steps),
            monitoring(t=t, packed_type=(walking, 1), steps=walking_steps),
            monitoring(t=t, packed_type=(sedentary, 0), steps=500 * i),  # not steps
        ]
    table = read_one(tmp_path, encode(messages)).table
    assert table.steps.tolist() == [31.0, 60.0]


def test_a_16_bit_time_just_before_the_last_full_timestamp(tmp_path: Path) -> None:
    t0 = fit_s(at(2026, 3, 16, 12))
    messages = [
        file_id("monitoring_b"),
        monitoring(t=t0, activity_type="walking", steps=100),
        monitoring(t=t0 + 600, heart_rate=80),
        monitoring(t16=t0 + 590, activity_type="walking", steps=160),
    ]
    table = read_one(tmp_path, encode(messages)).table
    assert table.time_s.tolist() == [minute(t0 + 540), minute(t0 + 600)]
    assert table.steps[0] == 60


def test_monitoring_without_a_local_time_takes_the_zones_offsets(tmp_path: Path) -> None:
    # Brussels moves from UTC+1 to UTC+2 at 01:00 UTC on 29 March 2026.
    t0 = fit_s(at(2026, 3, 29, 0, 30))
    messages = [file_id("monitoring_b"), monitoring_info(t0, None)]
    messages += [monitoring(t=t0 + i * 1200, heart_rate=60) for i in range(4)]
    table = read_one(tmp_path, encode(messages)).table
    assert table.offset_s.tolist() == [3600, 3600, 7200, 7200]


def test_heart_rate_garbage_is_left_out(tmp_path: Path) -> None:
    t0 = fit_s(at(2026, 3, 16, 12))
    rates = [0, 15, 62, 64, 255]
    messages = [file_id("monitoring_b")]
    messages += [monitoring(t=t0 + i, heart_rate=bpm) for i, bpm in enumerate(rates)]
    messages += [monitoring(t=t0 + 600, heart_rate=10)]  # a minute of only garbage
    table = read_one(tmp_path, encode(messages)).table
    assert table.heart_rate_bpm.tolist() == [63.0]
    assert MIN_HEART_RATE_BPM <= 63 <= MAX_HEART_RATE_BPM


def test_a_step_count_over_the_bound_is_left_out(tmp_path: Path) -> None:
    t0 = fit_s(at(2026, 3, 16, 12))
    messages = [
        file_id("monitoring_b"),
        monitoring(t=t0, activity_type="walking", steps=0),
        monitoring(t=t0 + 60, activity_type="walking", steps=5000, heart_rate=90),
        monitoring(t=t0 + 120, activity_type="walking", steps=5100),
    ]
    table = read_one(tmp_path, encode(messages)).table
    assert np.isnan(table.steps[0]) and table.heart_rate_bpm[0] == 90
    assert table.steps[1] == 100


# --- properties ------------------------------------------------------------------------

_PROPERTY = settings(max_examples=examples(150), deadline=None)


@pytest.mark.slow
@_PROPERTY
@given(
    sport=st.sampled_from(["walking", "running", "hiking", "cycling", "training"]),
    records=st.lists(
        st.tuples(
            st.integers(0, 90),  # seconds since the previous record
            st.integers(0, 254),  # cadence (255 is "invalid")
            st.integers(0, 127),  # fractional cadence, 1/128
            st.integers(0, 254),  # heart rate
        ),
        min_size=2,
        max_size=40,
    ),
)
def test_steps_are_twice_the_cadence_over_the_covered_time(
    sport: str, records: list[tuple[int, int, int, int]]
) -> None:
    t = fit_s(at(2026, 3, 16, 8, 0, 17))
    messages, expected = [], 0.0
    for i, (gap, cadence, fraction, bpm) in enumerate(records):
        t += gap if i else 0
        messages.append(
            record(t, cadence=cadence, fractional_cadence=fraction / 128, heart_rate=bpm)
        )
        if i and 0 < gap <= 60:
            expected += 2 * (cadence + fraction / 128) * gap / 60
    start = int(messages[0]["timestamp"])
    data = encode([file_id(), *messages, session(start, t, sport)])
    path = _FUZZ_DIR / "property.fit"
    path.write_bytes(data)
    try:
        [imported] = read_fit(path, UTC)
    except ImportFileError as error:
        assert "holds no steps and no heart rate" in str(error)
        assert sport in ("cycling", "training") or expected == 0
        return
    steps = imported.table.steps
    if sport in ("cycling", "training"):
        assert np.isnan(steps).all()
    else:
        assert np.nansum(steps) == math.floor(expected + 0.5)


@pytest.mark.slow
@_PROPERTY
@given(
    st.lists(
        st.tuples(
            st.integers(0, 150),  # seconds since the previous message
            st.sampled_from(["walking", "running"]),
            st.integers(0, 3000),  # the counter
        ),
        min_size=1,
        max_size=40,
    )
)
def test_monitoring_steps_are_each_counters_gains(counts: list[tuple[int, str, int]]) -> None:
    t = fit_s(at(2026, 3, 16, 8))
    messages = [file_id("monitoring_b"), monitoring(t=t, heart_rate=60)]
    last: dict[str, int] = {}
    per_minute: defaultdict[int, int] = defaultdict(int)
    for gap, kind, counter in counts:
        t += gap
        messages.append(monitoring(t16=t, activity_type=kind, steps=counter))
        if kind in last:
            gained = counter - last[kind] if counter >= last[kind] else counter
            if gained:
                per_minute[minute(t)] += gained
        last[kind] = counter
    path = _FUZZ_DIR / "property.fit"
    path.write_bytes(encode(messages))
    [imported] = read_fit(path, UTC)
    got = {
        m: n
        for m, n in zip(imported.table.time_s.tolist(), imported.table.steps.tolist(), strict=True)
        if not math.isnan(n)
    }
    assert got == {m: n for m, n in per_minute.items() if n <= MAX_STEPS_PER_MINUTE}


# --- files it cannot use ---------------------------------------------------------------


def _good() -> bytes:
    return activity_file(walk(at(2026, 3, 16, 8), 120))


def _flip(data: bytes, at_byte: int) -> bytes:
    out = bytearray(data)
    out[at_byte] ^= 0x5A
    return bytes(out)


def _compressed_timestamp() -> bytes:
    header = bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + bytes(2)
    definition = bytes([0x40, 0, 0, 20, 0, 1, 3, 1, 2])  # record: heart_rate, uint8
    return with_crc(header + definition + bytes([0x85, 70]) + bytes(2))


def _undefined_local_message() -> bytes:
    header = bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + bytes(2)
    return with_crc(header + bytes([0x05, 70]) + bytes(2))


def _record_past_the_end() -> bytes:
    header = bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + bytes(2)
    definition = bytes([0x40, 0, 0, 20, 0, 1, 253, 4, 0x86])  # record: a 4-byte timestamp
    return with_crc(header + definition + bytes([0x00, 1]) + bytes(2))  # 1 byte of the 4


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (_good()[:-40], "cut short ("),
        (_good()[:13], "cut short inside its header"),
        (bytes([13]) + _good()[1:], "header damaged (size 13, not 12 or 14)"),
        (_flip(_good(), 2), "header damaged (its checksum is wrong)"),
        (_flip(_good(), 200), "damaged (its checksum is wrong)"),
        (b"time,steps,heart_rate_bpm\n2026-03-16T08:00:00+01:00,10,80\n", "not a FIT file"),
        (b"", "not a FIT file"),
        (_compressed_timestamp(), "uses compressed timestamps"),
        (
            _undefined_local_message(),
            "damaged (unreadable at byte 15); copy it from the watch",
        ),
        (_record_past_the_end(), "damaged (a record runs past the end of the data)"),
        (
            encode([file_id(), session(1_100_000_000, 1_100_000_600, "walking")]),
            "holds no steps and no heart rate",
        ),
        (
            activity_file(
                Walk(1_100_000_000, [record(1_100_000_000 + i, cadence=90) for i in range(60)], 0),
                "cycling",
            ),
            "holds no steps and no heart rate",
        ),
    ],
    ids=[
        "truncated",
        "ends-in-header",
        "header-size",
        "header-crc",
        "file-crc",
        "csv",
        "empty",
        "compressed-timestamp",
        "undefined-local-message",
        "record-past-the-end",
        "no-records",
        "cycling-without-heart-rate",
    ],
)
def test_unusable_files_raise_one_line_naming_the_file(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    path = tmp_path / "watch.fit"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as caught:
        read_fit(path, UTC)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message


def test_a_missing_file_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read the file"):
        read_fit(tmp_path / "gone.fit", UTC)


# --- fuzzing ---------------------------------------------------------------------------


def _seed_files() -> list[bytes]:
    start = fit_s(at(2026, 3, 16, 8))
    w = walk(at(2026, 3, 16, 8), 90, every_s=(1, 2))
    beats = [file_id(), timer_start(start)]
    for r in w.records[:20]:
        beats += [r, hrv([0.8, 0.9])]
    beats.append(session(start, start + 40, "running"))
    wellness = [
        file_id("monitoring_b"),
        monitoring_info(start, 3600),
        monitoring(t=start, activity_type="walking", steps=10),
    ]
    wellness += [
        monitoring(t16=start + 60 * i, activity_type="walking", steps=10 + 7 * i, heart_rate=60 + i)
        for i in range(1, 12)
    ]
    return [activity_file(w), encode(beats), encode(wellness)]


SEEDS = _seed_files()


def _check(data: bytes) -> None:
    """read_fit either returns good tables or raises ImportFileError; nothing else."""
    path = _FUZZ_DIR / "fuzz.fit"
    path.write_bytes(data)
    try:
        result = read_fit(path, BRUSSELS)
    except ImportFileError as error:
        assert "\n" not in str(error)
        return
    assert result
    for imported in result:
        t = imported.table
        assert len(t) > 0
        assert (np.diff(t.time_s) > 0).all() and (t.time_s % 60 == 0).all()
        steps, hr = t.steps, t.heart_rate_bpm
        assert not (np.isnan(steps) & np.isnan(hr)).any()
        known = steps[~np.isnan(steps)]
        assert ((known >= 0) & (known <= MAX_STEPS_PER_MINUTE) & (known == np.round(known))).all()
        rates = hr[~np.isnan(hr)]
        assert ((rates >= MIN_HEART_RATE_BPM) & (rates <= MAX_HEART_RATE_BPM)).all()
        assert (np.abs(t.offset_s) <= 14 * 3600).all()
        if imported.beats is not None:
            assert len(imported.beats.time_s) == len(imported.beats.rr_s)


FUZZ = settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.slow
@FUZZ
@given(st.binary(max_size=600))
def test_fuzz_random_bytes(data: bytes) -> None:
    _check(data)


@pytest.mark.slow
@FUZZ
@given(st.binary(max_size=600))
def test_fuzz_random_bodies_behind_a_good_header_and_crc(body: bytes) -> None:
    _check(with_crc(bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + bytes(2) + body + bytes(2)))


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["set", "insert", "delete"]))
        at_byte = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "set" and data:
            data[at_byte] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at_byte:at_byte] = draw(st.binary(min_size=1, max_size=8))
        elif data:
            del data[at_byte : at_byte + draw(st.integers(1, 8))]
    return with_crc(data) if draw(st.booleans()) else bytes(data)


@pytest.mark.slow
@FUZZ
@given(_mutated())
def test_fuzz_mutated_files(data: bytes) -> None:
    _check(data)


_FUZZ_T0 = fit_s(at(2026, 3, 16, 8))
# The fields the reader looks at, by message; the fuzzer mostly writes these.
_READ_FIELDS = {
    "FILE_ID": (1, 2, 3, 8),
    "DEVICE_INFO": (253, 0, 2, 3, 4, 27),
    "RECORD": (253, 3, 4, 53, 62),
    "SESSION": (253, 2, 5, 6, 7),
    "SPORT": (0, 1),
    "ACTIVITY": (253, 5),
    "HRV": (0,),
    "HR": (253, 0, 6, 9, 10),
    "MONITORING": (253, 0, 3, 5, 24, 26, 27),
    "MONITORING_INFO": (253, 0),
    "EVENT": (253, 0, 1),
}
# Each message's field numbers and their base types in the profile.
_PROFILE_FIELDS = {
    MESG[name]: {
        num: FIELD_TYPE_TO_BASE_TYPE[field["base_type"]]
        for num, field in Profile["messages"][MESG[name]]["fields"].items()
    }
    for name in _READ_FIELDS
}


@st.composite
def _raw_field(draw: st.DrawFn, message: int, read: tuple[int, ...]) -> RawField:
    """Mostly a field the reader looks at, with its profile's base type; else any."""
    fields = _PROFILE_FIELDS[message]
    num = draw(st.sampled_from(read if draw(st.integers(0, 4)) else sorted(fields)))
    if draw(st.integers(0, 3)):
        base_type, count = fields[num], 1
    else:
        base_type, count = draw(st.sampled_from(sorted(BASE_TYPE_SIZES))), draw(st.integers(1, 4))
    size = count * BASE_TYPE_SIZES[base_type]
    if size == 1 and draw(st.booleans()):
        return num, base_type, bytes([draw(st.integers(0, 20))])  # enums: sports, activities
    if size == 4 and draw(st.booleans()):  # times close together, counters that grow
        return num, base_type, struct.pack("<I", _FUZZ_T0 + draw(st.integers(0, 600)))
    return num, base_type, draw(st.binary(min_size=size, max_size=size))


@st.composite
def _raw_message(draw: st.DrawFn) -> tuple[int, list[RawField]]:
    name = draw(st.sampled_from(sorted(_READ_FIELDS)))
    field = _raw_field(MESG[name], _READ_FIELDS[name])
    return MESG[name], draw(st.lists(field, min_size=1, max_size=6))


@pytest.mark.slow
@FUZZ
@given(st.lists(_raw_message(), min_size=1, max_size=30))
def test_fuzz_messages_with_any_field_types(messages: list[tuple[int, list[RawField]]]) -> None:
    _check(raw_file(messages))


def test_the_seed_files_read(tmp_path: Path) -> None:
    for data in SEEDS:
        assert read(tmp_path, data)
