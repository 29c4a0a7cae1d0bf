"""Home page: the agendas, creating a meeting, joining one by code."""

from __future__ import annotations

from datetime import date, datetime, time

import segno
from nicegui import ui

from app.domain.agenda import Agenda
from app.live.runtime import TZ, NewMeeting
from app.live.security import normalise_code
from app.ui.common import rt, tr
from app.ui.frame import frame


def qr_image(url: str, size: str = "w-40") -> ui.image:
    """A QR code made here (segno), shown as an inline image: no third-party service."""
    return ui.image(segno.make(url, error="m").svg_data_uri(scale=6, border=2)).classes(size).props(f'alt="{url}"')


def agenda_card(agenda: Agenda) -> None:
    with ui.card().classes("w-full").mark(f"agenda-{agenda.id}"):
        with ui.row().classes("w-full items-baseline justify-between"):
            ui.label(agenda.title).classes("text-h6")
            ui.badge(tr(f"format.{agenda.format.value}")).props("outline")
        meta = tr("home.agenda_meta", minutes=f"{agenda.total_minutes:g}", blocks=len(agenda.blocks))
        ui.label(f"{agenda.subtitle} · {meta}" if agenda.subtitle else meta).classes("text-grey-8")
        if agenda.description:
            ui.label(agenda.description).classes("text-body2 klynge-pre")


def created_card(new: NewMeeting, container: ui.column) -> None:
    links = new.links(rt().settings.public_url)
    container.clear()
    with container, ui.card().classes("w-full").mark("created"):
        ui.label(tr("home.created", code=new.meeting.code)).classes("text-h6")
        with ui.row().classes("w-full gap-6 items-start"):
            qr_image(links["participant_url"])
            with ui.column().classes("gap-2 grow"):
                ui.label(tr("home.join_code")).classes("text-caption text-grey-8")
                ui.label(new.meeting.code).classes("text-h4 tracking-widest").mark("join-code")
                for key in ("participant_url", "facilitator_url", "cohost_url", "projector_url"):
                    ui.label(tr(f"home.{key}")).classes("text-caption text-grey-8")
                    ui.link(links[key], links[key], new_tab=True).classes("break-all").mark(key)
                ui.label(tr("home.secret_links_note")).classes("text-caption text-warning")


def create_form(result: ui.column) -> None:
    agendas = rt().agendas.agendas
    with ui.card().classes("w-full"):
        ui.label(tr("home.new_meeting")).classes("text-h6")
        agenda = (
            ui.select(
                {a.id: a.title + f" ({tr(f'format.{a.format.value}')})" for a in agendas.values()},
                label=tr("home.agenda"),
                value=next(iter(agendas), None),
            )
            .classes("w-full")
            .mark("agenda")
        )
        cluster = (
            ui.input(tr("home.cluster"), validation={tr("error.cluster_empty"): lambda v: bool(v.strip())})
            .classes("w-full")
            .props("maxlength=200")
            .mark("cluster")
        )
        with ui.row().classes("w-full gap-4"):
            day = ui.input(tr("home.date"), value=datetime.now(TZ).date().isoformat()).props("type=date").mark("date")
            start = ui.input(tr("home.start"), value="17:00").props("type=time").mark("start")
        previous = (
            ui.input(tr("home.previous_code"))
            .props("maxlength=12")
            .classes("w-full")
            .mark("previous")
            .props("data-testid=previous")
        )

        async def create() -> None:
            chosen = rt().agendas.get(agenda.value or "")
            if chosen is None or not (cluster.value or "").strip():
                ui.notify(tr("error.create_incomplete"), type="warning")
                return
            try:
                day_value = date.fromisoformat(day.value)
                start_value = time.fromisoformat(start.value)
            except (TypeError, ValueError):
                ui.notify(tr("error.bad_date"), type="warning")
                return
            previous_code = normalise_code(previous.value or "") or None
            try:
                new = await rt().create_meeting(
                    chosen, cluster=cluster.value, day=day_value, start=start_value, previous_code=previous_code
                )
            except LookupError:
                ui.notify(tr("error.previous_not_found", code=previous_code), type="warning")
                return
            created_card(new, result)

        ui.button(tr("home.create"), on_click=create, icon="add").mark("create")


def join_box() -> None:
    with ui.card().classes("w-full"):
        ui.label(tr("home.join")).classes("text-h6")
        with ui.row().classes("items-center gap-2 no-wrap w-full"):
            code = ui.input(tr("home.join_code")).props("maxlength=12 autocapitalize=characters").mark("join")

            def go() -> None:
                value = normalise_code(code.value or "")
                if value:
                    ui.navigate.to(f"/m/{value}")

            code.on("keydown.enter", go)
            ui.button(tr("home.join_button"), on_click=go)


async def demo_card() -> None:
    links = await rt().demo_links()
    if not links:
        return
    with ui.card().classes("w-full bg-blue-grey-1").mark("demo"):
        ui.label(tr("home.demo")).classes("text-h6")
        ui.label(tr("home.demo_note")).classes("text-caption")
        with ui.row().classes("gap-2"):
            for key in ("facilitator_url", "cohost_url", "participant_url", "projector_url"):
                ui.link(
                    tr(f"home.{key}").replace(" (hemmeligt)", "").replace(" (secret)", ""), links[key], new_tab=True
                ).mark(f"demo-{key}")


async def build() -> None:
    with frame(tr("home.title")):
        ui.label(tr("home.intro")).classes("text-body1")
        join_box()
        await demo_card()
        result = ui.column().classes("w-full")
        create_form(result)
        ui.label(tr("home.agendas")).classes("text-h5 mt-4")
        for agenda in rt().agendas.agendas.values():
            agenda_card(agenda)
        for problem in rt().agendas.problems:
            ui.label(str(problem)).classes("text-negative text-caption")
        ui.label(tr("home.footer")).classes("text-caption text-grey-7")
