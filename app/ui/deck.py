"""Slides and films in the pages: the step's slides, the "Slides" tab, the film cue and the projector's film.

- Step extra: the current step's slides by number and title (facilitator: with notes, thumbnails where they
  exist and the next slide to show; co-host and participants: titles), and the facilitator's "Start video".
- Tab "Slides" (facilitator, co-host): upload the .pptx and read the agenda check's warnings.
- Projector display "video": the film from this server (a local copy), started by the facilitator's cue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import FileResponse, Response
from nicegui import app, background_tasks, ui
from nicegui.app.range_response import get_range_response

from app.config import load_settings
from app.domain.agenda import Block, Step
from app.domain.deck import MAX_BYTES, Slide, check_deck, next_slide, step_slides
from app.live import deck_commands as decks
from app.live.commands import Actor
from app.live.hub import Change, MeetingHub
from app.live.runtime import TZ
from app.ui import panels, projector
from app.ui.common import rt, run, tr

FACILITATOR = Actor("facilitator")
THUMBNAIL_ROUTE = "/m/{code}/slides/{number:int}.png"
# Play when the element has its source; a projector that refuses sound without a click plays muted instead.
PLAY_JS = """(() => { const t0 = Date.now(); const tick = () => { const el = getHtmlElement(%d);
  if (el && el.getAttribute('src')) { const p = el.play();
    if (p) p.catch(() => { el.muted = true; el.play().catch(() => {}); }); }
  else if (Date.now() - t0 < 10000) setTimeout(tick, 50); }; tick(); })()"""
PAUSE_JS = "(() => { const el = getHtmlElement(%d); if (el) el.pause(); })()"


# --- routes: the media folders and slide thumbnails ----------------------------------------------------------


def ensure_routes() -> None:
    """Serve media/ at /media, <data_dir>/media at /uploaded-media, and the thumbnails (once per app)."""
    paths = {getattr(route, "path", None) for route in app.routes}
    if f"{decks.MEDIA_URL}/{{filename:path}}" not in paths:
        app.add_media_files(decks.MEDIA_URL, load_settings().media_dir)
    if f"{decks.UPLOADED_MEDIA_URL}/{{filename:path}}" not in paths:
        app.get(f"{decks.UPLOADED_MEDIA_URL}/{{filename:path}}", include_in_schema=False)(_uploaded_media)
    if THUMBNAIL_ROUTE not in paths:
        app.get(THUMBNAIL_ROUTE, include_in_schema=False)(_thumbnail)


def _uploaded_media(request: Request, filename: str) -> Response:
    path = decks.uploaded_media_file(rt().settings, filename)
    if path is None:
        raise HTTPException(status_code=404, detail="Not Found")
    return get_range_response(path, request, chunk_size=256 * 1024)


async def _thumbnail(code: str, number: int) -> FileResponse:
    hub = await rt().hub(code)
    if hub is not None:
        await decks.load_deck(hub)
    path = decks.thumbnail_file(hub, number) if hub is not None else None
    if path is None or not path.is_file():
        raise HTTPException(status_code=404, detail="Not Found")
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "max-age=3600"})


ensure_routes()


def load_then(hub: MeetingHub, element: ui.element, redraw: Callable[[], Any]) -> None:
    """Read the meeting's deck in the background (once per hub) and then `redraw`, if `element` is still shown."""

    async def work() -> None:
        await decks.load_deck(hub)
        if not element.is_deleted:
            redraw()

    background_tasks.create(work(), name="deck-load")


def listen(hub: MeetingHub, element: ui.element, listener: Callable[[Change], Any]) -> None:
    """Pass the hub's changes to `listener` while `element` exists (parts rebuilt with a step come and go)."""
    unsubscribe: Callable[[], None] = lambda: None  # noqa: E731  replaced below

    def relay(change: Change) -> Any:
        if element.is_deleted:
            unsubscribe()
            return None
        return listener(change)

    unsubscribe = hub.subscribe(relay)


def _place(hub: MeetingHub, step: Step) -> tuple[int, Block]:
    for i, (block, candidate) in enumerate(hub.steps):
        if candidate is step or candidate.id == step.id:
            return i, block
    return -1, hub.agenda.blocks[0]


# --- the step's slides and film ------------------------------------------------------------------------------


