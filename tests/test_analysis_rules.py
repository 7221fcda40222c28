"""Hand-made minute series for every analysis rule and its edges (issue 3)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tracker.analysis.heart import RrIntervals
from tracker.analysis.params import AnalysisParams
from tracker.config import Config
from tracker.domain.minutes import MinuteTable
from tracker.pacing.day_rules import DayType
from tracker.pacing.params import PacingParams
from tracker.pacing.pipeline import MixedOffsets, analyze
from tracker.pacing.result import AnalysisResult

CET = timezone(timedelta(hours=1))
NaN = math.nan


def table(
    start: datetime,
    steps: Sequence[float],
    hr: Sequence[float] | None = None,
    *,
    skip: Sequence[int] = (),
) -> MinuteTable:
    """Consecutive minutes from ``start`` (aware); ``skip`` leaves rows out (missing)."""
    n = len(steps)
    hr_values = list(hr) if hr is not None else [NaN] * n
    keep = [i for i in range(n) if i not in set(skip)]
    t0 = int(start.timestamp())
    off = start.utcoffset()
    assert off is not None
    return MinuteTable(
        np.array([t0 + 60 * i for i in keep], np.int64),
        np.full(len(keep), int(off.total_seconds()), np.int32),
        np.array([steps[i] for i in keep], np.float64),
        np.array([hr_values[i] for i in keep], np.float64),
    )


def concat(*tables: MinuteTable) -> MinuteTable:
    return MinuteTable(
        np.concatenate([t.time_s for t in tables]),
        np.concatenate([t.offset_s for t in tables]),
        np.concatenate([t.steps for t in tables]),
        np.concatenate([t.heart_rate_bpm for t in tables]),
    )


def config(**analysis: float) -> Config:
    return Config(analysis=AnalysisParams(**analysis))  # type: ignore[arg-type]


def run(t: MinuteTable, cfg: Config | None = None, **kw: object) -> AnalysisResult:
    return analyze(t, cfg or Config(), **kw)  # type: ignore[arg-type]


MORNING = datetime(2026, 3, 16, 8, 0, tzinfo=CET)


def activity(pattern: str) -> list[float]:
    """'A' = 100 steps (active), '.' = 10 steps (worn, not active)."""
    return [100.0 if c == "A" else 10.0 for c in pattern]


def bout_minutes(r: AnalysisResult) -> list[int]:
    return [b.minutes for b in r.bouts]


# -- wear --------------------------------------------------------------------------------


@pytest.mark.parametrize(("still", "worn_still"), [(89, 89), (90, 0)])
def test_nonwear_run_of_90_minutes_without_steps_and_without_hr(
    still: int, worn_still: int
) -> None:
    steps = [20.0] * 10 + [0.0] * still + [20.0] * 10
    r = run(table(MORNING, steps))
    assert r.days[0].worn_minutes == 20 + worn_still


def test_blank_and_missing_minutes_count_in_the_nonwear_run() -> None:
    # 30 zeros, 30 blanks, 30 missing: one run of 90 minutes without steps.
    steps = [20.0] * 5 + [0.0] * 30 + [NaN] * 30 + [0.0] * 30 + [20.0] * 5
    skip = range(65, 95)
    r = run(table(MORNING, steps, skip=skip))
    assert r.days[0].worn_minutes == 10


def test_heart_rate_keeps_a_still_minute_worn() -> None:
    steps = [0.0] * 120
    hr = [60.0] * 60 + [NaN] * 60
    r = run(table(MORNING, steps, hr))
    # The HR minutes are worn; the 60 without HR lie in a 120-minute still run.
    assert r.days[0].worn_minutes == 60


def test_minute_with_only_heart_rate_is_worn() -> None:
    r = run(table(MORNING, [NaN] * 3, [70.0, 71.0, 72.0]))
    assert r.days[0].worn_minutes == 3


# -- active ------------------------------------------------------------------------------


def test_active_by_steps_threshold_is_inclusive() -> None:
    r = run(table(MORNING, [39.0, 40.0, 41.0, 0.0, NaN], [NaN, NaN, NaN, 60.0, 60.0]))
    assert r.days[0].active_minutes == 2


def test_active_by_heart_rate_reserve_when_rest_and_max_are_known() -> None:
    # HRrest 60, HRmax 180: threshold 60 + 0.3 x 120 = 96 bpm.
    cfg = config(hr_rest_bpm=60, hr_max_bpm=180)
    r = run(table(MORNING, [0.0] * 4, [95.9, 96.0, 120.0, 70.0]), cfg)
    assert r.days[0].active_minutes == 2
    assert r.hr_rest_bpm == 60 and r.hr_max_bpm == 180


def test_heart_rate_is_ignored_without_hr_max() -> None:
    r = run(table(MORNING, [0.0] * 3, [150.0] * 3), config(hr_rest_bpm=60))
    assert r.days[0].active_minutes == 0
    assert r.hr_max_bpm is None


def test_hr_max_from_age_is_tanaka() -> None:
    # Age 40: HRmax 208 - 28 = 180; HRrest 60 -> threshold 96.
    cfg = config(hr_rest_bpm=60, age_years=40)
    r = run(table(MORNING, [0.0] * 2, [95.0, 96.0]), cfg)
    assert r.hr_max_bpm == pytest.approx(180.0)
    assert r.days[0].active_minutes == 1


def test_resting_hr_is_estimated_from_still_minutes() -> None:
    # 60 still minutes at 58-62 bpm (median 60) then walking at 110 bpm with steps.
    still_hr = [58.0, 59.0, 60.0, 61.0, 62.0] * 12
    steps = [0.0] * 60 + [30.0] * 10  # then pottering about: not still, not active by steps
    hr = still_hr + [97.0] * 10
    cfg = config(hr_max_bpm=180)
    r = run(table(MORNING, steps, hr), cfg)
    # The first 9 minutes lack a full 10-minute still window.
    expected = float(np.median(still_hr[9:]))
    assert r.hr_rest_bpm == pytest.approx(expected)
    assert r.days[0].resting_hr_bpm == pytest.approx(expected)
    # Threshold about 60 + 0.3 x 120 = 96: the 97-bpm minutes are active without steps.
    assert r.days[0].active_minutes == 10


def test_too_few_still_minutes_give_no_resting_hr() -> None:
    r = run(table(MORNING, [0.0] * 38, [60.0] * 38), config(hr_max_bpm=180))
    assert r.days[0].resting_hr_bpm is None  # 29 still minutes (< 30)
    r = run(table(MORNING, [0.0] * 39, [60.0] * 39), config(hr_max_bpm=180))
    assert r.days[0].resting_hr_bpm == 60.0


# -- bouts -------------------------------------------------------------------------------


def test_one_minute_gap_is_joined_two_minute_gap_splits() -> None:
    assert bout_minutes(run(table(MORNING, activity("AAA.AAA")))) == [7]
    assert bout_minutes(run(table(MORNING, activity("AAAA..AAAAA")))) == [5]
    assert bout_minutes(run(table(MORNING, activity("AAAAA..AAAAA")))) == [5, 5]


def test_missing_minute_is_a_gap_too() -> None:
    steps = activity("AAAAAAA")
    assert bout_minutes(run(table(MORNING, steps, skip=[3]))) == [7]
    assert bout_minutes(run(table(MORNING, activity("AAAAAAAA"), skip=[3, 4]))) == []


def test_four_minutes_is_not_a_bout_five_is() -> None:
    assert bout_minutes(run(table(MORNING, activity(".AAAA.")))) == []
    assert bout_minutes(run(table(MORNING, activity(".AAAAA.")))) == [5]
    # Gap minutes count in the length: A.AAA is 5 minutes long.
    assert bout_minutes(run(table(MORNING, activity("A.AAA")))) == [5]


def test_bout_begins_and_ends_on_active_minutes_end_exclusive() -> None:
    r = run(table(MORNING, activity("..AAA.AA..")))
    (b,) = r.bouts
    assert b.start == MORNING + timedelta(minutes=2)
    assert b.end == MORNING + timedelta(minutes=8)
    assert b.minutes == 6 and b.active_minutes == 5
    assert b.steps == 500 + 10
    assert b.start.utcoffset() == timedelta(hours=1)


def test_bout_mean_heart_rate() -> None:
    r = run(table(MORNING, activity("AAAAA"), [100.0, 102.0, NaN, 104.0, 106.0]))
    assert r.bouts[0].mean_hr_bpm == pytest.approx(103.0)
    assert run(table(MORNING, activity("AAAAA"))).bouts[0].mean_hr_bpm is None


def test_daily_bout_counts_and_longest() -> None:
    r = run(table(MORNING, activity("AAAAA" + "." * 10 + "A" * 12 + "...AAA")))
    d = r.days[0]
    assert d.bouts == 2 and d.longest_bout_minutes == 12
    assert d.active_minutes == 20 and d.steps == 20 * 100 + 13 * 10


# -- days --------------------------------------------------------------------------------


def test_every_calendar_day_from_first_to_last_row() -> None:
    first = table(datetime(2026, 3, 1, 12, 0, tzinfo=CET), [50.0])
    last = table(datetime(2026, 3, 4, 12, 0, tzinfo=CET), [50.0])
    r = run(concat(first, last))
    assert [d.date for d in r.days] == [date(2026, 3, d) for d in (1, 2, 3, 4)]
    gap = r.days[1]
    assert (gap.worn_minutes, gap.active_minutes, gap.steps, gap.valid) == (0, 0, 0, False)
    assert gap.day_type == DayType.NO_DATA


def test_day_of_a_row_comes_from_its_own_offset() -> None:
    late = datetime(2026, 3, 16, 23, 30, tzinfo=CET)  # 22:30 UTC
    r = run(table(late, [50.0]))
    assert [d.date for d in r.days] == [date(2026, 3, 16)]
    # In UTC+2 the same instant is already the next day.
    r = run(table(late, [50.0]), tz=ZoneInfo("Asia/Jerusalem"))
    assert [d.date for d in r.days] == [date(2026, 3, 17)]
    assert r.timezone == "Asia/Jerusalem"


def test_timezone_converts_utc_rows_to_local_days() -> None:
    utc_rows = table(datetime(2026, 3, 16, 23, 30, tzinfo=UTC), [50.0] * 60)
    r = run(utc_rows, tz=ZoneInfo("Europe/Brussels"))
    assert [d.date for d in r.days] == [date(2026, 3, 17)]
    assert r.days[0].active_minutes == 60
    b = run(table(datetime(2026, 3, 16, 22, 50, tzinfo=UTC), [50.0] * 5))
    assert b.bouts[0].start.isoformat() == "2026-03-16T22:50:00+00:00"
    b = run(
        table(datetime(2026, 3, 16, 22, 50, tzinfo=UTC), [50.0] * 5), tz=ZoneInfo("Europe/Brussels")
    )
    assert b.bouts[0].start.isoformat() == "2026-03-16T23:50:00+01:00"


def _utc_offset_s(time_s: int, zone: ZoneInfo) -> int:
    offset = datetime.fromtimestamp(time_s, zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return int(offset.total_seconds())


@pytest.mark.parametrize(
    ("day", "minutes"), [(date(2026, 3, 29), 1380), (date(2026, 10, 25), 1500)]
)
def test_dst_days_have_1380_or_1500_minutes(day: date, minutes: int) -> None:
    zone = ZoneInfo("Europe/Brussels")
    start = datetime.combine(day, datetime.min.time(), zone)
    n = minutes
    t0 = int(start.timestamp())
    times = np.arange(t0, t0 + 60 * n, 60, dtype=np.int64)
    offs = np.array([_utc_offset_s(t, zone) for t in times.tolist()], np.int32)
    t = MinuteTable(times, offs, np.full(n, 50.0), np.full(n, NaN))
    r = run(t, tz=zone)
    assert [d.date for d in r.days] == [day]
    assert r.days[0].day_minutes == minutes
    assert r.days[0].worn_minutes == r.days[0].active_minutes == minutes
    # Without a zone, rows with two offsets do not say which calendar they belong to.
    with pytest.raises(MixedOffsets):
        run(t)
        assert sum(r.hour_map.active_minutes[0]) == minutes


@pytest.mark.parametrize(("worn", "valid"), [(599, False), (600, True)])
def test_valid_day_needs_600_worn_minutes(worn: int, valid: bool) -> None:
    r = run(table(datetime(2026, 3, 16, 6, 0, tzinfo=CET), [10.0] * worn))
    assert r.days[0].valid is valid
    assert r.days[0].day_type == (DayType.LEARNING if valid else DayType.NO_DATA)


# -- baseline, day types, cycles through the pipeline ------------------------------------


def days_table(active_per_day: Sequence[int | None], start: date = date(2026, 3, 2)) -> MinuteTable:
    """One 700-minute worn day per entry with that many active minutes; None = no data."""
    parts = []
    for i, active in enumerate(active_per_day):
        if active is None:
            continue
        begin = datetime.combine(start + timedelta(days=i), datetime.min.time(), CET)
        begin += timedelta(hours=8)
        parts.append(table(begin, [100.0] * active + [10.0] * (700 - active)))
    return concat(*parts)


def test_learning_until_seven_valid_days_then_baseline() -> None:
    r = run(days_table([30] * 8))
    types = [d.day_type for d in r.days]
    assert types[:7] == [DayType.LEARNING] * 7
    assert r.days[6].baseline_active_minutes is None
    assert r.days[7].baseline_active_minutes == 30.0
    assert types[7] == DayType.NORMAL


def test_boom_then_no_data_is_not_a_cycle_boom_then_bust_is() -> None:
    base = [30] * 7
    r = run(days_table([*base, 60, None, 30]))
    assert [str(d.day_type) for d in r.days[7:]] == ["boom", "no_data", "normal"]
    assert r.cycles == ()
    r = run(days_table([*base, 60, 30, 21]))
    assert [str(d.day_type) for d in r.days[7:]] == ["boom", "normal", "bust"]
    (c,) = r.cycles
    assert c.boom_dates == (date(2026, 3, 9),) and c.bust_dates == (date(2026, 3, 11),)


def test_nothing_is_flagged_during_learning() -> None:
    r = run(days_table([30, 30, 200, 5, 30, 30]))
    assert all(d.day_type in (DayType.LEARNING,) for d in r.days)
    assert r.cycles == ()


# -- balance: the brochure's examples ----------------------------------------------------


def test_garden_hour_then_two_hours_on_the_couch_is_a_within_day_boom() -> None:
    # An hour of work, then two hours lying down (worn, no steps, heart rate known).
    steps = [80.0] * 60 + [0.0] * 120 + [20.0] * 10
    hr = [100.0] * 60 + [62.0] * 120 + [70.0] * 10
    d = run(table(MORNING, steps, hr)).days[0]
    assert d.within_day_booms == 1
    assert d.longest_exertion_minutes == 60
    assert d.long_bouts == 1  # 60 > 20 minutes without a break


def test_garden_hour_with_less_rest_is_not_a_within_day_boom() -> None:
    steps = [80.0] * 60 + [0.0] * 100 + [80.0] * 10
    d = run(table(MORNING, steps)).days[0]
    assert d.within_day_booms == 0
    assert d.pause_minutes == 100


def test_twenty_minutes_work_with_quarter_hour_pauses_is_not() -> None:
    # The brochure: a pause of a quarter of an hour every 20 minutes.
    pattern = ("A" * 20 + "." * 15) * 3 + "A" * 20 + "." * 200
    d = run(table(MORNING, activity(pattern))).days[0]
    assert d.within_day_booms == 0
    assert d.longest_exertion_minutes == 20
    assert d.long_bouts == 0
    assert d.bouts == 4 and d.pause_minutes == 3 * 15


def test_short_pauses_do_not_end_an_exertion() -> None:
    # 3-minute stops (not bout gaps: bouts split) are no real break: one 43-minute effort.
    d = run(table(MORNING, activity("A" * 20 + "..." + "A" * 20))).days[0]
    assert d.bouts == 2 and d.longest_bout_minutes == 20
    assert d.longest_exertion_minutes == 43
    d = run(table(MORNING, activity("A" * 20 + "....." + "A" * 20))).days[0]
    assert d.longest_exertion_minutes == 20


def test_rest_at_the_end_of_the_data_or_past_midnight_is_not_counted() -> None:
    evening = datetime(2026, 3, 16, 22, 0, tzinfo=CET)
    steps = [80.0] * 60 + [0.0] * 130
    d = run(table(evening, steps, [100.0] * 60 + [60.0] * 130)).days[0]
    assert d.within_day_booms == 0  # the rest would run past midnight
    d = run(table(MORNING, [80.0] * 60 + [0.0] * 100, [100.0] * 60 + [60.0] * 100)).days[0]
    assert d.within_day_booms == 0  # data ends before two hours have passed


def test_active_share_per_day_part() -> None:
    early = datetime(2026, 3, 16, 5, 0, tzinfo=CET)
    minutes = 18 * 60  # 05:00 to 23:00
    steps = [10.0] * minutes
    for hour, n in ((5, 5), (9, 10), (14, 20), (19, 15)):
        start = (hour - 5) * 60
        steps[start : start + n] = [100.0] * n
    d = run(table(early, steps)).days[0]
    assert d.active_minutes == 50
    assert d.morning_active_share == pytest.approx(10 / 50)
    assert d.afternoon_active_share == pytest.approx(20 / 50)
    assert d.evening_active_share == pytest.approx(15 / 50)
    r = run(table(early, steps))
    row = r.hour_map.active_minutes[0]
    assert (row[5], row[9], row[14], row[19], sum(row)) == (5, 10, 20, 15, 50)
    none = run(table(MORNING, [10.0] * 5)).days[0]
    assert none.morning_active_share is None


def test_weekly_spread_is_the_coefficient_of_variation_of_valid_days() -> None:
    active = [20, 40, 60, 20, 40, 60, None, 30]  # Mon 2 Mar .. Mon 9 Mar 2026
    r = run(days_table(active))
    w10, w11 = r.weeks
    assert (w10.iso_week, w10.valid_days, w10.monday) == (10, 6, date(2026, 3, 2))
    values = np.array([20, 40, 60, 20, 40, 60], float)
    assert w10.mean_active_minutes == pytest.approx(40.0)
    assert w10.cv == pytest.approx(values.std(ddof=1) / values.mean())
    assert w11.valid_days == 1 and w11.cv is None


# -- heart measures ----------------------------------------------------------------------


def test_trimp_is_banisters_weighted_reserve() -> None:
    cfg = config(hr_rest_bpm=60, hr_max_bpm=180)
    hr = [60.0, 120.0, 180.0, 200.0, 50.0, NaN]
    r = run(table(MORNING, [0.0] * 6, hr), cfg)

    def w(x: float) -> float:
        return x * 0.64 * math.exp(1.92 * x)

    # 200 bpm is clipped to the full reserve, 50 to none.
    assert r.days[0].trimp == pytest.approx(w(0) + w(0.5) + w(1.0) + w(1.0) + w(0))
    assert run(table(MORNING, [0.0] * 3, [100.0] * 3)).days[0].trimp is None


def rr_series(start: datetime, rr: Sequence[float], stream: int = 0) -> RrIntervals:
    t0 = start.timestamp()
    times = t0 + np.cumsum(rr)
    return RrIntervals(np.asarray(times), np.asarray(rr, float), np.full(len(rr), stream, np.int64))


def test_rmssd_over_rest_minutes_with_artefact_rules() -> None:
    base = [0.80, 0.82, 0.78, 0.81] * 10  # 40 beats, at rest
    steps = [0.0] * 10
    t = table(MORNING, steps, [70.0] * 10)
    r = run(t, rr=rr_series(MORNING, base))
    diffs = np.diff(base)
    assert r.days[0].rmssd_ms == pytest.approx(math.sqrt(float(np.mean(diffs**2))) * 1000)
    # An out-of-range beat is dropped with both of its differences; a 36 % jump (1.1 after
    # 0.81) too, and the beat after it, which differs 27 % from it.
    dirty = [*base[:10], 2.5, *base[10:20], 1.1, *base[20:]]
    r2 = run(t, rr=rr_series(MORNING, dirty))
    kept = [np.diff(base[:10]), np.diff(base[10:20]), np.diff(base[21:])]
    expect = np.concatenate(kept)
    assert r2.days[0].rmssd_ms == pytest.approx(math.sqrt(float(np.mean(expect**2))) * 1000)


def test_rmssd_needs_enough_intervals_and_rest() -> None:
    t = table(MORNING, [0.0] * 10, [70.0] * 10)
    assert run(t, rr=rr_series(MORNING, [0.8, 0.82] * 15)).days[0].rmssd_ms is None  # 29
    active = table(MORNING, [100.0] * 10, [70.0] * 10)
    assert run(active, rr=rr_series(MORNING, [0.8, 0.82] * 30)).days[0].rmssd_ms is None


def test_rmssd_never_pairs_beats_of_two_devices() -> None:
    t = table(MORNING, [0.0] * 10, [70.0] * 10)
    a = rr_series(MORNING, [0.8] * 40, 0)
    b = rr_series(MORNING, [1.0] * 40, 1)
    both = RrIntervals(
        np.concatenate([a.time_s, b.time_s]),
        np.concatenate([a.rr_s, b.rr_s]),
        np.concatenate([a.stream, b.stream]),
    )
    assert run(t, rr=both).days[0].rmssd_ms == pytest.approx(0.0)


def test_json_contract_fields() -> None:
    r = run(days_table([30] * 8 + [60, 30, 21]))
    j = r.to_json()
    day = j["days"][0]
    for key in (
        "date",
        "worn_minutes",
        "active_minutes",
        "steps",
        "baseline_active_minutes",
        "day_type",
    ):
        assert key in day
    assert day["date"] == "2026-03-02" and day["baseline_active_minutes"] is None
    assert j["days"][8]["baseline_active_minutes"] == 30.0 and j["days"][8]["day_type"] == "boom"
    bout = j["bouts"][0]
    assert (
        bout["start"] == "2026-03-02T08:00:00+01:00" and bout["end"] == "2026-03-02T08:30:00+01:00"
    )
    assert bout["minutes"] == 30
    assert j["cycles"] == [{"boom_dates": ["2026-03-10"], "bust_dates": ["2026-03-12"]}]


def test_empty_table_gives_empty_result() -> None:
    r = run(MinuteTable.empty())
    assert r.days == () and r.bouts == () and r.cycles == ()
    assert r.to_json()["days"] == []


def test_pacing_params_reach_the_day_types() -> None:
    cfg = Config(pacing=PacingParams(baseline_min_days=3, baseline_window_days=5))
    r = run(days_table([30, 30, 30, 80]), cfg)
    assert r.days[3].day_type == DayType.BOOM


def test_a_mistyped_far_date_is_a_clear_error_not_a_huge_grid() -> None:
    from tracker.domain.errors import TrackerError

    t = concat(table(MORNING, [50.0]), table(MORNING.replace(year=2062), [50.0]))
    with pytest.raises(TrackerError, match="check for a wrong date"):
        run(t)


def test_bout_across_the_dst_change_shows_each_ends_own_offset() -> None:
    # 01:50 CET to 03:10 CEST on 29 March 2026 (clocks jump 02:00 -> 03:00): 20 minutes.
    before = table(datetime(2026, 3, 29, 1, 50, tzinfo=CET), [60.0] * 10)
    after = table(datetime(2026, 3, 29, 3, 0, tzinfo=timezone(timedelta(hours=2))), [60.0] * 10)
    (b,) = run(concat(before, after), tz=ZoneInfo("Europe/Brussels")).bouts
    assert b.start.isoformat() == "2026-03-29T01:50:00+01:00"
    assert b.end.isoformat() == "2026-03-29T03:10:00+02:00"
    assert b.minutes == 20
