"""Quick polls: participants answer the open poll; the facilitator opens and closes the agenda's polls and
sees the results; the projector shows them. Free text is a ranked list of what was said, multiple choice a
live bar chart (plotly, served locally by NiceGUI)."""

from __future__ import annotations

import uuid
from typing import Any

import plotly.graph_objects as go
from nicegui import ui

from app.domain import activities as rules
from app.domain.agenda import Poll
from app.live import activity_commands as acts
from app.live.commands import Actor
from app.live.hub import Change, MeetingHub
from app.ui.activities_base import LivePart
from app.ui.common import run, tr


def bar_chart(result: rules.PollResult, big: bool = False) -> go.Figure:
    options = [option for option, _ in result.counts]
    fig = go.Figure(go.Bar(x=[count for _, count in result.counts], y=options, orientation="h",
                           marker_color="#1f6f5c", text=[count for _, count in result.counts], textposition="auto"))
    fig.update_layout(template="plotly_white", font={"size": 22 if big else 14}, height=max(220, 70 * len(options)),
                      margin={"l": 10, "r": 10, "t": 10, "b": 30}, yaxis={"autorange": "reversed", "automargin": True},
                      xaxis={"title": {"text": tr("activities.poll.votes")}, "dtick": 1})
    return fig


def ranked_list(result: rules.PollResult, big: bool = False) -> None:
    """The terms most answers mention, with a bar as wide as their share of the top term."""
    top = max((t.count for t in result.ranked), default=1)
    with ui.column().classes("w-full gap-1").mark("ranked"):
        for term in result.ranked:
            with ui.row().classes("w-full items-center no-wrap gap-2"):
                ui.label(str(term.count)).classes(("text-h5" if big else "text-body1") + " w-8 text-right text-bold")
                with ui.element("div").classes("grow relative rounded bg-green-1 overflow-hidden"):
                    ui.element("div").classes("absolute inset-y-0 left-0 bg-green-3").style(
                        f"width: {100 * term.count / top:.0f}%")
                    ui.label(term.display).classes(("text-h5" if big else "text-body1") + " relative px-2 py-1").mark(
                        "ranked-term")


def results(result: rules.PollResult, big: bool = False, show_answers: bool = False) -> None:
    ui.label(tr("activities.poll.people", count=result.people)).classes("text-caption").mark("poll-people")
    if not result.answers:
        ui.label(tr("activities.poll.no_answers")).classes("text-grey-8")
        return
    if result.kind == "choice":
        ui.plotly(bar_chart(result, big)).classes("w-full").mark("poll-chart")
    else:
        ranked_list(result, big)
    if show_answers:
        with ui.expansion(tr("activities.poll.all_answers", count=len(result.answers))).classes("w-full"):
            for text in result.answers:
                ui.label(text).classes("klynge-pre text-body2")


class PollResults(LivePart):
    """The results of the open poll, else of the one opened last."""

    topics = ("poll",)

    def __init__(self, hub: MeetingHub, actor: Actor, big: bool = False, show_answers: bool = False) -> None:
        self.big, self.show_answers = big, show_answers
        super().__init__(hub, actor)

    async def load(self) -> rules.PollResult | None:
        current, last = await acts.poll_ids(self.hub)
        return await acts.poll_result(self.hub, current or last) if current or last else None

    def render(self, result: rules.PollResult | None) -> None:
        if result is None:
            return
        ui.label(result.question).classes(("text-h4" if self.big else "text-subtitle1") + " text-bold")
        results(result, self.big, self.show_answers)