class StepSlides:
    """The slides of one step in a console; rebuilt with the step's card."""

    def __init__(self, hub: MeetingHub, step: Step, role: str) -> None:
        self.hub, self.step, self.role = hub, step, role
        self.index, self.block = _place(hub, step)

    def build(self) -> None:
        ensure_routes()
        with ui.column().classes("w-full gap-1") as self.box:
            self.show()
        listen(self.hub, self.box, self.on_change)
        if not decks.is_loaded(self.hub):
            load_then(self.hub, self.box, self.show.refresh)

    def on_change(self, change: Change) -> None:
        if decks.is_stale(self.hub, change):
            decks.forget_deck(self.hub)
            load_then(self.hub, self.box, self.show.refresh)
        elif change.topic == "deck":
            self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        info = decks.cached_deck(self.hub)
        if info is None:
            return
        slides = step_slides(info.deck, self.block, self.step)
        if slides:
            heading = "deck.slides_now" if self.role == "participant" else "deck.slides_of_step"
            with ui.column().classes("w-full gap-1").mark("deck-slides").props("data-testid=deck-slides"):
                ui.label(tr(heading)).classes("text-subtitle2")
                for slide in slides:
                    self.slide_row(slide, info)
        if self.role == "facilitator":
            self.next_slide(info)

    def slide_row(self, slide: Slide, info: decks.DeckInfo) -> None:
        with ui.row().classes("w-full items-start no-wrap gap-2"):
            if self.role != "participant" and slide.number in info.thumbnails:
                version = int(info.uploaded_at.timestamp())
                ui.image(f"/m/{self.hub.code}/slides/{slide.number}.png?v={version}").classes(
                    "w-24 shrink-0 rounded border").mark("slide-thumbnail")
            with ui.column().classes("gap-0 grow"):
                ui.label(slide.label or str(slide.number)).classes("text-body2 text-bold").mark("slide-title")
                if self.role == "facilitator" and slide.notes:
                    ui.label(slide.notes).classes("klynge-pre text-caption text-grey-8").mark("slide-notes")

    def next_slide(self, info: decks.DeckInfo) -> None:
        found = next_slide(info.deck, self.hub.steps, self.index)
        if found is None:
            return
        slide, step = found
        ui.label(tr("deck.next_slide", slide=slide.label, step=step.title)).classes(
            "text-body2 text-primary").mark("next-slide")


class VideoControl:
    """The facilitator's "Start video" for the step's film: on the projector, else its link in a new tab."""

    def __init__(self, hub: MeetingHub, step: Step) -> None:
        self.hub = hub
        self.video_id = decks.step_video(step)

    def build(self) -> None:
        if not self.video_id or decks.video_source(self.hub, self.video_id) is None:
            return
        with ui.row().classes("items-center gap-2 w-full") as box:
            self.show()
        listen(self.hub, box, self.on_change)

    def on_change(self, change: Change) -> None:
        if change.topic in ("video", "display"):
            self.show.refresh()

    async def start(self) -> None:
        await run(self.hub, FACILITATOR, "video.start", video_id=self.video_id)

    async def stop(self) -> None:
        await run(self.hub, FACILITATOR, "video.stop")

    @ui.refreshable_method
    def show(self) -> None:
        source = decks.video_source(self.hub, self.video_id or "")
        if source is None:
            return
        now = decks.playing(self.hub)
        if now is not None and now[0] == self.video_id:
            ui.button(tr("deck.stop_video"), icon="stop", on_click=self.stop).props(
                "color=negative data-testid=video-stop").mark("video-stop")
            ui.label(tr("deck.playing", title=source.video.title)).classes("text-body2")
        elif source.local_url:
            ui.button(tr("deck.start_video"), icon="play_arrow", on_click=self.start).props(
                "data-testid=video-start").mark("video-start")
            ui.label(tr("deck.local_copy", minutes=f"{source.video.minutes:g}")).classes("text-caption")
        elif source.link and source.link.startswith(("https://", "http://")):
            button = ui.button(tr("deck.start_video"), icon="open_in_new", on_click=self.start).props(
                "data-testid=video-start").mark("video-start")
            button.props["href"] = source.link
            button.props["target"] = "_blank"
            ui.label(tr("deck.opens_link", minutes=f"{source.video.minutes:g}")).classes("text-caption")


def slide_titles(hub: MeetingHub, step: Step) -> list[str]:
    """The titles of the step's slides for a participant's step card (none until the deck is loaded)."""
    info = decks.cached_deck(hub)
    if info is None:
        return []
    return [slide.label or str(slide.number) for slide in step_slides(info.deck, _place(hub, step)[1], step)]


@panels.register_step_extra
def step_extra(hub: MeetingHub, step: Step, role: str) -> None:
    if role == "participant":
        return  # the participant's StepInfo shows the titles (see `slide_titles`)
    StepSlides(hub, step, role).build()
    if role == "facilitator":
        VideoControl(hub, step).build()


# --- the "Slides" tab -----------------------------------------------------------------------------------------


