"""The projector: a big countdown and block title for the room, plus what the facilitator chooses to show."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from app.live.hub import Change, MeetingHub
from app.ui import panels
from app.ui.common import rt, tr
from app.ui.frame import CSS
from app.ui.home import qr_image
from app.ui.widgets import Countdown

Display = Callable[[MeetingHub], object]
DISPLAYS: dict[str, tuple[str, Display]] = {}  # "show" value -> (label key, builder), filled by other modules


def register_display(key: str, label_key: str) -> Callable[[Display], Display]:
    """Something the facilitator can put on the projector under the clock (starred posts, a chart...)."""

    def add(build: Display) -> Display:
        DISPLAYS[key] = (label_key, build)
        return build

    return add


def display_options() -> dict[str, str]:
    return {"qr": tr("projector.show_qr"), "clock": tr("projector.show_clock"),
            **{key: tr(label) for key, (label, _) in DISPLAYS.items()}}


class Projector:
    def __init__(self, hub: MeetingHub) -> None:
        self.hub = hub

    def build(self) -> None:
        ui.add_css(CSS + "body { background: #0f2d26; color: white; }")
        ui.page_title(f"{self.hub.meeting.title} · Klyngemøde")
        with ui.column().classes("w-full min-h-screen p-6 gap-4 items-center"):
            self.clock_panel()
            self.shown()

    @ui.refreshable_method
    def clock_panel(self) -> None:
        _, block, step = self.hub.current()
        with ui.column().classes("items-center gap-0 w-full").mark("projector-clock"):
            ui.label(block.title).classes("text-h4 text-center opacity-80").mark("block-title").props(
                "data-testid=block-title"
            )
            ui.label(step.title).classes("text-h5 text-center").mark("step-title").props("data-testid=step-title")
            Countdown(self.hub.clock).classes("text-[18vw] sm:text-[14vw] leading-none").mark("countdown")

    @ui.refreshable_method
    def shown(self) -> None:
        show = self.hub.meeting.display.get("show", "qr")
        if show == "qr":
            url = f"{rt().settings.public_url}/m/{self.hub.code}"
            with ui.row().classes("items-center gap-8 bg-white text-black rounded-xl p-4").mark("projector-qr"):
                qr_image(url, "w-48")
                with ui.column():
                    ui.label(tr("projector.join")).classes("text-h5")
                    ui.label(url).classes("text-h6")
                    ui.label(self.hub.code).classes("text-h3 tracking-widest")
        elif show in DISPLAYS:
            DISPLAYS[show][1](self.hub)

    async def on_change(self, change: Change) -> None:
        if change.topic == "clock":
            self.clock_panel.refresh()
        elif change.topic in ("display", "board", "survey"):
            self.shown.refresh()


async def build(code: str) -> None:
    hub = await rt().hub(code)
    if hub is None:
        panels.refuse()
        return
    projector = Projector(hub)
    projector.build()
    panels.subscribe(hub, projector.on_change)
