"""The hub page's ASGI application and the server that runs it (uvicorn).

:func:`create_app` builds the Starlette app over one data directory; :func:`serve` runs
it until SIGTERM (``tracker web`` and the lead's ``tracker demo`` call it).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker.config import Config
from tracker.config.web import WebConfig
from tracker.domain.errors import StoreError
from tracker.report.render import TEMPLATE_DIR as REPORT_TEMPLATE_DIR
from tracker.web.framework import choose_language
from tracker.web.memory import return_large_buffers
from tracker.web.state import WebState
from tracker.web.templates import render_page
from tracker.web.texts import WebTexts
from tracker.web.views import devices, exercises, log, login, plan, today, week, worksheets

log_ = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
# Health data: no cache may keep a page; no other site may frame or script it. Inline
# styles only for the report's SVG charts (presentation attributes in style="").
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)
NO_STORE = (b"cache-control", b"no-store")
# Static files may be cached a day (they change only with an upgrade).
STATIC_CACHE = (b"cache-control", b"max-age=86400")


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response, and no-store to every page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                headers.append(STATIC_CACHE if static else NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _plain_page(request: Request, status: int, title: str, text: str) -> Response:
    lang = choose_language(request, None)
    t = WebTexts(lang)
    base = {"t": t, "lang": lang, "user": None, "csrf": "", "csrf_field": "csrf_token",
            "path": request.url.path, "roles": frozenset()}  # fmt: skip
    html = render_page("message.html.j2", base, {"title": t(title), "text": t(text)})
    return Response(html, status_code=status, media_type="text/html; charset=utf-8")


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return _plain_page(request, 404, "not_found_title", "not_found")
    if status == 405:
        return _plain_page(request, 405, "not_found_title", "not_found")
    return _plain_page(request, status, "error_title", "error")


async def _fault(request: Request, exc: Exception) -> Response:
    """Any fault: a plain page in words; the log has the detail."""
    if isinstance(exc, StoreError) and "busy" in str(exc):
        log_.warning("store busy on %s: %s", request.url.path, exc)
        return _plain_page(request, 503, "busy_title", "busy")
    log_.error("fault on %s %s", request.method, request.url.path, exc_info=exc)
    return _plain_page(request, 500, "error_title", "error")


async def healthz(request: Request) -> Response:
    """``ok`` without login, for systemd and Home Assistant: the store answers."""
    state: WebState = request.app.state.web
    await run_in_threadpool(lambda: state.stores.get().get_meta("healthz"))
    return PlainTextResponse("ok")


async def report_css(request: Request) -> Response:
    return FileResponse(REPORT_TEMPLATE_DIR / "report.css", media_type="text/css")


def routes() -> list[Route | Mount]:
    return [
        Route("/healthz", healthz),
        Route("/login", login.login_form, methods=["GET"]),
        Route("/login", login.login, methods=["POST"]),
        Route("/logout", login.logout, methods=["POST"]),
        Route("/language", login.language, methods=["POST"]),
        Route("/", today.today),
        Route("/week", week.week_latest),
        Route("/weeks", week.weeks_list),
        Route("/week/{week}", week.week_view),
        Route("/week/{week}/note", week.week_note_save, methods=["POST"]),
        Route("/reports/{name}", week.download),
        Route("/plan", plan.plan_view, methods=["GET"]),
        Route("/plan", plan.plan_save, methods=["POST"]),
        Route("/log", log.log_view),
        Route("/log/checkin", log.checkin_save, methods=["POST"]),
        Route("/log/session", log.session_save, methods=["POST"]),
        Route("/exercises", exercises.exercises_view),
        Route("/exercises/relax/start", exercises.relax_start, methods=["POST"]),
        Route("/exercises/relax/stop", exercises.relax_stop, methods=["POST"]),
        Route("/exercises/relax/log", exercises.relax_log, methods=["POST"]),
        Route("/exercises/ladder/add", exercises.ladder_add, methods=["POST"]),
        Route("/exercises/ladder/practise", exercises.ladder_practise, methods=["POST"]),
        Route("/exercises/ladder/{item}/done", exercises.ladder_mark, methods=["POST"]),
        Route("/exercises/ladder/{item}/remove", exercises.ladder_remove, methods=["POST"]),
        Route("/worksheets", worksheets.worksheets_view),
        Route("/worksheets/{question}", worksheets.answer_save, methods=["POST"]),
        Route("/devices", devices.devices_view),
        Route("/static/report.css", report_css),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def create_app(config: Config, data_dir: Path) -> Starlette:
    """The hub page over the store in ``data_dir`` (which must exist)."""
    state = WebState.open(config, data_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.stores.close()

    app = Starlette(
        routes=routes(),
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: _http_error, Exception: _fault},
        lifespan=lifespan,
    )
    app.state.web = state
    return app


def serve(
    config: Config,
    data_dir: Path,
    host: str | None = None,
    port: int | None = None,
) -> None:
    """Run the hub page until SIGTERM or Ctrl-C (``host``/``port`` default to ``[web]
    listen``); TLS when ``[web]`` names a certificate and key."""
    import uvicorn

    return_large_buffers()
    web = config.web or WebConfig()
    default_host, default_port = web.host_port
    app = create_app(config, data_dir)
    uvicorn.run(
        app,
        host=host or default_host,
        port=port or default_port,
        ssl_certfile=web.certificate or None,
        ssl_keyfile=web.key or None,
        log_level="warning",
        access_log=False,
        server_header=False,
        # The page's own address as the client: no proxy headers are trusted.
        proxy_headers=False,
    )
