"""The words of the weekly report, in Dutch (default) and English: :class:`Texts` looks a
key up in :data:`TEXTS`, the tables of the report's parts merged (:mod:`.texts_week`,
:mod:`.texts_plan`, :mod:`.texts_pain`, :mod:`.texts_exercises`, :mod:`.texts_footer`).

Dutch follows the back-school brochure (shared/seed/) and the glossary of
shared/VOICE.md: one concept, one word ("basisniveau" is only the plan's baseline; the
28-day median is "je gewone activiteit"), no technical word outside the technical footer.
The tone is kind and concrete, never blaming, and gives no advice beyond the program's own.

Every key exists in both languages with the same ``{placeholders}``; tests/test_words.py
checks that, and the reading ease and the words of every paragraph (docs/words.md). Dates
are written in words without a locale, so the report reads the same on any hub.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from tracker.report.texts_exercises import EXERCISES_EN, EXERCISES_NL
from tracker.report.texts_footer import FOOTER_EN, FOOTER_NL
from tracker.report.texts_pain import PAIN_EN, PAIN_NL
from tracker.report.texts_plan import PLAN_EN, PLAN_NL
from tracker.report.texts_week import WEEK_EN, WEEK_NL

LANGUAGES: Final = ("nl", "en")

_DAY_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_DAY_ABBR: Final[dict[str, tuple[str, ...]]] = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTH_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# The tables by job; a key lives in one of them only (tests/test_words.py checks it).
TABLES: Final[dict[str, dict[str, dict[str, str]]]] = {
    "week": {"nl": WEEK_NL, "en": WEEK_EN},
    "plan": {"nl": PLAN_NL, "en": PLAN_EN},
    "pain": {"nl": PAIN_NL, "en": PAIN_EN},
    "exercises": {"nl": EXERCISES_NL, "en": EXERCISES_EN},
    "footer": {"nl": FOOTER_NL, "en": FOOTER_EN},
}
# The technical footer's keys: the only texts that may use the technical words.
TECHNICAL_KEYS: Final = frozenset(FOOTER_NL)
TEXTS: Final[dict[str, dict[str, str]]] = {
    lang: {key: text for part in TABLES.values() for key, text in part[lang].items()}
    for lang in LANGUAGES
}


class Texts:
    """The report's words in one language: ``texts("key", name=value)``."""

    __slots__ = ("_table", "lang")

    def __init__(self, lang: str) -> None:
        if lang not in TEXTS:
            raise ValueError(f"unknown report language {lang!r}")
        self.lang = lang
        self._table = TEXTS[lang]

    def __call__(self, key: str, **values: object) -> str:
        text = self._table[key]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._table

    def day_name(self, day: date) -> str:
        return _DAY_NAMES[self.lang][day.weekday()]

    def day_abbr(self, day: date) -> str:
        return _DAY_ABBR[self.lang][day.weekday()]

    def date_long(self, day: date) -> str:
        """'maandag 16 maart 2026' / 'Monday 16 March 2026'."""
        month = _MONTH_NAMES[self.lang][day.month - 1]
        return f"{self.day_name(day)} {day.day} {month} {day.year}"

    def date_both(self, day: date) -> str:
        """Words for the reader, ISO for tooling: 'maandag 16 maart 2026 (2026-03-16)'."""
        return f"{self.date_long(day)} ({day.isoformat()})"

    def join(self, items: list[str]) -> str:
        """'a', 'a en b', 'a, b en c'."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    def number(self, value: float, decimals: int = 0) -> str:
        """Decimal comma in Dutch, point in English."""
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if self.lang == "nl" else text
