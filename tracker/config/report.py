"""``[report]``: when the daemon writes the weekly pacing report, and for whom."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.errors import ConfigValueError

# Report languages: Dutch is the program's own language (the Flemish back school);
# English is complete too.
LANGUAGES: tuple[str, ...] = ("nl", "en")
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# What the weekly-report alert attaches where a channel carries files (e-mail): a PDF
# prints well for the therapist; it needs weasyprint (tracker[pdf]), else the HTML goes.
ATTACH_FORMATS: tuple[str, ...] = ("pdf", "html", "none")
# Names in the header are printed as given; keep them to one short line.
MAX_NAME_CHARS = 80


@dataclass(frozen=True, slots=True)
class ReportConfig:
    # Dutch by default: the words of the back-school brochure.
    language: str = "nl"
    # Monday 08:00 for the week before: the week is complete and the report is ready
    # before a Monday-morning session with the therapist.
    weekday: str = "monday"
    hour: int = 8
    enabled: bool = True
    therapist_name: str = ""
    patient_name: str = ""
    attach: str = "pdf"

    def __post_init__(self) -> None:
        if self.attach not in ATTACH_FORMATS:
            raise ConfigValueError("attach", f"must be one of {', '.join(ATTACH_FORMATS)}")
        if self.language not in LANGUAGES:
            raise ConfigValueError("language", f"must be one of {', '.join(LANGUAGES)}")
        if self.weekday not in WEEKDAYS:
            raise ConfigValueError("weekday", f"must be one of {', '.join(WEEKDAYS)}")
        if not 0 <= self.hour <= 23:
            raise ConfigValueError("hour", "must be between 0 and 23")
        for name in ("therapist_name", "patient_name"):
            value: str = getattr(self, name)
            if len(value) > MAX_NAME_CHARS or "\n" in value:
                raise ConfigValueError(
                    name, f"must be one line of at most {MAX_NAME_CHARS} characters"
                )

    @property
    def weekday_index(self) -> int:
        """0 = Monday, as ``date.weekday()``."""
        return WEEKDAYS.index(self.weekday)
