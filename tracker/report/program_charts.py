"""The program sections' chart: active minutes and worst pain side by side, per day.

Like :mod:`tracker.report.charts` (in the style of :mod:`~tracker.report.chart_style`):
matplotlib without pyplot, inline SVG, readable in black and white (grey bars, a black
line with open circles for pain on its own 0-10 axis, the reported week framed by a
dotted box).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from tracker.report.chart_style import (
    CHART_HEADROOM,
    DARK_GREY,
    FONT_SIZE_PT,
    INK,
    LIGHT_GREY,
    PAPER,
    Chart,
    figure,
    floats,
    style_axes,
    to_svg,
)

# The numeric rating scale for pain (the right axis), with room above for the legend.
PAIN_SCALE_MAX = 10
PAIN_AXIS_TOP = 10.8


def pain_chart(
    labels: Sequence[str],
    active_minutes: Sequence[float | None],
    worst_pain: Sequence[float | None],
    *,
    week_from: int | None,
    title: str,
    legend: dict[str, str],
) -> Chart:
    """Bars of active minutes (left axis) and a line of worst pain (right axis, 0-10).

    ``labels`` are per day (every seventh is shown); ``week_from`` is the index of the
    reported week's first day. ``legend`` names: active, pain, week.
    """
    act, pain = floats(active_minutes), floats(worst_pain)
    x = np.arange(len(labels), dtype=np.float64)
    fig = figure()
    ax = fig.add_subplot()
    style_axes(ax)
    ax.bar(x, np.nan_to_num(act), width=0.7, facecolor=LIGHT_GREY, edgecolor=DARK_GREY,
           linewidth=0.6, label=legend["active"], zorder=2)  # fmt: skip
    finite = act[np.isfinite(act)]
    top = float(finite.max()) if finite.size else 1.0
    ax.set_ylim(0, max(top, 1.0) * CHART_HEADROOM * 1.15)
    ax.set_ylabel(legend["active"], fontsize=FONT_SIZE_PT)
    right = ax.twinx()
    right.plot(x, pain, color=INK, linewidth=1.4, marker="o", markersize=5,
               markerfacecolor=PAPER, label=legend["pain"], zorder=3)  # fmt: skip
    right.set_ylim(0, PAIN_AXIS_TOP)
    right.set_yticks(range(0, PAIN_SCALE_MAX + 1, 2))
    right.set_ylabel(legend["pain"], fontsize=FONT_SIZE_PT)
    right.tick_params(labelsize=FONT_SIZE_PT, colors=INK)
    right.spines["top"].set_visible(False)
    if week_from is not None:
        ax.axvspan(week_from - 0.5, min(week_from + 6.5, len(labels) - 0.5), facecolor="none",
                   edgecolor=INK, linestyle=":", linewidth=1.0, label=legend["week"])  # fmt: skip
    ticks = list(range(0, len(labels), 7))
    ax.set_xticks(ticks, [labels[i] for i in ticks])
    ax.set_xlim(-0.6, len(labels) - 0.4)
    handles = ax.get_legend_handles_labels()
    extra = right.get_legend_handles_labels()
    ax.legend(
        handles[0] + extra[0], handles[1] + extra[1], fontsize=FONT_SIZE_PT - 1, frameon=False,
        loc="lower left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2, ncols=3,
    )  # fmt: skip
    if not any(math.isfinite(v) for v in pain):
        right.set_yticks([])
    return to_svg(fig, "pain", title)
