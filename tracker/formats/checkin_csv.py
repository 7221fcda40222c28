"""The check-in list: a paper diary typed into a spreadsheet, for ``tracker import``.

CSV form (recognised by its header; ``note`` is optional)::

    date,pain,worst_pain,energy,note
    2026-03-16,3,5,6,"rustige dag, wat gewandeld"

``date`` is YYYY-MM-DD, ``pain`` (now), ``worst_pain`` (at its worst that day) and
``energy`` are whole numbers on the 0-10 scale, ``note`` is free text (quoted when it holds
a comma). This module reads the structure strictly and names the first bad line in one
short line, in the words of the minute table's reader; the values themselves are checked
by the same rules as the hub page's check-in (:mod:`tracker.app.checkins`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.domain.errors import MinuteCsvError
from tracker.domain.text import cut

HEADER = ("date", "pain", "worst_pain", "energy")
HEADER_WITH_NOTE = (*HEADER, "note")
# A diary of years is a few thousand lines; a line this long is not a check-in.
MAX_LINE_CHARS = 2_000
MAX_FILE_BYTES = 5_000_000
_WHOLE = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class CheckinCsvError(MinuteCsvError):
    """A check-in line is malformed; carries its 1-based line number."""


@dataclass(frozen=True, slots=True)
class CheckinRow:
    line: int  # 1-based line the row starts on
    date: date
    pain: int
    worst_pain: int
    energy: int
    note: str


def _number(path: str, line: int, name: str, text: str) -> int:
    value = text.strip()
    if not _WHOLE.fullmatch(value):
        raise CheckinCsvError(
            path, line, f"{name} {cut(value)!r} is not a whole number from 0 to 10"
        )
    return int(value)


def _date(path: str, line: int, text: str) -> date:
    value = text.strip()
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CheckinCsvError(
            path, line, f"date {cut(value)!r} is not a date like 2026-03-16"
        ) from None


def parse_checkin_text(text: str, path: str = "<input>") -> list[CheckinRow]:
    """Every row, checked for its shape; the first bad one raises :class:`CheckinCsvError`."""
    lines = io.StringIO(text.lstrip("\ufeff"), newline="")
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CheckinCsvError(path, 1, f"the header cannot be read: {exc}") from exc
    names = tuple(h.strip() for h in header or ())
    if names not in (HEADER, HEADER_WITH_NOTE):
        raise CheckinCsvError(
            path, 1, "header must be date,pain,worst_pain,energy (and optionally ,note)"
        )
    rows: list[CheckinRow] = []
    seen: dict[date, int] = {}
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader, None)
        except csv.Error as exc:
            raise CheckinCsvError(path, start, f"this line cannot be read: {exc}") from exc
        if fields is None:
            break
        if not fields or all(not f.strip() for f in fields):
            continue
        if any(len(f) > MAX_LINE_CHARS for f in fields):
            raise CheckinCsvError(
                path, start, f"a value is longer than {MAX_LINE_CHARS} characters"
            )
        if len(fields) != len(names):
            raise CheckinCsvError(
                path, start, f"expected {len(names)} fields ({','.join(names)}), got {len(fields)}"
            )
        day = _date(path, start, fields[0])
        if day in seen:
            raise CheckinCsvError(
                path, start, f"date {day.isoformat()} appears twice (also on line {seen[day]})"
            )
        seen[day] = start
        rows.append(
            CheckinRow(
                line=start,
                date=day,
                pain=_number(path, start, "pain", fields[1]),
                worst_pain=_number(path, start, "worst_pain", fields[2]),
                energy=_number(path, start, "energy", fields[3]),
                note=fields[4] if len(fields) > 4 else "",
            )
        )
    if not rows:
        raise CheckinCsvError(path, 2, "holds no check-ins after the header")
    return rows


def read_checkin_csv(path: Path) -> list[CheckinRow]:
    """Read and check a check-in list (UTF-8, at most a few MB)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CheckinCsvError(str(path), 0, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise CheckinCsvError(str(path), 0, "is larger than a check-in list can be (5 MB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CheckinCsvError(
            str(path), line, "not UTF-8 text; save the file as CSV UTF-8"
        ) from exc
    return parse_checkin_text(text, str(path))
