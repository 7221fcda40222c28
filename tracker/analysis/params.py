"""``[analysis]``: thresholds that turn minutes into wear, activity and bouts.

Each default names its source (shared/DESIGN.md §4 has the table).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.errors import ConfigValueError, require_positive


@dataclass(frozen=True, slots=True)
class AnalysisParams:
    # Tudor-Locke cadence bands: 40-59 steps/min is "purposeful" stepping.
    active_steps_per_min: float = 40.0
    # Karvonen heart-rate reserve fraction; ACSM calls 30-39 % HRR light.
    active_hrr_fraction: float = 0.3
    # Tanaka: HRmax = 208 - 0.7 x age. 0 = unknown; hr_max_bpm wins when set.
    age_years: float = 0.0
    hr_max_bpm: float = 0.0
    # Configured resting HR; 0 = estimate (median HR of low-step minutes, DBDP method).
    hr_rest_bpm: float = 0.0
    hr_rest_window_days: int = 14
    # DBDP resting HR: a minute counts when the step sum over this many minutes ending
    # with it is known and at most hr_rest_max_steps x this (the person has been still).
    hr_rest_still_minutes: int = 10
    # A minute counts as "low-step" for resting HR when its steps are at most this.
    hr_rest_max_steps: float = 0.0
    # Choi 2011 non-wear window, applied to step counts.
    nonwear_minutes: int = 90
    # GGIR / NHANES bouts: tolerate short interruptions, keep household-length bouts.
    bout_max_gap_minutes: int = 1
    bout_min_minutes: int = 5
    # NHANES/GGIR 10-hour wear rule.
    valid_day_worn_minutes: int = 600
    # Brochure: pause regularly; a bout longer than this without a break is flagged.
    max_continuous_minutes: int = 20
    # Within-day boom: a bout of at least this long followed by rest >= factor x its length.
    within_day_boom_min_bout_minutes: int = 30
    within_day_boom_rest_factor: float = 2.0
    # Longest continuous exertion: active stretches joined across pauses shorter than this.
    # A few minutes' standing still is not the brochure's pause; 5 min matches the shortest bout.
    break_min_minutes: int = 5
    # Day parts (local hours): morning [6, 12), afternoon [12, 18), evening [18, 24).
    morning_start_hour: int = 6
    afternoon_start_hour: int = 12
    evening_start_hour: int = 18
    # Banister TRIMP weighting y = a x e^(b x HRr): a 0.64, b 1.92 for men (Banister 1991);
    # women 0.86 and 1.67.
    trimp_weight_a: float = 0.64
    trimp_weight_b: float = 1.92
    # HRV artefact rules (Malik 1996): RR outside 0.3-2.0 s or changing over 20 % from
    # the previous beat is dropped; RMSSD needs enough clean successive differences.
    rr_min_s: float = 0.3
    rr_max_s: float = 2.0
    rr_max_change: float = 0.2
    rmssd_min_intervals: int = 30
    # Resting-HR trend: Theil-Sen slope over the last weeks, like the capacity trend.
    hr_trend_weeks: int = 8
    hr_trend_min_days: int = 14
    # Weekly spread (coefficient of variation) needs a few valid days to mean anything.
    weekly_spread_min_days: int = 3
    # Relaxation exercises: heart rate in the 10 minutes before, during and the 10 minutes
    # after (before and after are the exercise's own reference, short enough to exclude
    # the activity that came earlier or later).
    relaxation_window_minutes: int = 10
    # The night whose resting heart rate and RMSSD stand for a morning (local hours,
    # [start, end) of that morning's day): the hours most people sleep.
    night_start_hour: int = 0
    night_end_hour: int = 6

    def __post_init__(self) -> None:
        require_positive(
            self,
            "active_steps_per_min",
            "nonwear_minutes",
            "bout_min_minutes",
            "valid_day_worn_minutes",
            "max_continuous_minutes",
            "hr_rest_window_days",
            "within_day_boom_min_bout_minutes",
            "within_day_boom_rest_factor",
            "break_min_minutes",
            "hr_rest_still_minutes",
            "trimp_weight_a",
            "trimp_weight_b",
            "rr_min_s",
            "rr_max_change",
            "rmssd_min_intervals",
            "hr_trend_weeks",
            "hr_trend_min_days",
            "weekly_spread_min_days",
            "relaxation_window_minutes",
        )
        if not 0 <= self.night_start_hour < self.night_end_hour <= 24:
            raise ConfigValueError("night_end_hour", "the night must run within 0-24 h, in order")
        if not 0 < self.active_hrr_fraction < 1:
            raise ConfigValueError("active_hrr_fraction", "must be between 0 and 1")
        if self.bout_max_gap_minutes < 0:
            raise ConfigValueError("bout_max_gap_minutes", "must be 0 or more")
        if self.valid_day_worn_minutes > 1440:
            raise ConfigValueError("valid_day_worn_minutes", "a day has only 1440 minutes")
        if not 0 <= self.age_years <= 120:
            raise ConfigValueError("age_years", "must be between 0 (unknown) and 120")
        for name in ("hr_max_bpm", "hr_rest_bpm"):
            value = getattr(self, name)
            if value != 0 and not 25 <= value <= 250:
                raise ConfigValueError(name, "must be 0 (unknown) or between 25 and 250 bpm")
        if self.hr_max_bpm and self.hr_rest_bpm and self.hr_rest_bpm >= self.hr_max_bpm:
            raise ConfigValueError("hr_rest_bpm", "must be below hr_max_bpm")
        if self.rr_max_s <= self.rr_min_s:
            raise ConfigValueError("rr_max_s", "must be greater than rr_min_s")
        if self.weekly_spread_min_days < 2:
            raise ConfigValueError("weekly_spread_min_days", "must be 2 or more")
        if self.hr_rest_max_steps < 0:
            raise ConfigValueError("hr_rest_max_steps", "must be 0 or more")
        if not (
            0 <= self.morning_start_hour < self.afternoon_start_hour < self.evening_start_hour < 24
        ):
            raise ConfigValueError(
                "evening_start_hour", "day parts must start in order within 0-23 h"
            )

    @property
    def hr_max(self) -> float | None:
        """Configured HRmax, else Tanaka's estimate, else unknown."""
        if self.hr_max_bpm:
            return self.hr_max_bpm
        if self.age_years:
            return 208.0 - 0.7 * self.age_years
        return None
