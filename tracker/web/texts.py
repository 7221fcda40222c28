"""The hub page's words, in Dutch (default) and English: :class:`WebTexts` looks a key up in
:data:`TEXTS`, the tables of the hub's parts merged: what every page shares (here: the
menu, logging in, the pages that say something went wrong, the field problems), the pages
(:mod:`.texts_pages`), the exercises and worksheets (:mod:`.texts_exercises`) and the
administrator's page (:mod:`.texts_devices`).

Flemish Dutch in the brochure's terms (shared/VOICE.md): "kinesist", "een pauze inlassen",
"je gewone activiteit" for the 28-day median (never "basisniveau", which is only the
plan's baseline), "opbouwschema", "ondergrens" and "bovengrens". Describe, do not judge.
Every key exists in both languages with the same ``{placeholders}``; tests/test_words.py
checks that, and every paragraph the pages show (docs/words.md). Dates and numbers use the
report's :class:`~tracker.report.texts.Texts`.
"""

from __future__ import annotations

from typing import Final

from tracker.report.texts import Texts
from tracker.web.texts_devices import DEVICES_EN, DEVICES_NL
from tracker.web.texts_exercises import EXERCISES_EN, EXERCISES_NL
from tracker.web.texts_pages import PAGES_EN, PAGES_NL

LANGUAGES: Final = ("nl", "en")
DEFAULT_LANGUAGE: Final = "nl"

COMMON_NL: Final[dict[str, str]] = {
    "app_name": "Pacing",
    "skip": "Naar de inhoud",
    "nav_today": "Vandaag",
    "nav_week": "Week",
    "nav_plan": "Opbouwschema",
    "nav_log": "Logboek",
    "nav_devices": "Apparaten",
    "nav_label": "Hoofdmenu",
    "logout": "Afmelden",
    "logged_in_as": "Aangemeld als {name}",
    "language": "Taal",
    "language_switch": "In English",
    "language_other": "en",
    # Logging in
    "login_title": "Aanmelden",
    "login_intro": "Meld je aan om je overzicht te zien.",
    "username": "Gebruikersnaam",
    "password": "Wachtwoord",
    "login_button": "Aanmelden",
    "login_refused": "Gebruikersnaam of wachtwoord klopt niet. Probeer het opnieuw.",
    "login_slow": "Te veel pogingen na elkaar. Probeer het over {seconds} seconden opnieuw.",
    "login_empty": "Vul je gebruikersnaam en wachtwoord in.",
    "session_ended": "Je was een tijd niet actief en bent afgemeld. Meld je opnieuw aan.",
    # Field problems (the app's InputError problems, as err_<problem>)
    "err_choose": "Kies een cijfer van 0 tot 10.",
    "err_scale": "Kies een cijfer van 0 tot 10.",
    "err_below_now": "De ergste pijn van vandaag kan niet lager zijn dan de pijn nu.",
    "err_too_long": "Deze tekst is te lang. Hou het kort.",
    "err_control": "Deze tekst bevat tekens die niet kunnen.",
    "err_date": "Vul een datum in, bijvoorbeeld 2026-03-17.",
    "err_early": "Die datum ligt voor 2000. Kijk het jaartal na.",
    "err_future": "Die datum ligt in de toekomst. Noteer een sessie als ze gedaan is.",
    "err_relax_future": (
        "Dat tijdstip ligt in de toekomst. Noteer een oefening als je ze gedaan hebt."
    ),
    "err_number": "Vul een getal in.",
    "err_minutes_range": "Vul een aantal minuten in tussen 1 en 1440.",
    "err_whole": "Vul een geheel getal in.",
    "err_weeks_range": "Kies tussen 1 en 52 weken.",
    "err_sessions_range": "Kies tussen 1 en 14 sessies per week.",
    "err_goal_below": "Het einddoel moet hoger liggen dan het startniveau.",
    "err_positive": "Vul een getal groter dan 0 in.",
    "err_choose_activity": "Kies een activiteit.",
    "form_problem": "Er is iets niet in orde. Kijk de velden na.",
    # Pages that say something went wrong
    "forbidden_title": "Deze pagina is niet voor jou",
    "forbidden": "Met jouw rol kan je deze pagina niet openen.",
    "not_found_title": "Niet gevonden",
    "not_found": "Deze pagina bestaat niet.",
    "csrf_title": "Formulier verlopen",
    "csrf": (
        "Dit formulier kon niet gecontroleerd worden. Laad de pagina opnieuw en probeer nog eens."
    ),
    "error_title": "Er ging iets mis",
    "error": (
        "Er ging iets mis aan onze kant. Je gegevens zijn veilig. Probeer het over een "
        "minuut opnieuw; lukt het dan nog niet, vraag het aan wie de hub beheert."
    ),
    "busy_title": "Even geduld",
    "busy": "De hub is even bezig. Probeer het over een paar seconden opnieuw.",
    "home": "Naar de startpagina",
}

