"""Apple Health exports (export.xml / export.zip) to per-source minutes."""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from tests.apple_health_export import (
    FOOTER,
    HEADER,
    PHONE,
    PHONE_DEVICE,
    WATCH,
    WATCH_DEVICE,
    record,
    write_export_file,
)
from tracker.domain.errors import ImportFileError
from tracker.domain.imported import ImportedMinutes
from tracker.domain.sources import Source, SourceKind
from tracker.formats import apple_health
from tracker.formats.apple_health import looks_like_apple_health, read_apple_health

STEPS = "HKQuantityTypeIdentifierStepCount"
HEART = "HKQuantityTypeIdentifierHeartRate"
STRAP = "Polar H10"
META = '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
WORKOUT = """ <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="30"
   durationUnit="min" sourceName="Apple Watch van Ann" sourceVersion="10.3"
   startDate="2026-03-18 18:00:00 +0100" endDate="2026-03-18 18:30:00 +0100">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierStepCount" startDate="2026-03-18 18:00:00 +0100"
   endDate="2026-03-18 18:30:00 +0100" sum="3100" unit="count"/>
 </Workout>
"""


def steps(source: str, start: str, end: str, value: str) -> str:
    device, version = (WATCH_DEVICE, "10.3") if source == WATCH else (PHONE_DEVICE, "17.3.1")
    return record(STEPS, source, version, device, "count", start, end, value)


def heart(source: str, when: str, value: str, unit: str = "count/min") -> str:
    return record(HEART, source, "10.3", WATCH_DEVICE, unit, when, when, value, META)


def day(hhmmss: str, date: str = "2026-03-18", offset: str = "+0100") -> str:
    return f"{date} {hhmmss} {offset}"


RECORDS = [
    record(
        "HKQuantityTypeIdentifierActiveEnergyBurned",
        WATCH,
        "10.3",
        WATCH_DEVICE,
        "kcal",
        day("08:00:00"),
        day("08:01:00"),
        "2.5",
    ),
    # The phone: 100 steps over 2.5 minutes starting half-way a minute: 30 s, 60 s, 60 s.
    steps(PHONE, day("08:00:30"), day("08:03:00"), "100"),
    # 10 steps over three whole minutes: 3.33 each, carried as 3, 4, 3 (total kept).
    steps(PHONE, day("08:10:00"), day("08:13:00"), "10"),
    # After the switch to summer time: the record's own offset.
    steps(
        PHONE, day("10:00:00", "2026-03-29", "+0200"), day("10:01:00", "2026-03-29", "+0200"), "60"
    ),
    # The watch counts the same walk (overlapping the phone): never added to the phone's.
    steps(WATCH, day("08:00:00"), day("08:01:00"), "30"),
    steps(WATCH, day("08:01:00"), day("08:01:20"), "12"),
    steps(WATCH, day("08:01:40"), day("08:02:00"), "8"),
    steps(WATCH, day("08:05:10"), day("08:05:10"), "5"),  # no duration: its own minute
    heart(WATCH, day("08:00:10"), "70"),
    heart(WATCH, day("08:00:40"), "75"),
    heart(WATCH, day("08:02:05"), "300.5"),  # above 300 bpm: an artefact, a blank
    heart(WATCH, day("08:02:30"), "15"),  # below 20 bpm: a blank
    heart(WATCH, day("08:03:00"), "88"),
    heart(WATCH, day("08:04:00"), "1.2", unit="count/s"),  # not count/min: not read
    heart(STRAP, day("08:00:00"), "90"),
    WORKOUT,
]


