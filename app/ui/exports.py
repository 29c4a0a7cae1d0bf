"""The "Efter mødet" tab: the follow-up date, the editable email, downloads of every export, and sending.

The facilitator edits and sends; the co-host sees the draft and may download (exports hold names, so the
participants never get this tab). Each browser tab has its own `AfterMeetingTab`, refreshed on "export" changes;
an unsaved edit in the textarea is never overwritten by a change from elsewhere.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.domain.export import clock_time, danish_date
from app.live import export_commands
from app.live.commands import Actor
from app.live.export_commands import ExportState
from app.live.hub import Change, MeetingHub
from app.live.runtime import TZ
from app.ui import panels
from app.ui.common import run, tr

DOWNLOADS = ("eml", "md", "csv", "xlsx", "pptx", "ics", "record", "plans")


class AfterMeetingTab:
    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.state: ExportState | None = None
        self.shown_draft = ""
        self.textarea: ui.textarea | None = None

    @property
    def can_edit(self) -> bool:
        return self.actor.role == "facilitator"

    def build(self) -> None:
        with ui.column().classes("w-full gap-4").mark("export-tab"):
            self.follow_up_part()
            self.draft_part()
            self.downloads_part()
            self.send_part()
        ui.timer(0, self.first_load, once=True)

    async def load(self) -> None:
        """Read the state directly (never through `run`: listeners are called while a command holds the lock);
        the tab is built for staff only, as `export.state` requires."""
        self.state = await export_commands.export_state(self.hub)

    async def reload(self, draft: bool = False) -> None:
        await self.load()
        self.follow_up_part.refresh()
        self.downloads_part.refresh()
        self.send_part.refresh()
        if draft or self.textarea is None or self.textarea.value == self.shown_draft:
            self.draft_part.refresh()

    async def first_load(self) -> None:
        await self.reload(draft=True)

    # -- the follow-up -------------------------------------------------------------------------------------------
    @ui.refreshable_method
    def follow_up_part(self) -> None:
        if self.state is None:
            ui.spinner()
            return
        follow = self.state.follow_up
        with ui.card().classes("w-full").mark("follow-up"):
            ui.label(tr("export.follow_up.title")).classes("text-subtitle1")
            if not self.can_edit:
                ui.label(_when(follow) if follow else tr("export.follow_up.none")).mark("follow-up-when")
                return
            with ui.row().classes("w-full items-end gap-2"):
                day = ui.date_input(tr("export.follow_up.date"), value=follow.day.isoformat() if follow else "")
                day.classes("w-44").mark("follow-up-date").props("data-testid=follow-up-date")
                start = ui.time_input(tr("export.follow_up.time"),
                                      value=follow.start.strftime("%H:%M") if follow else "17:00")
                start.classes("w-32").mark("follow-up-time").props("data-testid=follow-up-time")
                minutes = ui.number(tr("export.follow_up.minutes"), value=follow.minutes if follow else 120,
                                    min=15, max=600, step=15, format="%d").classes("w-32").mark("follow-up-minutes")
                place = ui.input(tr("export.follow_up.place"), value=(follow.place or "") if follow else "")
                place.classes("grow").mark("follow-up-place")
                ui.button(tr("export.follow_up.save"), icon="event",
                          on_click=lambda: self.save_follow_up(day.value, start.value, minutes.value, place.value)
                          ).mark("follow-up-save").props("data-testid=follow-up-save")

    async def save_follow_up(self, day: str | None, start: str | None, minutes: Any, place: str | None) -> None:
        saved = await run(self.hub, self.actor, "export.set_follow_up", day=day, start=start,
                          minutes=int(minutes or 0), place=place)
        if saved is not None:
            ui.notify(tr("export.follow_up.saved", when=_when(saved)), type="positive")
        elif not (day or "").strip():
            ui.notify(tr("export.follow_up.cleared"))

    # -- the draft ---------------------------------------------------------------------------------------------
    @ui.refreshable_method
    def draft_part(self) -> None:
        if self.state is None:
            return
        with ui.card().classes("w-full").mark("draft"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(tr("export.draft.title")).classes("text-subtitle1")
                ui.badge(tr("export.draft.edited" if self.state.edited else "export.draft.generated")).props(
                    "outline").mark("draft-state")
            if self.state.email_items:
                with ui.expansion(tr("export.draft.items"), icon="checklist").classes("w-full"):
                    for item in self.state.email_items:
                        ui.label(f"• {item}").classes("text-body2")
            self.shown_draft = self.state.draft
            self.textarea = ui.textarea(tr("export.draft.label"), value=self.state.draft).classes(
                "w-full").props("outlined autogrow" + ("" if self.can_edit else " readonly")).mark(
                "draft-text").props("data-testid=draft-text")
            with ui.row().classes("gap-2"):
                if self.can_edit:
                    ui.button(tr("export.draft.save"), icon="save", on_click=self.save_draft).mark("draft-save")
                    ui.button(tr("export.draft.reset"), icon="restart_alt", on_click=self.reset_draft).props(
                        "outline").mark("draft-reset")
                ui.button(tr("export.draft.copy"), icon="content_copy", on_click=self.copy).props("outline").mark(
                    "draft-copy")

    async def save_draft(self, quiet: bool = False) -> bool:
        text = self.textarea.value if self.textarea else ""
        if await run(self.hub, self.actor, "export.save_draft", text=text) is None:
            return False
        self.shown_draft = text
        self.draft_part.refresh()
        if not quiet:
            ui.notify(tr("export.draft.saved"), type="positive")
        return True

    async def reset_draft(self) -> None:
        if await run(self.hub, self.actor, "export.reset_draft") is not None:
            await self.reload(draft=True)
            ui.notify(tr("export.draft.reset_done"))

    def copy(self) -> None:
        ui.clipboard.write(self.textarea.value if self.textarea else "")
        ui.notify(tr("export.draft.copied"))

    async def save_unsaved(self) -> None:
        """The eml, md and the send use the stored text: keep the facilitator's edits first."""
        if self.can_edit and self.textarea is not None and self.textarea.value != self.shown_draft:
            await self.save_draft(quiet=True)

    # -- downloads -----------------------------------------------------------------------------------------------
    @ui.refreshable_method
    def downloads_part(self) -> None:
        if self.state is None:
            return
        with ui.card().classes("w-full").mark("downloads"):
            ui.label(tr("export.downloads.title")).classes("text-subtitle1")
            with ui.row().classes("gap-2"):
                for fmt in DOWNLOADS:
                    button = ui.button(tr(f"export.downloads.{fmt}"), icon="download",
                                       on_click=lambda f=fmt: self.download(f)).props("outline no-caps")
                    button.mark(f"download-{fmt}").props(f"data-testid=download-{fmt}")
                    if fmt == "ics" and self.state.follow_up is None:
                        button.disable()
                for practice in self.state.practices:
                    ui.button(tr("export.downloads.plan", practice=practice), icon="assignment",
                              on_click=lambda p=practice: self.download("plan", p)).props("outline no-caps").mark(
                        "download-plan")

    async def download(self, fmt: str, practice: str | None = None) -> None:
        if fmt in ("eml", "md"):
            await self.save_unsaved()
        file = await run(self.hub, self.actor, "export.build", format=fmt, practice=practice)
        if file is not None:
            ui.download.content(file.content, file.filename, file.media_type)

    # -- sending -----------------------------------------------------------------------------------------------
    @ui.refreshable_method
    def send_part(self) -> None:
        if self.state is None or not self.can_edit:
            return
        state = self.state
        with ui.card().classes("w-full").mark("send-card"):
            ui.label(tr("export.send.title")).classes("text-subtitle1")
            if not state.smtp_ready:
                ui.label(tr("export.send.no_smtp")).classes("text-body2 text-orange-10").mark("no-smtp")
            ui.label(tr("export.send.recipients", count=len(state.recipients))).classes("text-body2")
            if state.without_address:
                ui.label(tr("export.send.without_address", names=", ".join(state.without_address))).classes(
                    "text-caption text-grey-8")
            button = ui.button(tr("export.send.sending" if state.sending else "export.send.button"), icon="send",
                               on_click=self.confirm_send).mark("send").props("data-testid=send")
            if not state.smtp_ready or state.sending or not state.recipients:
                button.disable()
            self.report(state)

    def report(self, state: ExportState) -> None:
        if not state.sends:
            return
        batch = max(s.batch for s in state.sends)
        rows = [s for s in state.sends if s.batch == batch]
        sent = sum(1 for s in rows if s.status == "sent")
        when = max(s.sent_at for s in rows).astimezone(TZ).strftime("%d.%m.%Y kl. %H.%M")
        with ui.column().classes("w-full gap-1").mark("send-report"):
            ui.label(tr("export.send.report", date=when, sent=sent, other=len(rows) - sent)).classes("text-bold")
            for row in rows:
                colour = {"sent": "text-positive", "pending": "text-grey-7"}.get(row.status, "text-negative")
                with ui.row().classes("gap-2 items-center"):
                    ui.label(row.recipient).classes("text-body2")
                    ui.label(tr(f"export.status.{row.status}")).classes(f"text-body2 {colour}").mark(
                        f"status-{row.status}")
                    if row.error:
                        ui.label(row.error).classes("text-caption text-grey-8")

    async def confirm_send(self) -> None:
        await self.save_unsaved()
        await self.load()
        state = self.state
        if state is None:
            return
        done = [s for s in state.sends if s.status in ("sent", "pending")]
        with ui.dialog() as dialog, ui.card().mark("send-dialog"):
            ui.label(tr("export.send.confirm_title")).classes("text-h6")
            ui.label(tr("export.send.confirm_text", count=len(state.recipients)))
            if done:
                last = max(s.batch for s in done)
                mine = [s for s in done if s.batch == last]
                when = max(s.sent_at for s in mine).astimezone(TZ).strftime("%d.%m.%Y kl. %H.%M")
                ui.label(tr("export.send.resend_warning", date=when, count=len(mine))).classes(
                    "text-warning text-bold").mark("resend-warning")
            with ui.row().classes("justify-end w-full"):
                ui.button(tr("export.send.cancel"), on_click=dialog.close).props("flat")
                ui.button(tr("export.send.resend" if done else "export.send.confirm"), icon="send",
                          on_click=lambda: self.send(dialog, bool(done))).mark("send-confirm")
        dialog.open()

    async def send(self, dialog: ui.dialog, resend: bool) -> None:
        dialog.close()
        result = await run(self.hub, self.actor, "export.send", confirm_resend=resend)
        if result is not None:
            ui.notify(tr("export.send.started", count=len(result["recipients"])))

    async def on_change(self, change: Change) -> None:
        if change.topic == "export":
            await self.reload(draft=change.data.get("draft") == "reset")


def _when(follow: Any) -> str:
    where = f", {follow.place}" if follow.place else ""
    return f"{danish_date(follow.day)} kl. {clock_time(follow.start)} ({follow.minutes} min){where}"


@panels.register_tab("export", {"facilitator", "cohost"}, order=90)
def build_tab(hub: MeetingHub, actor: Actor) -> None:
    tab = AfterMeetingTab(hub, actor)
    tab.build()
    panels.subscribe(hub, tab.on_change)
