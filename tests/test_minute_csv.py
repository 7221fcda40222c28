"""The minute-table CSV reader against hostile input: strict numbers, whole-minute offsets,
short messages for huge fields, other separators, local times with a zone."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.domain.errors import MinuteCsvError
from tracker.domain.minutes import MinuteTable
from tracker.domain.text import SHOWN_VALUE_CHARS
from tracker.formats.minute_csv import (
    MAX_LINE_CHARS,
    distinct_offsets,
    parse_csv_bytes,
    parse_csv_lines,
    read_csv,
    write_csv,
)
from tracker.formats.minute_csv_fast import parse_fast

ROOT = Path(__file__).resolve().parents[1]
HEADER = "time,steps,heart_rate_bpm\n"
GOOD = "2026-03-16T08:00:00+01:00,12,70\n"
BRUSSELS = ZoneInfo("Europe/Brussels")


def csv_error(text: str, tz: tzinfo | None = None) -> MinuteCsvError:
    """The error of parsing ``text`` as a whole file, both entry points agreeing."""
    with pytest.raises(MinuteCsvError) as from_bytes:
        parse_csv_bytes(text.encode(), "in.csv", tz=tz)
    with pytest.raises(MinuteCsvError) as from_lines:
        parse_csv_lines(io.StringIO(text, newline=""), "in.csv", tz=tz)
    assert str(from_bytes.value) == str(from_lines.value)
    assert "\n" not in str(from_bytes.value)
    return from_bytes.value


# 1. UTC offsets that are not whole minutes


@pytest.mark.parametrize("offset", ["+00:00:30", "+01:00:00.5", "-02:30:15"])
def test_offset_with_seconds_is_refused_naming_the_line(offset: str) -> None:
    err = csv_error(HEADER + GOOD + f"2026-03-16T08:00:00{offset},12,70\n")
    assert err.line == 3
    assert "whole number of minutes" in str(err)


def test_offset_with_zero_seconds_is_a_whole_minute() -> None:
    t = parse_csv_bytes((HEADER + "2026-03-16T08:00:00+01:00:00,12,70\n").encode())
    assert t.offset_s.tolist() == [3600]


# 2. Plain ASCII numbers only


@pytest.mark.parametrize(
    "steps", ["1_0", "\u0661\u0662", "\uff11\uff12", "+12", "12.0", "1e2", "0x1f", "\u00b2"]
)
def test_steps_other_than_ascii_digits_are_refused(steps: str) -> None:
    err = csv_error(HEADER + GOOD + f"2026-03-16T08:01:00+01:00,{steps},70\n")
    assert err.line == 3 and "steps" in str(err) and "not a whole number" in str(err)


@pytest.mark.parametrize(
    "hr",
    [
        "1_0.5",
        "7_2",
        "inf",
        "Infinity",
        "nan",
        "\u0663\u0663",
        "\uff17\uff12",
        "7.2e1",
        "1E2",
        "+72",
        "72.",
        ".5",
        "72.5.1",
        "0x48",
    ],
)
def test_heart_rates_other_than_ascii_decimals_are_refused(hr: str) -> None:
    text = HEADER + GOOD + f"2026-03-16T08:01:00+01:00,12,{hr}\n"
    assert parse_fast(text.encode()) is None
    err = csv_error(text)
    assert err.line == 3 and "heart_rate_bpm" in str(err) and "not a number" in str(err)


@pytest.mark.parametrize(("steps", "hr"), [("-3", "70"), ("12", "-70"), ("-0", "70")])
def test_a_sign_reads_as_out_of_range(steps: str, hr: str) -> None:
    err = csv_error(HEADER + f"2026-03-16T08:01:00+01:00,{steps},{hr}\n")
    assert err.line == 2 and "is outside" in str(err)


def test_plain_numbers_with_leading_zeros_and_decimals_are_read() -> None:
    text = HEADER + "2026-03-16T08:00:00+01:00,0012,072.50\n2026-03-16T08:01:00+01:00,0,20\n"
    for t in (parse_fast(text.encode()), parse_csv_lines(io.StringIO(text))):
        assert t is not None
        assert t.steps.tolist() == [12.0, 0.0] and t.heart_rate_bpm.tolist() == [72.5, 20.0]


NUMBER_CHARS = "0123456789.-+e_ \u0661\uff11"


@settings(max_examples=examples(300), deadline=None)
@given(st.text(NUMBER_CHARS, max_size=6), st.text(NUMBER_CHARS, max_size=8))
def test_whatever_the_fast_reader_takes_the_checker_reads_the_same(steps: str, hr: str) -> None:
    text = HEADER + GOOD + f"2026-03-16T08:01:00+01:00,{steps},{hr}\n"
    fast = parse_fast(text.encode())
    try:
        slow = parse_csv_lines(io.StringIO(text))
    except MinuteCsvError:
        assert fast is None
        return
    if fast is not None:
        np.testing.assert_array_equal(fast.steps, slow.steps)
        np.testing.assert_array_equal(fast.heart_rate_bpm, slow.heart_rate_bpm)


# 3. Short messages, early refusal of huge lines


def test_every_echoed_value_is_cut_short() -> None:
    long = "9" * 300 + "x"
    for row in (
        f"{long},12,70",
        f"2026-03-16T08:00:00+01:00,{long},70",
        f"2026-03-16T08:00:00+01:00,12,{long}",
    ):
        short = row.replace(long, "x" * (SHOWN_VALUE_CHARS + 10))
        for text in (row, short):
            err = csv_error(HEADER + text + "\n")
            assert err.line == 2
            assert len(str(err)) < 200, str(err)
        assert "…" in str(csv_error(HEADER + short + "\n"))


def test_a_line_longer_than_any_row_is_refused_before_it_is_parsed() -> None:
    too_long = "2026-03-16T08:00:00+01:00,12," + "7" * MAX_LINE_CHARS
    err = csv_error(HEADER + GOOD + too_long + "\n")
    assert err.line == 3 and str(MAX_LINE_CHARS) in str(err)
    # An earlier bad line is still the one named.
    err = csv_error(HEADER + "2026-03-16T08:00:00,12,70\n" + too_long + "\n")
    assert err.line == 2 and "UTC offset" in str(err)
    # Spaces around values are fine up to the bound.
    padded = "2026-03-16T08:00:00+01:00," + " " * (MAX_LINE_CHARS - 40) + "12,70"
    assert len(parse_csv_bytes((HEADER + padded + "\r\n").encode())) == 1


def test_a_huge_first_line_is_refused_as_line_1() -> None:
    err = csv_error("time,steps," + "h" * 10_000)
    assert err.line == 1 and len(str(err)) < 200


def test_lines_end_as_universal_newlines_say() -> None:
    text = HEADER + GOOD + "2026-03-16T08:01:00+01:00,13,71"
    for sep in ("\r\n", "\r"):
        t = parse_csv_bytes(text.replace("\n", sep).encode())
        assert t.steps.tolist() == [12.0, 13.0]
    err = csv_error((HEADER + GOOD + "2026-03-16T08:01:00,1,70").replace("\n", "\r"))
    assert err.line == 3


def test_a_line_that_is_not_utf8_is_named() -> None:
    data = (HEADER + GOOD).encode() + b"2026-03-16T08:01:00+01:00,12,\xff\n"
    with pytest.raises(MinuteCsvError) as err:
        parse_csv_bytes(data, "in.csv")
    assert err.value.line == 3 and "UTF-8" in str(err.value)
    # An earlier bad row is named first.
    with pytest.raises(MinuteCsvError) as err:
        parse_csv_bytes(data.replace(b"08:00:00+01:00", b"08:00:00"), "in.csv")
    assert err.value.line == 2 and "UTC offset" in str(err.value)


@pytest.mark.parametrize("line_end", ["\r\n", "\r", "\n"])
def test_line_numbers_hold_across_the_checkers_chunks(line_end: str) -> None:
    # Over 2 MB of rows with one blank line (so the checker reads them), then a bad one.
    t0 = int(datetime(2026, 3, 16, tzinfo=UTC).timestamp())
    rows = [f"{datetime.fromtimestamp(t0 + 60 * k, UTC).isoformat()},1,70" for k in range(70_000)]
    text = line_end.join([HEADER.strip(), "", *rows, "2026-03-16T08:00:00,1,70", ""])
    assert len(text) > 2 * 1024 * 1024
    err = csv_error(text)
    assert err.line == len(rows) + 3
    bad_utf8 = text.encode().replace(b"2026-03-16T08:00:00,", b"\xff2026-03-16T08:00:00,")
    with pytest.raises(MinuteCsvError) as not_utf8:
        parse_csv_bytes(bad_utf8, "in.csv")
    assert not_utf8.value.line == len(rows) + 3 and "UTF-8" in str(not_utf8.value)


HUGE_FIELD_MB = 50
# The child reports how much its peak memory grew while reading: the reader may hold the
# file and a pass or two over it, never several copies of the huge field as Python
# strings or an index of every line (8 bytes a line). The slack absorbs allocator noise.
PEAK_FACTOR = 4
PEAK_SLACK_KB = 10_000
# Reading 50 MB and finding the bad line takes well under a second here; a slow machine
# under test load gets room, an echo of the whole field (6.6 s for 100 MB) does not.
HUGE_FIELD_MAX_S = 3.0

# The child's own peak: VmHWM belongs to the process image, while ru_maxrss carries the
# peak of the pytest process it was forked from (which held the file's bytes).
CHILD = """
import json, sys, time
from tracker.domain.errors import MinuteCsvError
from tracker.formats.minute_csv import read_csv

