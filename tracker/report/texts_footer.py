"""The report's technical footer: coverage, devices, the rules and thresholds, the time
zone, and the statistics behind the findings (for the therapist).

These are the only report texts that may use the technical words the patient's part
leaves out ("mediaan", "percentiel", "UTC", "Spearman", "RMSSD"): the footer is marked
``class="technical"`` in the template, and tests/test_words.py holds every other text to
the glossary. Still: "basisniveau" is the plan's baseline only; the median of the last 28
days is "gewone activiteit" here too. Merged into :data:`tracker.report.texts.TEXTS`.
"""

from __future__ import annotations

from typing import Final

FOOTER_NL: Final[dict[str, str]] = {
    "h_footer": "Technische gegevens",
    "coverage": "Minuten met gegevens deze week: {minutes} van {total} ({percent} %).",
    "devices": "Toestellen",
    "devices_none": "geen toestelstatus opgeslagen (gegevens geïmporteerd)",
    "rules": "Regels en drempels",
    "rule_active": (
        "actieve minuut: ≥ {steps} stappen per minuut, of hartslag ≥ rust + {hrr} × (max − rust)"
    ),
    "rule_valid": "dag met genoeg gegevens: ≥ {minutes} gedragen minuten",
    "rule_usual": (
        "gewone activiteit: mediaan van de actieve minuten op de vorige {window} dagen met "
        "genoeg gegevens, minstens {min_days} nodig (leerperiode)"
    ),
    "rule_band": (
        "belastbaarheid: lopende mediaan over {window} dagen; band van het 10e tot het 90e "
        "percentiel (mindere en betere dagen)"
    ),
    "rule_boom": "piekdag: ≥ {ratio} × gewone activiteit en ≥ gewone activiteit + {excess} minuten",
    "rule_bust": "dipdag: ≤ {ratio} × gewone activiteit",
    "rule_cycle": "piek en dip: een dip binnen {days} dagen na een of meer piekdagen",
    "rule_session": "sessie volgens afspraak: {under} %–{over} % van de afgesproken tijd",
    "rule_pause": "pauze-advies: na {minutes} minuten aan één stuk",
    "rule_plan_baseline": "basisniveau (opbouwschema): het gemiddelde van drie metingen",
    "rule_hrv": "hartslagvariabiliteit: RMSSD van de slag-tot-slagtijden, in ms",
    "pain_stats": (
        "Pijn en activiteit (Spearman ρ): dezelfde dag {same} over {same_n} dagen; de dag "
        "erna {next} over {next_n} dagparen."
    ),
    "timezone": "Tijdzone: {tz}",
    "timezone_rows": "de UTC-afwijking die bij elke meting bewaard is",
    "generated_by": "Gemaakt door tracker {version}.",
}

FOOTER_EN: Final[dict[str, str]] = {
    "h_footer": "Technical details",
    "coverage": "Minutes with data this week: {minutes} of {total} ({percent} %).",
    "devices": "Devices",
    "devices_none": "no device status stored (imported data)",
    "rules": "Rules and thresholds",
    "rule_active": (
        "active minute: ≥ {steps} steps per minute, or heart rate ≥ rest + {hrr} × (max − rest)"
    ),
    "rule_valid": "day with enough data: ≥ {minutes} minutes worn",
    "rule_usual": (
        "usual level: median of the active minutes on the previous {window} days with enough "
        "data, at least {min_days} needed (learning period)"
    ),
    "rule_band": (
        "capacity: running median over {window} days; band from the 10th to the 90th "
        "percentile (lesser and better days)"
    ),
    "rule_boom": "boom day: ≥ {ratio} × usual level and ≥ usual level + {excess} minutes",
    "rule_bust": "bust day: ≤ {ratio} × usual level",
    "rule_cycle": "boom-bust cycle: a bust within {days} days after one or more boom days",
    "rule_session": "session as agreed: {under} %–{over} % of the agreed time",
    "rule_pause": "break advice: after {minutes} minutes in one go",
    "rule_plan_baseline": "baseline (build-up schedule): the mean of three measurements",
    "rule_hrv": "heart-rate variability: RMSSD of the beat-to-beat intervals, in ms",
    "pain_stats": (
        "Pain and activity (Spearman ρ): same day {same} over {same_n} days; the day after "
        "{next} over {next_n} pairs of days."
    ),
    "timezone": "Time zone: {tz}",
    "timezone_rows": "the UTC offset stored with each reading",
    "generated_by": "Made by tracker {version}.",
}
