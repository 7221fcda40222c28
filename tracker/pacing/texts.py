"""User-facing pacing texts, in the brochure's words (Dutch first, English too).

One place for every text key so the report and alert parts reuse the same wording.
Texts with ``{placeholders}`` are formatted by the caller with :func:`text`.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("nl", "en")

TEXTS: Final[dict[str, dict[str, str]]] = {
    "stagnation": {
        "nl": (
            "De opbouw stagneert: twee weken na elkaar haalde je meestal de afgesproken "
            "tijd niet. Ga na wat de oorzaak is. Welke interne of externe barrières spelen "
            "een rol? Zijn je einddoel en opbouwschema wel realistisch? Pas je schema aan, "
            "en zoek professionele begeleiding als je vastloopt."
        ),
        "en": (
            "Your build-up is stalling: two weeks in a row you mostly did not reach the "
            "agreed time. Look for the cause. Which internal or external barriers play a "
            "part? Are your goal and schedule realistic? Adjust your schedule, and seek "
            "professional guidance if you get stuck."
        ),
    },
    "session_under": {
        "nl": "Korter dan de afgesproken tijd. Lukt het echt niet, dan geeft dit niet: "
        "probeer het de volgende keer gewoon opnieuw.",
        "en": "Shorter than the agreed time. If it really does not work out, that is fine: "
        "simply try again next time.",
    },
    "session_on_plan": {
        "nl": "Volgens de afgesproken tijd.",
        "en": "On the agreed time.",
    },
    "session_over": {
        "nl": "Langer dan de afgesproken tijd. Ook op een goede dag ga je niet over de "
        "afgesproken tijd heen.",
        "en": "Longer than the agreed time. Even on a good day, do not go beyond the agreed time.",
    },
    "cycle": {
        "nl": "Over je grenzen gegaan: veel gedaan op {booms}, daarna minder kunnen doen op "
        "{busts}. Probeer een beter evenwicht te vinden tussen inspanning en ontspanning, "
        "en verdeel je activiteiten over de dag en de week.",
        "en": "Over your limits: a lot done on {booms}, then less possible on {busts}. Try "
        "to find a better balance between exertion and relaxation, and spread your "
        "activities over the day and the week.",
    },
    "capacity_declining": {
        "nl": "Je belastbaarheid neemt af: je dagelijkse activiteit daalt over de laatste "
        "{weeks} weken.",
        "en": "Your capacity is declining: your daily activity went down over the last "
        "{weeks} weeks.",
    },
    "capacity_rising": {
        "nl": "Je belastbaarheid neemt toe over de laatste {weeks} weken.",
        "en": "Your capacity is rising over the last {weeks} weeks.",
    },
    "capacity_stable": {
        "nl": "Je belastbaarheid blijft gelijk over de laatste {weeks} weken.",
        "en": "Your capacity is stable over the last {weeks} weeks.",
    },
    "capacity_insufficient_data": {
        "nl": "Nog te weinig dagen met gegevens om je belastbaarheid te volgen.",
        "en": "Not enough days with data yet to follow your capacity.",
    },
    "avoidance": {
        "nl": "Je doet geleidelijk minder, zonder dagen waarop je over je grenzen gaat. "
        "Misschien vermijd je activiteiten uit voorzichtigheid. Probeer langzaamaan "
        "terug deel te nemen aan activiteiten in het dagelijks leven, in kleine stappen.",
        "en": "You are gradually doing less, without days of overdoing it. Perhaps you "
        "avoid activities out of caution. Try to slowly take part again in everyday "
        "activities, in small steps.",
    },
    "reduction_outside_advice": {
        "nl": "Let op: het advies is om 20 tot 30% onder het basisniveau te beginnen "
        "(nu {percent:g}%).",
        "en": "Note: the advice is to start 20 to 30% below the baseline (now {percent:g}%).",
    },
    "plan_title": {
        "nl": "Opbouwschema {activity}",
        "en": "Build-up schedule {activity}",
    },
    "plan_this_week": {"nl": "deze week", "en": "this week"},
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to Dutch), formatted with ``values``."""
    entry = TEXTS[key]
    template = entry.get(lang, entry["nl"])
    return template.format(**values) if values else template
