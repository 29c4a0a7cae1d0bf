"""The facilitator's console: the current step, a big countdown, the controls, the timeline."""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from app.domain import clock as clk
from app.domain import clock_plan
from app.domain.agenda import CueKind
from app.domain.schedule import run_of_show
from app.live.commands import Actor
from app.live.hub import Change, MeetingHub
from app.live.runtime import TZ
from app.ui import panels, projector
from app.ui.common import rt, run, tr
from app.ui.cues import cue_text
from app.ui.frame import frame
from app.ui.widgets import Countdown

KEYS = {
    "ArrowRight": "clock.next",
    "PageDown": "clock.next",
    "ArrowLeft": "clock.previous",
    "PageUp": "clock.previous",
    " ": "clock.toggle",
    "b": "clock.toggle",
    "+": "+60",
    "-": "-60",
}


class FacilitatorConsole:
    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.countdown: Countdown | None = None
        self.dismissed_replan = False

    async def act(self, name: str, **args: object) -> None:
        await run(self.hub, self.actor, name, **args)

    # -- building ------------------------------------------------------------------------------------
    async def build(self) -> None:
        meeting = self.hub.meeting
        with frame(tr("facilitator.title"), subtitle=f"{meeting.title} · {meeting.cluster}", wide=True):
            with ui.row().classes("w-full items-start gap-4"):
                with ui.column().classes("grow min-w-[18rem] gap-4 basis-2/3"):
                    self.now_panel()
                    self.controls()
                    self.status_panel()
                with ui.column().classes("w-full md:w-96 gap-2"):
                    panels.meeting_info(self.hub, show_links=True)
                    self.projector_choice()
                    await self.timeline()
            panels.extra_tabs(self.hub, self.actor, "facilitator")
        ui.keyboard(on_key=self.on_key, ignore=["input", "select", "button", "textarea"])
        ui.timer(5.0, self.status_panel.refresh)

    @ui.refreshable_method
    def now_panel(self) -> None:
        index, block, step = self.hub.current()
        state = self.hub.clock
        with ui.card().classes("w-full").mark("now"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(block.title).classes("text-subtitle1 text-grey-8").mark("block-title").props(
                    "data-testid=block-title"
                )
                ui.badge(tr(f"status.{state.status}")).mark("clock-status").props("data-testid=clock-status")
            ui.label(step.title).classes("text-h5").mark("step-title").props("data-testid=step-title")
            self.countdown = Countdown(state).classes("text-[5rem] leading-none").mark("countdown")
            panels.step_details(self.hub, step, role="facilitator")
            self.next_cue(index)

    def next_cue(self, index: int) -> None:
        _, step = self.hub.steps[index]
        upcoming = [c for c in step.cues if c.at == "end"]
        label_step = index
        if not upcoming and index + 1 < len(self.hub.steps):
            upcoming = [c for c in self.hub.steps[index + 1][1].cues if c.at == "start"]
        if not upcoming:
            return
        with ui.row().classes("items-center gap-2 bg-amber-1 rounded p-2 w-full").mark("next-cue"):
            ui.icon("notifications_active", color="accent")
            ui.label(tr("facilitator.next_cue", cue="; ".join(cue_text(c, self.hub.agenda) for c in upcoming)))
            if self.hub.clock.status == "running" and label_step == index:
                ui.label(tr("facilitator.in"))
                Countdown(self.hub.clock).classes("font-bold")

    def controls(self) -> None:
        with ui.row().classes("w-full gap-2 items-center"):
            ui.button(icon="skip_previous", on_click=lambda: self.act("clock.previous")).props(
                f'aria-label="{tr("clock.previous")}"'
            ).tooltip(tr("clock.previous")).mark("previous").props("data-testid=previous")
            ui.button(tr("clock.start"), icon="play_arrow", on_click=lambda: self.act("clock.toggle")).mark(
                "toggle"
            ).props("data-testid=toggle")
            ui.button(tr("clock.next"), icon="skip_next", on_click=lambda: self.act("clock.next")).mark("next").props(
                "data-testid=next"
            )
            ui.button("−1 min", on_click=lambda: self.act("clock.adjust", seconds=-60)).props("outline").mark("minus")
            ui.button("+1 min", on_click=lambda: self.act("clock.adjust", seconds=60)).props("outline").mark("plus")
        ui.label(tr("facilitator.keys")).classes("text-caption text-grey-7")

    @ui.refreshable_method
    def projector_choice(self) -> None:
        shown = self.hub.meeting.display.get("show", "qr")
        options = projector.display_options()
        ui.select(options, value=shown if shown in options else "qr", label=tr("projector.shows"),
                  on_change=lambda e: self.act("meeting.display", show=e.value)).classes("w-full").mark(
            "projector-show")

    @ui.refreshable_method
    def status_panel(self) -> None:
        state, now = self.hub.clock, self.hub.now()
        if state.status not in ("running", "paused"):
            return
        planned = self.hub.planned_end()
        projected = clk.projected_end(state, now)
        late = (projected - planned).total_seconds()
        with ui.card().classes("w-full").mark("projection"):
            text = tr(
                "facilitator.projected_end",
                time=projected.astimezone(TZ).strftime("%H.%M"),
                planned=planned.astimezone(TZ).strftime("%H.%M"),
            )
            ui.label(text).classes("text-body1")
            if clk.is_overrun(state, now):
                ui.label(tr("facilitator.overrun", minutes=round(clk.overrun(state, now) / 60))).classes(
                    "text-negative text-bold"
                ).mark("overrun")
            if late > 30 and not self.dismissed_replan:
                self.replan_proposal(planned)

    def replan_proposal(self, planned: datetime) -> None:
        proposal = clock_plan.propose_replan(self.hub.clock, self.hub.now(), self.hub.step_plans(), planned)
        if proposal is None or not proposal.changes:
            return
        with ui.column().classes("w-full gap-1").mark("replan"):
            ui.label(tr("facilitator.replan_title", minutes=round(proposal.saves / 60))).classes("text-bold")
            for i, old, new in proposal.changes:
                ui.label(f"{self.hub.steps[i][1].title}: {old // 60}:{old % 60:02d} → {new // 60}:{new % 60:02d}")
            if proposal.shortfall > 0:
                ui.label(tr("facilitator.replan_shortfall", minutes=round(proposal.shortfall / 60))).classes(
                    "text-warning"
                )
            with ui.row():
                ui.button(tr("facilitator.replan_accept"), on_click=lambda: self.act("clock.replan")).mark("accept")
                ui.button(tr("facilitator.replan_ignore"), on_click=self.ignore_replan).props("flat")

    def ignore_replan(self) -> None:
        self.dismissed_replan = True
        self.status_panel.refresh()

    @ui.refreshable_method
    async def timeline(self) -> None:
        events = [
            clk.ClockEvent(e["kind"], e["step_index"] if e["step_index"] is not None else -1, e["at"], e["data"])
            for e in await self.hub.run_log()
            if e["kind"] in ("step_started", "step_ended", "paused", "resumed")
        ]
        rows = clock_plan.timeline(self.hub.clock, self.hub.now(), events)
        planned = run_of_show(self.hub.agenda, rt().local_start(self.hub.meeting), self.hub.meeting.include_optional)
        with ui.card().classes("w-full p-2").mark("timeline"):
            ui.label(tr("facilitator.timeline")).classes("text-subtitle1")
            last_block = None
            for row, plan in zip(rows, planned, strict=False):
                if plan.block is not last_block:
                    last_block = plan.block
                    ui.label(plan.block.title).classes("text-caption text-grey-8 mt-2")
                self.timeline_row(row, plan)

    def timeline_row(self, row: clock_plan.TimelineRow, plan: object) -> None:
        colour = {"current": "bg-green-1", "done": "text-grey-7", "skipped": "text-grey-5 line-through"}.get(
            row.state, ""
        )
        actual = f"({round(row.actual / 60)}′)" if row.state in ("done", "current") else ""
        start = row.start.astimezone(TZ).strftime("%H.%M") if row.start else ""
        with (
            ui.row()
            .classes(f"w-full items-center no-wrap gap-2 cursor-pointer rounded px-1 {colour}")
            .on("click", lambda r=row: self.act("clock.jump", index=r.step_index))
            .mark(f"step-{row.step_index}")
        ):
            ui.label(plan.start.strftime("%H.%M")).classes("text-caption w-10")
            ui.label(plan.step.title).classes("grow text-body2 ellipsis")
            ui.label(f"{row.planned // 60}′").classes("text-caption")
            ui.label(f"{start} {actual}".strip()).classes(
                "text-caption text-primary w-20 text-right whitespace-nowrap").tooltip(tr("facilitator.actual"))
            if any(c.kind is CueKind.open_rooms for c in plan.step.cues):
                ui.icon("groups", size="xs")

    # -- events --------------------------------------------------------------------------------------
    async def on_key(self, e) -> None:
        if not e.action.keydown or e.action.repeat:
            return
        name = KEYS.get(str(e.key.name))
        if name is None:
            return
        if name.startswith(("+", "-")):
            await self.act("clock.adjust", seconds=int(name))
        else:
            await self.act(name)

    async def on_change(self, change: Change) -> None:
        if change.topic == "clock":
            self.dismissed_replan = False
            self.now_panel.refresh()
            self.status_panel.refresh()
            await self.timeline.refresh()
        elif change.topic == "display":
            self.projector_choice.refresh()
        elif change.topic == "alert":
            panels.notify_alert(self.hub, change, "facilitator")
        elif change.topic == "meeting":
            ui.navigate.reload()


async def build(code: str, token: str) -> None:
    hub = await rt().hub(code)
    if hub is None or not panels.token_ok(token, hub.meeting.facilitator_hash):
        panels.refuse()
        return
    console = FacilitatorConsole(hub, Actor("facilitator"))
    await console.build()
    panels.subscribe(hub, console.on_change)
