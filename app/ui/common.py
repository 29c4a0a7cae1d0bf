"""What every page shares: the language of the current user, translation, the runtime, small helpers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any

from nicegui import app, background_tasks, ui

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


class Coalesced:
    """Calls `work` once for a burst of triggers: triggers while one run waits are merged into it, and a
    trigger during a run gives exactly one more run after it. A burst of 60 posts then costs a page a few
    reloads, not 60."""

    def __init__(self, work: Callable[[], Awaitable[Any]], delay: float = 0.0) -> None:
        self.work = work
        self.delay = delay
        self.waiting = False
        self.lock = asyncio.Lock()

    def __call__(self) -> None:
        if not self.waiting:
            self.waiting = True
            background_tasks.create(self._run(), name="coalesced reload")

    async def _run(self) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        async with self.lock:
            self.waiting = False
            await self.work()


class KeyedRows:
    """A column of rows, one per key, kept in step with a list: `show(items)` removes the rows whose key is
    gone, builds rows only for new or changed items and moves rows only when their place changed. A join
    then costs a staff page one new row, not a redraw of the whole roster."""

    def __init__(self, build: Callable[[Any], ui.element], classes: str = "w-full gap-0") -> None:
        self.build = build
        self.column = ui.column().classes(classes)
        self.rows: dict[Hashable, tuple[Any, ui.element]] = {}

    def show(self, items: Sequence[tuple[Hashable, Any]]) -> None:
        wanted = dict(items)
        for key in [k for k in self.rows if k not in wanted]:
            self.column.remove(self.rows.pop(key)[1])
        children = self.column.default_slot.children
        for index, (key, value) in enumerate(items):
            shown = self.rows.get(key)
            if shown is not None and shown[0] == value:
                row = shown[1]
            else:
                if shown is not None:
                    self.column.remove(shown[1])
                with self.column:
                    row = self.build(value)
                self.rows[key] = (value, row)
            if index >= len(children) or children[index] is not row:  # e.g. a new post goes to the top
                row.move(target_index=index)
