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


def shown_path(path: object) -> str:
    """A file's path for a message or the store. A name that is not UTF-8 (a file from an
    old Windows share or a camera) reaches Python with its odd bytes as surrogates, which
    no UTF-8 output or SQLite text can hold: those bytes are shown as ``\\xe9``."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
