"""The post-it, poll, notes and plan tabs with NiceGUI's simulated users."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from nicegui import core, ui
from nicegui.testing import User

from app.live.commands import Actor, dispatch
from app.live.hub import MeetingHub
from app.live.runtime import ready
from app.store.activities import ActivityStore
from app.ui.participant import remember
from tests.builders import facilitator_path, new_meeting, until
from tests.builders_activities import FACILITATOR, go_to, join_with_secret

SESSION = "klyngetrivsel-session"


@pytest.fixture
def create_user(user: User) -> Callable[[], User]:
    """More simulated browsers on the app the `user` fixture started. (NiceGUI's own `create_user` runs the
    app's start-up a second time, which opens a second runtime on the same database while the first one
    is migrating it.)"""
    return lambda: User(httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test"))


async def meeting(agenda: str = SESSION) -> tuple[MeetingHub, str]:
    rt = await ready()
    new = await new_meeting(rt, agenda)
    return await rt.hub(new.meeting.code), facilitator_path(new)


async def sign_in(user: User, hub: MeetingHub, name: str, practice: str | None = None) -> Actor:
    """Join as `name` and open the participant page in this user's browser."""
    actor, secret = await join_with_secret(hub, name, practice)
    await user.open(f"/m/{hub.code}")
    remember(hub.code, actor.participant_id, secret)
    await user.open(f"/m/{hub.code}")
    await user.should_see(f"Du deltager som {name}")
    return actor


def element(user: User, marker: str) -> ui.element:
    return next(iter(user.find(marker=marker).elements))


async def test_participant_writes_postits_and_sorts_them_at_the_table(user: User) -> None:
    hub, _ = await meeting()
    anne = await sign_in(user, hub, "Anne", "Lægehuset")
    user.find(marker="tab-postits").click()
    await user.should_see(marker="no-postits")
    user.find(marker="postit-add").click()
    await user.should_see("Skriv noget på din post-it.")
    user.find(marker="postit-text").type("Faglige oplæg samler os")
    user.find(marker="postit-add").click()
    await user.should_see(marker="my-postit-text", content="Faglige oplæg samler os")
    assert element(user, "postit-text").value == ""
    user.find(marker="postit-color").click()
    element(user, "postit-color").value = "red"
    await user.should_see("Rød post-it: Hvad har presset trivslen?")
    user.find(marker="postit-text").type("x" * 501)
    user.find(marker="postit-add").click()
    await user.should_see("En post-it må højst være 500 tegn.")
    assert element(user, "postit-text").value == "x" * 501
    await user.should_see(marker="sort-help", content="sorteres under overskrifterne i gruppearbejdet")

    await go_to(hub, "gruppearbejde")
    await user.should_see(marker="sort-help", content="Vælg for hver seddel")
    store = ActivityStore(hub.runtime.db)
    note = (await store.postits(hub.id))[0]
    with user:
        element(user, f"move-{note.id}").value = "Faglig udvikling"
    assert await wait_for(lambda: store.postit(hub.id, note.id), lambda n: n.heading == "Faglig udvikling")
    await user.should_see(marker="in-1", content="Faglige oplæg samler os")
    assert anne.participant_id == note.participant_id


