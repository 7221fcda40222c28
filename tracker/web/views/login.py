"""Logging in and out, and the language switch."""

from __future__ import annotations

from starlette.responses import Response

from tracker.app import users as app_users
from tracker.web.framework import (
    LANGUAGE_COOKIE,
    LANGUAGE_COOKIE_MAX_AGE_S,
    Ctx,
    clear_session_cookie,
    login_form_token,
    page,
    redirect,
    safe_next,
    set_session_cookie,
)
from tracker.web.texts import LANGUAGES, WebTexts


def _home_for(roles: frozenset[str]) -> str:
    return "/" if roles & {"patient", "therapist"} else "/devices"


def _login_page(ctx: Ctx, status: int = 200, problem: str = "", name: str = "") -> Response:
    next_path = safe_next(ctx.query.get("next") or ctx.form.get("next"))
    return ctx.render(
        "login.html.j2",
        status,
        token=login_form_token(),
        next_path=next_path,
        problem=problem,
        name=name,
        ended=ctx.query.get("ended") == "1",
    )


@page(public=True)
def login_form(ctx: Ctx) -> Response:
    if ctx.session is not None:
        return redirect(_home_for(ctx.user.roles))
    chosen = ctx.query.get("lang", "")
    if chosen in LANGUAGES:
        ctx.lang, ctx.t = chosen, WebTexts(chosen)
    response = _login_page(ctx)
    if chosen in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, chosen, max_age=LANGUAGE_COOKIE_MAX_AGE_S, httponly=True,
            samesite="strict", secure=ctx.state.web.tls,
        )  # fmt: skip
    return response


@page(public=True)
def login(ctx: Ctx) -> Response:
    name = ctx.form.get("username", "").strip()
    password = ctx.form.get("password", "")
    if not name or not password:
        return _login_page(ctx, 400, ctx.t("login_empty"), name)
    outcome = app_users.log_in(ctx.store, name, password, client=ctx.client, now_ms=ctx.now_ms)
    if isinstance(outcome, app_users.SlowDown):
        return _login_page(ctx, 429, ctx.t("login_slow", seconds=outcome.wait_s), name)
    if isinstance(outcome, app_users.Refused):
        return _login_page(ctx, 401, ctx.t("login_refused"), name)
    if outcome.user.language is None:
        # Remember the language chosen on the login page.
        app_users.set_language(ctx.store, outcome.user, ctx.lang)
    target = safe_next(ctx.form.get("next"))
    if target == "/":
        target = _home_for(outcome.user.roles)
    response = redirect(target)
    set_session_cookie(response, ctx.state, outcome.token)
    return response


@page()
def logout(ctx: Ctx) -> Response:
    assert ctx.session is not None
    app_users.log_out(ctx.store, ctx.session, now_ms=ctx.now_ms)
    response = redirect("/login")
    clear_session_cookie(response, ctx.state)
    return response


@page()
def language(ctx: Ctx) -> Response:
    chosen = ctx.form.get("lang", "")
    if chosen in LANGUAGES:
        app_users.set_language(ctx.store, ctx.user, chosen)
    return redirect(safe_next(ctx.form.get("next")))
