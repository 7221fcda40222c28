"""The hub page's form fields, read leniently: a blank or unreadable field is None, and
the application layer says what is wrong with it in the person's words."""

from __future__ import annotations


def as_int(text: str | None) -> int | None:
    """``"7"``, ``" -2 "``: the whole number, else None."""
    value = (text or "").strip()
    return int(value) if value.lstrip("-").isdigit() else None


def as_float(text: str | None) -> float | None:
    """``"12"``, ``"12.5"``, ``"12,5"`` (the decimal comma of Dutch): the number, else None."""
    try:
        return float((text or "").strip().replace(",", "."))
    except ValueError:
        return None
