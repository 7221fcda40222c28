"""The error a config section raises from ``__post_init__`` (kept apart to avoid cycles)."""

from __future__ import annotations


class ConfigValueError(ValueError):
    """An impossible value; ``key`` is relative to the section."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem
