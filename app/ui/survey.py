"""The survey on screens: the facilitator's and co-host's tab "Spørgeskema" (upload, summary, all charts), the
charts of the current step's målepunkter in the step card, and the projector display "survey".

Participants see none of it on their own screens; the aggregated charts reach the room only through the
projector, when the facilitator puts them there. Only suppressed screen reports are drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import background_tasks, ui
from nicegui.events import UploadEventArguments

from app.domain.agenda import Step
from app.domain.survey_parse import MAX_BYTES
from app.live.commands import Actor, CommandError, dispatch
from app.live.hub import Change, MeetingHub
from app.live.survey_commands import MEASURES, SURVEY_KINDS, SurveyView, projector_view, step_measures
from app.ui import panels, projector
from app.ui.common import tr
from app.ui.survey_view import change_summary, comparison_note, file_status, measure_section, summary

STAFF_ROLES = {"facilitator", "cohost"}


def follow(hub: MeetingHub, element: ui.element, listener: Callable[[Change], Any]) -> None:
    """Send the hub's changes to `listener` while `element` is on the page (it may be redrawn away)."""

    def forward(change: Change) -> Any:
        if element.is_deleted:
            unsubscribe()
            return None
        return listener(change)  # a listener must not return a task that waits for the meeting's lock

    unsubscribe = hub.subscribe(forward)
    ui.context.client.on_delete(unsubscribe)


class SurveyTab:
    """One browser's survey tab: upload cards, then the summary and every målepunkt's charts."""

    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.view: SurveyView | None = None
        self.members: dict[str, ui.number] = {}
        self.errors: dict[str, str] = {}

    def build(self) -> None:
        with ui.column().classes("w-full gap-4").mark("survey-tab") as root:
            with ui.row().classes("w-full gap-4 items-stretch"):
                for kind in SURVEY_KINDS:
                    self.upload_card(kind)
                self.comparison_card()
            self.content()
        ui.timer(0, self.reload, once=True)
        follow(self.hub, root, self.on_change)

    def upload_card(self, kind: str) -> None:
        card = ui.card().classes("grow basis-72 gap-2").mark(f"survey-card-{kind}")
        with card.props(f"data-testid=survey-card-{kind}"):
            ui.label(tr(f"survey.{kind}")).classes("text-subtitle1")
            self.status(kind)
            self.members[kind] = ui.number(tr("survey.members"), min=1, step=1, precision=0).classes(
                "w-full").mark(f"survey-members-{kind}").props(f"data-testid=survey-members-{kind}")
            ui.upload(label=tr("survey.upload"), auto_upload=True, max_file_size=MAX_BYTES,
                      on_upload=lambda e, k=kind: self.on_upload(e, k),
                      on_rejected=lambda: ui.notify(tr("survey.error.rejected"), type="warning")).props(
                "accept=.csv,.xlsx,.txt flat bordered").classes("w-full").mark(f"survey-upload-{kind}")

    def comparison_card(self) -> None:
        card = ui.card().classes("grow basis-72 gap-2").mark("survey-card-comparison")
        with card.props("data-testid=survey-card-comparison"):
            ui.label(tr("survey.comparison")).classes("text-subtitle1")
            self.status("comparison")
            ui.upload(label=tr("survey.upload_yaml"), auto_upload=True, max_file_size=100_000,
                      on_upload=self.on_comparison_upload).props("accept=.yaml,.yml flat bordered").classes(
                "w-full").mark("survey-upload-comparison")

    @ui.refreshable_method
    def status(self, kind: str) -> None:
        view = self.view
        if kind == "comparison":
            if view is not None:
                comparison_note(view)
                if view.comparison_custom:
                    ui.button(tr("survey.use_default"), icon="restart_alt",
                              on_click=lambda: self.act("survey.delete", kind="comparison")).props("flat dense")
        else:
            shown = getattr(view, kind) if view else None
            file_status(shown)
            if shown is not None and not shown.from_previous:
                ui.button(tr("survey.delete"), icon="delete",
                          on_click=lambda k=kind: self.act("survey.delete", kind=k)).props("flat dense").mark(
                    f"survey-delete-{kind}")
        if self.errors.get(kind):
            ui.label(self.errors[kind]).classes("klynge-pre text-negative text-body2").mark(f"survey-error-{kind}")

    @ui.refreshable_method
    def content(self) -> None:
        view = self.view
        if view is None or view.empty:
            return
        summary(view)
        change_summary(view)
        for measure in MEASURES:
            ui.separator()
            measure_section(view, measure)

    # -- actions -----------------------------------------------------------------------------------
    async def act(self, name: str, **args: Any) -> Any:
        """Run a command; a refusal is kept next to the upload it concerns and shown as a notice."""
        kind = args.get("kind", "comparison")
        try:
            result = await dispatch(self.hub, self.actor, name, **args)
        except CommandError as err:
            self.errors[kind] = tr(err.key, **err.params)
            ui.notify(self.errors[kind].splitlines()[0], type="warning")
            self.status.refresh()
            return None
        self.errors.pop(kind, None)
        return result if result is not None else True

    async def on_upload(self, e: UploadEventArguments, kind: str) -> None:
        e.sender.reset()
        content = await e.file.read()
        result = await self.act("survey.upload", content=content, filename=e.file.name,
                                members=self.members[kind].value, kind=kind)
        if result:
            ui.notify(tr("survey.uploaded", filename=result["filename"], responses=result["responses"]),
                      type="positive")

    async def on_comparison_upload(self, e: UploadEventArguments) -> None:
        e.sender.reset()
        content = await e.file.read()
        result = await self.act("survey.upload_comparison", content=content, filename=e.file.name)
        if result:
            ui.notify(tr("survey.comparison_uploaded", filename=result["filename"]), type="positive")

    async def reload(self) -> None:
        self.view = await dispatch(self.hub, self.actor, "survey.view")
        for kind in SURVEY_KINDS:
            shown = getattr(self.view, kind)
            if shown is not None and self.members[kind].value is None:
                self.members[kind].value = shown.members
        self.status.refresh()
        self.content.refresh()

    def on_change(self, change: Change) -> None:
        if change.topic == "survey":  # the command still holds the meeting's lock: read after it returns
            background_tasks.create(self.reload(), name="survey tab reload")


