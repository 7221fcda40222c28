"""The body's signals for a range of mornings: the nights from the store, judged by
:func:`tracker.pacing.signals.body_signals`. A night is read from its own minutes and
beats only, once: nights at least :data:`SETTLED_DAYS` old are kept
(:mod:`tracker.store.nights`), so a page asks the beats only for the last nights."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.analysis.night import NightMeasures, night_bounds_s, night_measures
from tracker.config import Config
from tracker.domain.clock import wall_clock_ms
from tracker.domain.localtime import local_date
from tracker.domain.units import MS_PER_S
from tracker.pacing.signals import BodySignals, body_signals
from tracker.store.nights import save_nights, stored_nights
from tracker.store.sqlite import Store

# A night is kept once its morning is this many days ago: a watch out of the hub's range
# syncs its backlog later, and the night must include it.
SETTLED_DAYS = 2


def nights_for(
    store: Store, config: Config, first: date, last: date, *, now_ms: int | None = None
) -> list[NightMeasures]:
    """The nights of the mornings ``[first, last]``: kept ones from the store, the others
    computed (and kept when settled)."""
    now = wall_clock_ms() if now_ms is None else now_ms
    settled = local_date(now, config.zone) - timedelta(days=SETTLED_DAYS)
    kept = stored_nights(store, first, last)
    out: list[NightMeasures] = []
    new: list[NightMeasures] = []
    day = first
    while day <= last:
        night = kept.get(day)
        if night is None:
            lo, hi = night_bounds_s(day, config.zone, config.analysis)
            table = store.minute_table(lo, hi)
            rr = store.rr_intervals(lo * MS_PER_S, hi * MS_PER_S)
            night = night_measures(day, table, rr, config.zone, config.analysis)
            if day <= settled:
                new.append(night)
        out.append(night)
        day += timedelta(days=1)
    save_nights(store, new, now_ms=now)
    return out


def body_signals_for(
    store: Store, config: Config, first: date, last: date, *, now_ms: int | None = None
) -> BodySignals:
    """The mornings of ``[first, last]`` against the band of the nights before each."""
    history = first - timedelta(days=config.pacing.signal_window_days)
    nights = nights_for(store, config, history, last, now_ms=now_ms)
    return body_signals(nights, first, last, config.pacing)
