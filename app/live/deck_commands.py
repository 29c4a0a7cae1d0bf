"""Slides and films: upload the meeting's PowerPoint, start and stop a film cue.

`deck.upload` (facilitator or co-host) reads the .pptx, keeps the file under `<data_dir>/decks/`, stores its
slides, and renders thumbnails once in the background where LibreOffice is installed. `video.start` plays a
film on the projector (a local copy) or just logs it (a link the facilitator opens); a film that starts with
less time left in the step than its length extends the step, so the projected end moves.
"""

from __future__ import annotations

import asyncio
import logging
import math
import shutil
import tempfile
import weakref
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from app.config import Settings
from app.domain import clock as clk
from app.domain.agenda import CueKind, Step, Video
from app.domain.deck import Deck, check_deck, read_deck
from app.domain.problems import InputError, Problem
from app.live import clock_commands, meeting_commands
from app.live.commands import FACILITATOR, STAFF, Actor, CommandError, command
from app.live.hub import Change, MeetingHub
from app.store.decks import DeckFiles, DeckStore
from app.store.meetings import utc

log = logging.getLogger(__name__)

UPLOADERS: frozenset[str] = frozenset({"facilitator", "cohost", "admin", "system"})
MEDIA_URL = "/media"  # the agenda's `videos[].local` files, from settings.media_dir
UPLOADED_MEDIA_URL = "/uploaded-media"  # films put under <data_dir>/media
VIDEO_SUFFIXES = (".mp4", ".webm", ".m4v", ".ogv", ".mov")
OFFICE_TIMEOUT = 300.0


@dataclass(frozen=True)
class DeckInfo:
    deck: Deck
    uploaded_at: datetime
    thumbnails: frozenset[int] = frozenset()


_decks: weakref.WeakKeyDictionary[MeetingHub, DeckInfo | None] = weakref.WeakKeyDictionary()
_tasks: set[asyncio.Task] = set()


def deck_files(hub: MeetingHub) -> DeckFiles:
    return DeckFiles(hub.runtime.settings.data_dir)


# --- the deck ------------------------------------------------------------------------------------------------


def is_loaded(hub: MeetingHub) -> bool:
    return hub in _decks


def cached_deck(hub: MeetingHub) -> DeckInfo | None:
    """The deck as last loaded (None when there is none or it is not loaded yet: see `load_deck`)."""
    return _decks.get(hub)


async def load_deck(hub: MeetingHub) -> DeckInfo | None:
    """The meeting's deck, read from the store once per hub."""
    if hub in _decks:
        return _decks[hub]
    row = await DeckStore(hub.runtime.db).get(hub.id)
    info = None
    if row is not None:
        thumbnails = await asyncio.to_thread(deck_files(hub).thumbnails, hub.id)
        info = DeckInfo(Deck.from_json(row.filename, row.slides), row.uploaded_at, frozenset(thumbnails))
        if not thumbnails and office() is not None:
            _start_thumbnails(hub, info)
    _decks[hub] = info
    return info


def is_stale(hub: MeetingHub, change: Change) -> bool:
    """True when a "deck" change announces an upload this process has not read (e.g. made by another server)."""
    announced = change.data.get("uploaded_at")
    if change.topic != "deck" or announced is None or hub not in _decks:
        return False
    info = _decks[hub]
    return info is None or info.uploaded_at.isoformat() != announced


def forget_deck(hub: MeetingHub) -> None:
    _decks.pop(hub, None)


async def deck_problems(hub: MeetingHub) -> list[Problem]:
    info = await load_deck(hub)
    return check_deck(hub.agenda, info.deck) if info else []


def thumbnail_file(hub: MeetingHub, number: int) -> Path | None:
    info = cached_deck(hub)
    if info is None or number not in info.thumbnails:
        return None
    return deck_files(hub).thumbnail(hub.id, number)