def peak_kb():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))

before = peak_kb()
start = time.perf_counter()
try:
    read_csv(sys.argv[1])
    message = None
except MinuteCsvError as exc:
    message = str(exc)
took = time.perf_counter() - start
print(json.dumps({"message": message, "took_s": took, "grew_kb": peak_kb() - before}))
"""


def read_in_child(path: Path) -> dict[str, object]:
    """``read_csv`` of ``path`` in a fresh interpreter: its message, time and memory."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out: dict[str, object] = json.loads(proc.stdout)
    return out


@pytest.mark.parametrize("where", ["time", "steps", "heart_rate", "header"])
def test_a_50_mb_field_gives_a_short_error_quickly_and_in_modest_memory(
    tmp_path: Path, where: str
) -> None:
    huge = b"7" * (HUGE_FIELD_MB * 1_000_000)
    row = {
        "time": b"2026-03-16T08:01:00+01:00" + huge + b",12,70\n",
        "steps": b"2026-03-16T08:01:00+01:00," + huge + b",70\n",
        "heart_rate": b"2026-03-16T08:01:00+01:00,12," + huge + b"\n",
        "header": b"",
    }[where]
    head = b"time,steps," + huge + b"\n" if where == "header" else (HEADER + GOOD).encode()
    path = tmp_path / "huge.csv"
    path.write_bytes(head + row)
    out = read_in_child(path)
    message = out["message"]
    assert isinstance(message, str) and len(message) < 300
    assert message.startswith(f"{path}:{1 if where == 'header' else 3}: ")
    assert isinstance(out["took_s"], float) and out["took_s"] < HUGE_FIELD_MAX_S
    size_kb = path.stat().st_size // 1024
    assert isinstance(out["grew_kb"], int)
    assert out["grew_kb"] < PEAK_FACTOR * size_kb + PEAK_SLACK_KB


