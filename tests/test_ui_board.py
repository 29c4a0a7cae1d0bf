"""The "Tavle" tabs and the projector's board displays with NiceGUI's simulated users."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from nicegui import core, ui
from nicegui.testing import User

from app.live.commands import Actor, dispatch
from app.live.runtime import Runtime, ready
from app.store.board import themes, visible_posts
from app.ui.widgets import PostFeed
from tests.builders import facilitator_path, new_meeting, until

ZOOM = Path(__file__).resolve().parent / "data" / "zoom"
Q = "klyngeniveau"


@pytest.fixture
def more_users(user: User) -> Callable[[], User]:
    """More simulated browsers on the same app. (NiceGUI's `create_user` runs the app's start-up a second time,
    which would open and migrate the runtime twice.)"""
    return lambda: User(httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test"))


async def joined(user: User, code: str, name: str) -> None:
    await user.open(f"/m/{code}")
    user.find(marker="name").type(name)
    user.find(marker="solo").click()
    user.find(marker="join-submit").click()
    await user.should_see(f"Du deltager som {name}")
    await user.should_see(marker="post-input")


def field(user: User) -> ui.textarea:
    return next(iter(user.find(marker="post-input").elements))


async def posts_of(rt: Runtime, code: str) -> list:
    return await visible_posts(rt.db, (await rt.hub(code)).id)


async def test_a_post_appears_for_the_other_participant_and_the_facilitator(user: User,
                                                                             more_users: Callable[[], User]) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    code = new.meeting.code
    anne, bo, staff = user, more_users(), more_users()
    await joined(anne, code, "Anne Øster")
    await joined(bo, code, "Bo Ærø")
    await staff.open(facilitator_path(new))
    await staff.should_see("Er der noget, I kan gøre på klyngeniveau?")

    anne.find(marker="post-input").type("Fælles dialogmøde med kommunen")
    anne.find(marker="post-send").click()
    await until(lambda: field(anne).value == "")
    for viewer in (anne, bo, staff):
        await viewer.should_see("Fælles dialogmøde med kommunen", retries=20)
    await staff.should_see("Anne Øster", retries=20)

    bo.find(marker="post-anonymous").click()
    bo.find(marker="post-input").type("Vikarordning i klyngen")
    bo.find(marker="post-send").click()
    await anne.should_see("Vikarordning i klyngen", retries=20)
    await staff.should_see("Anonym", retries=20)
    stored = await posts_of(rt, code)
    assert [(p.author_name, p.text) for p in stored] == [("Anne Øster", "Fælles dialogmøde med kommunen"),
                                                         (None, "Vikarordning i klyngen")]


async def test_empty_and_too_long_answers_keep_the_typed_text(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    await joined(user, new.meeting.code, "Anne Øster")
    user.find(marker="post-send").click()
    await user.should_see("Skriv dit svar, før du sender.")
    long_text = "ø" * 2001
    user.find(marker="post-input").type(long_text)
    user.find(marker="post-send").click()
    await user.should_see("Svaret er for langt: 2001 tegn")
    assert field(user).value == long_text
    assert await posts_of(rt, new.meeting.code) == []


async def test_a_draft_survives_a_reload(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    await joined(user, new.meeting.code, "Anne Øster")
    user.find(marker="post-input").type("Halvt skrevet svar")
    await user.open(f"/m/{new.meeting.code}")
    await user.should_see(marker="post-input")
    assert field(user).value == "Halvt skrevet svar"
    user.find(marker="post-send").click()
    await until(lambda: field(user).value == "")
    await user.open(f"/m/{new.meeting.code}")
    await user.should_see("Halvt skrevet svar")  # on the board, no longer in the field
    assert field(user).value == ""


async def test_own_post_can_be_edited_and_deleted(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    await joined(user, new.meeting.code, "Anne Øster")
    user.find(marker="post-input").type("Første udgave")
    user.find(marker="post-send").click()
    await until(lambda: _has_text(user, "Første udgave"))
    post_id, *_, mine = _feed(user).props["posts"][0]
    assert mine
    user.find(marker="post-feed").trigger("edit", post_id)  # the edit button of one's own post
    user.find(marker="edit-input").clear().type("Anden udgave")
    user.find(marker="edit-save").click()
    await eventually(lambda: _texts(rt, new.meeting.code, ["Anden udgave"]))
    await until(lambda: _has_text(user, "Anden udgave") and not _has_text(user, "Første udgave"))
    user.find(marker="post-feed").trigger("delete", post_id)
    user.find(marker="delete-confirm").click()
    await user.should_see("Ingen svar endnu.", retries=20)
    assert await posts_of(rt, new.meeting.code) == []


async def test_the_feed_offers_edit_and_delete_only_for_ones_own_posts(user: User,
                                                                       more_users: Callable[[], User]) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    anne, bo = user, more_users()
    await joined(anne, new.meeting.code, "Anne Øster")
    await joined(bo, new.meeting.code, "Bo Holm")
    bo.find(marker="post-input").type("Bos svar")
    bo.find(marker="post-send").click()
    await until(lambda: _has_text(anne, "Bos svar"))
    post_id, text, meta, hidden, mine = _feed(anne).props["posts"][0]
    assert (text, meta.startswith("Bo Holm"), hidden, mine) == ("Bos svar", True, False, False)
    anne.find(marker="post-feed").trigger("delete", post_id)  # a forged click on someone else's post
    await anne.should_not_see(marker="delete-confirm")
    assert [p.text for p in await posts_of(rt, new.meeting.code)] == ["Bos svar"]


async def _texts(rt: Runtime, code: str, expected: list[str]) -> bool:
    return [p.text for p in await posts_of(rt, code)] == expected


async def _in_themes(rt: Runtime, meeting_id: int, expected: set[int]) -> bool:
    return {p.id for p in await visible_posts(rt.db, meeting_id) if p.theme_id} == expected


async def _count(rows: Awaitable[list], n: int) -> bool:
    return len(await rows) == n


async def _starred(rt: Runtime, meeting_id: int) -> bool:
    return any(p.starred for p in await visible_posts(rt.db, meeting_id))


async def test_facilitator_sorts_hides_and_freezes_the_board(user: User, more_users: Callable[[], User]) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    code = new.meeting.code
    staff, anne = user, more_users()
    await joined(anne, code, "Anne Øster")
    hub = await rt.hub(code)
    me = Actor("participant", participant_id=(await hub.participants())[0].id, name="Anne Øster")
    texts = ["Vi holder alle frokostpausen med lukket telefon", "Huske at holde pauser i løbet af dagen",
             "Upassende bemærkning", "Bedre samarbejde med sygehuset om udskrivelser",
             "Dialog med hospitalet om hvem der følger op på prøvesvar"]
    ids = [(await dispatch(hub, me, "board.post", question_id=Q, text=t)).id for t in texts]
    await staff.open(facilitator_path(new))
    await staff.should_see("Upassende bemærkning", retries=20)

    staff.find(marker=f"hide-{ids[2]}").click()
    await until(lambda: not _has_text(anne, "Upassende bemærkning"))
    staff.find(marker="board-suggest").click()
    await staff.should_see(marker="suggestion", retries=20)
    assert len(staff.find(marker="suggestion").elements) == 2
    staff.find(marker=f"reject-{ids[0]}").click()  # the pause posts
    await until(lambda: len(staff.find(marker="suggestion").elements) == 1)
    staff.find(marker="board-suggest").click()  # asking again does not bring a rejected group back
    await until(lambda: len(staff.find(marker="suggestion").elements) == 1)
    staff.find(marker=f"accept-{ids[3]}").click()  # sygehus / hospital
    await eventually(lambda: _count(themes(rt.db, hub.id), 1), message="theme not created")
    await eventually(lambda: _in_themes(rt, hub.id, {ids[3], ids[4]}))
    staff.find(marker="theme-name").type("Kommunen")
    staff.find(marker="theme-add").click()
    await staff.should_see("Kommunen", retries=20)
    staff.find(marker=f"star-{ids[0]}").click()
    await eventually(lambda: _starred(rt, hub.id))

    staff.find(marker="board-freeze").click()
    await anne.should_see(marker="board-frozen-note", retries=20)
    assert not next(iter(anne.find(marker="post-send").elements)).enabled
    staff.find(marker="board-freeze").click()
    await until(lambda: next(iter(anne.find(marker="post-send").elements)).enabled)


def _has_text(user: User, text: str) -> bool:
    return any(text in feed.texts for feed in user.find(marker="post-feed").elements)


def _feed(user: User) -> PostFeed:
    return next(iter(user.find(marker="post-feed").elements))


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 5.0, message: str = "") -> None:
    """Like `until`, for a condition that reads the store."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not await check():
        if loop.time() > end:
            raise AssertionError(message or "condition not met in time")
        await asyncio.sleep(0.02)


