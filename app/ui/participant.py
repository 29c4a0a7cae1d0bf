"""The participant's page (laptop or phone): join with name and practice, then follow the meeting."""

from __future__ import annotations

from typing import Any

from nicegui import app, ui

from app.live.commands import Actor
from app.live.hub import Change, MeetingHub, ParticipantRow
from app.ui import panels
from app.ui.common import rt, run, tr
from app.ui.frame import frame
from app.ui.widgets import Countdown


def _identities() -> dict[str, Any]:
    return app.storage.user.setdefault("participants", {})


def remember(code: str, participant_id: int, secret: str) -> None:
    identities = dict(_identities())
    identities[code] = {"id": participant_id, "secret": secret}
    app.storage.user["participants"] = identities


async def whoami(hub: MeetingHub) -> ParticipantRow | None:
    saved = _identities().get(hub.code) or {}
    return await hub.verify_participant(saved.get("id"), saved.get("secret"))


async def join_form(hub: MeetingHub) -> None:
    practices = sorted({p.practice for p in await hub.participants() if p.practice}, key=str.lower)
    with ui.card().classes("w-full max-w-md mx-auto").mark("join-form"):
        ui.label(tr("join.title", title=hub.meeting.title)).classes("text-h6")
        ui.label(f"{hub.meeting.cluster} · {hub.meeting.date}").classes("text-grey-8")
        name = (
            ui.input(tr("join.name"))
            .props("maxlength=120 autocomplete=name")
            .classes("w-full")
            .mark("name")
            .props("data-testid=name")
        )
        practice = (
            ui.select(
                practices, label=tr("join.practice"), with_input=True, new_value_mode="add-unique", clearable=True
            )
            .props("maxlength=120 hint='" + tr("join.practice_hint") + "'")
            .classes("w-full")
            .mark("practice")
        )
        solo = ui.checkbox(tr("join.solo")).mark("solo").props("data-testid=solo")
        solo.on_value_change(lambda e: practice.set_enabled(not e.value))

        async def submit() -> None:
            result = await run(
                hub,
                Actor("participant"),
                "participant.join",
                name=name.value or "",
                practice=practice.value,
                solo=bool(solo.value),
            )
            if result:
                remember(hub.code, result["participant_id"], result["secret"])
                ui.navigate.reload()

        ui.button(tr("join.submit"), on_click=submit).classes("w-full").mark("join-submit").props(
            "data-testid=join-submit"
        )


class ParticipantView:
    def __init__(self, hub: MeetingHub, me: ParticipantRow) -> None:
        self.hub = hub
        self.me = me
        self.actor = Actor("participant", participant_id=me.id, name=me.name)

    def build(self) -> None:
        with frame(self.hub.meeting.title, subtitle=self.hub.meeting.cluster):
            ui.label(tr("participant.hello", name=self.me.name)).classes("text-caption text-grey-8")
            self.now_panel()
            panels.extra_tabs(self.hub, self.actor, "participant")

    @ui.refreshable_method
    def now_panel(self) -> None:
        self.shown_index, block, step = self.hub.current()
        with ui.card().classes("w-full").mark("now"):
            ui.label(block.title).classes("text-subtitle1 text-grey-8").mark("block-title").props(
                "data-testid=block-title"
            )
            ui.label(step.title).classes("text-h6").mark("step-title").props("data-testid=step-title")
            self.countdown = Countdown(self.hub.clock).classes("text-5xl").mark("countdown")
            self.paused = ui.label(tr("status.paused")).classes("text-grey-7")
            self.paused.set_visibility(self.hub.clock.status == "paused")
            panels.step_details(self.hub, step, role="participant")

    def show_clock(self) -> None:
        """A clock change within the same step updates two elements; a new step redraws the card."""
        if self.hub.current()[0] != self.shown_index:
            self.now_panel.refresh()
            return
        self.countdown.show(self.hub.clock)
        self.paused.set_visibility(self.hub.clock.status == "paused")

    async def on_change(self, change: Change) -> None:
        if change.topic == "clock":
            self.show_clock()
        elif change.topic == "alert":
            panels.notify_alert(self.hub, change, "participant")
        elif change.topic == "meeting":
            ui.navigate.reload()


async def build(code: str) -> None:
    hub = await rt().hub(code)
    if hub is None:
        with frame(tr("join.page_title")):
            panels.refuse()
        return
    me = await whoami(hub)
    if me is None:
        with frame(tr("join.page_title")):
            if hub.ended:
                ui.label(tr("join.ended")).classes("text-h6")
            else:
                await join_form(hub)
        return
    view = ParticipantView(hub, me)
    view.build()
    panels.subscribe(hub, view.on_change)
