"""Breakout groups on screens: the co-host's (and facilitator's) tab "Grupper" and the participant's "Min gruppe".

The co-host tab lists the agenda's rounds (from its `open_rooms` cues), makes and edits the groups, opens and
closes the rooms, sends messages to all groups, and keeps the roster. Names and practices are user text: they go
into labels and select options only.
"""

from __future__ import annotations

from nicegui import background_tasks, ui

from app.domain.agenda import StepKind
from app.live import groups_commands  # noqa: F401  (registers the groups.* commands)
from app.live.commands import Actor
from app.live.groups_view import Member, MyGroup, Overview
from app.live.hub import Change, MeetingHub
from app.ui import panels
from app.ui.common import Coalesced, run, tr
from app.ui.groups_console import RosterPanel, RoundCard, follow

GROUP_TOPICS = ("groups", "participants", "clock")


class GroupsTab:
    """One browser's "Grupper" tab; redraws from a fresh overview whenever groups, people or the clock change."""

    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.data: Overview | None = None
        self.expanded: dict[str, bool] = {}
        self.reload_soon = Coalesced(self.reload)
        self.reload_after_joins = Coalesced(self.reload, delay=0.5)  # a join storm: a few redraws, not one per join

    def build(self) -> None:
        with ui.column().classes("w-full gap-3").mark("groups-tab").props("data-testid=groups-tab") as self.root:
            self.due_banner()
            self.messages()
            self.rounds()
            self.roster = RosterPanel(self.hub, self.actor)
        ui.timer(0, self.reload, once=True)
        follow(self.hub, self.root, self.on_change)

    async def reload(self) -> None:
        self.data = await run(self.hub, self.actor, "groups.overview")
        self.due_banner.refresh()
        self.rounds.refresh()
        if self.data is not None:
            self.roster.show(self.data.roster)

    def on_change(self, change: Change) -> None:
        if change.topic == "participants" and "joined" in change.data:
            self.reload_after_joins()
        elif change.topic in GROUP_TOPICS:
            self.reload_soon()

    @ui.refreshable_method
    def due_banner(self) -> None:
        due = self.data.due if self.data else None
        if due is None:
            return
        text = tr(f"groups.due_banner.{due.due}", no=due.spec.round_no, title=due.spec.title)
        with ui.row().classes("w-full items-center gap-2 p-2 rounded bg-amber-2").mark("due-banner"):
            ui.icon("notifications_active", color="warning")
            ui.label(text).classes("text-subtitle1").props("data-testid=due-banner")

    def messages(self) -> None:
        with ui.card().classes("w-full gap-2"):
            ui.label(tr("groups.messages")).classes("text-subtitle1")
            with ui.row().classes("w-full items-end gap-2 no-wrap"):
                text = ui.input(tr("groups.message")).props("maxlength=500 clearable").classes("grow").mark(
                    "broadcast-text").props("data-testid=broadcast-text")

                async def send() -> None:
                    if await run(self.hub, self.actor, "groups.broadcast", text=text.value or "") is not None:
                        text.value = ""
                        ui.notify(tr("groups.sent"), type="positive")

                ui.button(icon="send", on_click=send).props("round data-testid=broadcast-send").mark(
                    "broadcast-send").tooltip(tr("groups.send"))

            async def warn() -> None:
                if await run(self.hub, self.actor, "groups.warn") is not None:
                    ui.notify(tr("groups.warned"), type="positive")

            ui.button(tr("groups.warn"), icon="timer", on_click=warn).props(
                "outline color=warning data-testid=warn-send").mark("warn-send")

    @ui.refreshable_method
    def rounds(self) -> None:
        if self.data is None:
            ui.spinner()
            return
        if not self.data.rounds:
            ui.label(tr("groups.no_rounds")).classes("text-grey-7")
            return
        ui.label(tr("groups.rounds")).classes("text-h6")
        views = self.data.rounds
        focus = self.data.due or next((v for v in views if v.status == "open"), None) or next(
            (v for v in views if v.status in ("none", "draft")), None)
        for view in views:
            key = view.spec.step_id
            open_now = self.expanded.get(key, view is focus or view.status == "open")
            RoundCard(self.hub, self.actor, view, self.data.virtual, open_now,
                      lambda value, k=key: self.expanded.__setitem__(k, value))


