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
            "De opbouw stagneert: twee weken na elkaar lukte de afgesproken tijd meestal "
            "niet. Dat kan gebeuren. Probeer na te gaan wat de oorzaak is: welke interne of "
            "externe barrières spelen een rol? Zijn je einddoel en opbouwschema wel "
            "realistisch? Je schema aanpassen mag; loop je vast, vraag dan gerust "
            "begeleiding aan je psycholoog of kinesist."
        ),
        "en": (
            "Your build-up is stalling: two weeks in a row the agreed time mostly did not "
            "work out. That happens. Try to find out why: which internal or external "
            "barriers play a part? Are your goal and build-up plan realistic? Adjusting the "
            "plan is fine; if you get stuck, do ask your psychologist or physiotherapist "
            "for guidance."
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
        "nl": "Je belastbaarheid neemt wat af: je dagelijkse activiteit daalde over de "
        "laatste {weeks} weken. Dat is een signaal om samen met je begeleider naar te "
        "kijken, geen verwijt.",
        "en": "Your capacity is going down somewhat: your daily activity went down over "
        "the last {weeks} weeks. That is a signal to look at with your therapist, not a "
        "reproach.",
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
        "nl": "Je doet stilaan minder, zonder dagen waarop je over je grenzen gaat. Misschien "
        "vermijd je iets uit voorzichtigheid. Probeer in kleine stappen weer mee te doen met "
        "wat je dagelijks doet.",
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
        "en": "Build-up plan {activity}",
    },
    "plan_this_week": {"nl": "deze week", "en": "this week"},
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to Dutch), formatted with ``values``."""
    entry = TEXTS[key]
    template = entry.get(lang, entry["nl"])
    return template.format(**values) if values else template