class SlidesTab:
    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub, self.actor = hub, actor

    def build(self) -> None:
        with ui.column().classes("w-full gap-3") as self.box:
            ui.label(tr("deck.upload_hint")).classes("text-body2")
            ui.upload(label=tr("deck.upload"), auto_upload=True, max_file_size=MAX_BYTES,
                      on_upload=self.on_upload, on_rejected=self.on_rejected).props(
                'accept=".pptx" data-testid=deck-upload').classes("w-full max-w-md").mark("deck-upload")
            self.summary()
            if self.actor.role == "cohost":
                self.current()
        listen(self.hub, self.box, self.on_change)
        if not decks.is_loaded(self.hub):
            load_then(self.hub, self.box, self.refresh)

    def refresh(self) -> None:
        self.summary.refresh()
        if self.actor.role == "cohost":
            self.current.refresh()

    async def on_upload(self, event: Any) -> None:
        data = await event.file.read()
        result = await run(self.hub, self.actor, "deck.upload", filename=event.file.name, data=data)
        if result:
            ui.notify(tr("deck.uploaded", filename=result["filename"], slides=result["slides"]), type="positive")
        event.sender.reset()

    def on_rejected(self) -> None:
        ui.notify(tr("deck.error.too_big", mb=MAX_BYTES // 1024 // 1024), type="warning")

    def on_change(self, change: Change) -> None:
        if decks.is_stale(self.hub, change):
            decks.forget_deck(self.hub)
            load_then(self.hub, self.box, self.refresh)
        elif change.topic == "deck":
            self.refresh()
        elif change.topic == "clock" and self.actor.role == "cohost":
            self.current.refresh()

    @ui.refreshable_method
    def summary(self) -> None:
        info = decks.cached_deck(self.hub)
        if info is None:
            ui.label(tr("deck.none")).classes("text-grey-7").mark("deck-none")
            return
        when = info.uploaded_at.astimezone(TZ).strftime("%d.%m %H.%M")
        ui.label(tr("deck.summary", filename=info.deck.filename, slides=info.deck.count, when=when)).classes(
            "text-body1").mark("deck-summary")
        problems = check_deck(self.hub.agenda, info.deck)
        if not problems:
            ui.label(tr("deck.no_problems")).classes("text-positive").mark("deck-ok")
            return
        with ui.column().classes("gap-1 w-full").mark("deck-problems").props("data-testid=deck-problems"):
            ui.label(tr("deck.problems")).classes("text-subtitle2 text-warning")
            for problem in problems:
                with ui.row().classes("items-start no-wrap gap-1"):
                    ui.icon("warning", color="warning", size="xs")
                    ui.label(f"{problem.field}: {problem.message}" if problem.field else problem.message).classes(
                        "text-body2").mark("deck-problem")

    @ui.refreshable_method
    def current(self) -> None:
        """The co-host's console has no step card: the current step's slide titles are shown here."""
        _, _, step = self.hub.current()
        ui.label(tr("deck.current_step", step=step.title)).classes("text-subtitle2 mt-2")
        StepSlides(self.hub, step, "cohost").build()


@panels.register_tab("slides", {"facilitator", "cohost"}, order=45)
def slides_tab(hub: MeetingHub, actor: Actor) -> None:
    SlidesTab(hub, actor).build()


# --- the projector's film -------------------------------------------------------------------------------------


class ProjectorVideo:
    def __init__(self, hub: MeetingHub) -> None:
        self.hub = hub
        self.video: ui.video | None = None
        self.video_id: str | None = None

    def build(self) -> None:
        now = decks.playing(self.hub)
        _, _, step = self.hub.current()
        self.video_id = now[0] if now else self.hub.meeting.display.get("video_id") or decks.step_video(step)
        source = decks.video_source(self.hub, self.video_id) if self.video_id else None
        if source is None or source.local_url is None:
            ui.label(tr("deck.no_local_video")).classes("text-h5 opacity-80").mark("projector-no-video")
            return
        src = source.local_url + (f"#t={now[1]:.0f}" if now and now[1] >= 1 else "")
        self.video = ui.video(src, controls=True).classes("w-full max-w-[90vw] max-h-[70vh] rounded-xl").props(
            "data-testid=projector-video").mark("projector-video")
        ui.label(source.video.title).classes("text-h6 opacity-80")
        listen(self.hub, self.video, self.on_change)
        if now:
            self.play()

    def on_change(self, change: Change) -> None:
        if change.topic != "video" or change.data.get("video_id") != self.video_id:
            return
        if change.data.get("action") == "play":
            self.play()
        else:
            self.pause()

    def play(self) -> None:
        if self.video is not None:
            self.video.client.run_javascript(PLAY_JS % self.video.id)

    def pause(self) -> None:
        if self.video is not None:
            self.video.client.run_javascript(PAUSE_JS % self.video.id)


@projector.register_display("video", "deck.display_video")
def video_display(hub: MeetingHub) -> None:
    ensure_routes()
    ProjectorVideo(hub).build()
