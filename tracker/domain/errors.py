"""One error root for everything a user can cause.

``str(error)`` is a single line a person can act on; the CLI prints it and exits with
``error.exit_code`` and never shows a traceback.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Root of every error the CLI turns into a one-line message."""

    exit_code: int = 1


class UsageError(TrackerError):
    """The command line or its input is impossible (exit 2)."""

    exit_code = 2


class ConfigError(TrackerError):
    """A configuration file is unreadable or wrong; nothing is started (exit 2)."""

    exit_code = 2

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        # Every problem found in the file, this one first (see ``collect``).
        self.problems: list[ConfigError] = [self]
        super().__init__(f"config: {key}: {problem}" if key else f"config: {problem}")

    @classmethod
    def collect(cls, problems: list[ConfigError]) -> ConfigError:
        """One error for many: its line names the first and counts the rest."""
        first = problems[0]
        if len(problems) == 1:
            return first
        more = len(problems) - 1
        error = cls(
            first.key,
            f"{first.problem} (and {more} more problem{'s' if more > 1 else ''}; "
            "`tracker check-config FILE` lists them all)",
        )
        error.problems = list(problems)
        return error

    def lines(self) -> list[str]:
        """Each problem as its own one-line message."""
        return [str(p) for p in self.problems]


class MalformedPayload(TrackerError):
    """A BLE characteristic value does not match its specification."""

    exit_code = 1

    def __init__(self, characteristic: str, problem: str) -> None:
        self.characteristic = characteristic
        self.problem = problem
        super().__init__(f"malformed {characteristic} payload: {problem}")


class UnknownCharacteristic(TrackerError):
    """A characteristic we have no decoder for (exit 2)."""

    exit_code = 2


class MinuteCsvError(TrackerError):
    """A minute-table CSV row is malformed; carries the 1-based line number."""

    exit_code = 1

    def __init__(self, path: str, line: int, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        # Line 0: the file as a whole (unreadable), not one of its rows.
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")


class StoreError(TrackerError):
    """The data directory or its database cannot be used."""

    exit_code = 1


class ConfigValueError(ValueError):
    """An impossible value in a config section's ``__post_init__``; ``key`` is relative
    to the section. The loader turns it into a :class:`ConfigError` naming the full key."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


class ImportFileError(TrackerError):
    """A file to import cannot be read as what it claims to be; nothing is written."""

    exit_code = 1

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def require_positive(section: object, *names: str) -> None:
    """A config section's check that each named setting is above 0 (the first that is not
    raises :class:`ConfigValueError`; whole numbers read "1 or more")."""
    for name in names:
        value = getattr(section, name)
        if value <= 0:
            problem = "must be 1 or more" if isinstance(value, int) else "must be greater than 0"
            raise ConfigValueError(name, problem)


def require_at_least(section: object, name: str, floor: str) -> None:
    """A config section's check that setting ``name`` (a maximum) is not below setting
    ``floor`` (its minimum); raises :class:`ConfigValueError` naming both."""
    if getattr(section, name) < getattr(section, floor):
        raise ConfigValueError(name, f"must be at least {floor}")
