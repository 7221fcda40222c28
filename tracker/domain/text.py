"""Small helpers for the one-line messages people read (English command-line text)."""

from __future__ import annotations

# A value from a file or the command line is echoed at most this long: a 100 MB field
# must not become a 100 MB error message.
SHOWN_VALUE_CHARS = 40


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 minute``, ``2 minutes`` (``plural`` where adding an s is wrong)."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def cut(value: str, limit: int = SHOWN_VALUE_CHARS) -> str:
    """``value`` for a message, cut to ``limit`` characters with "…" when cut."""
    return value[:limit] + "…" if len(value) > limit else value