class PollAnswer(LivePart):
    """The participant's form for the open poll. It is drawn again only when a poll opens or closes (or
    after the participant's own answer), so a half-typed answer survives other people's answers."""

    topics = ("poll",)
    opened: str | None = None  # a poll just opened: tell the participant once

    def wants(self, change: Change) -> bool:
        if change.topic == "poll" and change.data.get("open"):
            self.opened = change.data["open"]
        return change.topic == "poll" and "open" in change.data

    async def load(self) -> dict[str, Any]:
        return await acts.poll_state(self.hub, self.actor)

    def render(self, state: dict[str, Any]) -> None:
        poll = self.hub.agenda.poll(state["open"] or "")
        if poll is not None and self.opened == poll.id:
            ui.notify(tr("activities.poll.opened_notice", question=poll.question), type="info", timeout=10000)
        self.opened = None
        if poll is None:
            ui.label(tr("activities.poll.none_open")).classes("text-grey-8").mark("no-poll")
            return
        with ui.card().classes("w-full gap-2").mark("poll-form"):
            ui.label(poll.question).classes("text-h6").mark("poll-question")
            if poll.kind == "choice":
                self.choice_form(poll, state["mine"])
            else:
                self.free_form(poll, state["mine"])

    def free_form(self, poll: Poll, mine: list[str]) -> None:
        left = poll.answers_per_person - len(mine)
        if mine:
            ui.label(tr("activities.poll.your_answers")).classes("text-caption")
            for text in mine:
                ui.label(f"• {text}").classes("klynge-pre").mark("my-answer")
        if left <= 0:
            ui.label(tr("activities.poll.done")).classes("text-positive").mark("poll-done")
            return
        ui.label(tr("activities.poll.left", count=left)).classes("text-caption text-grey-8")
        key = uuid.uuid4().hex
        answer = ui.input(tr("activities.poll.answer")).props(f"outlined maxlength={rules.POLL_ANSWER_MAX}").classes(
            "w-full").mark("poll-text")
        send = ui.button(tr("activities.poll.send"), icon="send",
                         on_click=lambda: self.send(poll, answer.value or "", key)).mark("poll-send")
        answer.on("keydown.enter", send.run_method("click"))

    def choice_form(self, poll: Poll, mine: list[str]) -> None:
        with ui.column().classes("w-full gap-2"):
            for option in poll.options:
                chosen = option in mine
                ui.button(option, icon="check" if chosen else None,
                          on_click=lambda o=option: self.send(poll, o, uuid.uuid4().hex)).props(
                    "unelevated" if chosen else "outline").classes("w-full").mark(f"option-{option}")
        if mine:
            ui.label(tr("activities.poll.your_vote", choice=mine[-1])).classes("text-caption").mark("my-vote")

    async def send(self, poll: Poll, text: str, key: str) -> None:
        if await run(self.hub, self.actor, "poll.answer", poll_id=poll.id, text=text, idem_key=key) is not None:
            await self.reload()


class PollAdmin(LivePart):
    """The agenda's polls with open/close buttons; the poll the current step's cue names is marked."""

    topics = ("poll", "clock")

    def wants(self, change: Change) -> bool:
        return change.topic == "clock" or (change.topic == "poll" and "open" in change.data)

    async def load(self) -> dict[str, Any]:
        return await acts.poll_state(self.hub, self.actor)

    def render(self, state: dict[str, Any]) -> None:
        for poll in self.hub.agenda.polls:
            is_open = state["open"] == poll.id
            with ui.row().classes("w-full items-center gap-2 no-wrap").mark(f"poll-{poll.id}"):
                with ui.column().classes("grow gap-0"):
                    ui.label(poll.question).classes("text-body1")
                    kind = tr(f"activities.poll.{poll.kind}")
                    ui.label(f"{kind} · {tr('activities.poll.per_person', count=poll.answers_per_person)}"
                             if poll.kind == "free_text" else kind).classes("text-caption text-grey-8")
                if state["cue"] == poll.id:
                    ui.badge(tr("activities.poll.now"), color="accent")
                if is_open:
                    ui.badge(tr("activities.poll.is_open"), color="positive").mark("poll-open-badge")
                    ui.button(tr("activities.poll.close"), icon="stop",
                              on_click=lambda: run(self.hub, self.actor, "poll.close")).mark(f"close-{poll.id}")
                else:
                    ui.button(tr("activities.poll.open"), icon="play_arrow",
                              on_click=lambda p=poll: run(self.hub, self.actor, "poll.open", poll_id=p.id)).props(
                        "outline").mark(f"open-{poll.id}")


def participant_tab(hub: MeetingHub, actor: Actor) -> None:
    PollAnswer(hub, actor)
    PollResults(hub, actor)


def staff_tab(hub: MeetingHub, actor: Actor) -> None:
    if not hub.agenda.polls:
        ui.label(tr("activities.poll.none_in_agenda")).classes("text-grey-8")
        return
    PollAdmin(hub, actor)
    if actor.role == "facilitator":
        ui.button(tr("activities.projector.poll"), icon="co_present",
                  on_click=lambda: run(hub, actor, "meeting.display", show="poll")).props("flat").mark(
            "poll-project")
    PollResults(hub, actor, show_answers=True)


def projector_display(hub: MeetingHub) -> None:
    with ui.column().classes("w-full max-w-screen-lg bg-white text-black rounded-xl p-6"):
        PollResults(hub, Actor("system"), big=True)


def step_extra(hub: MeetingHub, step: Any, role: str) -> None:
    """On a step whose cue starts a poll, staff get a button to open it."""
    if role not in ("facilitator", "cohost"):
        return
    for cue in step.cues:
        poll = hub.agenda.poll(cue.poll or "") if cue.kind == "start_poll" else None
        if poll is not None:
            ui.button(tr("activities.poll.start"), icon="how_to_vote",
                      on_click=lambda p=poll: run(hub, Actor(role), "poll.open", poll_id=p.id)).props(
                "outline").mark(f"start-poll-{poll.id}")
