"""The participant's private notes sheet and the practice's shared implementation plan, both autosaved
(about a second after typing stops, and when the field loses focus); the facilitator reads every plan."""

from __future__ import annotations

from typing import Any

from nicegui import background_tasks, ui

from app.domain import activities as rules
from app.domain.agenda import PlanField
from app.live import activity_plan_commands as plans
from app.live.commands import Actor
from app.live.hub import Change, MeetingHub
from app.ui.activities_base import Debounced, LivePart, local_time
from app.ui.common import run, tr


class AutosavedText:
    """A text area saved by `save(text) -> bool` after a pause in typing and on blur. `remote(text)` shows a
    newer text from the server unless the user has unsaved edits (then their edit wins when it is saved)."""

    def __init__(self, area: ui.textarea, save: Any, delay: float = 1.0) -> None:
        self.area = area
        area.disable()  # until the server's text is loaded
        self.saved: str | None = None  # what the server holds, as far as this page knows
        self._save = save
        self.autosave = Debounced(self.flush_now, delay)
        area.on_value_change(self.changed)
        area.on("blur", self.autosave.flush)

    @property
    def dirty(self) -> bool:
        return self.saved is not None and (self.area.value or "") != self.saved

    def remote(self, text: str) -> bool:
        """Show `text`; False (nothing shown) while the user has unsaved edits."""
        if self.dirty:
            return False
        self.saved = text
        self.area.value = text
        self.area.enable()
        return True

    def changed(self) -> None:
        if self.dirty:
            self.autosave.touch()

    async def flush_now(self) -> None:
        if not self.dirty:
            return
        text = self.area.value or ""
        with self.area:
            if await self._save(text):
                self.saved = text


class NotesSheet:
    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub, self.actor = hub, actor
        with ui.card().classes("w-full gap-2").mark("notes"):
            ui.label(tr("activities.notes.title")).classes("text-subtitle1")
            ui.label(tr("activities.notes.private")).classes("text-caption text-grey-8")
            area = ui.textarea(placeholder=tr("activities.notes.placeholder")).props(
                f"outlined autogrow input-style='min-height: 12rem' maxlength={rules.NOTES_MAX}").classes(
                "w-full").mark("notes-text")
            self.status = ui.label().classes("text-caption text-grey-7").mark("notes-status")
        self.text = AutosavedText(area, self.save)
        area.on_value_change(lambda: self.text.dirty and self.status.set_text(tr("activities.notes.unsaved")))
        unsubscribe = hub.subscribe(self.on_change)
        ui.context.client.on_delete(unsubscribe)
        ui.timer(0, self.load, once=True)

    async def load(self) -> None:
        self.text.remote(await plans.get_notes(self.hub, self.actor))

    async def save(self, text: str) -> bool:
        self.status.text = tr("activities.notes.saving")
        saved_at = await run(self.hub, self.actor, "notes.save", text=text)
        if saved_at:
            self.status.text = tr("activities.notes.saved", time=local_time(saved_at))
        return bool(saved_at)

    def on_change(self, change: Change) -> None:
        """The same participant wrote on another device: show it here too."""
        if change.topic == "notes" and change.data.get("participant_id") == self.actor.participant_id:
            background_tasks.create(self.load(), name="notes reload")


class PlanSheet:
    """One practice's plan: every colleague writes in it; a colleague's edit shows up here at once."""

    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub, self.actor = hub, actor
        self.key: str | None = None
        self.fields: dict[str, tuple[AutosavedText, ui.label, ui.label]] = {}
        with ui.card().classes("w-full gap-3").mark("plan"):
            self.title = ui.label().classes("text-h6").mark("plan-title")
            self.caption = ui.label().classes("text-caption text-grey-8")
            for plan_field in hub.agenda.plan_fields:
                self.field(plan_field)
        unsubscribe = hub.subscribe(self.on_change)
        ui.context.client.on_delete(unsubscribe)
        ui.timer(0, self.load, once=True)

    def field(self, plan_field: PlanField) -> None:
        with ui.column().classes("w-full gap-0"):
            ui.label(plan_field.label).classes("text-subtitle2")
            if plan_field.hint:
                ui.label(plan_field.hint).classes("text-caption text-grey-8")
            area = ui.textarea().props(f"outlined autogrow maxlength={rules.PLAN_FIELD_MAX}").classes("w-full").mark(
                f"plan-{plan_field.id}")
            by = ui.label().classes("text-caption text-grey-7").mark(f"plan-by-{plan_field.id}")
            warning = ui.label().classes("text-caption text-warning").mark(f"plan-changed-{plan_field.id}")

        async def save(text: str) -> bool:
            plan = await run(self.hub, self.actor, "plan.save", field=plan_field.id, text=text)
            if plan:
                by.text = tr("activities.plan.by", name=self.actor.name or "")
                warning.text = ""
            return bool(plan)

        self.fields[plan_field.id] = (AutosavedText(area, save), by, warning)

    async def load(self) -> None:
        plan = await plans.get_plan(self.hub, self.actor)
        self.key = plan["practice_key"]
        self.title.text = tr("activities.plan.title", practice=plan["practice_name"])
        self.caption.text = tr("activities.plan.solo" if self.key.startswith("solo:") else "activities.plan.shared")
        for row in plan["fields"]:
            text, by, warning = self.fields[row["id"]]
            if text.remote(row["text"]):
                warning.text = ""
            elif row["text"] != text.saved and row["by"]:  # a colleague saved while this user was typing
                warning.text = tr("activities.plan.changed", name=row["by"])
                text.saved = row["text"]
            by.text = tr("activities.plan.by", name=row["by"]) if row["by"] else ""

    def on_change(self, change: Change) -> None:
        if change.topic == "plan" and self.key and change.data.get("practice_key") == self.key:
            background_tasks.create(self.load(), name="plan reload")


class PlansOverview(LivePart):
    """Every practice's plan, read-only, for the facilitator and co-host."""

    topics = ("plan", "participants")

    async def load(self) -> list[dict[str, Any]]:
        return await plans.plan_overview(self.hub, self.actor)

    def render(self, overview: list[dict[str, Any]]) -> None:
        if not overview:
            ui.label(tr("activities.plan.none")).classes("text-grey-8")
        with ui.row().classes("w-full items-stretch gap-3"):
            for index, plan in enumerate(overview):
                with ui.card().classes("grow basis-80 min-w-[16rem] gap-1").mark(f"plan-card-{index}"):
                    ui.label(plan["practice_name"]).classes("text-subtitle1 text-bold")
                    if plan["members"]:
                        ui.label(tr("activities.plan.members", names=", ".join(plan["members"]))).classes(
                            "text-caption text-grey-8")
                    for row in plan["fields"]:
                        ui.label(row["label"]).classes("text-subtitle2 mt-1")
                        ui.label(row["text"] or tr("activities.plan.empty")).classes(
                            "klynge-pre text-body2" + ("" if row["text"] else " text-grey-6")).mark(
                            f"plan-{index}-{row['id']}")
                    if plan["updated_by"]:
                        ui.label(tr("activities.plan.by", name=plan["updated_by"])).classes("text-caption")


def notes_tab(hub: MeetingHub, actor: Actor) -> None:
    NotesSheet(hub, actor)


def plan_tab(hub: MeetingHub, actor: Actor) -> None:
    PlanSheet(hub, actor)


def plans_tab(hub: MeetingHub, actor: Actor) -> None:
    PlansOverview(hub, actor)
