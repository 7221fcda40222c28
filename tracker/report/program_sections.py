"""The report's program sections from the week's analysis and the person's entries: pain
and activity (with the body's signals), relaxation, must and want, graded exposure.

Pure: :class:`~tracker.pacing.result.AnalysisResult` and
:class:`~tracker.app.program_week.ProgramWeek` in, :mod:`.program_model` values in the
patient's words (:mod:`.texts_pain`, :mod:`.texts_exercises`) out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracker.analysis.relaxation import RelaxationResponse
from tracker.app.program_week import ProgramWeek
from tracker.config import Config
from tracker.domain.weeks import IsoWeek
from tracker.pacing.exposure import ItemProgress
from tracker.pacing.must_want import KindTotals
from tracker.pacing.pain import PainActivity, PainLink, PainLinkStatus
from tracker.pacing.plan import Plan
from tracker.pacing.result import AnalysisResult
from tracker.pacing.signals import BodySignal, BodySignals
from tracker.report.program_model import (
    BalanceRow,
    CheckinRow,
    ExposureRow,
    ExposureSection,
    MustWantRow,
    MustWantSection,
    PainSection,
    ProgramSection,
    RelaxRow,
    RelaxSection,
)
from tracker.report.texts import Texts

# While the plan is in its first weeks, the report says that more pain at the start of
# building up is normal (the brochure does).
BUILDING_UP_WEEKS = 2
# A heart slowing by less than this during the exercises is "about the same".
HR_DROP_MIN_BPM = 1.0


def _rho(t: Texts, link: PainLink) -> str:
    return t.number(link.rho, 2) if link.rho is not None else "–"


def link_text(t: Texts, link: PainLink, prefix: str, minimum: int) -> str:
    """A finding in words; its ρ is for the technical footer (:func:`link_stats`)."""
    if link.status is PainLinkStatus.INSUFFICIENT_DATA:
        return t(f"{prefix}_few", n=link.n, min=minimum)
    if link.rho is None:
        return t(f"{prefix}_flat", n=link.n)
    if link.status in (PainLinkStatus.ACTIVITY_FOLLOWS_PAIN, PainLinkStatus.PAIN_FOLLOWS_ACTIVITY):
        return t(f"{prefix}_follows", n=link.n)
    return t(f"{prefix}_none", n=link.n)


def link_stats(t: Texts, pain: PainActivity) -> str:
    """The numbers behind both findings, for the therapist (the technical footer); "" while
    neither could be computed."""
    same, nxt = pain.same_day, pain.next_day
    if same.rho is None and nxt.rho is None:
        return ""
    return t("pain_stats", same=_rho(t, same), same_n=same.n, next=_rho(t, nxt), next_n=nxt.n)


def time_contingent_text(t: Texts, pain: PainActivity) -> tuple[str, str | None]:
    tc = pain.time_contingent
    if tc.median_worst_pain is None:
        return t("tc_few"), None
    h, e = tc.harder, tc.easier
    if not h.sessions and not e.sessions:
        return t("tc_none"), None
    text = t(
        "tc_text", median=t.number(tc.median_worst_pain, 0 if tc.median_worst_pain.is_integer()
        else 1), hs=h.sessions, hu=h.under, ho=h.on_plan, hv=h.over, es=e.sessions,
        eu=e.under, eo=e.on_plan, ev=e.over,
    )  # fmt: skip
    return text, t("tc_advice")


def _cycle_lines(t: Texts, result: AnalysisResult, week: IsoWeek) -> tuple[str, ...]:
    """How the pain went in the cycles with a day in ``week`` (as the cycles list)."""
    pain = {c.first_boom: c for c in result.pain.cycles} if result.pain is not None else {}
    out = []
    for cycle in result.cycles:
        if not any(week.monday <= d <= week.sunday for d in (*cycle.boom_dates, *cycle.bust_dates)):
            continue
        found = pain.get(cycle.first_boom)
        if found is None or found.before is None or found.after is None:
            continue
        before, after = found.before, found.after
        key = "cycle_pain_up" if after > before else "cycle_pain_down" if after < before else (
            "cycle_pain_same")  # fmt: skip
        out.append(t(key, date=t.date_long(cycle.boom_dates[-1]), before=before, after=after))
    return tuple(out)


def signal_short(t: Texts, s: BodySignal) -> str:
    return t(f"signal_short_{s.kind}", value=t.number(s.value, 0))


def _signal_line(t: Texts, s: BodySignal) -> str:
    return t(
        f"signal_{s.kind}", date=t.date_long(s.date), value=t.number(s.value, 0),
        low=t.number(s.band.low, 0), high=t.number(s.band.high, 0),
    )  # fmt: skip


def _signals(
    t: Texts, signals: BodySignals | None, config: Config
) -> tuple[tuple[str, ...], str, str]:
    if signals is None or (not signals.sufficient and not signals.signals):
        return (), "few", t("signals_few", min=config.pacing.signal_min_nights)
    if not signals.signals:
        return (), "none", t("signals_none")
    return tuple(_signal_line(t, s) for s in signals.signals), "found", t("signals_invite")


def pain_section(
    result: AnalysisResult,
    week: IsoWeek,
    program: ProgramWeek,
    plan: Plan | None,
    config: Config,
    t: Texts,
) -> PainSection | None:
    pain = result.pain
    if pain is None or pain.last is None:
        return None
    window = (
        t("pain_window", date=t.date_long(pain.last), n=pain.checkins)
        if pain.checkins
        else t("pain_window_none", date=t.date_long(pain.last))
    )
    minimum = config.pacing.pain_min_days
    tc_text, tc_advice = time_contingent_text(t, pain)
    current = plan.week_of(week.sunday) if plan is not None else None
    signals = program.signals
    by_day: dict[date, list[str]] = {}
    for s in signals.signals if signals is not None else ():
        by_day.setdefault(s.date, []).append(signal_short(t, s))
    rows = tuple(
        CheckinRow(c.date, t.date_long(c.date), c.pain, c.worst_pain, c.energy, c.note,
                   "; ".join(by_day.get(c.date, [])))
        for c in program.checkins
    )  # fmt: skip
    lines, status, signals_text = _signals(t, signals, config)
    dates = tuple(d.date for d in pain.series)
    return PainSection(
        window=window,
        same_day_status=str(pain.same_day.status),
        same_day_text=link_text(t, pain.same_day, "pain_same", minimum),
        next_day_status=str(pain.next_day.status),
        next_day_text=link_text(t, pain.next_day, "pain_next", minimum),
        stats=link_stats(t, pain),
        time_contingent=tc_text,
        time_contingent_advice=tc_advice,
        cycles=_cycle_lines(t, result, week),
        building_up=t("pain_building_up")
        if current is not None and current < BUILDING_UP_WEEKS
        else None,
        dates=dates,
        active=tuple(None if d.active_minutes is None else float(d.active_minutes)
                     for d in pain.series),
        worst_pain=tuple(None if d.worst_pain is None else float(d.worst_pain)
                         for d in pain.series),
        week_from=dates.index(week.monday) if week.monday in dates else None,
        checkins=rows,
        signals=lines,
        signals_status=status,
        signals_text=signals_text,
    )  # fmt: skip


def _count(t: Texts, what: str, n: int) -> str:
    """'1 oefening', '3 oefeningen' (the words of ``n_<what>_one`` / ``_many``)."""
    return t(f"n_{what}_one") if n == 1 else t(f"n_{what}_many", n=n)


def _short(t: Texts, value: float) -> str:
    """A mean on a 0-10 or 0-100 scale: whole when it is, else one decimal."""
    return t.number(value, 0 if float(value).is_integer() else 1)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def relax_section(program: ProgramWeek, config: Config, t: Texts) -> RelaxSection:
    rows = tuple(_relax_row(r, config, t) for r in program.relaxation)
    minutes = sum(r.session.minutes for r in program.relaxation)
    drops = [
        r.hr_before - r.hr_during
        for r in program.relaxation
        if r.hr_before is not None and r.hr_during is not None
    ]
    heart = None
    if rows:
        mean_drop = _mean(drops)
        if mean_drop is None:
            heart = t("relax_no_heart")
        elif mean_drop >= HR_DROP_MIN_BPM:
            heart = t("relax_drop", drop=t.number(mean_drop, 0))
        else:
            heart = t("relax_flat")
    summary = (
        t("relax_summary", n=_count(t, "exercise", len(rows)), minutes=t.number(minutes, 0))
        if rows
        else t("relax_none")
    )
    days = tuple(
        BalanceRow(d.date, t.day_abbr(d.date), d.active_minutes, d.pause_minutes,
                   d.exercise_minutes, d.relaxation_minutes)
        for d in program.days
    )  # fmt: skip
    return RelaxSection(config.analysis.relaxation_window_minutes, summary, heart, rows, days)


def _relax_row(r: RelaxationResponse, config: Config, t: Texts) -> RelaxRow:
    start = r.session.start.astimezone(config.zone)
    kind = f"kind_{r.session.kind}"
    return RelaxRow(
        date=start.date(), words=t.date_long(start.date()), start=start.strftime("%H:%M"),
        kind=t(kind) if t.has(kind) else r.session.kind, minutes=r.session.minutes,
        hr_before=r.hr_before, hr_during=r.hr_during, hr_after=r.hr_after,
        rmssd_before=r.rmssd_before, rmssd_during=r.rmssd_during,
    )  # fmt: skip


def _totals(t: Texts, k: KindTotals) -> str:
    return "–" if not k.count else f"{k.count} · {t.number(k.minutes, 0)} {t('minutes_short')}"


def _kind_count(t: Texts, kind: str, k: KindTotals) -> str:
    """'2 moeten-activiteiten (50 minuten)', or 'geen moeten-activiteit'."""
    if not k.count:
        return t(f"n_{kind}_none")
    minutes = t.number(k.minutes, 0)
    return t(f"n_{kind}_one", minutes=minutes) if k.count == 1 else (
        t(f"n_{kind}_many", n=k.count, minutes=minutes))  # fmt: skip


def must_want_section(program: ProgramWeek, t: Texts) -> MustWantSection:
    mw = program.must_want
    days = tuple(
        MustWantRow(d.date, t.day_abbr(d.date), _totals(t, d.must), _totals(t, d.want))
        for d in mw.days
    )
    if not mw.any:
        return MustWantSection(t("mw_none"), None, days, 0.0, 0.0)
    summary = t("mw_summary", must=_kind_count(t, "must", mw.must),
                want=_kind_count(t, "want", mw.want))  # fmt: skip
    if mw.want.minutes < mw.must.minutes:
        advice = t("mw_more_must")
    else:
        advice = t("mw_balanced") if mw.must.count else t("mw_want_only")
    return MustWantSection(summary, advice, days, mw.must.minutes, mw.want.minutes)


def _next_step(t: Texts, ladder: Sequence[ItemProgress]) -> str:
    if not ladder:
        return t("exp_no_ladder")
    nxt = next((p for p in ladder if p.suggested), None)
    if nxt is None:
        return t("exp_all_done")
    return t("exp_next", item=nxt.item.name, rank=nxt.rank, total=len(ladder))


def exposure_section(program: ProgramWeek, t: Texts) -> ExposureSection:
    ranks = {p.item.id: p.rank for p in program.ladder}
    rows = tuple(
        ExposureRow(
            date=e.time.date(), words=t.date_long(e.time.date()), item=name,
            rank=ranks.get(e.item_id), expected_pain=e.expected_pain, pain=e.pain,
            expected_fear=e.expected_fear, fear=e.fear,
        )
        for e, name in program.exposures
    )  # fmt: skip
    if rows:

        def avg(values: Sequence[int]) -> str:
            return _short(t, sum(values) / len(values))

        summary = t(
            "exp_summary", n=_count(t, "practice", len(rows)),
            expected=avg([r.expected_pain for r in rows]), actual=avg([r.pain for r in rows]),
            fear_before=avg([r.expected_fear for r in rows]),
            fear_after=avg([r.fear for r in rows]),
        )  # fmt: skip
    else:
        summary = t("exp_none_week")
    return ExposureSection(summary, _next_step(t, program.ladder), rows, bool(program.ladder))


def program_section(
    result: AnalysisResult | None,
    week: IsoWeek,
    program: ProgramWeek | None,
    plan: Plan | None,
    config: Config,
    t: Texts,
) -> ProgramSection | None:
    """Every program section of the week; None without entries and without an analysis."""
    if result is None or program is None:
        return None
    pain = pain_section(result, week, program, plan, config, t)
    if pain is None:
        return None
    return ProgramSection(
        pain=pain,
        relax=relax_section(program, config, t),
        must_want=must_want_section(program, t),
        exposure=exposure_section(program, t),
    )
