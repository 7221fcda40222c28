"""The thin layer between Starlette and the views: who is asking, in which language, is
the form genuine; then the view runs in a worker thread with a :class:`Ctx`.

CSRF: every form of a logged-in person carries their session's own random token (the
synchroniser-token pattern, OWASP CSRF cheat sheet), checked with a constant-time compare.
The sessions are server-side already, so this needs no extra secret or library, and a
token dies with its session (logout, idle time, user removed). The login form, before
any session exists, carries a token signed with a per-process key and a time stamp.
Cookies are HttpOnly and SameSite=Strict (Secure under TLS), and a POST whose Origin
names another site is refused too.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tracker.app import users as app_users
from tracker.domain.clock import wall_clock_ms
from tracker.store.sqlite import Store
from tracker.store.users import UserRow
from tracker.store.web_sessions import SessionRow
from tracker.web.state import WebState
from tracker.web.templates import render_page
from tracker.web.texts import DEFAULT_LANGUAGE, LANGUAGES, WebTexts

log = logging.getLogger(__name__)

SESSION_COOKIE = "tracker_session"
LANGUAGE_COOKIE = "tracker_lang"
CSRF_FIELD = "csrf_token"
# The hidden field of a form that adds an entry: a token of its own (app.form_once).
ONCE_FIELD = "once"
# Random bytes of such a token: unguessable is not needed (CSRF guards), unique is.
ONCE_TOKEN_BYTES = 16
# A login form stays usable this long after it was shown.
LOGIN_FORM_MAX_AGE_S = 2 * 3600
# One key per process: a restart only means reloading the login page.
_LOGIN_KEY = secrets.token_bytes(32)
# A year: the language cookie only remembers a choice made before logging in.
LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 3600


@dataclass(slots=True)
class Ctx:
    """One request as a view sees it (the view runs in a worker thread)."""

    state: WebState
    store: Store
    session: SessionRow | None
    lang: str
    t: WebTexts
    path: str
    path_params: Mapping[str, Any]
    query: Mapping[str, str]
    form: dict[str, str] = field(default_factory=dict)
    client: str = ""
    now_ms: int = 0
    set_cookies: list[tuple[str, str, int | None]] = field(default_factory=list)

    @property
    def user(self) -> UserRow:
        assert self.session is not None
        return self.session.user

    @property
    def csrf(self) -> str:
        return self.session.csrf_token if self.session else ""

    def has(self, role: str) -> bool:
        return self.session is not None and role in self.session.user.roles

    def render(self, template: str, status: int = 200, **values: Any) -> Response:
        html = render_page(template, self._base(), values)
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")

    def _base(self) -> dict[str, Any]:
        return {
            "t": self.t,
            "lang": self.lang,
            "user": self.session.user if self.session else None,
            "csrf": self.csrf,
            "csrf_field": CSRF_FIELD,
            "once_field": ONCE_FIELD,
            # A new token at each call: each form on a page has its own.
            "once": lambda: secrets.token_urlsafe(ONCE_TOKEN_BYTES),
            "path": self.path,
            "roles": self.session.user.roles if self.session else frozenset(),
        }

    def message(self, title_key: str, text_key: str, status: int) -> Response:
        return self.render(
            "message.html.j2", status, title=self.t(title_key), text=self.t(text_key)
        )


View = Callable[[Ctx], Response]


def login_form_token(now_s: int | None = None) -> str:
    stamp = str(int(time.time()) if now_s is None else now_s)
    mac = hmac.new(_LOGIN_KEY, f"login|{stamp}".encode(), hashlib.sha256).hexdigest()
    return f"{stamp}.{mac}"


def login_form_token_ok(token: str) -> bool:
    stamp, _, mac = token.partition(".")
    if not stamp.isdigit() or not mac:
        return False
    expected = hmac.new(_LOGIN_KEY, f"login|{stamp}".encode(), hashlib.sha256).hexdigest()
    fresh = 0 <= time.time() - int(stamp) <= LOGIN_FORM_MAX_AGE_S
    return hmac.compare_digest(mac, expected) and fresh


def same_origin(request: Request) -> bool:
    """A POST from another site (its Origin header names another host) is not ours.
    (Referrer-Policy same-origin: browsers send our own Origin on our forms; "null"
    comes from a sandboxed frame or a privacy mode, and is refused.)"""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def safe_next(path: str | None) -> str:
    """A local path to return to after logging in ("/" for anything else)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def choose_language(request: Request, user: UserRow | None) -> str:
    if user is not None and user.language in LANGUAGES:
        return user.language
    cookie = request.cookies.get(LANGUAGE_COOKIE, "")
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE


def redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def set_session_cookie(response: Response, state: WebState, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="strict", secure=state.web.tls, path="/"
    )


def clear_session_cookie(response: Response, state: WebState) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="strict", secure=state.web.tls, path="/"
    )


def _resolve(state: WebState, token: str | None) -> tuple[Store, SessionRow | None, int]:
    store = state.stores.get()
    now_ms = wall_clock_ms()
    if not token:
        return store, None, now_ms
    session = app_users.current_session(store, token, now_ms=now_ms, idle_ms=state.idle_ms)
    return store, session, now_ms


def page(
    *roles: str, public: bool = False
) -> Callable[[View], Callable[[Request], Awaitable[Response]]]:
    """An endpoint for ``view``: open to anyone with ``public``, else to a logged-in person
    with one of ``roles`` (any role when none are named). A POST must carry the CSRF token."""

    def wrap(view: View) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            state: WebState = request.app.state.web
            token = request.cookies.get(SESSION_COOKIE)
            store, session, now_ms = await run_in_threadpool(_resolve, state, token)
            lang = choose_language(request, session.user if session else None)
            ctx = Ctx(
                state=state,
                store=store,
                session=session,
                lang=lang,
                t=WebTexts(lang),
                path=request.url.path,
                path_params=request.path_params,
                query=dict(request.query_params),
                client=request.client.host if request.client else "",
                now_ms=now_ms,
            )
            if not public and session is None:
                target = "/login"
                if request.method == "GET":
                    target += "?next=" + quote(request.url.path, safe="/")
                    if token:
                        target += "&ended=1"
                response = redirect(target)
                if token:
                    clear_session_cookie(response, state)
                return response
            if session is not None and roles and not (session.user.roles & set(roles)):
                return ctx.message("forbidden_title", "forbidden", 403)
            if request.method == "POST":
                form = await request.form()
                ctx.form = {k: v for k, v in form.items() if isinstance(v, str)}
                sent = ctx.form.get(CSRF_FIELD, "")
                if session is not None:
                    genuine = hmac.compare_digest(sent.encode(), session.csrf_token.encode())
                else:
                    genuine = login_form_token_ok(sent)
                if not genuine or not same_origin(request):
                    log.warning("refused a form without a valid CSRF token: %s", request.url.path)
                    return ctx.message("csrf_title", "csrf", 403)
            return await run_in_threadpool(view, ctx)

        endpoint.__name__ = view.__name__
        endpoint.__doc__ = view.__doc__
        return endpoint

    return wrap
