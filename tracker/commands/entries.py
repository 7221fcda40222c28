"""Reading the person's values from the command line: one line (exit 1) when they are not
right, never an argparse trace, and nothing written (the shared helpers of ``tracker
checkin``, ``log relaxation``, ``ladder`` and ``worksheet``)."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from tracker.app.checkins import InputError
from tracker.domain.errors import TrackerError
from tracker.domain.text import cut

_WHOLE = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")

# Field problems (tracker.app.*'s InputError) in command-line words.
PROBLEMS = {
    "choose": "is missing",
    "scale": "must be a whole number from 0 to 10",
    "fear_range": "must be a whole number from 0 to 100",
    "below_now": "cannot be lower than --pain (the pain now)",
    "too_long": "is too long",
    "control": "holds control characters",
    "future": "is in the future",
    "early": "is before 2000",
    "empty": "is empty",
    "item_long": "is too long (60 characters at most)",
    "item_exists": "is already on the ladder",
    "ladder_full": "cannot be added: the ladder holds ten items at most (remove one first)",
    "item_unknown": "is not on the ladder (see tracker ladder show)",
    "kind": "must be progressive, autogenic, mindfulness, breathing or other",
    "time": "must be a time like 2026-03-18T20:00:00+01:00",
    "number": "must be a number",
    "relax_range": "must be more than 0 and at most 180",
    "question": "is not one of the worksheet's questions",
}


class EntryError(TrackerError):
    """A value on the command line that cannot be stored (exit 1, nothing written)."""


def input_error(exc: InputError, flags: dict[str, str]) -> EntryError:
    """The app layer's field problem as one line naming the option."""
    return EntryError(f"{flags.get(exc.field, exc.field)} {PROBLEMS.get(exc.problem, exc.problem)}")


def whole(text: str | None, flag: str, top: int = 10) -> int | None:
    """A whole number option (None when not given); anything else is one line."""
    if text is None:
        return None
    value = text.strip()
    if not _WHOLE.fullmatch(value):
        raise EntryError(f"{flag} must be a whole number from 0 to {top} (got {cut(value)!r})")
    return int(value)


def number(text: str | None, flag: str) -> float | None:
    if text is None:
        return None
    value = text.strip()
    if not _NUMBER.fullmatch(value):
        raise EntryError(f"{flag} must be a number (got {cut(value)!r})")
    return float(value.replace(",", "."))


def day_of(text: str | None, flag: str, today: date) -> date:
    """A YYYY-MM-DD option, ``today`` when not given."""
    if text is None:
        return today
    value = text.strip()
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise EntryError(f"{flag} must be a date like 2026-03-18 (got {cut(value)!r})") from None


def moment_of(text: str, flag: str, tz: tzinfo) -> datetime:
    """An ISO 8601 time; without a UTC offset it is local time in ``tz``."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise EntryError(
            f"{flag} must be a time like 2026-03-18T20:00:00+01:00 (got {cut(value)!r})"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
