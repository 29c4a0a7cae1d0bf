"""Pieces shared by the meeting pages: step details, meeting info, access checks, extra tabs, alerts."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui
from nicegui.helpers import await_with_context

from app.domain.agenda import Question, Step, StepKind
from app.live.commands import Actor
from app.live.hub import Change, Listener, MeetingHub
from app.live.security import token_matches
from app.ui.common import rt, tr


def token_ok(token: str, stored_hash: str) -> bool:
    return token_matches(token, stored_hash)


def refuse() -> None:
    """The same answer for a wrong code and a wrong token, so neither can be probed."""
    with ui.column().classes("w-full items-center mt-16 gap-4").mark("refused"):
        ui.icon("lock", size="3rem").classes("text-grey-6")
        ui.label(tr("error.link_invalid")).classes("text-h6 text-center")
        ui.link(tr("nav.home"), "/")


def subscribe(hub: MeetingHub, listener: Listener) -> None:
    """Send the hub's changes to this page until the browser tab is gone. The listener runs in this page's
    context, so what it draws or notifies reaches this browser, not the one whose action caused the change."""
    client = ui.context.client

    def forward(change: Change) -> object:
        with client:
            result = listener(change)
        return await_with_context(result, client) if inspect.isawaitable(result) else result

    unsubscribe = hub.subscribe(forward)
    client.on_delete(unsubscribe)


def subscribe_while(hub: MeetingHub, element: ui.element, listener: Listener) -> None:
    """Like `subscribe`, for a part that a redraw may remove (a step extra): it stops with its element."""
    client = ui.context.client

    def forward(change: Change) -> object:
        if element.is_deleted:
            unsubscribe()
            return None
        with client:
            result = listener(change)
        return await_with_context(result, client) if inspect.isawaitable(result) else result

    unsubscribe = hub.subscribe(forward)
    client.on_delete(unsubscribe)


StepExtra = Callable[[MeetingHub, Step, str], object]
STEP_EXTRAS: list[StepExtra] = []  # e.g. the deck's slide titles and notes, survey charts of the step


def register_step_extra(extra: StepExtra) -> StepExtra:
    """Add something to every step's details (called with hub, step, role)."""
    STEP_EXTRAS.append(extra)
    return extra


def step_details(hub: MeetingHub, step: Step, role: str) -> None:
    """Slides, guidance (facilitator and co-host), the participants' task and the questions."""
    if step.slides:
        ui.label(tr("step.slides", slides=str(step.slides))).classes("text-body2 text-grey-8").mark("slides")
    if role in ("facilitator", "cohost") and step.guidance:
        with ui.expansion(tr("step.guidance"), icon="menu_book", value=role == "facilitator").classes("w-full"):
            ui.label(step.guidance).classes("klynge-pre text-body2").mark("guidance")
    if step.participant_task:
        ui.label(step.participant_task).classes("klynge-pre text-body1").mark("task")
    if step.questions and (step.kind is StepKind.group or role != "participant"):
        with ui.column().classes("gap-1 w-full").mark("questions"):
            ui.label(tr("step.questions")).classes("text-subtitle2")
            for i, question in enumerate(step.questions, 1):
                with ui.column().classes("gap-0"):
                    bold = " text-bold" if question.board else ""
                    ui.label(question_line(i, question)).classes("text-body1" + bold)
                    if question.hint:
                        ui.label(question.hint).classes("text-caption text-grey-8 klynge-pre")
                    if question.board:
                        ui.label(tr("step.board_question")).classes("text-caption text-primary")
    video = hub.agenda.video(step.video) if step.video else None
    if video:
        with ui.row().classes("items-center gap-2"):
            ui.icon("movie")
            label = f"{video.title} ({video.minutes:g} min)"
            if video.url:
                ui.link(label, video.url, new_tab=True).mark("video-link")
            else:
                ui.label(label)
    for extra in STEP_EXTRAS:
        extra(hub, step, role)


def question_line(number: int, question: Question) -> str:
    return f"{number}. {question.text}" + (f" ({question.minutes:g} min)" if question.minutes else "")


