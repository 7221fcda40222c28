"""Turn a :class:`WeeklyReport` into a self-contained HTML page, or a PDF.

HTML: jinja2 with autoescaping, the CSS and the SVG charts inline, nothing fetched from
anywhere. PDF: weasyprint over that same HTML, imported only when a PDF is asked for (it
is heavy and optional on a Raspberry Pi).
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.errors import TrackerError
from tracker.report.texts import Texts

if TYPE_CHECKING:
    from tracker.report.chart_style import Chart
    from tracker.report.model import WeeklyReport

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "weekly.html.j2"
# Parts of the page the hub page shows inside its own layout.
PART_TEMPLATES = {"body": "weekly_body.html.j2", "plan": "weekly_plan.html.j2"}
FORMATS = ("html", "pdf")
# Report files hold health data: readable by the owner only, like the store.
REPORT_FILE_MODE = 0o600
REPORT_DIR_MODE = 0o700


class ReportError(TrackerError):
    """The report cannot be written (missing PDF library, unwritable output)."""

    exit_code = 1


def _charts(r: WeeklyReport, t: Texts) -> dict[str, Chart]:
    from tracker.report import report_charts  # not at import: numpy and matplotlib

    return report_charts.charts(r, t)


def _environment(report: WeeklyReport) -> tuple[Any, dict[str, Any]]:
    """The report's jinja environment and template context."""
    import jinja2

    t = Texts(report.lang)

    def num(value: float | None, decimals: int = 0) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return t("not_available")
        if isinstance(value, int):
            # Thousands separated by a thin space: readable in both languages.
            return f"{value:,}".replace(",", "\u202f")
        return t.number(value, decimals)

    def pct(value: float | None) -> str:
        return t("not_available") if value is None else f"{t.number(100 * value)} %"

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date_words"] = t.date_long
    context: dict[str, Any] = {
        "r": report,
        "t": t,
        "num": num,
        "pct": pct,
        "charts": _charts(report, t),
    }
    return env, context


def render_html(report: WeeklyReport) -> str:
    """The report as one self-contained HTML document."""
    env, context = _environment(report)
    return str(env.get_template(TEMPLATE_NAME).render(context))


def render_parts(report: WeeklyReport, parts: Sequence[str]) -> dict[str, str]:
    """Parts of the report's page (``"body"``: everything inside ``<main>``, ``"plan"``:
    the plan section) as HTML fragments, for the hub page; the charts are drawn once."""
    env, context = _environment(report)
    return {p: str(env.get_template(PART_TEMPLATES[p]).render(context)) for p in parts}


def render_pdf(html: str) -> bytes:
    """PDF bytes of the HTML page, through weasyprint (optional dependency)."""
    try:
        import weasyprint
    except ImportError as exc:
        raise ReportError(
            "PDF output needs weasyprint: install it with pip install 'tracker[pdf]' "
            "(or use --format html)"
        ) from exc
    # weasyprint warns about every SVG presentation property it reads from a ``style``
    # attribute (it still draws them); those are not the user's concern.
    wp_logger = logging.getLogger("weasyprint")
    level = wp_logger.level
    wp_logger.setLevel(logging.ERROR)
    try:
        # base_url None and the page has no links: weasyprint has nothing to fetch.
        pdf: bytes = weasyprint.HTML(string=html, base_url=None).write_pdf()
    finally:
        wp_logger.setLevel(level)
    return pdf


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader never sees half a report."""
    try:
        path.parent.mkdir(mode=REPORT_DIR_MODE, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, REPORT_FILE_MODE)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_report(report: WeeklyReport, path: Path, fmt: str = "html") -> Path:
    """Render ``report`` as ``fmt`` ("html" or "pdf") into ``path``; returns ``path``."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r} (use html or pdf)")
    html = render_html(report)
    data = render_pdf(html) if fmt == "pdf" else html.encode("utf-8")
    write_atomically(path, data)
    return path
