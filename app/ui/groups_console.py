"""Parts of the co-host's "Grupper" tab: one card per round (groups, moves, open/close, Zoom file) and the roster."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.events import UploadEventArguments

from app.live.commands import Actor, CommandError, dispatch
from app.live.groups_commands import MAX_ROSTER_BYTES
from app.live.groups_view import GroupView, Member, RosterEntry, RoundView
from app.live.hub import Change, MeetingHub
from app.ui.common import KeyedRows, run, tr

STATUS_COLOURS = {"none": "grey-6", "draft": "primary", "open": "positive", "closed": "grey-7"}


def follow(hub: MeetingHub, element: ui.element, listener: Callable[[Change], Any]) -> None:
    """Send the hub's changes to `listener` while `element` is on the page, in the element's page context."""

    def forward(change: Change) -> Any:
        if element.is_deleted:
            unsubscribe()
            return None
        with element:
            return listener(change)

    unsubscribe = hub.subscribe(forward)
    ui.context.client.on_delete(unsubscribe)


def notify_all(messages: list[str], kind: str = "warning") -> None:
    for message in messages:
        ui.notify(message, type=kind, timeout=15000, multi_line=True)


class RoundCard:
    """One round: its state, what is due, the actions, and the groups with a "move to" select per person."""

    def __init__(self, hub: MeetingHub, actor: Actor, view: RoundView, virtual: bool, expanded: bool,
                 on_toggle: Callable[[bool], None]) -> None:
        self.hub, self.actor, self.view, self.virtual = hub, actor, view, virtual
        no = view.spec.round_no
        border = "border: 2px solid var(--q-warning)" if view.due else "border: 1px solid #e0e0e0"
        with ui.expansion(value=expanded, on_value_change=lambda e: on_toggle(e.value)).classes(
                "w-full rounded").style(border).mark(f"round-{no}").props(f"data-testid=round-{no}") as exp:
            with exp.add_slot("header"):
                self.header()
            self.body()

    def header(self) -> None:
        view = self.view
        with ui.row().classes("w-full items-center gap-2"):
            ui.label(tr("groups.round", no=view.spec.round_no, title=view.spec.title)).classes("text-subtitle1 grow")
            ui.badge(tr(f"groups.status.{view.status}"), color=STATUS_COLOURS[view.status]).mark(
                f"status-{view.spec.round_no}").props(f"data-testid=status-{view.spec.round_no}")
            if view.due:
                ui.badge(tr(f"groups.due.{view.due}"), color="warning").mark(f"due-{view.spec.round_no}")

    def body(self) -> None:
        view = self.view
        ui.label(tr(f"groups.mode.{view.spec.mode}", size=view.spec.size)).classes("text-body2 text-grey-8")
        self.actions()
        if view.status == "none":
            return
        if view.spec.mode == "mixed":
            stats = tr("groups.stats", clash=view.conflict_pairs, bound=view.conflict_bound,
                       repeats=view.repeated_pairs, repeat_bound=view.repeat_bound)
        else:
            stats = tr("groups.stats_own", repeats=view.repeated_pairs)
        ui.label(stats + " · " + tr("groups.seed", seed=view.seed)).classes("text-caption text-grey-8")
        for note in view.notes:
            ui.label(note).classes("text-caption text-warning")
        with ui.element("div").classes("w-full grid grid-cols-1 sm:grid-cols-2 xl:grid-cols-3 gap-2"):
            for group in view.groups:
                self.group_card(group)
        if view.unplaced:
            self.unplaced()

    def actions(self) -> None:
        view, no = self.view, self.view.spec.round_no
        made = view.status != "none"
        with ui.row().classes("w-full items-center gap-2"):
            ui.button(tr("groups.regenerate" if made else "groups.generate"), icon="shuffle",
                      on_click=self.generate).props(f"{'outline' if made else 'unelevated'} no-caps").mark(
                f"generate-{no}").props(f"data-testid=generate-{no}").set_enabled(view.status != "open")
            if not made:
                return
            if view.status == "open":
                ui.button(tr("groups.close"), icon="logout", on_click=self.close).props(
                    "no-caps " + ("unelevated color=warning" if view.due == "close" else "outline")).mark(
                    f"close-{no}").props(f"data-testid=close-{no}")
            else:
                ui.button(tr("groups.open"), icon="meeting_room", on_click=self.open).props(
                    "no-caps " + ("unelevated color=positive" if view.due == "open" else "outline")).mark(
                    f"open-{no}").props(f"data-testid=open-{no}")
            ui.button(tr("groups.place_new"), icon="person_add", on_click=self.place_new).props(
                "outline no-caps").mark(f"place-{no}").set_enabled(bool(view.unplaced))
            if self.virtual:
                ui.button(tr("groups.zoom"), icon="download", on_click=self.zoom).props("flat no-caps").mark(
                    f"zoom-{no}").tooltip(tr("groups.zoom_hint"))

    def group_card(self, group: GroupView) -> None:
        no = self.view.spec.round_no
        with ui.card().classes("gap-1 p-2").props("flat bordered").mark(f"group-{no}-{group.no}").props(
                f"data-testid=group-{no}-{group.no}"):
            with ui.row().classes("w-full items-center gap-2"):
                ui.label(group.room).classes("text-subtitle1 text-bold")
                ui.label(f"({len(group.members)})").classes("text-caption text-grey-8")
            for key, params in group.issues:
                with ui.row().classes("items-center gap-1 no-wrap"):
                    ui.icon("warning", color="warning", size="xs")
                    ui.label(tr(key, **params)).classes("text-caption text-warning")
            for member in group.members:
                self.member_row(member, group.no)

    def unplaced(self) -> None:
        with ui.column().classes("w-full gap-1").mark(f"unplaced-{self.view.spec.round_no}"):
            ui.label(tr("groups.unplaced", count=len(self.view.unplaced))).classes("text-subtitle2 text-warning")
            for member in self.view.unplaced:
                self.member_row(member, None)

    def member_row(self, member: Member, current: int | None) -> None:
        numbers = [g.no for g in self.view.groups]
        options: dict[int, str] = {n: f"Gruppe {n}" for n in numbers}
        options[max(numbers, default=0) + 1] = tr("groups.new_group")
        with ui.row().classes("w-full items-center gap-1 no-wrap"):
            with ui.column().classes("gap-0 grow min-w-0"):
                ui.label(member.name).classes("text-body2 ellipsis")
                ui.label(member.practice or tr("groups.solo_short")).classes("text-caption text-grey-7 ellipsis")
            ui.select(options, value=current, label=tr("groups.move_to"),
                      on_change=lambda e, m=member: self.move(m, e.value)).props("dense options-dense").classes(
                "w-28 shrink-0").mark(f"move-{self.view.spec.round_no}-{member.id}")

    # -- actions --------------------------------------------------------------------------------------------
    def _step(self) -> str:
        return self.view.spec.step_id

    async def generate(self) -> None:
        count = await run(self.hub, self.actor, "groups.generate", step_id=self._step())
        if count is not None:
            ui.notify(tr("groups.generated", count=count), type="positive")

    async def move(self, member: Member, group_no: int | None) -> None:
        if group_no is None:
            return
        warnings = await run(self.hub, self.actor, "groups.move", step_id=self._step(), participant_id=member.id,
                             group_no=group_no)
        if warnings:
            notify_all([tr("groups.warning", message=w) for w in warnings])
        elif warnings is not None:
            ui.notify(tr("groups.moved", no=group_no), type="positive")

    def _placed(self, result: dict[str, Any] | None, quiet: bool = False) -> None:
        if result is None:
            return
        if result["placed"]:
            ui.notify(tr("groups.placed", names="; ".join(result["placed"])), type="positive", multi_line=True)
        elif not quiet:
            ui.notify(tr("groups.nobody_new"))
        if result["moved"]:
            ui.notify(tr("groups.moved_also", names="; ".join(result["moved"])), type="info", multi_line=True)
        notify_all([tr("groups.warning", message=w) for w in result["warnings"]])

    async def place_new(self) -> None:
        self._placed(await run(self.hub, self.actor, "groups.place_new", step_id=self._step()))

    async def open(self) -> None:
        result = await run(self.hub, self.actor, "groups.open", step_id=self._step())
        if result is not None:
            ui.notify(tr("groups.opened"), type="positive")
            self._placed(result, quiet=True)

    async def close(self) -> None:
        if await run(self.hub, self.actor, "groups.close", step_id=self._step()):
            ui.notify(tr("groups.closed"))

    async def zoom(self) -> None:
        result = await run(self.hub, self.actor, "groups.zoom_csv", step_id=self._step())
        if result is None:
            return
        ui.download.content(result["text"].encode("utf-8"), result["filename"], "text/csv")
        if result["missing"]:
            ui.notify(tr("groups.zoom_missing", names=", ".join(result["missing"])), type="warning", multi_line=True)


class RosterPanel:
    """The roster: import a list, add, fix or remove people. Names are shown as plain text."""

    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub, self.actor = hub, actor
        self.entries: list[RosterEntry] = []
        self.editing: int | None = None
        self.dialog = self.edit_dialog()
        with ui.expansion(value=False).classes("w-full rounded").style("border: 1px solid #e0e0e0").mark(
                "roster") as self.panel:
            with self.panel.add_slot("header"):
                self.title()
            ui.label(tr("groups.roster_hint")).classes("text-caption text-grey-8")
            with ui.row().classes("w-full items-center gap-2"):
                ui.upload(label=tr("groups.upload"), auto_upload=True, max_file_size=MAX_ROSTER_BYTES,
                          on_upload=self.on_upload,
                          on_rejected=lambda: ui.notify(tr("groups.rejected"), type="warning")).props(
                    "accept=.csv,.xlsx,.txt flat bordered").classes("w-full sm:w-80").mark("roster-upload")
                ui.button(tr("groups.add"), icon="person_add", on_click=lambda: self.open_editor(None)).props(
                    "outline no-caps").mark("roster-add")
            self.problems = ui.label().classes("klynge-pre text-negative text-body2").mark("roster-problems")
            self.problems.set_visibility(False)
            self.none = ui.label(tr("groups.no_people")).classes("text-grey-7")
            self.rows = KeyedRows(self.person_row)

    def show(self, entries: list[RosterEntry]) -> None:
        self.entries = entries
        self.title.refresh()
        self.none.set_visibility(not entries)
        self.rows.show([(entry.id, entry) for entry in entries])

    @ui.refreshable_method
    def title(self) -> None:
        ui.label(tr("groups.roster", count=len(self.entries))).classes("text-subtitle1")

    def person_row(self, entry: RosterEntry) -> ui.row:
        with ui.row().classes("w-full items-center gap-2 no-wrap py-1").mark(f"person-{entry.id}") as row:
            with ui.column().classes("gap-0 grow min-w-0"):
                ui.label(entry.name).classes("text-body2 ellipsis")
                details = [entry.practice or tr("groups.solo_short")]
                if entry.email:
                    details.append(entry.email)
                if entry.source == "import":
                    details.append(tr("groups.source.import") if entry.joined else tr("groups.not_joined"))
                ui.label(" · ".join(details)).classes("text-caption text-grey-7 ellipsis")
            ui.button(icon="edit", on_click=lambda e=entry: self.open_editor(e)).props("flat round dense").mark(
                f"edit-{entry.id}").tooltip(tr("groups.edit"))
            ui.button(icon="delete", on_click=lambda e=entry: self.remove(e)).props(
                "flat round dense color=negative").mark(f"remove-{entry.id}").tooltip(tr("groups.remove"))
        return row

    def edit_dialog(self) -> ui.dialog:
        with ui.dialog() as dialog, ui.card().classes("w-96 max-w-full gap-2"):
            self.dialog_title = ui.label(tr("groups.edit")).classes("text-h6")
            self.name = ui.input(tr("groups.name")).props("maxlength=120").classes("w-full").mark("edit-name")
            self.practice = ui.input(tr("groups.practice")).props("maxlength=120").classes("w-full").mark(
                "edit-practice")
            self.solo = ui.checkbox(tr("groups.solo")).mark("edit-solo")
            self.solo.on_value_change(lambda e: self.practice.set_enabled(not e.value))
            self.email = ui.input(tr("groups.email")).props("maxlength=254 type=email").classes("w-full").mark(
                "edit-email")
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(tr("groups.cancel"), on_click=dialog.close).props("flat")
                ui.button(tr("groups.save"), on_click=self.save).mark("edit-save")
        return dialog

    def open_editor(self, entry: RosterEntry | None) -> None:
        self.editing = entry.id if entry else None
        self.dialog_title.text = tr("groups.edit" if entry else "groups.add")
        self.name.value = entry.name if entry else ""
        self.practice.value = (entry.practice or "") if entry else ""
        self.solo.value = entry.solo if entry else False
        self.email.value = (entry.email or "") if entry else ""
        self.dialog.open()

    async def save(self) -> None:
        args = {"name": self.name.value or "", "practice": self.practice.value or None, "solo": bool(self.solo.value),
                "email": self.email.value or None}
        if self.editing is None:
            done = await run(self.hub, self.actor, "groups.add_person", **args)
        else:
            done = await run(self.hub, self.actor, "groups.edit_person", participant_id=self.editing, **args)
        if done is not None:
            self.dialog.close()

    async def remove(self, entry: RosterEntry) -> None:
        with ui.dialog() as confirm, ui.card():
            ui.label(tr("groups.remove_confirm", name=entry.name))
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(tr("groups.cancel"), on_click=lambda: confirm.submit(False)).props("flat")
                ui.button(tr("groups.remove"), on_click=lambda: confirm.submit(True)).props("color=negative").mark(
                    "remove-confirm")
        if await confirm:
            await run(self.hub, self.actor, "groups.remove_person", participant_id=entry.id)
        confirm.delete()

    async def on_upload(self, e: UploadEventArguments) -> None:
        e.sender.reset()
        content = await e.file.read()
        try:
            result = await dispatch(self.hub, self.actor, "groups.import_roster", content=content,
                                    filename=e.file.name)
        except CommandError as err:
            self.problems.text = tr(err.key, **err.params)
            self.problems.set_visibility(True)
            ui.notify(self.problems.text.splitlines()[0], type="warning")
            return
        self.problems.set_visibility(False)
        ui.notify(tr("groups.imported", added=result["added"], kept=result["kept"]), type="positive")
