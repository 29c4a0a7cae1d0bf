"""The technical co-host's console: the clock (read-only), alerts, and the groups tab."""

from __future__ import annotations

from nicegui import ui

from app.live.commands import Actor
from app.live.hub import Change, MeetingHub
from app.ui import panels
from app.ui.common import rt, tr
from app.ui.cues import cue_text
from app.ui.frame import frame
from app.ui.widgets import Countdown


class CohostConsole:
    def __init__(self, hub: MeetingHub) -> None:
        self.hub = hub
        self.actor = Actor("cohost")

    def build(self) -> None:
        meeting = self.hub.meeting
        with frame(tr("cohost.title"), subtitle=f"{meeting.title} · {meeting.cluster}", wide=True):
            self.now_panel()
            panels.extra_tabs(self.hub, self.actor, "cohost")

    @ui.refreshable_method
    def now_panel(self) -> None:
        index, block, step = self.hub.current()
        with ui.card().classes("w-full").mark("now"):
            with ui.row().classes("w-full items-center justify-between"):
                with ui.column().classes("gap-0"):
                    ui.label(block.title).classes("text-subtitle1 text-grey-8").mark("block-title").props(
                        "data-testid=block-title"
                    )
                    ui.label(step.title).classes("text-h6").mark("step-title").props("data-testid=step-title")
                Countdown(self.hub.clock).classes("text-5xl").mark("countdown")
            cues = [c for c in step.cues]
            if index + 1 < len(self.hub.steps):
                cues += [c for c in self.hub.steps[index + 1][1].cues if c.at == "start"]
            for cue in cues:
                with ui.row().classes("items-center gap-2"):
                    ui.icon("settings_remote", size="xs")
                    ui.label(cue_text(cue, self.hub.agenda)).classes("text-body2")
            panels.step_details(self.hub, step, role="cohost")

    async def on_change(self, change: Change) -> None:
        if change.topic == "clock":
            self.now_panel.refresh()
        elif change.topic == "alert":
            panels.notify_alert(self.hub, change, "cohost")


async def build(code: str, token: str) -> None:
    hub = await rt().hub(code)
    if hub is None or not panels.token_ok(token, hub.meeting.cohost_hash):
        panels.refuse()
        return
    console = CohostConsole(hub)
    console.build()
    panels.subscribe(hub, console.on_change)
