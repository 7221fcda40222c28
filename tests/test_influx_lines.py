"""InfluxDB points and the [influxdb] section, without a server."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tracker.analysis.results import Bout
from tracker.config import parse_config
from tracker.config.influx import InfluxConfig
from tracker.domain.errors import ConfigError
from tracker.domain.samples import (
    BatterySample,
    ConnectionEvent,
    ConnectionState,
    HeartRateSample,
    StepSample,
)
from tracker.domain.units import NS_PER_MS
from tracker.store.influx import (
    minute_lines,
    result_line,
    sample_line,
)

T_MS = 1_700_000_000_123


def test_heart_rate_point_has_fields_tags_and_ms_time() -> None:
    time_ns, line = sample_line(HeartRateSample("pinetime", T_MS, 72, True, 12, (0.8, 0.81)), "me")
    assert time_ns == T_MS * NS_PER_MS
    key, fields, ts = line.split(" ")
    assert key == "heart_rate,device=pinetime,person=me"
    assert ts == str(T_MS)
    # An int bpm is still a float field: InfluxDB refuses a field that changes type.
    assert sorted(fields.split(",", 4)) == sorted(
        ["bpm=72", "contact=true", "energy_kj=12i", "rr_count=2i", 'rr_s="0.8,0.81"']
    )


def test_heart_rate_without_contact_or_rr_leaves_those_fields_out() -> None:
    _, line = sample_line(HeartRateSample("w", T_MS, 61.5), "me")
    assert line == f"heart_rate,device=w,person=me bpm=61.5 {T_MS}"


def test_tags_are_escaped() -> None:
    _, line = sample_line(BatterySample("w", T_MS, 80), "Jan de Smet, sr=1")
    assert line == f"battery,device=w,person=Jan\\ de\\ Smet\\,\\ sr\\=1 percent=80i {T_MS}"


def test_steps_and_connection_points() -> None:
    _, steps = sample_line(StepSample("w", T_MS, 12, 96.0), "me")
    # Floats that happen to be whole are written without a decimal point (still floats:
    # only the "i" suffix makes an integer in line protocol).
    assert steps == f"steps,device=w,person=me cadence_spm=96,steps=12i {T_MS}"
    _, con = sample_line(ConnectionEvent("w", T_MS, ConnectionState.FAILED, 'abort "local"'), "me")
    assert con == (
        f'connection,device=w,person=me,state=failed connected=0i,detail="abort \\"local\\"" {T_MS}'
    )


def test_minute_rollups_skip_unknown_values_and_empty_minutes() -> None:
    nan = float("nan")
    lines = list(minute_lines([60, 120, 180], [10.0, nan, nan], [nan, 70.5, nan], "me"))
    assert [line for _, line in lines] == [
        "minute,person=me steps=10i 60000",
        "minute,person=me heart_rate_bpm=70.5 120000",
    ]


def test_result_line_types_day_type_code_and_none() -> None:
    line = result_line(
        "day",
        T_MS,
        {"active_minutes": 30, "baseline_active_minutes": 20, "day_type": "boom", "trimp": None},
        "me",
    )
    assert line is not None
    assert line[1] == (
        f'day,person=me active_minutes=30i,baseline_active_minutes=20,day_type="boom",'
        f"day_type_code=3i {T_MS}"
    )
    assert result_line("day", T_MS, {"trimp": None}, "me") is None


def test_result_line_from_a_bout_json() -> None:
    from datetime import datetime, timedelta, timezone

    tz = timezone(timedelta(hours=1))
    start = datetime(2026, 3, 2, 9, 0, tzinfo=tz)
    bout = Bout(start, start + timedelta(minutes=12), 12, 11, 900, 98.0, date(2026, 3, 2))
    line = result_line("bout", int(start.timestamp() * 1000), bout.to_json(), "me")
    assert line is not None
    assert "minutes=12i" in line[1] and "mean_hr_bpm=98" in line[1]
    assert 'date="2026-03-02"' in line[1]


# -- [influxdb] config ----------------------------------------------------------------------


def _config(tmp_path: Path, mode: int, token: str = "tok-123\n") -> dict[str, object]:
    token_file = tmp_path / "token"
    token_file.write_text(token)
    os.chmod(token_file, mode)
    return {"influxdb": {"url": "http://127.0.0.1:1", "bucket": "b", "token_file": str(token_file)}}


def test_token_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(_config(tmp_path, 0o644))
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("config: influxdb.token_file:")
    assert "chmod 600" in message
    assert "tok-123" not in message


def test_token_file_readable_by_group_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="other users"):
        parse_config(_config(tmp_path, 0o640))


def test_private_token_file_is_read_and_never_shown(tmp_path: Path) -> None:
    config = parse_config(_config(tmp_path, 0o600))
    influx = config.influxdb
    assert isinstance(influx, InfluxConfig)
    assert influx.read_token() == "tok-123"
    assert "tok-123" not in repr(influx) and "tok-123" not in influx.describe()


def test_inline_token_is_not_in_repr() -> None:
    cfg = InfluxConfig(url="http://x:1", bucket="b", token="sekrit")
    assert "sekrit" not in repr(cfg)
    assert cfg.read_token() == "sekrit"


def test_missing_token_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        parse_config(
            {"influxdb": {"url": "http://x:1", "bucket": "b", "token_file": str(tmp_path / "no")}}
        )


def _fields_of(lines: list[tuple[int, str]]) -> dict[str, set[str]]:
    """Measurement -> field keys, parsed back from line protocol (unescaped keys here)."""
    import re

    out: dict[str, set[str]] = {}
    for _, line in lines:
        key, rest = line.split(" ", 1)
        fields = re.sub(r'"(?:[^"\\]|\\.)*"', '""', rest.rsplit(" ", 1)[0])
        out.setdefault(key.split(",", 1)[0], set()).update(re.findall(r"(?:^|,)(\w+)=", fields))
    return out


def test_grafana_dashboard_queries_only_written_measurements_and_fields() -> None:
    import dataclasses
    import json
    import re

    from tracker.pacing.day_rules import DayType
    from tracker.pacing.days import DaySummary
    from tracker.store.influx import cycle_line, day_line, plan_week_line

    summary = dataclasses.replace(
        DaySummary.empty(date(2026, 3, 2), 1440),
        data_minutes=900,
        worn_minutes=800,
        active_minutes=60,
        steps=4000,
        bouts=2,
        longest_bout_minutes=20,
        baseline_active_minutes=30.0,
        day_type=DayType.BOOM,
        valid=True,
        longest_exertion_minutes=25,
        pause_minutes=30,
        morning_active_share=0.5,
        afternoon_active_share=0.5,
        evening_active_share=0.0,
    ).to_json()
    week = {
        "start": "2026-03-02",
        "week": 1,
        "quota": 24.5,
        "planned": 3,
        "done": 2,
        "under": 1,
        "on_plan": 1,
        "over": 0,
        "complete": 0,
        "adherence": 0.66,
        "mostly_under": 0,
    }
    made = [
        sample_line(HeartRateSample("w", T_MS, 70.0), "me"),
        sample_line(BatterySample("w", T_MS, 70), "me"),
        *minute_lines([60], [10.0], [70.0], "me"),
        day_line(summary, "me", None),
        cycle_line([date(2026, 3, 2)], [date(2026, 3, 4)], "me", None),
        plan_week_line(week, False, "me", None),
    ]
    written = _fields_of([m for m in made if m is not None])
    path = Path(__file__).resolve().parents[1] / "contrib" / "grafana-dashboard.json"
    dashboard = json.loads(path.read_text())
    queries = [t["query"] for p in dashboard["panels"] for t in p["targets"]]
    queries += [a["query"] for a in dashboard["annotations"]["list"] if "query" in a]
    assert len(queries) == 7
    for q in queries:
        (measurement,) = re.findall(r'FROM "(\w+)"', q)
        head = re.sub(r'AS "[^"]*"', "", q.split("FROM")[0])  # drop the aliases
        fields = set(re.findall(r'"(\w+)"', head))
        assert fields, q
        assert fields <= written[measurement], (q, written[measurement])
