"""The body's signals for a range of mornings: the nights from the store, judged by
:func:`tracker.pacing.signals.body_signals`. Each night reads only its own minutes and
beats, so a strap worn all day costs nothing extra."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.analysis.night import night_bounds_s, night_measures
from tracker.config import Config
from tracker.domain.units import MS_PER_S
from tracker.pacing.signals import BodySignals, body_signals
from tracker.store.sqlite import Store


def body_signals_for(store: Store, config: Config, first: date, last: date) -> BodySignals:
    """The mornings of ``[first, last]`` against the band of the nights before each."""
    history = first - timedelta(days=config.pacing.signal_window_days)
    nights = []
    day = history
    while day <= last:
        lo, hi = night_bounds_s(day, config.zone, config.analysis)
        table = store.minute_table(lo, hi)
        rr = store.rr_intervals(lo * MS_PER_S, hi * MS_PER_S)
        nights.append(night_measures(day, table, rr, config.zone, config.analysis))
        day += timedelta(days=1)
    return body_signals(nights, first, last, config.pacing)
