"""The report's charts: matplotlib (Agg, no pyplot state) to inline SVG text.

Every function takes plain arrays, so the charts can be tested and reused without the
analysis types. They are readable in black and white: hatching and marker shapes carry
the meaning, grey only helps. The returned SVG has no external reference at all (no
namespace URLs, no fonts to fetch) so it can be pasted into a self-contained HTML page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from tracker.domain.units import HOURS_PER_DAY
from tracker.report.chart_style import (
    CHART_HEADROOM,
    DARK_GREY,
    FIGURE_HEIGHT_IN,
    FONT_SIZE_PT,
    INK,
    MID_GREY,
    PAPER,
    Chart,
    draw_band,
    figure,
    floats,
    label_values,
    legend_above,
    style_axes,
    to_svg,
)

HEATMAP_HEIGHT_IN = 3.0
# Heat-map cells hold a number only from this many active minutes on: smaller values
# would clutter the map and are still visible as a light shade and in the table.
HEATMAP_LABEL_MIN_MINUTES = 1
# Above this share of the darkest cell, numbers are printed in white to stay legible.
HEATMAP_WHITE_TEXT_FRACTION = 0.55
# Day-type bars: hatched diagonally (boom) or striped across (bust), solid otherwise.
DAY_TYPE_HATCHES = {"boom": "////", "bust": "---"}


def days_chart(
    labels: Sequence[str],
    active_minutes: Sequence[float | None],
    lower: Sequence[float | None],
    upper: Sequence[float | None],
    baseline: Sequence[float | None],
    kinds: Sequence[str],
    *,
    title: str,
    legend: dict[str, str],
) -> Chart:
    """Bars of active minutes per day against the personal band.

    ``kinds`` holds the day type per day ("boom", "bust", others); boom bars are
    hatched diagonally with ▲ above, bust bars striped across with ▼, so the meaning survives
    black-and-white printing. ``legend`` names: active, band, baseline, boom, bust.
    """
    act = floats(active_minutes)
    lo, hi = floats(lower), floats(upper)
    x = np.arange(len(labels), dtype=np.float64)
    fig = figure()
    ax = fig.add_subplot()
    style_axes(ax)
    if np.isfinite(lo).any():
        _day_band(ax, x, lo, hi, floats(baseline), legend)
    _day_bars(ax, x, act, kinds)
    top = float(np.nanmax(np.concatenate([act, hi, [10.0]])))
    _day_type_markers(ax, x, act, kinds, top, legend)
    label_values(
        ax, x, act, above_pt=2, va="bottom", fontsize=FONT_SIZE_PT - 1, color=INK, zorder=4
    )
    ax.set_xticks(x, list(labels))
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel(legend["active"], fontsize=FONT_SIZE_PT)
    if ax.get_legend_handles_labels()[0]:
        legend_above(ax, ncols=4)
    return to_svg(fig, "days", title)


def _day_band(
    ax: Any,
    x: npt.NDArray[np.float64],
    lo: npt.NDArray[np.float64],
    hi: npt.NDArray[np.float64],
    base: npt.NDArray[np.float64],
    legend: dict[str, str],
) -> None:
    """The personal band and the baseline, as steps centred on each day (so they line
    up with the bars)."""
    xs = np.repeat(x, 2) + np.tile([-0.5, 0.5], len(x))
    draw_band(ax, xs, np.repeat(lo, 2), np.repeat(hi, 2), legend["band"])
    ax.plot(
        xs,
        np.repeat(base, 2),
        color=DARK_GREY,
        linestyle="--",
        linewidth=1.2,
        label=legend["baseline"],
    )


def _day_bars(
    ax: Any, x: npt.NDArray[np.float64], act: npt.NDArray[np.float64], kinds: Sequence[str]
) -> None:
    for i, value in enumerate(act):
        if not math.isfinite(value):
            continue
        kind = kinds[i]
        ax.bar(
            x[i],
            value,
            width=0.6,
            facecolor=DARK_GREY if kind not in DAY_TYPE_HATCHES else PAPER,
            edgecolor=INK,
            hatch=DAY_TYPE_HATCHES.get(kind),
            linewidth=1.0,
            zorder=2,
        )


def _day_type_markers(
    ax: Any,
    x: npt.NDArray[np.float64],
    act: npt.NDArray[np.float64],
    kinds: Sequence[str],
    top: float,
    legend: dict[str, str],
) -> None:
    """▲ above a boom day's bar, ▼ above a bust day's."""
    for kind, marker in (("boom", "^"), ("bust", "v")):
        idx = [i for i, k in enumerate(kinds) if k == kind and math.isfinite(act[i])]
        if idx:
            ax.scatter(
                x[idx],
                act[idx] + top * 0.12,
                marker=marker,
                s=70,
                color=INK,
                zorder=3,
                label=legend[kind],
            )


def plan_chart(
    plan_weeks: Sequence[int],
    quota_minutes: Sequence[float],
    session_weeks: Sequence[float],
    session_minutes: Sequence[float],
    *,
    current_week: int | None,
    title: str,
    legend: dict[str, str],
) -> Chart:
    """The brochure's build-up chart: agreed minutes per plan week, sessions as dots.

    ``legend`` names: quota, sessions, week (x label), minutes (y label), now.
    """
    fig = figure()
    ax = fig.add_subplot()
    style_axes(ax)
    ax.plot(
        list(plan_weeks),
        list(quota_minutes),
        color=INK,
        marker="s",
        markersize=6,
        linewidth=1.5,
        label=legend["quota"],
        zorder=2,
    )
    if len(session_weeks):
        ax.scatter(
            list(session_weeks),
            list(session_minutes),
            marker="o",
            s=36,
            facecolor=PAPER,
            edgecolor=INK,
            linewidth=1.2,
            label=legend["sessions"],
            zorder=3,
        )
    if current_week is not None:
        ax.axvspan(
            current_week - 0.45,
            current_week + 0.45,
            facecolor="#eeeeee",
            edgecolor=DARK_GREY,
            linestyle="--",
            linewidth=0.8,
            zorder=0,
            label=legend["now"],
        )
    ax.set_xticks(list(plan_weeks))
    ax.set_xlabel(legend["week"], fontsize=FONT_SIZE_PT)
    ax.set_ylabel(legend["minutes"], fontsize=FONT_SIZE_PT)
    ax.set_ylim(bottom=0)
    legend_above(ax, ncols=3)
    return to_svg(fig, "plan", title)


def heatmap_chart(
    day_labels: Sequence[str],
    active_by_hour: npt.ArrayLike,
    *,
    title: str,
    hour_label: str,
) -> Chart:
    """Hour-by-day map: rows are days, columns hours 0-23, cells active minutes."""
    grid = np.asarray(active_by_hour, dtype=np.float64).reshape(len(day_labels), HOURS_PER_DAY)
    grid = np.nan_to_num(grid, nan=0.0)
    fig = figure(HEATMAP_HEIGHT_IN)
    ax = fig.add_subplot()
    vmax = max(float(grid.max()), 1.0)
    # Vector cells (not an embedded bitmap): sharp in print and nothing to decode.
    ax.pcolormesh(
        np.arange(-0.5, HOURS_PER_DAY, 1.0),
        np.arange(-0.5, len(day_labels), 1.0),
        grid,
        cmap="Greys",
        vmin=0.0,
        vmax=vmax,
        edgecolors=PAPER,
        linewidth=1.0,
    )
    ax.invert_yaxis()  # Monday on top, as in a diary
    for (row, col), value in np.ndenumerate(grid):
        if value >= HEATMAP_LABEL_MIN_MINUTES:
            ax.text(
                col,
                row,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=FONT_SIZE_PT - 2,
                color=PAPER if value > vmax * HEATMAP_WHITE_TEXT_FRACTION else INK,
            )
    ax.set_yticks(range(len(day_labels)), list(day_labels))
    ax.set_xticks(range(0, HOURS_PER_DAY, 2), [f"{h:02d}" for h in range(0, HOURS_PER_DAY, 2)])
    ax.set_xlabel(hour_label, fontsize=FONT_SIZE_PT)
    ax.tick_params(labelsize=FONT_SIZE_PT, length=0)
    for spine in ax.spines.values():
        spine.set_edgecolor(MID_GREY)
    return to_svg(fig, "heatmap", title)


def capacity_chart(
    labels: Sequence[str],
    daily_active: Sequence[float | None],
    median: Sequence[float | None],
    p10: Sequence[float | None],
    p90: Sequence[float | None],
    *,
    highlight_from: int | None,
    title: str,
    legend: dict[str, str],
) -> Chart:
    """Rolling median with its 10th-90th percentile band and the daily values.

    ``labels`` are per day (every seventh is shown); ``highlight_from`` marks the index
    where the reported week starts. ``legend`` names: daily, median, band, week, y.
    """
    daily, med, lo, hi = (
        floats(daily_active),
        floats(median),
        floats(p10),
        floats(p90),
    )
    x = np.arange(len(labels), dtype=np.float64)
    fig = figure()
    ax = fig.add_subplot()
    style_axes(ax)
    if np.isfinite(lo).any():
        draw_band(ax, x, lo, hi, legend["band"])
    ax.plot(
        x,
        daily,
        linestyle="none",
        marker=".",
        color=DARK_GREY,
        markersize=5,
        label=legend["daily"],
        zorder=2,
    )
    ax.plot(x, med, color=INK, linewidth=2.0, label=legend["median"], zorder=3)
    if highlight_from is not None:
        ax.axvspan(
            highlight_from - 0.5,
            len(labels) - 0.5,
            facecolor="none",
            edgecolor=INK,
            linestyle=":",
            linewidth=1.0,
            label=legend["week"],
        )
    ticks = list(range(0, len(labels), 7))
    ax.set_xticks(ticks, [labels[i] for i in ticks])
    ax.set_xlim(-0.5, len(labels) - 0.5)
    values = np.concatenate([daily, med, hi])
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 1.0
    # Headroom above the highest day, so no dot sits on the plot's top frame.
    ax.set_ylim(0, top * CHART_HEADROOM)
    ax.set_ylabel(legend["y"], fontsize=FONT_SIZE_PT)
    legend_above(ax, ncols=4)
    return to_svg(fig, "capacity", title)


def heart_chart(
    labels: Sequence[str],
    resting_hr: Sequence[float | None],
    *,
    title: str,
    y_label: str,
) -> Chart:
    """Resting heart rate per day: dots joined by a thin line (gaps where unknown)."""
    hr = floats(resting_hr)
    x = np.arange(len(labels), dtype=np.float64)
    fig = figure(FIGURE_HEIGHT_IN * 0.8)
    ax = fig.add_subplot()
    style_axes(ax)
    ax.plot(x, hr, color=INK, marker="o", markersize=6, markerfacecolor=PAPER, linewidth=1.0)
    label_values(ax, x, hr, above_pt=6, fontsize=FONT_SIZE_PT - 1)
    ax.set_xticks(x, list(labels))
    ax.set_xlim(-0.5, len(labels) - 0.5)
    finite = hr[np.isfinite(hr)]
    if finite.size:
        ax.set_ylim(float(finite.min()) - 8, float(finite.max()) + 8)
    ax.set_ylabel(y_label, fontsize=FONT_SIZE_PT)
    return to_svg(fig, "heart", title)