@panels.register_tab("survey", STAFF_ROLES, order=40)
def survey_tab(hub: MeetingHub, actor: Actor) -> None:
    SurveyTab(hub, actor).build()


class MeasureCharts:
    """The charts of some målepunkter, loaded after the page is drawn (step card and projector)."""

    def __init__(self, hub: MeetingHub, measures: list[int], actor: Actor | None, dark: bool = False) -> None:
        self.hub = hub
        self.measures = measures
        self.actor = actor  # None: the projector, which shows the survey only when the facilitator chose it
        self.dark = dark
        self.view: SurveyView | None = None

    def build(self, marker: str, title: str | None = None) -> ui.element:
        if title:  # in the step card: can be folded away so the clock controls stay in reach
            with ui.expansion(title, icon="bar_chart", value=True).classes("w-full").mark(marker) as root:
                self.draw()
        else:
            with ui.column().classes("w-full gap-4").mark(marker) as root:
                self.draw()
        ui.timer(0, self.load, once=True)
        return root

    async def load(self) -> None:
        if self.actor is None:
            self.view = await projector_view(self.hub)
        else:
            self.view = await dispatch(self.hub, self.actor, "survey.view")
        self.draw.refresh()

    @ui.refreshable_method
    def draw(self) -> None:
        if self.view is None:
            return
        if self.view.empty:
            if self.actor is not None:
                ui.label(tr("survey.none_step")).classes("text-body2 text-grey-7")
            return
        for measure in self.measures:
            measure_section(self.view, measure, columns=2 if self.dark else 1, dark=self.dark)


class ProjectorCharts(MeasureCharts):
    """The current step's målepunkter for the room (målepunkt 1 when the step names none); follows the clock."""

    def __init__(self, hub: MeetingHub) -> None:
        super().__init__(hub, [], None, dark=True)
        self.index = -1

    @ui.refreshable_method
    def draw(self) -> None:
        self.index, _, step = self.hub.current()
        self.measures = step_measures(step)
        if not self.measures and self.view is not None and not self.view.empty:
            ui.label(tr("survey.projector_no_measures")).classes("text-h6 opacity-80")
        self.measures = self.measures or [1]
        MeasureCharts.draw.func(self)

    def on_change(self, change: Change) -> None:
        if change.topic == "clock" and self.hub.clock.index != self.index:
            self.draw.refresh()


@panels.register_step_extra
def step_charts(hub: MeetingHub, step: Step, role: str) -> None:
    """In a step whose agenda entry names målepunkter: their charts, for the facilitator and co-host only."""
    measures = step_measures(step)
    if role not in STAFF_ROLES or not measures:
        return
    charts = MeasureCharts(hub, measures, Actor(role))
    root = charts.build("survey-step", tr("survey.step_charts", measures=", ".join(map(str, measures))))

    def on_change(change: Change) -> None:  # returns nothing: the hub would await a returned task under its lock
        if change.topic == "survey":
            background_tasks.create(charts.load(), name="survey step charts")

    follow(hub, root, on_change)


@projector.register_display("survey", "survey.display")
def projector_charts(hub: MeetingHub) -> None:
    charts = ProjectorCharts(hub)
    with ui.column().classes("w-full max-w-6xl gap-2"):
        root = charts.build("projector-survey")
    follow(hub, root, charts.on_change)