@panels.register_tab("groups", {"cohost", "facilitator"}, order=10)
def groups_tab(hub: MeetingHub, actor: Actor) -> None:
    GroupsTab(hub, actor).build()


# -- the participant's own group -------------------------------------------------------------------------
class MyGroupCard:
    """The participant's room: "Vælg rum: Gruppe 3" (Zoom) or "Sæt jer ved gruppe 3", the members, the questions."""

    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.data: MyGroup | None = None
        self.loaded = False
        with ui.column().classes("w-full gap-2").mark("mygroup") as self.root:
            self.draw()
        ui.timer(0, self.reload, once=True)
        follow(hub, self.root, self.on_change)

    async def reload(self, announce: str | None = None) -> None:
        self.data = await run(self.hub, self.actor, "groups.mine")
        self.loaded = True
        self.draw.refresh()
        with self.root:
            if announce == "open" and self.data is not None:
                ui.notify(tr("groups.mine.opened", room=self.data.room), type="positive", timeout=15000)
            elif announce == "close" and self.data is None:
                ui.notify(tr("groups.mine.closed"), type="info")

    def on_change(self, change: Change) -> None:
        # A join changes nobody's group unless it was placed in the open round (that publishes "groups").
        if change.topic == "groups" or (change.topic == "participants" and "joined" not in change.data):
            background_tasks.create(self.reload(change.data.get("action")), name="my group")
        elif change.topic == "clock" and self.data is not None and self.questions_shown_above() != self.drawn_with:
            self.draw.refresh()  # only whether the card repeats the questions depends on the step

    @ui.refreshable_method
    def draw(self) -> None:
        self.drawn_with = self.questions_shown_above()
        if not self.loaded:
            ui.spinner()
            return
        mine = self.data
        if mine is None:
            ui.label(tr("groups.mine.none")).classes("text-grey-7").mark("mygroup-none").props(
                "data-testid=mygroup-none")
            return
        with ui.card().classes("w-full gap-2 bg-blue-1").props("flat bordered"):
            ui.label(tr("groups.mine.round", no=mine.round_no, title=mine.step_title)).classes(
                "text-caption text-grey-8")
            headline = tr("groups.mine.choose_room", room=mine.room) if mine.virtual else tr(
                "groups.mine.sit_at", no=mine.group_no)
            ui.label(headline).classes("text-h5 text-primary").mark("mygroup-room").props("data-testid=mygroup-room")
            if mine.virtual:
                ui.label(tr("groups.mine.choose_hint", room=mine.room)).classes("text-caption text-grey-8")
        ui.label(tr("groups.mine.members")).classes("text-subtitle2")
        with ui.column().classes("gap-1 w-full").mark("mygroup-members").props("data-testid=mygroup-members"):
            for member in mine.members:
                self.member_row(member)
        if mine.questions and not self.questions_shown_above():
            ui.label(tr("groups.mine.questions")).classes("text-subtitle2")
            for i, question in enumerate(mine.questions, 1):
                ui.label(f"{i}. {question}").classes("text-body1")

    def member_row(self, member: Member) -> None:
        with ui.row().classes("items-baseline gap-2"):
            ui.icon("person", size="xs").classes("text-grey-7")
            ui.label(member.name).classes("text-body1" + (" text-bold" if member.id == self.actor.participant_id
                                                           else ""))
            practice = member.practice or tr("groups.solo_short")
            ui.label(practice).classes("text-caption text-grey-8")
            if member.id == self.actor.participant_id:
                ui.label(tr("groups.mine.you")).classes("text-caption text-grey-8")

    def questions_shown_above(self) -> bool:
        """The step card above already lists the questions of a group step in progress."""
        step = self.hub.current()[2]
        return step.kind is StepKind.group and bool(step.questions)


@panels.register_tab("mygroup", {"participant"}, order=10)
def my_group_tab(hub: MeetingHub, actor: Actor) -> None:
    MyGroupCard(hub, actor)