COMMON_EN: Final[dict[str, str]] = {
    "app_name": "Pacing",
    "skip": "Skip to content",
    "nav_today": "Today",
    "nav_week": "Week",
    "nav_plan": "Plan",
    "nav_log": "Log",
    "nav_devices": "Devices",
    "nav_label": "Main menu",
    "logout": "Log out",
    "logged_in_as": "Logged in as {name}",
    "language": "Language",
    "language_switch": "In het Nederlands",
    "language_other": "nl",
    "login_title": "Log in",
    "login_intro": "Log in to see your overview.",
    "username": "User name",
    "password": "Password",
    "login_button": "Log in",
    "login_refused": "The user name or password is not right. Please try again.",
    "login_slow": "Too many attempts in a row. Please try again in {seconds} seconds.",
    "login_empty": "Fill in your user name and password.",
    "session_ended": "You were away for a while and have been logged out. Please log in again.",
    "err_choose": "Choose a number from 0 to 10.",
    "err_scale": "Choose a number from 0 to 10.",
    "err_below_now": "Today's worst pain cannot be lower than the pain now.",
    "err_too_long": "This text is too long. Please keep it short.",
    "err_control": "This text holds characters that cannot be stored.",
    "err_date": "Fill in a date, for example 2026-03-17.",
    "err_early": "That date is before 2000. Please check the year.",
    "err_future": "That date is in the future. Log a session once it is done.",
    "err_relax_future": "That time is in the future. Log an exercise once you have done it.",
    "err_number": "Fill in a number.",
    "err_minutes_range": "Fill in a number of minutes between 1 and 1440.",
    "err_whole": "Fill in a whole number.",
    "err_weeks_range": "Choose between 1 and 52 weeks.",
    "err_sessions_range": "Choose between 1 and 14 sessions a week.",
    "err_goal_below": "The goal must be higher than the starting level.",
    "err_positive": "Fill in a number above 0.",
    "err_choose_activity": "Choose an activity.",
    "form_problem": "Something is not right. Please check the fields.",
    "forbidden_title": "This page is not for you",
    "forbidden": "Your role does not give access to this page.",
    "not_found_title": "Not found",
    "not_found": "This page does not exist.",
    "csrf_title": "Form expired",
    "csrf": "This form could not be checked. Please reload the page and try again.",
    "error_title": "Something went wrong",
    "error": (
        "Something went wrong on our side. Your data is safe. Please try again in a "
        "minute; if it still fails, ask whoever looks after the hub."
    ),
    "busy_title": "One moment",
    "busy": "The hub is busy for a moment. Please try again in a few seconds.",
    "home": "To the start page",
}

# The tables by job; a key lives in one of them only (tests/test_words.py checks it).
TABLES: Final[dict[str, dict[str, dict[str, str]]]] = {
    "common": {"nl": COMMON_NL, "en": COMMON_EN},
    "pages": {"nl": PAGES_NL, "en": PAGES_EN},
    "exercises": {"nl": EXERCISES_NL, "en": EXERCISES_EN},
    "devices": {"nl": DEVICES_NL, "en": DEVICES_EN},
}
TEXTS: Final[dict[str, dict[str, str]]] = {
    lang: {key: text for part in TABLES.values() for key, text in part[lang].items()}
    for lang in LANGUAGES
}


class WebTexts:
    """``t("key", name=…)`` in one language; dates and numbers as in the report."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._words = TEXTS[self.lang]
        self.report = Texts(self.lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self._words[key]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._words

    def number(self, value: float, decimals: int = 0) -> str:
        return self.report.number(value, decimals)