def safe_url(url: str | None) -> str:
    """Only web links and the app's own paths become a link."""
    return url if url and url.startswith(("https://", "http://", "/")) else ""


def step_info(hub: MeetingHub, step: Step, slide_titles: list[str] | None = None) -> dict[str, Any]:
    """What a participant's StepInfo shows of a step (the same parts as `step_details`, as data)."""
    video = hub.agenda.video(step.video) if step.video else None
    questions = step.questions if step.kind is StepKind.group else []
    return {
        "slides": tr("step.slides", slides=str(step.slides)) if step.slides else "",
        "task": step.participant_task or "",
        "questions_title": tr("step.questions"),
        "questions": [{"text": question_line(i, q), "hint": q.hint or "",
                       "board": tr("step.board_question") if q.board else ""}
                      for i, q in enumerate(questions, 1)],
        "video": {"label": f"{video.title} ({video.minutes:g} min)", "url": safe_url(video.url)} if video else None,
        "slides_heading": tr("deck.slides_now"),
        "slide_titles": slide_titles or [],
    }


def meeting_info(hub: MeetingHub, show_links: bool = False) -> None:
    meeting = hub.meeting
    with ui.card().classes("w-full p-3").mark("meeting-info"):
        ui.label(f"{meeting.title}").classes("text-subtitle1")
        ui.label(f"{meeting.cluster} · {meeting.date} · {meeting.start_time}").classes("text-body2 text-grey-8")
        with ui.row().classes("items-center gap-2"):
            ui.label(tr("home.join_code")).classes("text-caption")
            ui.label(meeting.code).classes("text-h6 tracking-widest").mark("code")
        if show_links:
            url = f"{rt().settings.public_url}/m/{meeting.code}"
            ui.link(url, url, new_tab=True).classes("text-caption break-all")
            ui.link(tr("projector.open"), f"/m/{meeting.code}/projector", new_tab=True).classes("text-caption")


@dataclass(frozen=True)
class Tab:
    key: str
    roles: frozenset[str]
    build: Callable[[MeetingHub, Actor], object]
    order: int = 50
    applies: Callable[[MeetingHub], bool] | None = None


TABS: list[Tab] = []


def register_tab(key: str, roles: set[str] | frozenset[str], order: int = 50,
                 applies: Callable[[MeetingHub], bool] | None = None) -> Callable:
    """Other modules add their part of a console (board, groups, exports) as a tab.

    `applies(hub)` leaves the tab out of meetings whose programme does not use it (no polls, no post-its...).
    """

    def add(build: Callable[[MeetingHub, Actor], object]) -> Callable[[MeetingHub, Actor], object]:
        TABS.append(Tab(key, frozenset(roles), build, order, applies))
        return build

    return add


def extra_tabs(hub: MeetingHub, actor: Actor, role: str) -> None:
    tabs = sorted((t for t in TABS if role in t.roles and (t.applies is None or t.applies(hub))),
                  key=lambda t: t.order)
    if not tabs:
        return
    with ui.tabs().classes("w-full").props("align=left") as bar:
        items = {tab.key: ui.tab(tab.key, label=tr(f"tab.{tab.key}")).mark(f"tab-{tab.key}") for tab in tabs}
    with ui.tab_panels(bar, value=items[tabs[0].key]).classes("w-full klynge-card"):
        for tab in tabs:
            with ui.tab_panel(items[tab.key]):
                tab.build(hub, actor)


def notify_alert(hub: MeetingHub, change: Change, role: str) -> None:
    kind = change.data.get("kind")
    index = change.data.get("step_index", 0)
    if not 0 <= index < len(hub.steps):
        return
    title = hub.steps[index][1].title
    if kind == "warn":
        ui.notify(tr("alert.two_minutes", step=title), type="warning", timeout=15000)
    elif kind == "time_up" and role != "participant":
        ui.notify(tr("alert.time_up", step=title), type="negative", timeout=15000)
    elif kind == "cue_soon" and role in ("facilitator", "cohost"):
        ui.notify(tr("alert.cue_soon", step=title), type="info", timeout=15000)
    elif kind == "message":
        ui.notify(change.data.get("text", ""), type="info", timeout=30000, multi_line=True)
