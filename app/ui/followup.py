"""The "Opfølgning fra sidste møde" step: last meeting's starred ideas and plans, and "Er det sket?"."""

from __future__ import annotations

from typing import Any

from nicegui import background_tasks, ui

from app.domain.agenda import Step, StepKind
from app.live.commands import Actor
from app.live.hub import Change, MeetingHub
from app.ui import panels, projector
from app.ui.common import run, tr

ANSWERS = ("ja", "delvist", "nej")
COLOURS = {"ja": "positive", "delvist": "warning", "nej": "negative"}


class FollowUpList:
    """One client's list; redraws when the facilitator records an answer."""

    def __init__(self, hub: MeetingHub, role: str, large: bool = False) -> None:
        self.hub = hub
        self.role = role
        self.large = large
        self.actor = Actor(role if role in ("facilitator", "cohost") else "participant")
        with ui.column().classes("w-full") as self.root:
            background_tasks.create(self.show(), name="follow-up list")  # async refreshable: runs in its container
        panels.subscribe_while(hub, self.root, self.on_change)

    @ui.refreshable_method
    async def show(self) -> None:
        items: list[dict[str, Any]] = await run(self.hub, self.actor, "followup.items") or []
        with ui.column().classes("w-full gap-1").mark("followup"):
            ui.label(tr("followup.title")).classes("text-h5" if self.large else "text-subtitle2")
            if not items:
                ui.label(tr("followup.none")).classes("text-grey-7")
            for item in items:
                self.item_row(item)

    def item_row(self, item: dict[str, Any]) -> None:
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.icon("star" if item["kind"] == "starred" else "checklist", color="accent")
            ui.label(item["text"]).classes(("text-h6 " if self.large else "") + "grow klynge-pre")
            if self.role == "facilitator":
                with ui.button_group().props("flat"):
                    for answer in ANSWERS:
                        chosen = item["answer"] == answer
                        ui.button(tr(f"followup.{answer}"), on_click=lambda a=answer, i=item: self.answer(i, a)).props(
                            f"size=sm {'unelevated' if chosen else 'outline'} color={COLOURS[answer]}").mark(
                            f"followup-{answer}")
            elif item["answer"]:
                ui.badge(tr(f"followup.{item['answer']}"), color=COLOURS[item["answer"]])

    async def answer(self, item: dict[str, Any], answer: str) -> None:
        await run(self.hub, self.actor, "followup.answer", key=item["key"],
                  answer=None if item["answer"] == answer else answer)

    def on_change(self, change: Change) -> None:
        if change.topic == "followup":
            self.show.refresh()


@panels.register_step_extra
def follow_up_extra(hub: MeetingHub, step: Step, role: str) -> None:
    if step.kind is StepKind.follow_up and hub.meeting.previous_id is not None:
        ui.label(tr("followup.question")).classes("text-subtitle1 mt-2")
        FollowUpList(hub, role)


@projector.register_display("followup", "followup.display")
def follow_up_display(hub: MeetingHub) -> None:
    with ui.card().classes("w-full max-w-4xl bg-white text-black"):
        FollowUpList(hub, "projector", large=True)
