"""The checks on the patient's words (shared/VOICE.md), for tests/test_words*.py.

A page is cut into paragraphs: the text of each block element (p, li, dd, caption, an
SVG chart's text, …) and each aria-label. A paragraph inside an element marked
``class="technical"`` (the report's technical footer, the therapist's and the
administrator's details) is the technical part; one inside ``class="note-text"`` is the
person's own writing. Neither is held to the patient's rules. The rest is checked:

- Dutch reading ease (Flesch–Douma, textstat with language "nl") of at least
  :data:`MIN_READING_EASE` for every paragraph of at least :data:`MIN_WORDS` words;
- no word the glossary keeps out of the patient's part (:data:`FORBIDDEN`), and no
  internal name (a ``snake_case`` word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import textstat

# The threshold: 60 is "fairly easy" on Flesch–Douma; the report's plain
# paragraphs score around 80.
MIN_READING_EASE = 60.0
# Shorter paragraphs (labels, headings, one-line findings) give unstable scores.
MIN_WORDS = 12
# Words that belong in the technical part or mean something else to the patient.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "nl": ("mediaan", "percentiel", "utc", "fysiotherapeut", "boom", "bust", "rmssd"),
    "en": ("median", "percentile", "utc", "rmssd"),
}
# An internal name: on_plan, no_data, day_type, … (never a word a person writes).
INTERNAL_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")
# "basisniveau" is the plan's baseline; the 28-day median is "je gewone activiteit".
BASELINE_NEIGHBOURS = re.compile(
    r"basisniveau\W+(?:\w+\W+){0,8}?(?:mediaan|28\s+dagen)"
    r"|(?:mediaan|28\s+dagen)\W+(?:\w+\W+){0,8}?basisniveau",
    re.IGNORECASE,
)
MARK_TECHNICAL = "technical"
MARK_OWN_WORDS = "note-text"
# Inside a paragraph; every other element (p, li, dd, caption, an SVG's text, …) is one.
INLINE = frozenset(
    ("a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "sub", "sup", "time", "tspan")
)
SKIPPED = frozenset(("style", "script"))
# What the person typed, shown back in a form.
OWN_TAGS = frozenset(("textarea",))
VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
     "wbr")
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    technical: bool  # the technical footer, or a therapist's or administrator's detail
    own_words: bool  # what the person wrote (a note, a movement on their ladder)

    @property
    def patient(self) -> bool:
        return not self.technical and not self.own_words


@dataclass(slots=True)
class _Open:
    tag: str
    technical: bool
    own: bool
    block: bool
    parts: list[str]


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Paragraph] = []
        self._stack: list[_Open] = []
        self._skip = 0

    def _flags(self) -> tuple[bool, bool]:
        top = self._stack[-1] if self._stack else None
        return (top.technical, top.own) if top else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skip += 1
            return
        if tag in VOID:
            self._label(attrs)
            return
        classes = (dict(attrs).get("class") or "").split()
        marked = MARK_TECHNICAL in classes or MARK_OWN_WORDS in classes or tag in OWN_TAGS
        technical, own = self._flags()
        technical = technical or MARK_TECHNICAL in classes
        own = own or MARK_OWN_WORDS in classes or tag in OWN_TAGS
        # A marked inline element (a person's note in a sentence) is a paragraph of its own.
        block = tag not in INLINE or marked
        self._stack.append(_Open(tag, technical, own, block, []))
        self._label(attrs)

    def _label(self, attrs: list[tuple[str, str | None]]) -> None:
        label = dict(attrs).get("aria-label")
        if label:
            technical, own = self._flags()
            self.found.append(Paragraph(label, technical, own))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if not any(o.tag == tag for o in self._stack):
            return  # a stray end tag
        while self._stack:
            done = self._stack.pop()
            if done.block:
                self._emit(done)
            elif self._stack:
                self._owner().parts.extend(done.parts)
            if done.tag == tag:
                break

    def _owner(self) -> _Open:
        return self._stack[-1]

    def _emit(self, done: _Open) -> None:
        text = " ".join("".join(done.parts).split())
        if text:
            self.found.append(Paragraph(text, done.technical, done.own))

    def handle_data(self, data: str) -> None:
        if self._skip or not self._stack:
            return
        self._stack[-1].parts.append(data)


def paragraphs(html: str) -> list[Paragraph]:
    """Every paragraph of ``html``, each with where it stands (patient, technical, own)."""
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    return parser.found


def words(text: str) -> int:
    return int(textstat.lexicon_count(text))


def reading_ease(text: str) -> float:
    """Flesch–Douma (textstat's Flesch reading ease with the Dutch constants)."""
    textstat.set_lang("nl")
    return float(textstat.flesch_reading_ease(text))


def forbidden_words(text: str, lang: str) -> list[str]:
    """The glossary's forbidden words and internal names in ``text`` (whole words)."""
    lowered = text.lower()
    found = [w for w in FORBIDDEN[lang] if re.search(rf"\b{re.escape(w)}\b", lowered)]
    found += INTERNAL_NAME.findall(text)
    if lang == "nl" and BASELINE_NEIGHBOURS.search(text):
        found.append("basisniveau next to mediaan or 28 dagen")
    return found


@dataclass(frozen=True, slots=True)
class Fault:
    where: str
    text: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}: {self.text!r}"


def check_paragraph(text: str, lang: str, where: str) -> list[Fault]:
    """What is wrong with one patient-facing paragraph (nothing: an empty list)."""
    faults = [Fault(where, text, f"forbidden word {w!r}") for w in forbidden_words(text, lang)]
    if lang == "nl" and words(text) >= MIN_WORDS:
        score = reading_ease(text)
        if score < MIN_READING_EASE:
            faults.append(Fault(where, text, f"reading ease {score:.0f} < {MIN_READING_EASE:.0f}"))
    return faults


def check_page(html: str, lang: str, where: str) -> list[Fault]:
    """Every patient paragraph of a page, checked; the technical part and the person's
    own words are left out."""
    faults: list[Fault] = []
    for p in paragraphs(html):
        if p.patient:
            faults += check_paragraph(p.text, lang, where)
    return faults


def lowest_scores(html: str, count: int = 5) -> list[tuple[float, str]]:
    """The ``count`` lowest-scoring patient paragraphs of at least MIN_WORDS words."""
    scored = [
        (reading_ease(p.text), p.text)
        for p in paragraphs(html)
        if p.patient and words(p.text) >= MIN_WORDS
    ]
    return sorted(scored)[:count]