async def wait_for(read: Callable, check: Callable, timeout: float = 5.0) -> bool:
    """Poll an async read until `check` accepts its value."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check(await read()):
        if loop.time() > end:
            return False
        await asyncio.sleep(0.02)
    return True


async def test_facilitator_sees_every_note_by_heading_and_colour(user: User) -> None:
    hub, facilitator = await meeting()
    anne, _ = await join_with_secret(hub, "Anne", "A")
    green = await dispatch(hub, anne, "postit.add", color="green", text="Fælles retning")
    await dispatch(hub, anne, "postit.add", color="red", text="Ingen tid")
    await dispatch(hub, FACILITATOR, "postit.move", post_id=green["id"], heading="Sammenhold")
    await user.open(facilitator)
    user.find(marker="tab-postit_overview").click()
    await user.should_see(marker="postit-total", content="2 post-its i alt")
    await user.should_see(marker="in-2", content="Fælles retning")
    await user.should_see(marker="count-2", content="1 grønne · 0 røde")
    await user.should_see(marker="in-unsorted", content="Ingen tid")
    await dispatch(hub, anne, "postit.add", color="green", text="Kaffe og kage")
    await user.should_see(marker="in-unsorted", content="Kaffe og kage")


async def test_a_poll_opened_by_the_facilitator_is_answered_and_ranked(create_user: Callable[[], User]) -> None:
    hub, facilitator_url = await meeting()
    facilitator, participant = create_user(), create_user()
    await sign_in(participant, hub, "Anne", "A")
    participant.find(marker="tab-poll").click()
    await participant.should_see(marker="no-poll")
    await facilitator.open(facilitator_url)
    facilitator.find(marker="tab-polls").click()
    await facilitator.should_see(marker="open-kiap-videre")
    facilitator.find(marker="open-kiap-videre").click()
    await facilitator.should_see(marker="poll-open-badge")
    await participant.should_see(marker="poll-question", content="Nævn de 2 vigtigste ting")
    participant.find(marker="poll-text").type("Lægen skal have mere tid")
    participant.find(marker="poll-send").click()
    await participant.should_see(marker="my-answer", content="Lægen skal have mere tid")
    participant.find(marker="poll-text").type("Flere læger i klyngerne")
    participant.find(marker="poll-send").click()
    await participant.should_see(marker="poll-done")
    await facilitator.should_see(marker="poll-people", content="1 har svaret")
    await facilitator.should_see(marker="ranked-term", content="lægen")
    facilitator.find(marker="close-kiap-videre").click()
    await participant.should_see(marker="no-poll")
    state = await dispatch(hub, FACILITATOR, "poll.state")
    assert state["open"] is None and state["last"] == "kiap-videre"


async def test_projector_shows_the_poll_and_the_postits(user: User) -> None:
    hub, _ = await meeting()
    anne, _ = await join_with_secret(hub, "Anne", "A")
    await dispatch(hub, anne, "postit.add", color="green", text="Godt sammenhold")
    await dispatch(hub, FACILITATOR, "meeting.display", show="postits")
    await user.open(f"/m/{hub.code}/projector")
    await user.should_see("Godt sammenhold")
    await user.should_not_see("Anne")
    await dispatch(hub, FACILITATOR, "poll.open", poll_id="tager-med")
    await dispatch(hub, FACILITATOR, "meeting.display", show="poll")
    await user.should_see("Nævn de 2 vigtigste ting, som du tager med fra denne session?")
    await dispatch(hub, anne, "poll.answer", poll_id="tager-med", text="Sammenhold betyder meget")
    await user.should_see(marker="poll-people", content="1 har svaret")


async def test_personal_notes_autosave_and_stay_private(create_user: Callable[[], User]) -> None:
    hub, _ = await meeting("trivsel-fysisk")
    anne_browser, bo_browser = create_user(), create_user()
    anne = await sign_in(anne_browser, hub, "Anne", "Lægehuset")
    anne_browser.find(marker="tab-notes").click()
    await until(lambda: element(anne_browser, "notes-text").enabled)
    anne_browser.find(marker="notes-text").type("WHO-5: vi ligger lavt")
    store = ActivityStore(hub.runtime.db)
    assert await wait_for(lambda: store.note(anne.participant_id), lambda n: n and n["text"] == "WHO-5: vi ligger lavt")
    await anne_browser.should_see(marker="notes-status", content="Gemt")
    anne_browser.find(marker="notes-text").type(" – tal om det").trigger("blur")
    assert await wait_for(lambda: store.note(anne.participant_id), lambda n: n["text"].endswith("tal om det"))
    await sign_in(bo_browser, hub, "Bo", "Lægehuset")
    bo_browser.find(marker="tab-notes").click()
    await until(lambda: element(bo_browser, "notes-text").value == "")
    assert "WHO-5" not in (element(bo_browser, "notes-text").value or "")


async def test_two_colleagues_fill_in_one_plan(create_user: Callable[[], User]) -> None:
    hub, facilitator_url = await meeting("trivsel-fysisk")
    anne_browser, bo_browser, carl_browser, facilitator = create_user(), create_user(), create_user(), create_user()
    await sign_in(anne_browser, hub, "Anne", "Lægerne i Byen")
    await sign_in(bo_browser, hub, "Bo", "lægerne i byen")
    await sign_in(carl_browser, hub, "Carl", "Søhuset")
    for browser in (anne_browser, bo_browser):
        browser.find(marker="tab-plan").click()
        await browser.should_see(marker="plan-title", content="Implementeringsplan for Lægerne i Byen")
    await until(lambda: element(anne_browser, "plan-hvad").enabled)
    anne_browser.find(marker="plan-hvad").type("Fast frokostpause kl. 12").trigger("blur")
    await until(lambda: element(bo_browser, "plan-hvad").value == "Fast frokostpause kl. 12")
    await bo_browser.should_see(marker="plan-by-hvad", content="Senest skrevet af Anne")
    await until(lambda: element(bo_browser, "plan-hvem").enabled)
    bo_browser.find(marker="plan-hvem").type("Bo").trigger("blur")
    await until(lambda: element(anne_browser, "plan-hvem").value == "Bo")
    assert element(carl_browser, "plan-hvad").value == ""
    await facilitator.open(facilitator_url)
    facilitator.find(marker="tab-plans").click()
    await facilitator.should_see(marker="plan-0-hvad", content="Fast frokostpause kl. 12")
    await facilitator.should_see(marker="plan-1-hvad", content="Ikke udfyldt endnu.")
    await facilitator.should_not_see(marker="plan-hvad")


async def test_a_colleagues_edit_does_not_overwrite_unsaved_typing(create_user: Callable[[], User]) -> None:
    hub, _ = await meeting("trivsel-fysisk")
    anne_browser, bo_browser = create_user(), create_user()
    await sign_in(anne_browser, hub, "Anne", "A")
    bo = await sign_in(bo_browser, hub, "Bo", "A")
    anne_browser.find(marker="tab-plan").click()
    await until(lambda: element(anne_browser, "plan-hvad").value == "")
    with anne_browser:
        element(anne_browser, "plan-hvad").value = "Annes udkast"
    await dispatch(hub, bo, "plan.save", field="hvad", text="Bos version")
    await anne_browser.should_see(marker="plan-changed-hvad", content="Bo har netop ændret feltet.")
    assert element(anne_browser, "plan-hvad").value == "Annes udkast"
    anne_browser.find(marker="plan-hvad").trigger("blur")
    await until(lambda: element(bo_browser, "plan-hvad").value == "Annes udkast")  # the last writer wins
