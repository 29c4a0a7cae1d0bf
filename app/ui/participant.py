"""The participant's page (laptop or phone): join with name and practice, then follow the meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import app, ui

from app.live import deck_commands as decks
from app.live.commands import Actor
from app.live.hub import Change, MeetingHub, ParticipantRow
from app.ui import deck, panels
from app.ui.common import rt, run, tr
from app.ui.frame import frame
from app.ui.widgets import Countdown, StepInfo


def _identities() -> dict[str, Any]:
    return app.storage.user.setdefault("participants", {})


def remember(code: str, participant_id: int, secret: str) -> None:
    identities = dict(_identities())
    identities[code] = {"id": participant_id, "secret": secret}
    app.storage.user["participants"] = identities


async def whoami(hub: MeetingHub) -> ParticipantRow | None:
    saved = _identities().get(hub.code) or {}
    return await hub.verify_participant(saved.get("id"), saved.get("secret"))


async def join_form(hub: MeetingHub, on_joined: Callable[[ParticipantRow], None]) -> None:
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
        # A chosen or newly typed practice closes the list, so it does not cover the button on a phone.
        practice.on_value_change(lambda: practice.run_method("hidePopup"))

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
                me = await hub.verify_participant(result["participant_id"], result["secret"])
                if me is None:  # removed by the co-host at that very moment
                    ui.navigate.reload()
                else:
                    on_joined(me)

        ui.button(tr("join.submit"), on_click=submit).classes("w-full").mark("join-submit").props(
            "data-testid=join-submit"
        )


class ParticipantView:
    def __init__(self, hub: MeetingHub, me: ParticipantRow) -> None:
        self.hub = hub
        self.me = me
        self.actor = Actor("participant", participant_id=me.id, name=me.name)

    def build(self) -> None:
        """The view in the page's content column, following the meeting from now on."""
        ui.label(tr("participant.hello", name=self.me.name)).classes("text-caption text-grey-8")
        self.now_panel()
        panels.extra_tabs(self.hub, self.actor, "participant")
        panels.subscribe(self.hub, self.on_change)

    def now_panel(self) -> None:
        """The current step: built once, then updated in place (a step change is a few props per page)."""
        with ui.card().classes("w-full").mark("now"):
            self.block_title = ui.label().classes("text-subtitle1 text-grey-8").mark("block-title").props(
                "data-testid=block-title")
            self.step_title = ui.label().classes("text-h6").mark("step-title").props("data-testid=step-title")
            self.countdown = Countdown(self.hub.clock).classes("text-5xl").mark("countdown")
            self.paused = ui.label(tr("status.paused")).classes("text-grey-7")
            self.info = StepInfo().classes("w-full").mark("step-info")
            self.extras = ui.column().classes("w-full gap-2")
        self.shown_index = -1
        self.show_clock()
        if not decks.is_loaded(self.hub):
            deck.load_then(self.hub, self.info, self.show_info)

    def show_step(self) -> None:
        self.shown_index, block, step = self.hub.current()
        self.block_title.set_text(block.title)
        self.step_title.set_text(step.title)
        self.show_info()
        if self.extras.default_slot.children:
            self.extras.clear()
        with self.extras:
            for extra in panels.STEP_EXTRAS:  # e.g. "Er det sket?" in the follow-up step
                extra(self.hub, step, "participant")

    def show_clock(self) -> None:
        if self.hub.current()[0] != self.shown_index:
            self.show_step()
        self.countdown.show(self.hub.clock)
        self.paused.set_visibility(self.hub.clock.status == "paused")

    def show_info(self) -> None:
        step = self.hub.current()[2]
        self.info.show(panels.step_info(self.hub, step, deck.slide_titles(self.hub, step)))

    def on_change(self, change: Change) -> None:
        if change.topic == "clock":
            self.show_clock()
        elif decks.is_stale(self.hub, change):
            decks.forget_deck(self.hub)
            deck.load_then(self.hub, self.info, self.show_info)
        elif change.topic == "deck":
            self.show_info()
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
    with frame(hub.meeting.title, subtitle=hub.meeting.cluster) as content:
        if me is not None:
            ParticipantView(hub, me).build()
        elif hub.ended:
            ui.label(tr("join.ended")).classes("text-h6")
        else:

            def joined(row: ParticipantRow) -> None:
                """The view replaces the form in this page: no second page load, no second connection."""
                content.clear()
                with content:
                    ParticipantView(hub, row).build()

            await join_form(hub, joined)
