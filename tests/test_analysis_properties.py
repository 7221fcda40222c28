"""Property tests: invariants of the analysis over random minute tables, and the fast CSV
reader agreeing with the row-by-row checker."""

from __future__ import annotations

import io
import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hypothesis_budget import examples
from tracker.analysis.params import AnalysisParams
from tracker.config import Config
from tracker.domain.errors import MinuteCsvError
from tracker.domain.minutes import MinuteTable
from tracker.formats.minute_csv import parse_csv_bytes, parse_csv_lines, write_csv
from tracker.formats.minute_csv_fast import parse_fast
from tracker.pacing.day_rules import DayType
from tracker.pacing.params import PacingParams
from tracker.pacing.pipeline import analyze

T0 = 1_773_600_000 // 60 * 60  # 2026-03-15, a minute start


@st.composite
def minute_tables(draw: st.DrawFn) -> MinuteTable:
    """Random tables over a few days: runs of minutes with or without steps/HR, gaps."""
    n_runs = draw(st.integers(1, 12))
    times: list[int] = []
    steps: list[float] = []
    hrs: list[float] = []
    offsets: list[int] = []
    t = T0 + 60 * draw(st.integers(0, 1440))
    # One UTC offset per table (DST changes are covered by hand-made tests).
    offset = draw(st.sampled_from([0, 3600, 7200, -18000, 19800]))
    for _ in range(n_runs):
        t += 60 * draw(st.integers(0, 600))  # a gap (0 = none)
        length = draw(st.integers(1, 400))
        kind = draw(st.sampled_from(["walk", "calm", "still", "hr", "mixed"]))
        seed = draw(st.integers(0, 2**16))
        rng = np.random.default_rng(seed)
        if kind == "walk":
            s = rng.integers(30, 120, length).astype(float)
        elif kind == "calm":
            s = rng.integers(0, 45, length).astype(float)
        elif kind == "still":
            s = np.zeros(length)
        elif kind == "hr":
            s = np.full(length, np.nan)
        else:
            s = np.where(rng.random(length) < 0.3, np.nan, rng.integers(0, 100, length))
        h = np.where(rng.random(length) < 0.5, np.nan, rng.uniform(45, 170, length).round(1))
        for i in range(length):
            times.append(t + 60 * i)
            steps.append(float(s[i]))
            hrs.append(float(h[i]))
            offsets.append(offset)
        t += 60 * length
    return MinuteTable(
        np.array(times, np.int64),
        np.array(offsets, np.int32),
        np.array(steps),
        np.array(hrs),
    )


CONFIGS = [
    Config(),
    Config(analysis=AnalysisParams(hr_max_bpm=185)),
    Config(analysis=AnalysisParams(hr_rest_bpm=60, age_years=50, valid_day_worn_minutes=200)),
    Config(
        analysis=AnalysisParams(valid_day_worn_minutes=60),
        pacing=PacingParams(baseline_min_days=1, baseline_window_days=3),
    ),
]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(minute_tables(), st.sampled_from(CONFIGS))
def test_analysis_invariants(t: MinuteTable, cfg: Config) -> None:
    r = analyze(t, cfg)
    # Days: contiguous, first to last row.
    dates = [d.date for d in r.days]
    assert dates == [dates[0] + timedelta(days=i) for i in range(len(dates))]
    for d in r.days:
        assert 0 <= d.active_minutes <= d.worn_minutes <= d.day_minutes == 1440
        assert d.valid == (d.worn_minutes >= cfg.analysis.valid_day_worn_minutes)
        if not d.valid:
            assert d.day_type == DayType.NO_DATA
    # Bouts: in order, never overlapping, long enough, between active minutes.
    for a, b in zip(r.bouts, r.bouts[1:], strict=False):
        assert a.end < b.start  # separated by more than the tolerated gap
        assert (b.start - a.end) > timedelta(minutes=cfg.analysis.bout_max_gap_minutes)
    for b in r.bouts:
        assert b.minutes == (b.end - b.start) / timedelta(minutes=1)
        assert b.minutes >= cfg.analysis.bout_min_minutes
        assert b.active_minutes <= b.minutes
        assert b.active_minutes >= math.ceil(b.minutes / (cfg.analysis.bout_max_gap_minutes + 1))
    assert sum(d.bouts for d in r.days) == len(r.bouts)
    # An exertion joins bouts across short pauses: never shorter than the longest bout.
    longest_bout = max((d.longest_bout_minutes for d in r.days), default=0)
    assert longest_bout <= max((d.longest_exertion_minutes for d in r.days), default=0)
    # Cycles only from boom and bust days.
    types = {d.date: d.day_type for d in r.days}
    for c in r.cycles:
        assert c.boom_dates and c.bust_dates
        assert all(types[x] == DayType.BOOM for x in c.boom_dates)
        assert all(types[x] == DayType.BUST for x in c.bust_dates)
    # The hour map holds every active minute.
    assert [sum(row) for row in r.hour_map.active_minutes] == [d.active_minutes for d in r.days]


