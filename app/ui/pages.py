"""Routes: one page function per URL, each handing over to its page module's builder."""

from __future__ import annotations

from datetime import UTC, datetime

from nicegui import Client, app, ui

from app import gctune, health
from app.live.runtime import ready

# These modules register their tabs, projector displays and step extras when imported.
from app.ui import (  # noqa: F401
    activities,
    admin,
    board,
    cohost,
    deck,
    exports,
    facilitator,
    followup,
    groups,
    home,
    participant,
    projector,
    speedups,
    survey,
)

speedups.install()  # before any page is built (see the module's note)


@ui.page("/")
async def index_page() -> None:
    await ready()
    await home.build()


@ui.page("/m/{code}")
async def participant_page(code: str) -> None:
    await ready()
    await participant.build(code)


@ui.page("/m/{code}/projector")
async def projector_page(code: str) -> None:
    await ready()
    await projector.build(code)


@ui.page("/facilitator/{code}/{token}")
async def facilitator_page(code: str, token: str) -> None:
    await ready()
    await facilitator.build(code, token)


@ui.page("/cohost/{code}/{token}")
async def cohost_page(code: str, token: str) -> None:
    await ready()
    await cohost.build(code, token)


@app.get("/api/time")
def server_time() -> dict[str, float]:
    """The server's clock in epoch milliseconds: browsers measure their offset against it."""
    return {"now": datetime.now(UTC).timestamp() * 1000}


@app.get("/api/health")
def health_report() -> dict[str, object]:
    """For monitoring and bench/load.py: open pages, how late the event loop ran over the last minute, and the
    cycle collector's slow pauses (no meeting data)."""
    return {"ok": True, "pages": len(Client.instances), "loop_lag": health.report(), "gc": gctune.report()}
