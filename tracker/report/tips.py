"""Two or three tips from the program, chosen by what the week showed.

Pure: the facts in, text keys with their values out. The order is the order of urgency:
a boom-bust cycle first (the pattern the program most wants to break), then long
continuous exertion (split the task, the garden example), then the build-up plan, then
capacity. When nothing stands out the tips encourage and suggest a "mogen-activiteit".
"""

from __future__ import annotations

from dataclasses import dataclass, field

# At most this many tips: more would read as a to-do list, not as help.
MAX_TIPS = 3
# Fewer than this many and we add a general one from the program.
MIN_TIPS = 2
# A day part holding more than this share of the week's active minutes is "most of it".
DAYPART_DOMINANT_SHARE = 0.7
MAX_QUESTIONS = 3


@dataclass(frozen=True, slots=True)
class WeekFacts:
    has_data: bool
    boom_words: tuple[str, ...] = ()  # boom days of the week's cycles, in words
    bust_words: tuple[str, ...] = ()
    longest_exertion_minutes: int = 0
    longest_exertion_day: str = ""
    max_continuous_minutes: int = 20
    within_day_boom_days: tuple[str, ...] = ()
    sessions_over: int = 0
    sessions_under: int = 0
    sessions_on_plan: int = 0
    capacity_declining: bool = False
    avoidance: bool = False
    dominant_daypart: str | None = None  # a text key: "daypart_morning", …
    any_boom: bool = False
    any_bust: bool = False  # a bust day, in a cycle or alone: below the lower limit
    learning: bool = False  # no baseline yet, so no limits to stay within


@dataclass(frozen=True, slots=True)
class Tip:
    key: str
    values: dict[str, object] = field(default_factory=dict)


def select_tips(f: WeekFacts) -> list[Tip]:
    """The tips for the week, most urgent first, between MIN_TIPS and MAX_TIPS."""
    tips: list[Tip] = []
    if not f.has_data:
        return [Tip("tip_no_data"), Tip("tip_want_activity")]
    if f.boom_words and f.bust_words:
        tips.append(Tip("tip_spread", {"booms": f.boom_words, "busts": f.bust_words}))
    if f.longest_exertion_minutes > f.max_continuous_minutes:
        tips.append(
            Tip(
                "tip_split_task",
                {
                    "minutes": f.longest_exertion_minutes,
                    "day": f.longest_exertion_day,
                    "limit": f.max_continuous_minutes,
                },
            )
        )
    elif f.within_day_boom_days:
        tips.append(Tip("tip_rest_after", {"days": f.within_day_boom_days}))
    done = f.sessions_over + f.sessions_under + f.sessions_on_plan
    if f.sessions_over:
        tips.append(Tip("tip_plan_over", {"over": f.sessions_over, "done": done}))
    elif f.sessions_under:
        tips.append(Tip("tip_plan_under", {"under": f.sessions_under, "done": done}))
    elif f.sessions_on_plan:
        tips.append(Tip("tip_on_plan"))
    if f.capacity_declining or f.avoidance:
        tips.append(Tip("tip_want_activity"))
    if f.dominant_daypart is not None:
        tips.append(Tip("tip_dayparts", {"part": f.dominant_daypart}))
    if len(tips) < MIN_TIPS and not f.learning and not f.any_boom and not f.any_bust:
        tips.append(Tip("tip_steady"))
    if len(tips) < MIN_TIPS and all(t.key != "tip_want_activity" for t in tips):
        tips.append(Tip("tip_want_activity"))
    return tips[:MAX_TIPS]


def select_questions(f: WeekFacts) -> list[str]:
    """The brochure's reflective questions that fit the week (text keys)."""
    keys = ["q_energy"]
    if f.boom_words:
        keys.append("q_help")
    if f.longest_exertion_minutes > f.max_continuous_minutes or f.within_day_boom_days:
        keys.append("q_relax")
    if f.avoidance or f.capacity_declining:
        keys.append("q_behaviour")
    keys.extend(["q_outlet", "q_life"])
    unique = list(dict.fromkeys(keys))
    return unique[:MAX_QUESTIONS]