@command("deck.upload", UPLOADERS)
async def upload(hub: MeetingHub, actor: Actor, filename: str, data: bytes) -> dict[str, Any]:
    """Read and keep the meeting's PowerPoint; returns the number of slides and the agenda check's warnings."""
    name = PurePosixPath(str(filename).replace("\\", "/")).name[:200] or "deck.pptx"
    try:
        deck = await asyncio.to_thread(read_deck, data, name)
    except InputError as err:
        raise CommandError("deck.error.invalid", detail=str(err)) from None
    now = hub.now()
    await asyncio.to_thread(deck_files(hub).save, hub.id, data)
    row = await DeckStore(hub.runtime.db).save(hub.id, name, deck.to_json(), now)
    await hub.runtime.meetings.log(hub.id, now, "deck_uploaded", None, {"filename": name, "slides": deck.count})
    info = DeckInfo(deck, row.uploaded_at)
    _decks[hub] = info
    await hub.publish(Change("deck", {"filename": name, "slides": deck.count,
                                      "uploaded_at": row.uploaded_at.isoformat()}))
    _start_thumbnails(hub, info)
    return {"filename": name, "slides": deck.count, "problems": [str(p) for p in check_deck(hub.agenda, deck)]}


# --- thumbnails (LibreOffice, where installed) -----------------------------------------------------------------


def office() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _start_thumbnails(hub: MeetingHub, info: DeckInfo) -> None:
    if office() is None:
        return
    task = asyncio.get_running_loop().create_task(render_thumbnails(hub, info))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def render_thumbnails(hub: MeetingHub, info: DeckInfo) -> frozenset[int]:
    """pptx -> pdf (LibreOffice) -> one png per slide (pdftoppm); the console shows them once they exist."""
    try:
        numbers = await _render(hub, info)
    except Exception:  # thumbnails are a nicety: titles are shown without them
        log.exception("slide thumbnails failed for meeting %s", hub.id)
        return frozenset()
    current = _decks.get(hub)
    if numbers and current is not None and current.uploaded_at == info.uploaded_at:
        _decks[hub] = replace(current, thumbnails=numbers)
        await hub.publish(Change("deck", {"thumbnails": len(numbers)}))
    return numbers


async def _render(hub: MeetingHub, info: DeckInfo) -> frozenset[int]:
    soffice, pdftoppm = office(), shutil.which("pdftoppm")
    files = deck_files(hub)
    if soffice is None or pdftoppm is None:
        return frozenset()
    with tempfile.TemporaryDirectory(prefix="klynge-deck-") as tmp:
        folder = Path(tmp)
        source = folder / "deck.pptx"
        await asyncio.to_thread(shutil.copyfile, files.pptx(hub.id), source)
        await _run(soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source))
        await _run(pdftoppm, "-png", "-scale-to", "240", str(folder / "deck.pdf"), str(folder / "slide"))
        current = _decks.get(hub)
        if current is not None and current.uploaded_at != info.uploaded_at:
            return frozenset()  # a newer deck was uploaded meanwhile
        return await asyncio.to_thread(_keep_pngs, folder, files.thumbnail_dir(hub.id))


async def _run(*args: str) -> None:
    proc = await asyncio.create_subprocess_exec(*args, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.PIPE)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), OFFICE_TIMEOUT)
    except TimeoutError:
        proc.kill()
        raise RuntimeError(f"{Path(args[0]).name} took too long") from None
    if proc.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed: {err.decode(errors='replace')[-500:]}")


def _keep_pngs(folder: Path, target: Path) -> frozenset[int]:
    """pdftoppm names pages slide-1.png or slide-01.png; keep them as <number>.png."""
    target.mkdir(parents=True, exist_ok=True)
    numbers = set()
    for png in folder.glob("slide-*.png"):
        number = png.stem.rsplit("-", 1)[-1]
        if number.isdigit():
            shutil.move(png, target / f"{int(number)}.png")
            numbers.add(int(number))
    return frozenset(numbers)


# --- films ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoSource:
    video: Video
    local_url: str | None  # played by the projector from this server
    link: str | None  # opened in a new tab when there is no local copy


def step_video(step: Step) -> str | None:
    """The film of a step: its `video`, else the film of its first `start_video` cue."""
    if step.video:
        return step.video
    return next((c.video for c in step.cues if c.kind is CueKind.start_video and c.video), None)


def video_source(hub: MeetingHub, video_id: str) -> VideoSource | None:
    video = hub.agenda.video(video_id)
    if video is None:
        return None
    return VideoSource(video, local_video_url(hub, video), video.url)


