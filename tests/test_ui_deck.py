"""Slides in the consoles after an upload, with NiceGUI's simulated user."""

from __future__ import annotations

from datetime import date, time

from nicegui import ui
from nicegui.testing import User

from app.live.runtime import ready
from tests.builders import cohost_path, facilitator_path
from tests.builders_deck import deck_agenda, make_deck, numbered_deck

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


async def new_deck_meeting():
    rt = await ready()
    return await rt.create_meeting(deck_agenda(), cluster="Slideklyngen", day=date(2026, 11, 23), start=time(17, 0))


async def upload(user: User, name: str, data: bytes) -> None:
    element = next(iter(user.find(marker="deck-upload").elements))
    await element.handle_uploads([ui.upload.SmallFileUpload(name, PPTX, data)])


async def test_console_shows_the_current_steps_slides_after_upload(user: User) -> None:
    new = await new_deck_meeting()
    await user.open(facilitator_path(new))
    await user.should_see(marker="step-title", content="Velkomst")
    await user.should_see(marker="deck-none")
    await user.should_not_see(marker="deck-slides")
    await upload(user, "møde.pptx", make_deck([
        ("Velkommen", "Program", "Sig goddag til alle."), ("Dagens program", "", "Gennemgå tiderne."),
        ("Data", "", ""), ("Mere data", "", ""), ("Tak", "", "")]))
    await user.should_see(marker="deck-summary", content="møde.pptx · 5 slides")
    await user.should_see(marker="deck-ok")
    await user.should_see(marker="slide-title", content="1 · Velkommen")
    await user.should_see(marker="slide-title", content="2 · Dagens program")
    await user.should_see(marker="slide-notes", content="Sig goddag til alle.")
    await user.should_see(marker="next-slide", content="Næste slide at vise: 3 · Data (trin: Data fra undersøgelsen)")
    user.find(marker="next").click()  # starts the meeting
    await user.should_see(marker="clock-status", content="Kører")
    user.find(marker="next").click()
    await user.should_see(marker="step-title", content="Data fra undersøgelsen")
    await user.should_see(marker="slide-title", content="3 · Data")
    await user.should_not_see(marker="slide-notes")
    await user.should_see(marker="video-start")  # no local copy: the button opens the film's link


async def test_deck_check_warnings_in_the_slides_tab(user: User) -> None:
    new = await new_deck_meeting()
    await user.open(facilitator_path(new))
    await upload(user, "kort.pptx", numbered_deck(4))
    await user.should_see(marker="deck-problem", content="slide 5, men præsentationen har kun 4 slides")
    await upload(user, "programmet.pdf", b"%PDF-1.4")
    await user.should_see("Filen kan ikke bruges")
    await user.should_see(marker="deck-summary", content="kort.pptx · 4 slides")


async def test_participant_sees_titles_and_cohost_sees_the_current_steps_titles(user: User) -> None:
    new = await new_deck_meeting()
    rt = await ready()
    hub = await rt.hub(new.meeting.code)
    from app.live import deck_commands  # noqa: F401  (registers the commands)
    from app.live.commands import Actor, dispatch

    await dispatch(hub, Actor("facilitator"), "deck.upload", filename="d.pptx", data=numbered_deck(5))
    await user.open(f"/m/{new.meeting.code}")
    user.find(marker="name").type("Anne Øster")
    user.find(marker="solo").click()
    user.find(marker="join-submit").click()
    await user.should_see(marker="step-info", content="1 · Slide nummer 1")
    await user.should_not_see(marker="slide-notes")
    await user.should_not_see(marker="next-slide")
    await user.open(cohost_path(new))  # the co-host's console has no step card: the Slides tab names them
    await user.should_see(marker="slide-title", content="2 · Slide nummer 2")
    await user.should_not_see(marker="slide-notes")
