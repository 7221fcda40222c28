"""Local calendar days: the one place that turns instants into local dates and back.

The rule for a missing zone, everywhere: a configuration without ``[tracker] timezone``
means the hub's own zone, read once from ``$TZ`` or ``/etc/localtime`` (a real IANA zone,
so daylight-saving days have 1380 or 1500 minutes); where neither names a zone, UTC. A
minute-table file analysed without a zone takes the single UTC offset its rows share; rows
with different offsets need a zone (:func:`zone_of_offsets`). Every function here takes a
concrete ``tzinfo``, never None.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.domain.errors import UsageError
from tracker.domain.units import MS_PER_S

# Where Debian and most Linux systems keep the hub's zone.
LOCALTIME_PATH = Path("/etc/localtime")


def zone_named(name: str) -> ZoneInfo:
    """An IANA zone; a :class:`UsageError` (one line) for a name that is not one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Brussels)"
        ) from exc


def hub_zone() -> tzinfo:
    """The hub's own zone: ``$TZ``, else ``/etc/localtime``, else UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        with LOCALTIME_PATH.open("rb") as f:
            return ZoneInfo.from_file(f, key=_zone_key(LOCALTIME_PATH))
    except (OSError, ValueError):
        return UTC


def _zone_key(path: Path) -> str | None:
    """``Europe/Brussels`` from the symlink ``/etc/localtime -> …/zoneinfo/Europe/Brussels``."""
    try:
        target = str(path.resolve())
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


def resolve_zone(name: str | None) -> tzinfo:
    """The configured zone by name, or the hub's zone when none is configured."""
    return zone_named(name) if name else hub_zone()


def zone_name(tz: tzinfo) -> str:
    """A zone's IANA name where it has one, else its UTC offset (``UTC+01:00``)."""
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    return str(tz) if tz is not UTC else "UTC"


def fixed_zone(offset_s: int) -> tzinfo:
    """The zone of one constant UTC offset."""
    return UTC if offset_s == 0 else timezone(timedelta(seconds=offset_s))


def zone_of_offsets(offsets_s: Iterable[int]) -> tzinfo | None:
    """The fixed zone of rows that all share one UTC offset; None when they differ."""
    distinct = set(offsets_s)
    if len(distinct) > 1:
        return None
    return fixed_zone(distinct.pop() if distinct else 0)


def offset_s_at(time_s: float, tz: tzinfo) -> int:
    """The UTC offset in force in ``tz`` at an instant, in seconds."""
    off = datetime.fromtimestamp(time_s, tz).utcoffset()
    return int(off.total_seconds()) if off is not None else 0


def local_now(now_ms: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(now_ms / MS_PER_S, tz)


def local_date(time_ms: int, tz: tzinfo) -> date:
    """The local calendar day of an instant."""
    return local_now(time_ms, tz).date()


def local_midnight_s(day: date, tz: tzinfo) -> int:
    """Epoch seconds of 00:00 on ``day`` in ``tz``."""
    return int(datetime.combine(day, time(), tz).timestamp())


def day_bounds_s(first: date, last: date, tz: tzinfo) -> tuple[int, int]:
    """``[start, end)`` in epoch seconds of the local days ``first`` to ``last``."""
    return local_midnight_s(first, tz), local_midnight_s(last + timedelta(days=1), tz)
