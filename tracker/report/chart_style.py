"""What the report's charts share: matplotlib figures (Agg, no pyplot state) in one style,
readable in black and white, rendered to inline SVG text with no external reference at all
(no namespace URLs, no fonts to fetch), fit to paste into a self-contained HTML page.
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

# Figure width in inches; the page scales the SVG to its column, this only fixes the
# aspect ratio and the relative font size (10 pt text at 8.6 in reads well on A4).
FIGURE_WIDTH_IN = 8.6
FIGURE_HEIGHT_IN = 3.3
FONT_SIZE_PT = 10

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


def draw_band(ax: Any, x: Any, lo: Any, hi: Any, label: str) -> None:
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


def figure(height_in: float = FIGURE_HEIGHT_IN) -> Any:
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


def to_svg(fig: Any, key: str, title: str) -> Chart:
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


def style_axes(ax: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.spines["top"].set_visible(False)
    # Minutes and beats per minute: whole-number ticks, so no "62.5" (with a decimal
    # point) on a Dutch axis.
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=FONT_SIZE_PT, colors=INK)
    ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)


def legend_above(ax: Any, *, ncols: int) -> None:
    """The legend in one row above the plot area, never on top of bars, band or line."""
    ax.legend(
        fontsize=FONT_SIZE_PT - 1,
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        borderaxespad=0.2,
        ncols=ncols,
    )


def floats(values: Sequence[float | None]) -> npt.NDArray[np.float64]:
    return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)


def label_values(
    ax: Any,
    x: npt.NDArray[np.float64],
    values: npt.NDArray[np.float64],
    *,
    above_pt: float,
    **text: Any,
) -> None:
    """Each known value written above its point, ``above_pt`` points up; ``text`` styles it."""
    for i, value in enumerate(values):
        if math.isfinite(value):
            ax.annotate(
                f"{value:.0f}",
                (x[i], value),
                xytext=(0, above_pt),
                textcoords="offset points",
                ha="center",
                **text,
            )
