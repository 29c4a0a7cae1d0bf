"""The facilitator's "Mødet" tab: new secret links, end the meeting, export all data, delete it."""

from __future__ import annotations

import json

from nicegui import ui

from app.live.commands import Actor
from app.live.hub import MeetingHub
from app.ui import panels
from app.ui.common import rt, run, tr


@panels.register_tab("admin", {"facilitator"}, order=90)
def admin_tab(hub: MeetingHub, actor: Actor) -> None:
    with ui.column().classes("w-full gap-4"):
        links_section(hub, actor)
        ui.separator()
        end_section(hub, actor)
        ui.separator()
        data_section(hub, actor)


def links_section(hub: MeetingHub, actor: Actor) -> None:
    ui.label(tr("admin.links")).classes("text-subtitle1")
    ui.label(tr("admin.links_note")).classes("text-body2 text-grey-8")
    shown = ui.column().classes("w-full")

    async def rotate(role: str) -> None:
        token = await run(hub, actor, "meeting.rotate_link", role=role)
        if not token:
            return
        url = f"{rt().settings.public_url}/{role}/{hub.code}/{token}"
        shown.clear()
        with shown:
            ui.label(tr(f"admin.new_{role}_link")).classes("text-caption")
            ui.link(url, url, new_tab=True).classes("break-all").mark(f"new-{role}-link")
        if role == "facilitator":
            ui.notify(tr("admin.facilitator_rotated"), type="warning", timeout=0, close_button=True)

    with ui.row().classes("gap-2"):
        ui.button(tr("admin.rotate_facilitator"), icon="key", on_click=lambda: rotate("facilitator")).props(
            "outline").mark("rotate-facilitator")
        ui.button(tr("admin.rotate_cohost"), icon="key", on_click=lambda: rotate("cohost")).props("outline").mark(
            "rotate-cohost")


def end_section(hub: MeetingHub, actor: Actor) -> None:
    ui.label(tr("admin.end")).classes("text-subtitle1")
    if hub.ended:
        ui.label(tr("admin.ended")).classes("text-body2").mark("ended-note")
        return
    ui.label(tr("admin.end_note")).classes("text-body2 text-grey-8")
    with ui.dialog() as dialog, ui.card():
        ui.label(tr("admin.end_confirm"))
        with ui.row():
            ui.button(tr("admin.end_button"), color="negative", on_click=lambda: dialog.submit(True)).mark(
                "end-confirm")
            ui.button(tr("admin.cancel"), on_click=lambda: dialog.submit(False)).props("flat")

    async def end() -> None:
        if await dialog:
            await run(hub, actor, "meeting.end")

    ui.button(tr("admin.end_button"), icon="stop_circle", color="negative", on_click=end).props("outline").mark("end")


def data_section(hub: MeetingHub, actor: Actor) -> None:
    ui.label(tr("admin.data")).classes("text-subtitle1")
    ui.label(tr("admin.data_note")).classes("text-body2 text-grey-8")

    async def export() -> None:
        data = await run(hub, actor, "meeting.export_all")
        if data is not None:
            ui.download.content(json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
                                f"klyngemoede-{hub.code}-alle-data.json", "application/json")

    ui.button(tr("admin.export_all"), icon="download", on_click=export).props("outline").mark("export-all")
    code = ui.input(tr("admin.delete_type_code", code=hub.code)).props("maxlength=12").mark("delete-code")

    async def delete() -> None:
        if await run(hub, actor, "meeting.delete", confirm_code=code.value or "") is None and hub.id in rt().hubs:
            return
        ui.navigate.to("/")

    ui.button(tr("admin.delete"), icon="delete_forever", color="negative", on_click=delete).mark("delete")
