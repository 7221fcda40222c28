"""Apparaten / Devices (admin): the wearables, the InfluxDB outbox, the users."""

from __future__ import annotations

from starlette.responses import Response

from tracker.app.hub import hub_status
from tracker.web.framework import Ctx, page
from tracker.web.views.today import battery_text, clock_time


@page("admin")
def devices_view(ctx: Ctx) -> Response:
    status = hub_status(ctx.store, ctx.state.config)
    t = ctx.t
    return ctx.render(
        "devices.html.j2",
        nav="devices",
        devices=status.devices,
        outbox=status.outbox,
        users=status.users,
        imports=status.imports,
        battery=lambda p: battery_text(t, p),
        when=lambda ms: clock_time(ms, ctx),
        role_words=lambda roles: ", ".join(t(f"role_{r}") for r in sorted(roles)),
    )
