"""The facilitator console, participant and projector pages with NiceGUI's simulated user."""

from __future__ import annotations

from nicegui.testing import User

from app.live.runtime import ready
from tests.builders import facilitator_path, new_meeting, until


async def test_home_lists_the_four_agendas_in_danish(user: User) -> None:
    await user.open("/")
    await user.should_see("Mødeprogrammer")
    for title in ("Trivsel og arbejdsglæde", "Samarbejde og fællesskab", "Klyngetrivsel"):
        await user.should_see(title)
    await user.should_see("Virtuelt møde (Zoom)")
    await user.should_see("Fysisk møde")


async def test_create_meeting_from_home_shows_code_and_links(user: User) -> None:
    await user.open("/")
    user.find(marker="cluster").type("Klynge Nord")
    user.find(marker="create").click()
    await user.should_see(marker="join-code")
    meetings = await (await ready()).meetings.list()
    assert [m.cluster for m in meetings] == ["Klynge Nord"]
    await user.should_see(meetings[0].code)
    await user.should_see(marker="facilitator_url")


async def test_console_controls_drive_the_clock(user: User) -> None:
    new = await new_meeting(await ready())
    await user.open(facilitator_path(new))
    await user.should_see(marker="step-title", content="Check-in")
    await user.should_see(marker="clock-status", content="Ikke startet")
    user.find(marker="toggle").click()
    await user.should_see(marker="clock-status", content="Kører")
    user.find(marker="toggle").click()
    await user.should_see(marker="clock-status", content="Pause")
    user.find(marker="next").click()
    await user.should_see(marker="step-title", content="Velkomst")
    hub = await (await ready()).hub(new.meeting.code)
    assert hub.clock.index == 1 and hub.clock.status == "paused"
    user.find(marker="plus").click()
    await until(lambda: hub.clock.plan[1] == hub.steps[1][1].seconds + 60)
    user.find(marker="minus").click()
    user.find(marker="minus").click()
    await until(lambda: hub.clock.plan[1] == hub.steps[1][1].seconds - 60)
    user.find(marker="previous").click()
    await user.should_see(marker="step-title", content="Check-in")
    assert hub.clock.index == 0


async def test_jump_from_timeline_and_run_log(user: User) -> None:
    new = await new_meeting(await ready())
    await user.open(facilitator_path(new))
    user.find(marker="step-5").click()
    hub = await (await ready()).hub(new.meeting.code)
    await user.should_see(marker="clock-status", content="Kører")
    assert hub.clock.index == 5
    kinds = [e["kind"] for e in await hub.run_log()]
    assert "meeting_started" in kinds and "step_started" in kinds


async def test_wrong_token_is_refused(user: User) -> None:
    new = await new_meeting(await ready())
    await user.open(f"/facilitator/{new.meeting.code}/not-the-token")
    await user.should_see(marker="refused")
    await user.should_not_see(marker="toggle")
    await user.open(f"/cohost/{new.meeting.code}/{new.facilitator_token}")
    await user.should_see(marker="refused")


async def test_participant_joins_and_follows_the_clock(user: User) -> None:
    new = await new_meeting(await ready())
    await user.open(f"/m/{new.meeting.code}")
    await user.should_see(marker="join-form")
    user.find(marker="name").type("Anne Øster")
    user.find(marker="solo").click()
    user.find(marker="join-submit").click()
    await user.should_see("Du deltager som Anne Øster")
    people = await (await ready()).meetings.participants(new.meeting.id)
    assert [(p.name, p.solo) for p in people] == [("Anne Øster", True)]
    await user.should_see("Check-in")


async def test_participant_name_is_required(user: User) -> None:
    new = await new_meeting(await ready())
    await user.open(f"/m/{new.meeting.code}")
    user.find(marker="solo").click()
    user.find(marker="join-submit").click()
    await user.should_see("Skriv dit navn.")
    assert await (await ready()).meetings.participants(new.meeting.id) == []


async def test_projector_shows_join_code(user: User) -> None:
    new = await new_meeting(await ready())
    await user.open(f"/m/{new.meeting.code}/projector")
    await user.should_see(marker="projector-qr")
    await user.should_see(new.meeting.code)


async def test_language_switch_to_english(user: User) -> None:
    await user.open("/")
    await user.should_see("Mødeprogrammer")
    from nicegui import app

    app.storage.user["lang"] = "en"
    await user.open("/")
    await user.should_see("Meeting programmes")
