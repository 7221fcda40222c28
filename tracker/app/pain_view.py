"""Pain against activity as the log page shows it: over the 28 days ending on the last
day with minutes, as ``tracker analyze --data-dir`` computes it. (Apart from
:mod:`.pain`, so that ``tracker checkin`` does not load the analysis.)"""

from __future__ import annotations

from datetime import timedelta

from tracker.app.results import data_days, results
from tracker.config import Config
from tracker.pacing.pain import PainActivity
from tracker.store.sqlite import Store


def pain_now(store: Store, config: Config, *, now_ms: int) -> PainActivity | None:
    """Pain and activity over the 28 days ending on the last day with minutes; None in a
    store without minutes."""
    span = data_days(store, config)
    if span is None:
        return None
    last = span[1]
    first = last - timedelta(days=config.pacing.pain_window_days - 1)
    return results(store, config, first, last, now_ms=now_ms).pain
