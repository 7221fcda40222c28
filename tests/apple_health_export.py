"""Synthetic Apple Health exports shaped like real ones (HealthKit Export Version 14).

A phone and a watch, day after day: the watch's heart rate every ~5 minutes (every 5 s in
an evening workout) with a ``MetadataEntry`` each, both devices counting steps over the
same waking hours (so they overlap), and the records a real export is mostly made of and
the importer must skip: active and basal energy, walking distance. Like Apple's exports,
records are grouped by type and in time order within a type, and every record carries the
long ``device`` attribute. About 0.9 MB a day; ``write_export`` stops at a target size.

Used by ``tests/test_formats_apple_health.py`` (peak memory at 50 and 200 MB) and
``bench/import_apple_health.py`` (1 GB).
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Brussels")
PHONE = "iPhone van Ann"
WATCH = "Apple Watch van Ann"
PHONE_DEVICE = (
    "&lt;&lt;HKDevice: 0x283c3c5f0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone14,5, software:17.3.1&gt;"
)
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x2839a4e60&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,2, software:10.3&gt;"
)

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|{more})*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse CDATA #IMPLIED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level {rest}
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
]>
<HealthData locale="nl_BE">
 <ExportDate value="2026-03-20 10:00:00 +0100"/>
 <Me {me}/>
""".format(
    more="ClinicalRecord|Audiogram|VisionPrescription",
    rest="records in this document. -->",
    me=" ".join(
        f'HKCharacteristicTypeIdentifier{k}="{v}"'
        for k, v in (
            ("DateOfBirth", "1980-05-04"),
            ("BiologicalSex", "HKBiologicalSexFemale"),
            ("BloodType", "HKBloodTypeNotSet"),
            ("FitzpatrickSkinType", "HKFitzpatrickSkinTypeNotSet"),
            ("CardioFitnessMedicationsUse", "None"),
        )
    ),
)
FOOTER = "</HealthData>\n"

STEPS = "HKQuantityTypeIdentifierStepCount"
HEART = "HKQuantityTypeIdentifierHeartRate"


def record(
    kind: str,
    source: str,
    version: str,
    device: str,
    unit: str,
    start: str,
    end: str,
    value: str,
    children: str = "",
) -> str:
    """One ``<Record>`` line as Apple writes it."""
    head = (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="{version}" '
        f'device="{device}" unit="{unit}" creationDate="{end}" startDate="{start}" '
        f'endDate="{end}" value="{value}"'
    )
    if not children:
        return head + "/>\n"
    return head + ">\n" + children + " </Record>\n"


class _Day:
    """Apple's date text for any second of one local day (one offset for the whole day)."""

    def __init__(self, day: date) -> None:
        noon = datetime.combine(day, time(12), TZ)
        off = noon.utcoffset() or timedelta()
        minutes = int(off.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        self.suffix = f" {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
        self.prefix = day.isoformat() + " "

    def at(self, second: int) -> str:
        s = min(max(second, 0), 86399)
        return f"{self.prefix}{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{self.suffix}"


def _heart(day: _Day, rng: random.Random) -> Iterator[str]:
    meta = '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="{}"/>\n'

    def beat(t: int, bpm: int, context: int) -> str:
        return record(HEART, WATCH, "10.3", WATCH_DEVICE, "count/min", day.at(t), day.at(t),
                      str(bpm), meta.format(context))  # fmt: skip

    for slot in range(288):
        t = slot * 300 + rng.randrange(60)
        yield beat(t, rng.randrange(55, 110), rng.randrange(3))
    for t in range(18 * 3600, 18 * 3600 + 1800, 5):  # a 30-minute evening walk
        yield beat(t, rng.randrange(110, 150), 2)


def _steps(day: _Day, rng: random.Random) -> Iterator[str]:
    watch = [(t, rng.randrange(60, 240)) for t in range(7 * 3600, 22 * 3600, 360)]
    phone = [(t + 90, rng.randrange(120, 600)) for t in range(7 * 3600, 22 * 3600, 600)]
    both = [(t, d, WATCH) for t, d in watch] + [(t, d, PHONE) for t, d in phone]
    for t, d, source in sorted(both):
        if source == WATCH:
            yield record(
                STEPS,
                WATCH,
                "10.3",
                WATCH_DEVICE,
                "count",
                day.at(t),
                day.at(t + d),
                str(rng.randrange(20, 300)),
            )
        else:
            yield record(
                STEPS,
                PHONE,
                "17.3.1",
                PHONE_DEVICE,
                "count",
                day.at(t),
                day.at(t + d),
                str(rng.randrange(50, 800)),
            )


def _energy(
    day: _Day,
    rng: random.Random,
    kind: str,
    every_s: int,
    span_s: tuple[int, int],
    kcal: tuple[float, float],
) -> Iterator[str]:
    """The watch's ``kind`` energy, one record every ``every_s`` seconds of ``span_s``."""
    for t in range(*span_s, every_s):
        yield record(
            f"HKQuantityTypeIdentifier{kind}EnergyBurned", WATCH, "10.3", WATCH_DEVICE, "kcal",
            day.at(t), day.at(t + every_s), f"{rng.uniform(*kcal):.3f}",
        )  # fmt: skip


def _active_energy(day: _Day, rng: random.Random) -> Iterator[str]:
    return _energy(day, rng, "Active", 60, (7 * 3600, 23 * 3600), (0.05, 3))


def _basal_energy(day: _Day, rng: random.Random) -> Iterator[str]:
    return _energy(day, rng, "Basal", 300, (0, 86400), (5, 7))


def _distance(day: _Day, rng: random.Random) -> Iterator[str]:
    for t in range(7 * 3600 + 90, 22 * 3600, 600):
        yield record(
            "HKQuantityTypeIdentifierDistanceWalkingRunning",
            PHONE,
            "17.3.1",
            PHONE_DEVICE,
            "km",
            day.at(t),
            day.at(t + 300),
            f"{rng.uniform(0.01, 0.6):.5f}",
        )


KINDS: tuple[Callable[[_Day, random.Random], Iterator[str]], ...] = (
    _active_energy,
    _basal_energy,
    _distance,
    _heart,
    _steps,
)


def write_export(
    out: IO[str], target_bytes: int, first: date = date(2023, 1, 2), seed: int = 0
) -> int:
    """An export of about ``target_bytes`` (as many whole days as fit); returns the days."""
    per_day = sum(
        len(line.encode())
        for i, kind in enumerate(KINDS)
        for line in kind(_Day(first), random.Random(seed + i))
    )
    days = max(1, (target_bytes - len(HEADER)) // per_day)
    out.write(HEADER)
    for i, kind in enumerate(KINDS):  # grouped by type, in time order within a type
        for n in range(days):
            day = _Day(first + timedelta(days=n))
            out.writelines(kind(day, random.Random((seed * 7919 + n) * 31 + i)))
    out.write(FOOTER)
    return days


def write_export_file(path: Path, target_bytes: int, *, as_zip: bool = False) -> int:
    """``export.xml`` at ``path``, or an ``export.zip`` holding it; returns the days."""
    if not as_zip:
        with path.open("w", encoding="utf-8", buffering=1 << 20) as f:
            return write_export(f, target_bytes)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("apple_health_export/export.xml", "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8") as text,
    ):
        return write_export(text, target_bytes)
