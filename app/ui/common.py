"""What every page shares: the language of the current user, translation, the runtime, small helpers."""

from __future__ import annotations

from typing import Any

from nicegui import app, ui

from app.i18n import LANGUAGES, t
from app.live.commands import Actor, CommandError, dispatch
from app.live.hub import MeetingHub
from app.live.runtime import Runtime, runtime


def lang() -> str:
    """The user's language: their choice, else the server's default (Danish)."""
    try:
        chosen = app.storage.user.get("lang")
    except RuntimeError:  # outside a page (no user storage)
        chosen = None
    return chosen if chosen in LANGUAGES else runtime().settings.language


def tr(key: str, **params: Any) -> str:
    return t(key, lang(), **params)


def rt() -> Runtime:
    return runtime()


async def run(hub: MeetingHub, actor: Actor, name: str, /, **args: Any) -> Any:
    """Dispatch a command; show a readable message instead of failing when it is refused."""
    try:
        return await dispatch(hub, actor, name, **args)
    except CommandError as err:
        ui.notify(tr(err.key, **err.params), type="warning")
        return None


def not_found(message_key: str = "error.meeting_not_found") -> None:
    with ui.column().classes("w-full items-center mt-16 gap-4"):
        ui.icon("search_off", size="3rem").classes("text-grey-6")
        ui.label(tr(message_key)).classes("text-h6 text-center")
        ui.link(tr("nav.home"), "/")