@settings(max_examples=examples(40), deadline=None)
@given(minute_tables())
def test_fast_csv_reader_equals_the_row_checker(t: MinuteTable) -> None:
    buf = io.StringIO()
    write_csv(t, buf)
    text = buf.getvalue()
    slow = parse_csv_lines(io.StringIO(text, newline=""))
    fast = parse_fast(text.encode())
    if len(slow) == 0:
        return
    assert fast is not None
    for name in ("time_s", "offset_s", "steps", "heart_rate_bpm"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(slow, name))


BAD_ROWS = [
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:01:30+01:00,12,70\n", 3, "start of a minute"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:01:00,12,70\n", 3, "no UTC offset"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-02-30T08:01:00+01:00,12,70\n", 3, "ISO 8601"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:01:00+01:00,1001,70\n", 3, "0-1000"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:01:00+01:00,12,19.9\n", 3, "20-300"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:01:00+01:00,1.5,70\n", 3, "whole number"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:01:00+01:00,12,x\n", 3, "not a number"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:01:00+01:00,12\n", 3, "expected 3 fields"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:00:00+01:00,13,70\n", 3, "twice"),
    ("2026-03-16T08:00:00+01:00,12,70\n2026-03-16T08:00:00+01:00,13,70,1\n", 3, "3 fields"),
]


@pytest.mark.parametrize(("rows", "line", "problem"), BAD_ROWS)
def test_malformed_rows_name_their_line(rows: str, line: int, problem: str) -> None:
    data = ("time,steps,heart_rate_bpm\n" + rows).encode()
    with pytest.raises(MinuteCsvError) as err:
        parse_csv_bytes(data, "in.csv")
    assert err.value.line == line
    assert problem in str(err.value)
    assert str(err.value).startswith(f"in.csv:{line}: ")


def test_unusual_but_valid_files_take_the_checker_path() -> None:
    plain = "time,steps,heart_rate_bpm\n2026-03-16T08:00:00+01:00,12,70.5\n"
    variants = [
        plain.replace("\n", "\r\n"),  # Windows line ends
        "\ufeff" + plain,  # BOM
        plain + "\n\n",  # trailing blank lines
        plain.replace(",12,", ", 12 ,"),  # spaces
        plain.rstrip("\n"),  # no final newline
    ]
    expected = parse_csv_bytes(plain.encode())
    assert parse_fast(plain.encode()) is not None
    for text in variants:
        got = parse_csv_bytes(text.encode())
        assert got.time_s.tolist() == expected.time_s.tolist()
        assert got.steps.tolist() == expected.steps.tolist()
        assert got.heart_rate_bpm.tolist() == expected.heart_rate_bpm.tolist()


def test_fast_reader_sorts_rows_and_keeps_blanks_unknown() -> None:
    text = (
        "time,steps,heart_rate_bpm\n"
        "2026-03-16T08:02:00+01:00,,71\n"
        "2026-03-16T08:00:00+01:00,5,\n"
        "2026-03-16T06:01:00-01:00,0,60.25\n"
    )
    t = parse_fast(text.encode())
    assert t is not None
    assert t.time_s.tolist() == [1773644400, 1773644460, 1773644520]
    assert t.offset_s.tolist() == [3600, -3600, 3600]
    assert np.isnan(t.steps[2]) and np.isnan(t.heart_rate_bpm[0])
    assert t.heart_rate_bpm[1] == 60.25


def test_leap_day_and_year_boundaries_in_the_fast_reader() -> None:
    rows = ["2028-02-29T23:59:00+00:00,1,", "2026-12-31T23:59:00-12:00,1,"]
    text = "time,steps,heart_rate_bpm\n" + "\n".join(rows) + "\n"
    t = parse_fast(text.encode())
    slow = parse_csv_lines(io.StringIO(text))
    assert t is not None
    assert sorted(t.time_s.tolist()) == slow.time_s.tolist()
    assert date(2028, 2, 29)  # the leap day exists
    assert parse_fast(text.replace("2028-02-29", "2027-02-29").encode()) is None


def test_an_empty_file_is_a_csv_error_on_line_1() -> None:
    with pytest.raises(MinuteCsvError) as err:
        parse_csv_bytes(b"", "in.csv")
    assert err.value.line == 1 and "empty" in str(err.value)


@pytest.mark.parametrize("text", ["nan", "NaN", "-nan"])
def test_heart_rate_written_as_nan_is_rejected_by_both_readers(text: str) -> None:
    data = f"time,steps,heart_rate_bpm\n2026-03-16T08:00:00+01:00,12,{text}\n".encode()
    assert parse_fast(data) is None
    with pytest.raises(MinuteCsvError) as err:
        parse_csv_bytes(data, "in.csv")
    assert str(err.value).startswith(f"in.csv:2: heart_rate_bpm {text!r} is not a number")