def test_many_blank_lines_build_no_index_of_every_line(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    blank_lines = 2_000_000
    path.write_bytes((HEADER + GOOD).encode() + b"\n" * blank_lines + b"x\n")
    out = read_in_child(path)
    assert isinstance(out["message"], str)
    assert out["message"].startswith(f"{path}:{blank_lines + 3}: expected 3 fields")
    size_kb = path.stat().st_size // 1024
    assert isinstance(out["grew_kb"], int)
    assert out["grew_kb"] < PEAK_FACTOR * size_kb + PEAK_SLACK_KB


# 4. Semicolons and tabs


@pytest.mark.parametrize(
    ("sep", "named"), [(";", "semicolons (;)"), ("\t", "tabs")], ids=["semicolon", "tab"]
)
def test_a_foreign_separator_is_named_in_plain_words(sep: str, named: str) -> None:
    text = HEADER.replace(",", sep) + f"2026-03-16T08:00:00+01:00{sep}12{sep}72,5\n"
    err = csv_error(text)
    assert err.line == 1
    assert named in str(err) and "commas (,)" in str(err)
    assert "header must be" not in str(err)
    # A row in such a file, after a comma header, says it too.
    row_err = csv_error(HEADER + GOOD.replace(",", sep))
    assert row_err.line == 2 and named in str(row_err)


def test_a_wrong_header_with_commas_still_gets_the_old_message() -> None:
    err = csv_error("when,steps,hr\n" + GOOD)
    assert str(err) == "in.csv:1: header must be time,steps,heart_rate_bpm"


# 5. Local times with a zone


def test_a_time_without_offset_and_no_zone_asks_for_timezone() -> None:
    err = csv_error(HEADER + "2026-03-16T08:00:00,12,70\n")
    assert err.line == 2 and "no UTC offset" in str(err) and "--timezone" in str(err)


def test_a_time_without_offset_is_local_time_in_the_given_zone() -> None:
    text = HEADER + (
        "2026-03-16T08:00:00,12,70\n"  # winter: +01:00
        "2026-07-01T08:00:00,13,71\n"  # summer: +02:00
        "2026-07-01T09:00:00+00:00,14,72\n"  # an offset is kept
    )
    for t in (
        parse_csv_bytes(text.encode(), tz=BRUSSELS),
        parse_csv_lines(io.StringIO(text), tz=BRUSSELS),
    ):
        assert t.offset_s.tolist() == [3600, 7200, 0]
        assert t.time_s.tolist() == [
            int(datetime(2026, 3, 16, 7, tzinfo=UTC).timestamp()),
            int(datetime(2026, 7, 1, 6, tzinfo=UTC).timestamp()),
            int(datetime(2026, 7, 1, 9, tzinfo=UTC).timestamp()),
        ]
    fixed = parse_csv_bytes(text.encode(), tz=timezone(timedelta(hours=-5)))
    assert fixed.offset_s.tolist() == [-18000, 0, -18000]  # 09:00Z is before 08:00-05:00


def test_the_zone_reads_the_whole_day_of_a_dst_change_with_offsets() -> None:
    # 2026-03-29 in Brussels: 01:59 +01:00 is followed by 03:00 +02:00.
    text = HEADER + "2026-03-29T01:59:00,1,\n2026-03-29T03:00:00,2,\n"
    t = parse_csv_bytes(text.encode(), tz=BRUSSELS)
    assert t.offset_s.tolist() == [3600, 7200]
    assert int(t.time_s[1] - t.time_s[0]) == 60


def test_a_local_time_skipped_by_the_clocks_is_refused() -> None:
    err = csv_error(HEADER + GOOD + "2026-03-29T02:30:00,12,70\n", tz=BRUSSELS)
    assert err.line == 3 and "does not exist" in str(err) and "Europe/Brussels" in str(err)


def test_a_local_time_the_clocks_pass_twice_is_refused() -> None:
    err = csv_error(HEADER + GOOD + "2026-10-25T02:30:00,12,70\n", tz=BRUSSELS)
    assert err.line == 3 and "twice" in str(err)
    assert "+02:00" in str(err) and "+01:00" in str(err)
    # With its offset the same minute is fine, both times.
    rows = "2026-10-25T02:30:00+02:00,1,\n2026-10-25T02:30:00+01:00,2,\n"
    assert len(parse_csv_bytes((HEADER + rows).encode(), tz=BRUSSELS)) == 2


def test_read_csv_takes_a_zone(tmp_path: Path) -> None:
    path = tmp_path / "local.csv"
    path.write_text(HEADER + "2026-07-01T08:00:00,13,71\n")
    assert read_csv(path, tz=BRUSSELS).offset_s.tolist() == [7200]
    with pytest.raises(MinuteCsvError):
        read_csv(path)


# 6. Distinct offsets


def test_distinct_offsets_are_sorted_and_unique() -> None:
    text = HEADER + (
        "2026-03-16T08:00:00+01:00,1,\n"
        "2026-03-16T05:00:00-01:00,1,\n"
        "2026-03-16T09:00:00+01:00,1,\n"
        "2026-07-16T09:00:00+02:00,1,\n"
    )
    assert distinct_offsets(parse_csv_bytes(text.encode())) == [-3600, 3600, 7200]
    assert distinct_offsets(MinuteTable.empty()) == []
    assert all(type(v) is int for v in distinct_offsets(parse_csv_bytes(text.encode())))


# The fast path still agrees with the checker after all this.


def test_round_trip_of_a_written_table_is_exact() -> None:
    t0 = int(datetime(2026, 3, 16, tzinfo=UTC).timestamp())
    table = MinuteTable(
        np.array([t0, t0 + 60, t0 + 120], np.int64),
        np.array([3600, 3600, 3600], np.int32),
        np.array([12.0, np.nan, 999.0]),
        np.array([72.25, 20.0, np.nan]),
    )
    buf = io.StringIO()
    write_csv(table, buf)
    fast = parse_fast(buf.getvalue().encode())
    assert fast is not None
    np.testing.assert_array_equal(fast.steps, table.steps)
    np.testing.assert_array_equal(fast.heart_rate_bpm, table.heart_rate_bpm)