async def test_chat_upload_adds_posts_and_names_the_line_of_a_bad_file(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    await user.open(facilitator_path(new))
    await user.should_see(marker="chat-upload")
    upload = next(iter(user.find(marker="chat-upload").elements))
    data = (ZOOM / "new_multiline.txt").read_bytes()
    await upload.handle_uploads([ui.upload.SmallFileUpload("meeting_saved_chat.txt", "text/plain", data)])
    await user.should_see("7 beskeder hentet, 0 sprunget over", retries=20)
    await user.should_see("Vikarbank i klyngen 🙂", retries=20)
    await upload.handle_uploads([ui.upload.SmallFileUpload("meeting_saved_chat.txt", "text/plain", data)])
    await user.should_see("0 beskeder hentet, 7 sprunget over", retries=20)
    bad = (ZOOM / "not_a_chat.txt").read_bytes()
    await upload.handle_uploads([ui.upload.SmallFileUpload("program.txt", "text/plain", bad)])
    await user.should_see("program.txt, linje 1:", retries=20)
    assert len(await posts_of(rt, new.meeting.code)) == 7


async def test_projector_shows_starred_posts_and_the_chosen_theme(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    staff = Actor("facilitator")
    await dispatch(hub, Actor("admin"), "board.import_chat", data=(ZOOM / "cloud_recording.txt").read_bytes())
    posts = await posts_of(rt, new.meeting.code)
    await dispatch(hub, staff, "board.star", post_id=posts[1].id)
    await dispatch(hub, staff, "meeting.display", show="starred")
    await user.open(f"/m/{new.meeting.code}/projector")
    await user.should_see(posts[1].text, retries=20)
    await user.should_not_see(posts[2].text)
    theme = await dispatch(hub, staff, "board.theme_create", question_id=Q, name="Vikarer", post_ids=[posts[4].id])
    await dispatch(hub, staff, "meeting.display", show="theme", theme_id=theme.id)
    await user.should_see(marker="projector-theme-name", retries=20)
    await user.should_see("Vikarer")
    await user.should_see(posts[4].text, retries=20)
