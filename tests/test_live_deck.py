"""Deck upload and film cues through the command table: stored first, then published; the clock makes room."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.domain import clock as clk
from app.live import deck_commands as decks
from app.live.commands import Actor, CommandError, Forbidden, dispatch
from app.live.hub import Change
from app.store.decks import DeckFiles, DeckStore
from tests.builders import until
from tests.builders_deck import TINY_VIDEO, deck_agenda, numbered_deck

FACILITATOR, COHOST = Actor("facilitator"), Actor("cohost")
T0 = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


async def meeting(rt, **agenda: object):
    new = await rt.create_meeting(deck_agenda(**agenda), cluster="Slideklyngen", day=date(2026, 11, 23),
                                  start=time(17, 0))
    hub = await rt.hub(new.meeting.code)
    seen: list[Change] = []
    hub.subscribe(seen.append)
    return hub, seen


async def test_cohost_uploads_the_deck_stored_on_disk_and_in_the_store(rt) -> None:
    hub, seen = await meeting(rt)
    result = await dispatch(hub, COHOST, "deck.upload", filename="C:\\Slides\\møde.pptx", data=numbered_deck(5))
    assert result == {"filename": "møde.pptx", "slides": 5, "problems": []}
    row = await DeckStore(rt.db).get(hub.id)
    assert row is not None and row.filename == "møde.pptx" and len(row.slides) == 5
    assert row.slides[1] == {"number": 2, "title": "Slide nummer 2", "text": "Tekst på slide 2",
                             "notes": "Noter til slide 2"}
    assert DeckFiles(rt.settings.data_dir).pptx(hub.id).read_bytes() == numbered_deck(5)
    assert Change("deck", {"filename": "møde.pptx", "slides": 5, "uploaded_at": row.uploaded_at.isoformat()}) in seen
    assert not decks.is_stale(hub, seen[-1])
    assert [e["kind"] for e in await hub.run_log()] == ["deck_uploaded"]
    other = Change("deck", {"filename": "møde.pptx", "slides": 5, "uploaded_at": "2030-01-01T00:00:00+00:00"})
    assert decks.is_stale(hub, other)  # an upload made by another server process
    rt.forget(hub.id)  # a fresh hub reads the deck back from the store
    again = await rt.hub(hub.code)
    info = await decks.load_deck(again)
    assert info is not None and info.deck.count == 5 and info.deck.slides[4].title == "Slide nummer 5"


async def test_upload_returns_the_agenda_checks_warnings(rt) -> None:
    hub, _ = await meeting(rt)
    result = await dispatch(hub, FACILITATOR, "deck.upload", filename="kort.pptx", data=numbered_deck(4))
    assert result["problems"] == ["kort.pptx: trin 'tak' (Tak for i dag): slide 5, men præsentationen har kun 4 "
                                  "slides"]
    assert await dispatch(hub, COHOST, "deck.problems") == result["problems"]


async def test_participants_may_not_upload_and_a_non_pptx_is_refused(rt) -> None:
    hub, _ = await meeting(rt)
    with pytest.raises(Forbidden):
        await dispatch(hub, Actor("participant", participant_id=1), "deck.upload", filename="x.pptx",
                       data=numbered_deck(1))
    with pytest.raises(CommandError) as caught:
        await dispatch(hub, FACILITATOR, "deck.upload", filename="program.pdf", data=b"%PDF-1.4")
    assert caught.value.key == "deck.error.invalid"
    assert "ikke en PowerPoint-fil" in caught.value.params["detail"]
    assert await DeckStore(rt.db).get(hub.id) is None


async def test_a_late_film_extends_the_step_and_moves_the_projected_end(rt) -> None:
    hub, seen = await meeting(rt, video_minutes=4)
    rt.now = lambda: T0
    await dispatch(hub, FACILITATOR, "clock.start", index=1)  # "data": 5 minutes, the 4-minute film
    rt.now = lambda: T0 + timedelta(minutes=3)  # 2 minutes left: the film needs 2 more
    before = clk.projected_end(hub.clock, rt.now())
    result = await dispatch(hub, FACILITATOR, "video.start", video_id="film")
    assert result["extended"] == 120
    assert hub.clock.plan[1] == 7 * 60
    assert clk.remaining(hub.clock, rt.now()) == 4 * 60
    assert clk.projected_end(hub.clock, rt.now()) - before == timedelta(minutes=2)
    assert Change("video", {"video_id": "film", "action": "play"}) in seen
    started = [e for e in await hub.run_log() if e["kind"] == "video_started"]
    assert started[0]["data"] == {"video_id": "film", "local": False, "extended": 120}
    assert hub.meeting.display.get("show") != "video"  # no local copy: the facilitator opens the link


async def test_a_film_that_fits_leaves_the_clock_alone(rt) -> None:
    hub, _ = await meeting(rt, video_minutes=1)
    rt.now = lambda: T0
    await dispatch(hub, FACILITATOR, "clock.start", index=1)
    plan = hub.clock.plan
    assert (await dispatch(hub, FACILITATOR, "video.start", video_id="film"))["extended"] == 0
    assert hub.clock.plan == plan


async def test_a_local_copy_plays_on_the_projector_and_stops(rt) -> None:
    hub, seen = await meeting(rt)
    (rt.settings.data_dir / "media").mkdir(parents=True)
    shutil.copy(TINY_VIDEO, rt.settings.data_dir / "media" / "tiny.webm")
    await dispatch(hub, FACILITATOR, "meeting.display", show="clock")
    result = await dispatch(hub, FACILITATOR, "video.start", video_id="film")
    assert result["local_url"] == "/uploaded-media/tiny.webm"
    assert hub.meeting.display["show"] == "video" and hub.meeting.display["video_id"] == "film"
    assert decks.playing(hub) is not None
    assert [c.topic for c in seen][-2:] == ["display", "video"]
    await dispatch(hub, FACILITATOR, "video.stop")
    assert hub.meeting.display == {"show": "clock"}
    assert seen[-1] == Change("video", {"video_id": "film", "action": "stop"})
    with pytest.raises(CommandError):
        await dispatch(hub, FACILITATOR, "video.stop")
    with pytest.raises(Forbidden):
        await dispatch(hub, COHOST, "video.start", video_id="film")


async def test_media_paths_cannot_leave_their_folder(rt) -> None:
    assert decks.uploaded_media_file(rt.settings, "../klynge.db") is None
    assert decks.uploaded_media_file(rt.settings, "findes-ikke.webm") is None


async def test_without_libreoffice_there_are_titles_and_no_error(rt, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    hub, _ = await meeting(rt)
    await dispatch(hub, FACILITATOR, "deck.upload", filename="d.pptx", data=numbered_deck(2))
    assert decks.cached_deck(hub).thumbnails == frozenset()
    assert not decks._tasks and decks.thumbnail_file(hub, 1) is None


FAKE_SOFFICE = """#!/bin/sh
# stands in for LibreOffice: writes <outdir>/deck.pdf
while [ $# -gt 1 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done
printf '%%PDF-1.4 fake' > "$out/deck.pdf"
"""
FAKE_PDFTOPPM = """#!/bin/sh
# stands in for poppler's pdftoppm: writes <prefix>-01.png .. -03.png
for last; do :; done
for n in 01 02 03; do printf '\\211PNG fake' > "$last-$n.png"; done
"""


async def test_thumbnail_pipeline_with_stand_in_tools(rt, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plumbing (subprocesses, file names, cache, change) with tiny stand-ins for soffice and pdftoppm."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name, script in (("soffice", FAKE_SOFFICE), ("pdftoppm", FAKE_PDFTOPPM)):
        (tools / name).write_text(script)
        (tools / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    hub, seen = await meeting(rt)
    await dispatch(hub, FACILITATOR, "deck.upload", filename="d.pptx", data=numbered_deck(3))
    await until(lambda: Change("deck", {"thumbnails": 3}) in seen, timeout=10)
    assert decks.cached_deck(hub).thumbnails == {1, 2, 3}
    assert decks.thumbnail_file(hub, 2).name == "2.png"


@pytest.mark.skipif(decks.office() is None or shutil.which("pdftoppm") is None,
                    reason="real slide thumbnails need LibreOffice (soffice, Debian's libreoffice-impress) and "
                           "pdftoppm (poppler-utils) on PATH; not installed on this machine, so the console shows "
                           "titles only")
async def test_thumbnails_are_rendered_in_the_background(rt) -> None:
    hub, seen = await meeting(rt)
    await dispatch(hub, FACILITATOR, "deck.upload", filename="d.pptx", data=numbered_deck(3))
    await until(lambda: (decks.cached_deck(hub) or decks.DeckInfo(None, T0)).thumbnails == {1, 2, 3}, timeout=120,
                message="no thumbnails after 120 s")
    assert decks.thumbnail_file(hub, 2).read_bytes().startswith(b"\x89PNG")
    assert Change("deck", {"thumbnails": 3}) in seen