def local_video_url(hub: MeetingHub, video: Video) -> str | None:
    """A local copy: `videos[].local` under media/ (or under <data_dir>/media), else <data_dir>/media/<id>.<ext>."""
    settings = hub.runtime.settings
    uploaded = settings.data_dir / "media"
    candidates = []
    if video.local:
        candidates += [(settings.media_dir, video.local, MEDIA_URL), (uploaded, video.local, UPLOADED_MEDIA_URL)]
    candidates += [(uploaded, f"{video.id}{suffix}", UPLOADED_MEDIA_URL) for suffix in VIDEO_SUFFIXES]
    for folder, name, url in candidates:
        if _inside_file(folder, name):
            return f"{url}/{quote(name)}"
    return None


def _inside_file(folder: Path, name: str) -> Path | None:
    """The file `name` under `folder`, if it exists and does not lead out of the folder."""
    root = folder.resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def uploaded_media_file(settings: Settings, name: str) -> Path | None:
    """A film put under <data_dir>/media (served at UPLOADED_MEDIA_URL)."""
    return _inside_file(settings.data_dir / "media", name)


@command("video.start", FACILITATOR)
async def start_video(hub: MeetingHub, actor: Actor, video_id: str) -> dict[str, Any]:
    """Start a film: on the projector when there is a local copy; the step gets the film's length if short."""
    source = video_source(hub, video_id)
    if source is None:
        raise CommandError("deck.error.no_video", video=video_id)
    now = hub.now()
    index, _, _ = hub.current()
    extended = _missing_seconds(hub.clock, now, source.video)
    await hub.runtime.meetings.log(hub.id, now, "video_started", index, {
        "video_id": video_id, "local": source.local_url is not None, "extended": extended})
    if extended:
        await clock_commands.adjust(hub, actor, seconds=extended)
    if source.local_url:
        before = hub.meeting.display
        show_before = before.get("before", "qr") if before.get("show") == "video" else before.get("show", "qr")
        await meeting_commands.display(hub, actor, show="video", video_id=video_id, action="play",
                                       started_at=now.isoformat(), before=show_before)
    await hub.publish(Change("video", {"video_id": video_id, "action": "play"}))
    return {"video_id": video_id, "local_url": source.local_url, "link": source.link, "extended": extended}


@command("video.stop", FACILITATOR)
async def stop_video(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    """Stop the film on the projector and give the projector back what it showed before."""
    shown = hub.meeting.display
    video_id = shown.get("video_id")
    if shown.get("show") != "video" or shown.get("action") != "play":
        raise CommandError("deck.error.no_film_playing")
    now = hub.now()
    index, _, _ = hub.current()
    await hub.runtime.meetings.log(hub.id, now, "video_stopped", index, {"video_id": video_id})
    await meeting_commands.display(hub, actor, show=shown.get("before", "qr"))
    await hub.publish(Change("video", {"video_id": video_id, "action": "stop"}))
    return {"video_id": video_id}


def playing(hub: MeetingHub) -> tuple[str, float] | None:
    """The film the projector plays now and the seconds since it started (None when none plays)."""
    shown = hub.meeting.display
    if shown.get("show") != "video" or shown.get("action") != "play" or not shown.get("video_id"):
        return None
    try:
        started = utc(datetime.fromisoformat(shown["started_at"]))
    except (KeyError, TypeError, ValueError):
        return shown["video_id"], 0.0
    return shown["video_id"], max((hub.now() - started).total_seconds(), 0.0)


def _missing_seconds(state: clk.ClockState, now: datetime, video: Video) -> int:
    """How much longer the current step must run to hold the whole film (0 when it already does)."""
    if state.status not in ("running", "paused"):
        return 0
    left = clk.remaining(state, now)
    film = video.minutes * 60
    return math.ceil(film - left) if film > left else 0


@command("deck.problems", STAFF, when_ended=True, reads=True)
async def problems(hub: MeetingHub, actor: Actor) -> list[str]:
    """The agenda check against the uploaded deck, as text."""
    return [str(p) for p in await deck_problems(hub)]
