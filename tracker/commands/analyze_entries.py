"""The readable lines of ``tracker analyze`` about what the person told: pain against
activity, relaxation exercises, the body's signals (``--json`` has every number)."""

from __future__ import annotations

from tracker.pacing.pain import PainLink
from tracker.pacing.result import AnalysisResult

# Findings in words (never their internal names).
LINK_WORDS = {
    "activity_follows_pain": "activity follows pain (less activity on days with more pain)",
    "pain_follows_activity": "pain follows activity (more pain the day after a busier day)",
    "no_clear_link": "no clear link",
    "insufficient_data": "too few days yet",
}


def _link(link: PainLink) -> str:
    words = LINK_WORDS.get(str(link.status), str(link.status))
    if link.rho is None or link.low is None or link.high is None:
        return f"{words} (n = {link.n})"
    return f"{words} (rho {link.rho:+.2f}, 95 % {link.low:+.2f} to {link.high:+.2f}, n = {link.n})"


def entry_lines(result: AnalysisResult) -> list[str]:
    lines: list[str] = []
    pain = result.pain
    if pain is not None and pain.first is not None:
        lines.append(f"Pain and activity, {pain.first} to {pain.last} ({pain.checkins} check-ins):")
        lines.append(f"  same day:  {_link(pain.same_day)}")
        lines.append(f"  next day:  {_link(pain.next_day)}")
    for r in result.relaxation:
        hr = " / ".join("-" if v is None else f"{v:.0f}" for v in
                        (r.hr_before, r.hr_during, r.hr_after))  # fmt: skip
        lines.append(
            f"Relaxation {r.session.start.isoformat()} {r.session.minutes:g} min "
            f"{r.session.kind}: heart rate before / during / after {hr} bpm"
        )
    signals = result.body_signals
    if signals is not None and signals.signals:
        lines.append("Your body's signals (a hint, never a diagnosis):")
        for s in signals.signals:
            lines.append(
                f"  {s.date}: {s.kind} {s.value:.0f} (usual {s.band.low:.0f}-{s.band.high:.0f})"
            )
    return lines
