"""Small building blocks of the activity tabs: a part that reloads itself when its topic changes, and a
debounced autosave."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

from nicegui import background_tasks, ui

from app.live.commands import Actor, CommandError
from app.live.hub import Change, MeetingHub
from app.live.runtime import TZ
from app.ui.common import tr

JOIN_DELAY = 0.5
NOTE_COLORS = {"green": ("bg-green-2", "#2e7d32"), "red": ("bg-red-2", "#c62828")}


class LivePart:
    """A per-client part of a page: `load()` reads its data, `render(data)` draws it into `self.box`.

    It loads once the browser is connected and again, in the background, whenever a change it `wants`
    arrives (several changes in a row cause one reload). It stops listening when its elements are gone,
    so a part built again (the projector redraws its display) does not leave listeners behind.
    """

    topics: tuple[str, ...] = ()

    def __init__(self, hub: MeetingHub, actor: Actor, classes: str = "w-full gap-3") -> None:
        self.hub = hub
        self.actor = actor
        self.box = ui.column().classes(classes)
        self._pending = False
        self._step = hub.current()[0]  # the step the part was last loaded in
        self._unsubscribe = hub.subscribe(self._on_change)
        ui.context.client.on_delete(self._unsubscribe)
        ui.timer(0, self.reload, once=True)

    def wants(self, change: Change) -> bool:
        return change.topic in self.topics

    async def load(self) -> object:
        raise NotImplementedError

    def render(self, data: object) -> None:
        raise NotImplementedError

    async def reload(self) -> None:
        if self.box.is_deleted:
            return
        self._step = self.hub.current()[0]
        try:
            data = await self.load()
        except CommandError as err:
            self.box.clear()
            with self.box:
                ui.label(tr(err.key, **err.params)).classes("text-grey-8")
            return
        self.box.clear()
        with self.box:
            self.render(data)

    def _on_change(self, change: Change) -> None:
        if self.box.is_deleted:
            self._unsubscribe()
            return
        if change.topic == "clock" and self.hub.current()[0] == self._step:
            return  # a pause or an adjusted minute within a step changes no part; a new step may
        if self.wants(change) and not self._pending:
            self._pending = True
            joined = change.topic == "participants" and "joined" in change.data
            background_tasks.create(self._reload_soon(JOIN_DELAY if joined else 0.0), name="activity reload")

    async def _reload_soon(self, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)  # joins come in storms: one reload for the joins of half a second
        self._pending = False
        await self.reload()


class Debounced:
    """Run `action` once input has rested for `delay` seconds, or at once on `flush` (e.g. on blur)."""

    def __init__(self, action: Callable[[], Awaitable[None]], delay: float = 1.0) -> None:
        self.action = action
        self.delay = delay
        self._task: asyncio.Task | None = None

    def touch(self) -> None:
        self.cancel()
        self._task = background_tasks.create(self._later(), name="autosave")

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def flush(self) -> None:
        self.cancel()
        await self.action()

    async def _later(self) -> None:
        await asyncio.sleep(self.delay)
        self._task = None
        await self.action()


def local_time(value: str | datetime) -> str:
    """17.05 (Danish clock style, Copenhagen time) of an ISO timestamp or datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(TZ).strftime("%H.%M")


def note_card(text: str, color: str, author: str | None = None, big: bool = False, marker: str = "") -> ui.column:
    """A post-it: its colour, its text (plain text, never HTML; `marker` marks it) and who wrote it."""
    size = "text-h6" if big else "text-body1"
    background, edge = NOTE_COLORS.get(color, ("bg-grey-2", "#757575"))
    with ui.column().classes(f"w-full gap-0 p-2 rounded text-black {background}").style(
            f"border-left: 6px solid {edge}") as card:
        ui.label(text).classes(f"klynge-pre {size}").mark(marker)
        if author:
            ui.label(tr("activities.postit.by", name=author)).classes("text-caption text-grey-8")
    return card
