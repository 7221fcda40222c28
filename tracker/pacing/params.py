"""``[pacing]``: personal baseline, day types, cycles and the graded-activity plan."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.errors import ConfigValueError, require_positive


@dataclass(frozen=True, slots=True)
class PacingParams:
    # Robust personal reference: median of the previous 28 valid days, at least 7 of them.
    baseline_window_days: int = 28
    baseline_min_days: int = 7
    # Acute:chronic spike ratio 1.5 (descriptive), with a floor against tiny baselines.
    boom_ratio: float = 1.5
    boom_min_excess_minutes: float = 20.0
    bust_ratio: float = 0.7
    # The crash after overdoing typically follows within 24-72 h.
    cycle_window_days: int = 3
    # Brochure: start 20-30 % below the baseline.
    plan_reduction: float = 0.25
    # Brochure: at least three sessions a week.
    sessions_per_week: int = 3
    # Time-contingent check: under < 90 % <= on plan <= 110 % < over.
    session_under_ratio: float = 0.9
    session_over_ratio: float = 1.1
    # A walking bout counts as the day's plan session when it is at least this share of
    # the week's quota; shorter bouts are household activity, not the planned walk.
    session_min_quota_fraction: float = 0.5
    # Capacity trend: rolling window and the slope window.
    capacity_window_days: int = 28
    capacity_slope_weeks: int = 8
    # Theil-Sen over 8 weeks needs enough valid days to mean anything: half the window.
    capacity_min_days: int = 28
    # Avoidance (brochure: "te weinig doen = vermijden"): declining capacity with at most
    # this many boom days in the slope window.
    avoidance_max_boom_days: int = 1
    # Pain and activity (the evening check-ins): Spearman's rho over the last 28 days,
    # once at least 14 days (or day pairs) have a check-in and valid minutes. A harder day
    # is one whose worst pain is at or above the median of those 28 days.
    pain_window_days: int = 28
    pain_min_days: int = 14
    # The body's signals: a morning's resting heart rate above, or the night's RMSSD
    # below, the person's own band of the previous 28 nights (median +- 1.5 x MAD), once
    # 14 nights are known. A hint to talk over, never a diagnosis.
    signal_window_days: int = 28
    signal_min_nights: int = 14
    signal_mad_factor: float = 1.5

    def __post_init__(self) -> None:
        require_positive(
            self,
            "baseline_window_days",
            "baseline_min_days",
            "cycle_window_days",
            "sessions_per_week",
            "capacity_window_days",
            "capacity_slope_weeks",
            "capacity_min_days",
            "pain_window_days",
            "pain_min_days",
            "signal_window_days",
            "signal_min_nights",
            "signal_mad_factor",
        )
        if self.pain_min_days > self.pain_window_days:
            raise ConfigValueError("pain_min_days", "must not exceed pain_window_days")
        if self.signal_min_nights > self.signal_window_days:
            raise ConfigValueError("signal_min_nights", "must not exceed signal_window_days")
        if self.baseline_min_days > self.baseline_window_days:
            raise ConfigValueError("baseline_min_days", "must not exceed baseline_window_days")
        if self.boom_ratio <= 1:
            raise ConfigValueError("boom_ratio", "must be greater than 1")
        if self.boom_min_excess_minutes < 0:
            raise ConfigValueError("boom_min_excess_minutes", "must be 0 or more")
        if not 0 < self.bust_ratio < 1:
            raise ConfigValueError("bust_ratio", "must be between 0 and 1")
        if not 0 <= self.plan_reduction <= 0.9:
            raise ConfigValueError("plan_reduction", "must be between 0 and 0.9")
        if not 0 < self.session_under_ratio <= 1 <= self.session_over_ratio:
            raise ConfigValueError(
                "session_under_ratio", "needs 0 < session_under_ratio <= 1 <= session_over_ratio"
            )
        if not 0 <= self.session_min_quota_fraction <= 1:
            raise ConfigValueError("session_min_quota_fraction", "must be between 0 and 1")
        if self.avoidance_max_boom_days < 0:
            raise ConfigValueError("avoidance_max_boom_days", "must be 0 or more")
        if self.sessions_per_week > 14:
            raise ConfigValueError("sessions_per_week", "must be at most 14")
