"""The report's charts: matplotlib (Agg, no pyplot state) to inline SVG text.

Every function takes plain arrays, so the charts can be tested and reused without the
analysis types. They are readable in black and white: hatching and marker shapes carry
the meaning, grey only helps. The returned SVG has no external reference at all (no
namespace URLs, no fonts to fetch) so it can be pasted into a self-contained HTML page.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tracker.domain.units import HOURS_PER_DAY

# Figure width in inches; the page scales the SVG to its column, this only fixes the
# aspect ratio and the relative font size (10 pt text at 8.6 in reads well on A4).
FIGURE_WIDTH_IN = 8.6
FIGURE_HEIGHT_IN = 3.3
HEATMAP_HEIGHT_IN = 3.0
FONT_SIZE_PT = 10
# Heat-map cells hold a number only from this many active minutes on: smaller values
# would clutter the map and are still visible as a light shade and in the table.
HEATMAP_LABEL_MIN_MINUTES = 1
# Above this share of the darkest cell, numbers are printed in white to stay legible.
HEATMAP_WHITE_TEXT_FRACTION = 0.55

INK = "#000000"
DARK_GREY = "#444444"
MID_GREY = "#888888"
LIGHT_GREY = "#d9d9d9"
PAPER = "#ffffff"


@dataclass(frozen=True, slots=True)
class Chart:
    """An inline SVG chart with its accessible title."""

    key: str  # stable id prefix, e.g. "days"
    title: str
    svg: str


# The y axis reaches this far above the highest value (a dot or label must not touch the
# plot's frame).
CHART_HEADROOM = 1.12


def _band(ax: Any, x: Any, lo: Any, hi: Any, label: str) -> None:
    """The personal band (lower to upper bound): hatched, so it reads in black and white."""
    ax.fill_between(
        x,
        lo,
        hi,
        facecolor="#f0f0f0",
        edgecolor=MID_GREY,
        hatch="\\\\",
        linewidth=0.0,
        label=label,
        zorder=0,
    )


def _figure(height_in: float = FIGURE_HEIGHT_IN) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(FIGURE_WIDTH_IN, height_in), layout="constrained")
    fig.patch.set_facecolor(PAPER)
    return fig


_XML_PROLOGUE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_NAMESPACES = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')


_ID = re.compile(r'\bid="([^"]+)"')


def _prefix_ids(svg: str, key: str) -> str:
    """Make matplotlib's ids ("figure_1", "patch_2", clip paths) unique on the page.

    Several charts share one HTML document; duplicate ids are invalid there and make
    ``url(#…)`` references of one chart resolve into another.
    """
    ids = sorted(set(_ID.findall(svg)), key=len, reverse=True)
    if not ids:
        return svg
    names = "|".join(re.escape(i) for i in ids)
    return re.sub(rf'(id="|#)({names})(?=["\)])', lambda m: f"{m[1]}{key}-{m[2]}", svg)


def _to_svg(fig: Any, key: str, title: str) -> Chart:
    """Render to SVG text fit for inlining in HTML5."""
    import matplotlib

    buf = io.StringIO()
    # A per-chart salt keeps matplotlib's generated ids distinct between the charts
    # of one page (and the output deterministic); text stays text (smaller, selectable).
    with matplotlib.rc_context({"svg.hashsalt": key, "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = _XML_PROLOGUE.sub("", svg)
    svg = _METADATA.sub("", svg)
    # HTML5 puts inline <svg> in the SVG namespace by itself; dropping the declarations
    # leaves no URL in the page, and SVG 2 ``href`` replaces ``xlink:href``.
    svg = _NAMESPACES.sub("", svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = _prefix_ids(svg, key)
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="chart-{key}-title" class="chart" id="chart-{key}" ',
        1,
    )
    head_end = svg.index(">", svg.index("<svg")) + 1
    svg = f'{svg[:head_end]}<title id="chart-{key}-title">{escaped}</title>{svg[head_end:]}'
    return Chart(key=key, title=title, svg=svg.strip())


def _style(ax: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.spines["top"].set_visible(False)
    # Minutes and beats per minute: whole-number ticks, so no "62.5" (with a decimal
    # point) on a Dutch axis.
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=FONT_SIZE_PT, colors=INK)
    ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)


def _legend_above(ax: Any, *, ncols: int) -> None:
    """The legend in one row above the plot area, never on top of bars, band or line."""
    ax.legend(
        fontsize=FONT_SIZE_PT - 1,
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        borderaxespad=0.2,
        ncols=ncols,
    )


def _arr(values: Sequence[float | None]) -> npt.NDArray[np.float64]:
    return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)


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
    act = _arr(active_minutes)
    lo, hi, base = _arr(lower), _arr(upper), _arr(baseline)
    x = np.arange(len(labels), dtype=np.float64)
    fig = _figure()
    ax = fig.add_subplot()
    _style(ax)
    if np.isfinite(lo).any():
        # Band drawn as steps centred on each day, so it lines up with the bars.
        xs = np.repeat(x, 2) + np.tile([-0.5, 0.5], len(x))
        _band(ax, xs, np.repeat(lo, 2), np.repeat(hi, 2), legend["band"])
        ax.plot(
            xs,
            np.repeat(base, 2),
            color=DARK_GREY,
            linestyle="--",
            linewidth=1.2,
            label=legend["baseline"],
        )
    hatches = {"boom": "////", "bust": "---"}
    for i, value in enumerate(act):
        if not math.isfinite(value):
            continue
        kind = kinds[i]
        ax.bar(
            x[i],
            value,
            width=0.6,
            facecolor=DARK_GREY if kind not in hatches else PAPER,
            edgecolor=INK,
            hatch=hatches.get(kind),
            linewidth=1.0,
            zorder=2,
        )
    top = float(np.nanmax(np.concatenate([act, hi, [10.0]])))
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
    for i, value in enumerate(act):
        if math.isfinite(value):
            ax.annotate(
                f"{value:.0f}",
                (x[i], value),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=FONT_SIZE_PT - 1,
                color=INK,
                zorder=4,
            )
    ax.set_xticks(x, list(labels))
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel(legend["active"], fontsize=FONT_SIZE_PT)
    if ax.get_legend_handles_labels()[0]:
        _legend_above(ax, ncols=4)
    return _to_svg(fig, "days", title)


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
    fig = _figure()
    ax = fig.add_subplot()
    _style(ax)
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
    _legend_above(ax, ncols=3)
    return _to_svg(fig, "plan", title)


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
    fig = _figure(HEATMAP_HEIGHT_IN)
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
    return _to_svg(fig, "heatmap", title)


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
    daily, med, lo, hi = _arr(daily_active), _arr(median), _arr(p10), _arr(p90)
    x = np.arange(len(labels), dtype=np.float64)
    fig = _figure()
    ax = fig.add_subplot()
    _style(ax)
    if np.isfinite(lo).any():
        _band(ax, x, lo, hi, legend["band"])
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
    _legend_above(ax, ncols=4)
    return _to_svg(fig, "capacity", title)


def heart_chart(
    labels: Sequence[str],
    resting_hr: Sequence[float | None],
    *,
    title: str,
    y_label: str,
) -> Chart:
    """Resting heart rate per day: dots joined by a thin line (gaps where unknown)."""
    hr = _arr(resting_hr)
    x = np.arange(len(labels), dtype=np.float64)
    fig = _figure(FIGURE_HEIGHT_IN * 0.8)
    ax = fig.add_subplot()
    _style(ax)
    ax.plot(x, hr, color=INK, marker="o", markersize=6, markerfacecolor=PAPER, linewidth=1.0)
    for i, value in enumerate(hr):
        if math.isfinite(value):
            ax.annotate(
                f"{value:.0f}",
                (x[i], value),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                fontsize=FONT_SIZE_PT - 1,
            )
    ax.set_xticks(x, list(labels))
    ax.set_xlim(-0.5, len(labels) - 0.5)
    finite = hr[np.isfinite(hr)]
    if finite.size:
        ax.set_ylim(float(finite.min()) - 8, float(finite.max()) + 8)
    ax.set_ylabel(y_label, fontsize=FONT_SIZE_PT)
    return _to_svg(fig, "heart", title)
