"""The hub page's form fields, read leniently: a blank or unreadable field is None, and
the application layer says what is wrong with it in the person's words."""

from __future__ import annotations

# No whole number on these forms (a score, a count, a ladder step's number) has more digits;
# more would not fit SQLite's integers, and Python refuses to read past 4300 digits.
MAX_WHOLE_DIGITS = 15


def as_int(text: str | None) -> int | None:
    """``"7"``, ``" -2 "``: the whole number, else None (also for "²" or "--5", which
    ``str.isdigit`` would let through to ``int``)."""
    value = (text or "").strip()
    digits = value.removeprefix("-")
    if digits.isascii() and digits.isdigit() and len(digits) <= MAX_WHOLE_DIGITS:
        return int(value)
    return None


def as_float(text: str | None) -> float | None:
    """``"12"``, ``"12.5"``, ``"12,5"`` (the decimal comma of Dutch): the number, else None."""
    try:
        return float((text or "").strip().replace(",", "."))
    except ValueError:
        return None