def utc(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


EXPECTED = {
    WATCH: [
        # time (UTC), offset, steps, heart rate
        ("2026-03-18 07:00", 3600, 30.0, 72.5),
        ("2026-03-18 07:01", 3600, 20.0, np.nan),
        ("2026-03-18 07:03", 3600, np.nan, 88.0),
        ("2026-03-18 07:05", 3600, 5.0, np.nan),
    ],
    STRAP: [("2026-03-18 07:00", 3600, np.nan, 90.0)],
    PHONE: [
        ("2026-03-18 07:00", 3600, 20.0, np.nan),
        ("2026-03-18 07:01", 3600, 40.0, np.nan),
        ("2026-03-18 07:02", 3600, 40.0, np.nan),
        ("2026-03-18 07:10", 3600, 3.0, np.nan),
        ("2026-03-18 07:11", 3600, 4.0, np.nan),
        ("2026-03-18 07:12", 3600, 3.0, np.nan),
        ("2026-03-29 08:00", 7200, 60.0, np.nan),
    ],
}


def export_text(records: list[str] = RECORDS) -> str:
    return HEADER + "".join(records) + FOOTER


def write_zip(path: Path, text: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("apple_health_export/", "")
        zf.writestr("apple_health_export/export.xml", text)
        zf.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        zf.writestr("apple_health_export/workout-routes/route_2026-03-18_6.30pm.gpx", "<gpx/>")
    return path


def assert_expected(result: list[ImportedMinutes]) -> None:
    assert [m.source for m in result] == [
        Source(SourceKind.APPLE_HEALTH, name) for name in sorted(EXPECTED)
    ]
    for minutes in result:
        rows = EXPECTED[minutes.source.device]
        t = minutes.table
        assert t.time_s.tolist() == [utc(r[0]) for r in rows]
        assert t.offset_s.tolist() == [r[1] for r in rows]
        np.testing.assert_array_equal(t.steps, [r[2] for r in rows])
        np.testing.assert_array_equal(t.heart_rate_bpm, [r[3] for r in rows])
        assert minutes.beats is None


def one_line_error(path: Path) -> ImportFileError:
    with pytest.raises(ImportFileError) as err:
        read_apple_health(path, UTC)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return err.value


def test_export_xml_gives_one_table_per_source(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export_text(), encoding="utf-8")
    assert looks_like_apple_health(path, path.read_bytes()[:512])
    assert_expected(read_apple_health(path, UTC))


def test_export_zip_is_read_inside_the_zip(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "export.zip", export_text())
    assert looks_like_apple_health(path, path.read_bytes()[:512])
    calls: list[tuple[int, int]] = []
    assert_expected(read_apple_health(path, UTC, lambda done, total: calls.append((done, total))))
    size = len(export_text().encode())
    assert calls and calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert list(tmp_path.iterdir()) == [path]  # nothing extracted


def test_spread_keeps_each_records_total(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    # 1000 steps over 7 min 13 s starting at hh:mm:47 -> 9 minutes, whole steps, same total.
    path.write_text(export_text([steps(PHONE, day("08:00:47"), day("08:08:00"), "1000")]))
    (minutes,) = read_apple_health(path, UTC)
    t = minutes.table
    assert len(t) == 8 and t.steps.sum() == 1000
    assert (t.steps == np.round(t.steps)).all()
    covered = np.array([13] + [60] * 7)
    assert np.abs(t.steps - 1000 * covered / covered.sum()).max() <= 1.0


def test_a_source_with_only_blanks_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    blanks = [
        heart("Oude weegschaal", day("08:00:00"), "12"),  # below 20 bpm
        steps(PHONE, day("08:00:00"), day("09:00:00"), "-5"),  # negative
        steps(PHONE, day("08:00:00", "2026-03-16"), day("08:00:01"), "9000"),  # over 2 days
    ]
    path.write_text(export_text(blanks))
    assert "has no step count or heart rate records" in str(one_line_error(path))
    path.write_text(export_text([*blanks, heart(WATCH, day("08:00:00"), "61")]))
    assert [m.source.device for m in read_apple_health(path, UTC)] == [WATCH]


def test_records_out_of_time_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches that reach back in time are merged with what came before."""
    monkeypatch.setattr(apple_health, "BATCH_RECORDS", 2)
    monkeypatch.setattr(apple_health, "READ_BYTES", 256)
    path = tmp_path / "export.xml"
    path.write_text(export_text(RECORDS[::-1]))
    assert_expected(read_apple_health(path, UTC))


def test_shuffled_records_give_the_same_minutes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches that interleave in time are merged with just the blocks they overlap."""
    path = tmp_path / "export.xml"
    write_export_file(path, 2_000_000)
    text = path.read_text()
    head, body = text.split("\n <Record ", 1)
    records = body.removesuffix(FOOTER).rstrip("\n").split("\n <Record ")
    random.Random(7).shuffle(records)
    shuffled = tmp_path / "shuffled.xml"
    shuffled.write_text(head + "\n <Record " + "\n <Record ".join(records) + "\n" + FOOTER)
    expected = read_apple_health(path, UTC)
    monkeypatch.setattr(apple_health, "BATCH_RECORDS", 100)
    monkeypatch.setattr(apple_health, "READ_BYTES", 1 << 14)  # ~40 records a piece
    got = read_apple_health(shuffled, UTC)
    assert [m.source for m in got] == [m.source for m in expected]
    for g, e in zip(got, expected, strict=True):
        assert g.table.time_s.tolist() == e.table.time_s.tolist()
        assert g.table.offset_s.tolist() == e.table.offset_s.tolist()
        np.testing.assert_array_equal(g.table.steps, e.table.steps)
        np.testing.assert_allclose(g.table.heart_rate_bpm, e.table.heart_rate_bpm, rtol=1e-6)


def test_progress_reaches_the_total_in_pieces(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    write_export_file(path, 3_000_000)
    calls: list[tuple[int, int]] = []
    read_apple_health(path, UTC, lambda done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert len(calls) >= 2 and calls[-1] == (size, size)


def test_a_large_export_in_several_batches(tmp_path: Path) -> None:
    """Batches are folded as they fill; the result equals folding it all at once."""
    path = tmp_path / "export.xml"
    days = write_export_file(path, 12_000_000)
    watch, phone = read_apple_health(path, UTC)
    assert (watch.source.device, phone.source.device) == (WATCH, PHONE)
    for minutes in (watch, phone):
        t = minutes.table
        assert (np.diff(t.time_s) > 0).all()
        assert set(t.offset_s.tolist()) <= {3600, 7200}
    # The watch measures heart rate every 5 minutes of the day plus a 30-minute walk.
    assert np.count_nonzero(~np.isnan(watch.table.heart_rate_bpm)) >= days * (288 + 30) * 0.95
    assert np.isnan(phone.table.heart_rate_bpm).all()


def test_looks_like(tmp_path: Path) -> None:
    gpx = tmp_path / "walk.gpx"
    gpx.write_text('<?xml version="1.0"?><gpx version="1.1"></gpx>')
    assert not looks_like_apple_health(gpx, gpx.read_bytes())
    other_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("a.jpg", b"\xff\xd8")
    assert not looks_like_apple_health(other_zip, other_zip.read_bytes()[:512])
    # A localised export keeps the folder; a truncated one is still recognised by it.
    zipped = write_zip(tmp_path / "export.zip", export_text())
    cut = tmp_path / "cut.zip"
    cut.write_bytes(zipped.read_bytes()[:200])
    assert looks_like_apple_health(cut, cut.read_bytes()[:512])
    assert not looks_like_apple_health(tmp_path, b"SQLite format 3\x00")


def test_truncated_zip(tmp_path: Path) -> None:
    big = tmp_path / "export.zip"
    write_export_file(big, 2_000_000, as_zip=True)
    cut = tmp_path / "truncated.zip"
    cut.write_bytes(big.read_bytes()[: big.stat().st_size * 2 // 3])
    assert "truncated or corrupt" in str(one_line_error(cut))


def test_corrupt_zip_data(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    write_export_file(path, 2_000_000, as_zip=True)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    assert "truncated or corrupt" in str(one_line_error(path))


def test_truncated_xml(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    text = export_text().encode()
    path.write_bytes(text[: len(text) * 2 // 3])
    assert "the XML is truncated or corrupt" in str(one_line_error(path))


def test_zip_without_export_xml(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    assert "without apple_health_export/export.xml" in str(one_line_error(path))


def test_no_steps_and_no_heart_rate(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export_text([RECORDS[0], WORKOUT]))
    assert "has no step count or heart rate records" in str(one_line_error(path))


def test_a_bad_date_is_named(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(export_text([steps(PHONE, "yesterday", day("08:00:00"), "5")]))
    assert "startDate 'yesterday' is not a date" in str(one_line_error(path))


def test_iso_dates_from_other_exporters_are_read(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        export_text([steps(PHONE, "2026-03-18T08:00:00+01:00", "2026-03-18T08:01:00+01:00", "7")])
    )
    (minutes,) = read_apple_health(path, UTC)
    assert minutes.table.time_s.tolist() == [utc("2026-03-18 07:00")]
    assert minutes.table.steps.tolist() == [7.0]


# -- no entity is ever expanded (XXE, billion laughs) --------------------------------------


def doctype_with(declarations: str, source: str) -> str:
    head, rest = HEADER.split("]>\n", 1)
    return head + declarations + "\n]>\n" + rest + heart(source, day("08:00:00"), "70") + FOOTER


def test_external_entity_is_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "export.xml"
    path.write_text(doctype_with(f'<!ENTITY xxe SYSTEM "file://{secret}">', "&xxe;"))
    message = str(one_line_error(path))
    assert "declares XML entities" in message
    assert "TOP-SECRET" not in message


def test_external_parameter_entity_is_not_fetched(tmp_path: Path) -> None:
    evil = tmp_path / "evil.dtd"
    evil.write_text('<!ENTITY leak "LEAKED">')
    path = tmp_path / "export.xml"
    path.write_text(doctype_with(f'<!ENTITY % remote SYSTEM "file://{evil}">\n%remote;', "x"))
    assert "declares XML entities" in str(one_line_error(path))


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    path = tmp_path / "export.xml"
    path.write_text(doctype_with("\n".join(lol), "&lol9;"))
    assert "declares XML entities" in str(one_line_error(path))


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    """A DOCTYPE naming an outside DTD (here one that is not even a DTD) is not read."""
    path = tmp_path / "export.xml"
    body = export_text().split("]>\n", 1)[1]
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE HealthData SYSTEM "file:///etc/passwd">\n' + body
    )
    assert_expected(read_apple_health(path, UTC))


# -- memory: flat in file size ----------------------------------------------------------

PEAK_PROBE = """
import sys
from datetime import UTC
from pathlib import Path
from tracker.formats.apple_health import read_apple_health
out = read_apple_health(Path(sys.argv[1]), UTC)
rows = sum(len(m.table) for m in out)
# VmHWM: this process's own peak (ru_maxrss of a child carries the parent's across exec).
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
print(int(hwm) / 1024, rows)
"""


def peak_rss_mb(path: Path) -> tuple[float, int]:
    out = subprocess.run(
        [sys.executable, "-c", PEAK_PROBE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    ).stdout.split()
    return float(out[0]), int(out[1])


@pytest.mark.slow
def test_peak_memory_is_flat_in_file_size(tmp_path: Path) -> None:
    small, large = tmp_path / "50.xml", tmp_path / "200.xml"
    write_export_file(small, 50_000_000)
    write_export_file(large, 200_000_000)
    small_mb, small_rows = peak_rss_mb(small)
    large_mb, large_rows = peak_rss_mb(large)
    assert large_rows > 3.5 * small_rows
    # Four times the XML (+150 MB) costs only the minutes it yields (~50 bytes each: the
    # returned table and the per-minute sums), never anything per byte of XML.
    per_minute = (large_mb - small_mb) * 2**20 / (large_rows - small_rows)
    assert large_mb - small_mb < 20, (small_mb, large_mb)
    assert per_minute < 80, per_minute
    assert large_mb < 150
