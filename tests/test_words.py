"""The patient's words (shared/VOICE.md, docs/words.md): every text table complete in both
languages, and every text the patient reads plain Dutch in the glossary's words.

Fast: the tables text by text, every alert, Home Assistant's names and one report of a
full week in both languages. tests/test_words_pages.py renders every kind of week and
every hub page (slow); tests/test_words_cli.py checks the report from outside.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

import pytest

from tests.word_scenarios import LANGUAGES, alert_events, report_cases
from tests.words import (
    MIN_READING_EASE,
    Fault,
    check_page,
    check_paragraph,
    paragraphs,
    reading_ease,
)
from tracker.alerts import texts as alert_texts
from tracker.alerts.mqtt_channel import state_sensors
from tracker.pacing import texts as pacing_texts
from tracker.report import texts as report_texts
from tracker.report.render import render_html
from tracker.web import texts as web_texts

# Every table of words, as {language: {key: text}}.
TABLES: dict[str, Mapping[str, Mapping[str, str]]] = {
    "report": report_texts.TEXTS,
    "web": web_texts.TEXTS,
    "alerts": alert_texts.TEXTS,
    # The pacing core's table is keyed the other way round: {key: {language: text}}.
    "pacing": {
        lang: {k: v[lang] for k, v in pacing_texts.TEXTS.items() if lang in v}
        for lang in pacing_texts.LANGUAGES
    },
}
# The tables built from parts: a key must live in one part only (else one hides the other).
PARTS: dict[str, Mapping[str, Mapping[str, Mapping[str, str]]]] = {
    "report": report_texts.TABLES,
    "web": web_texts.TABLES,
}
# Values for the placeholders, as the code fills them in (a date in words, a number).
SAMPLE: dict[str, object] = {
    "date": "dinsdag 17 maart 2026",
    "day": "dinsdag 17 maart 2026",
    "days": "dinsdag 17 maart 2026",
    "booms": "dinsdag 17 maart 2026",
    "busts": "donderdag 19 maart 2026",
    "first": "maandag 16 maart",
    "last": "zondag 22 maart 2026",
    "when": "dinsdag 17 maart 2026 09:00",
    "start": "maandag 16 maart 2026",
    "end": "zondag 22 maart 2026",
    "part": "ochtend",
    "item": "bukken",
    "activity": "wandelen",
    "device": "InfiniTime",
    "name": "An",
    "where": "https://hub.local/week/2026-W12",
    "week": "12",
    "must": "2 keer iets wat moest (50 minuten)",
    "want": "1 keer iets wat je graag deed (15 minuten)",
    "busy": "Na een drukke dag",
    "then": "volgde een dag",
    "tz": "Europe/Brussels",
    "version": "0.1.0",
}
NUMBER = 12


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def filled(text: str) -> str:
    """``text`` with every placeholder filled in as the code would."""
    return text.format(**{f: SAMPLE.get(f, NUMBER) for f in _fields(text)})


def _technical(table: str) -> frozenset[str]:
    """The keys of the therapist's technical part (the report's footer)."""
    return report_texts.TECHNICAL_KEYS if table == "report" else frozenset()


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_key_exists_in_both_languages(table: str) -> None:
    texts = TABLES[table]
    assert set(texts) == set(LANGUAGES)
    only_nl = set(texts["nl"]) - set(texts["en"])
    only_en = set(texts["en"]) - set(texts["nl"])
    assert not only_nl and not only_en, f"in one language only: {only_nl | only_en}"
    for key, nl in texts["nl"].items():
        assert nl.strip() and texts["en"][key].strip(), key
        assert _fields(nl) == _fields(texts["en"][key]), f"placeholders differ: {key}"


def test_the_pacing_table_has_every_language_for_every_key() -> None:
    missing = [k for k, v in pacing_texts.TEXTS.items() if set(v) != set(LANGUAGES)]
    assert missing == []


@pytest.mark.parametrize("table", sorted(PARTS))
def test_a_key_lives_in_one_part_of_a_table(table: str) -> None:
    seen: dict[str, str] = {}
    for part, languages in PARTS[table].items():
        assert set(languages["nl"]) == set(languages["en"]), part
        for key in languages["nl"]:
            assert key not in seen, f"{key} in both {seen.get(key)} and {part}"
            seen[key] = part
    assert set(seen) == set(TABLES[table]["nl"])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_text_keeps_to_the_glossary(table: str, lang: str) -> None:
    """Each text alone, filled in: plain Dutch, no word the glossary keeps out."""
    skip = _technical(table)
    faults: list[Fault] = []
    for key, text in TABLES[table][lang].items():
        if key not in skip:
            faults += check_paragraph(filled(text), lang, f"{table}:{key}")
    assert faults == [], "\n".join(map(str, faults))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_technical_footer_keeps_basisniveau_for_the_plan(lang: str) -> None:
    """The footer may say "mediaan", but never of the basisniveau (the plan's baseline)."""
    for key in report_texts.TECHNICAL_KEYS:
        text = filled(report_texts.TEXTS[lang][key]).lower()
        if "basisniveau" in text:
            assert "mediaan" not in text and "28 dagen" not in text, key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_alert_keeps_to_the_glossary(lang: str) -> None:
    faults: list[Fault] = []
    for name, event in alert_events():
        shown = alert_texts.render(event, lang)
        for line in [shown.title, *shown.body.splitlines()]:
            faults += check_paragraph(line.removeprefix("- "), lang, f"alert {name}")
    assert faults == [], "\n".join(map(str, faults))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_assistant_names_keep_to_the_glossary(lang: str) -> None:
    faults: list[Fault] = []
    for object_id, config in state_sensors(lang):
        for words in (config["name"], *config.get("options", ())):
            faults += check_paragraph(words, lang, f"Home Assistant {object_id}")
    assert faults == [], "\n".join(map(str, faults))
    names = {object_id: config["name"] for object_id, config in state_sensors(lang)}
    usual = {"nl": "Je gewone activiteit", "en": "Your usual level"}[lang]
    assert names["baseline_minutes"] == usual  # the 28-day median, not the plan's baseline


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_full_week_report_keeps_to_the_glossary(lang: str) -> None:
    """Every section of the report with something in it; the footer is the technical part."""
    case = next(report_cases())
    html = render_html(case.report(lang))
    assert check_page(html, lang, case.name) == []
    footer = [p for p in paragraphs(html) if p.technical]
    assert any("Spearman" in p.text for p in footer)  # the statistics went there
    if lang == "nl":
        assert "Je gewone activiteit" in html and "basisniveau" in html  # both, each its own


# The wording before issue 13: the checks must find what was wrong with it.
OLD_GLANCE = (
    "Je basisniveau is de mediaan van je actieve minuten op de vorige 28 dagen. Boven de "
    "bovengrens ga je over je grenzen; onder de ondergrens kon je veel minder dan gewoonlijk."
)
OLD_CAPACITY = (
    "We volgen je belastbaarheid via de lopende mediaan van je actieve minuten over 28 "
    "dagen, met een band van je mindere tot je betere dagen."
)
OLD_RELAX = (
    "Progressieve relaxatie, autogene training, mindfulness: welke oefeningen deed je, en wat "
    "deed je hart? We vergelijken je hartslag tijdens de oefening met de 10 minuten ervoor "
    "en erna."
)


def test_the_checks_find_the_old_faults() -> None:
    glance = {f.problem for f in check_paragraph(OLD_GLANCE, "nl", "old")}
    assert glance == {"forbidden word 'mediaan'",
                      "forbidden word 'basisniveau next to mediaan or 28 dagen'"}  # fmt: skip
    assert reading_ease(OLD_CAPACITY) < MIN_READING_EASE
    assert reading_ease(OLD_RELAX) < MIN_READING_EASE
    assert [f.problem for f in check_paragraph("verdict: on_plan", "en", "old")] == [
        "forbidden word 'on_plan'"
    ]
    assert check_paragraph("fysiotherapeut", "nl", "old") != []
    assert check_paragraph("de UTC-afwijking", "nl", "old") != []


def test_the_page_check_leaves_out_exactly_the_marked_parts() -> None:
    page = (
        f"<main><p>{OLD_CAPACITY}</p>"
        f'<footer class="technical"><p>{OLD_GLANCE}</p></footer>'
        '<td class="note-text">mediaan van mijn dagen</td>'
        '<p>Mijn notitie: <span class="note-text">de mediaan</span>, verder goed.</p>'
        "<svg><text>basisniveau</text><text>mediaan</text></svg></main>"
    )
    found = {(f.text, f.problem) for f in check_page(page, "nl", "page")}
    assert found == {
        (OLD_CAPACITY, "forbidden word 'mediaan'"),
        (OLD_CAPACITY, f"reading ease {reading_ease(OLD_CAPACITY):.0f} < 60"),
        ("mediaan", "forbidden word 'mediaan'"),  # a chart's label is the patient's too
    }
