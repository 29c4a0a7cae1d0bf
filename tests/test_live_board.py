"""Board commands against a real SQLite file: posting, editing, hiding, limits, themes, suggestions, break mode."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import insert

from app.live import board_commands as board
from app.live.commands import Actor, CommandError, Forbidden, dispatch
from app.live.hub import Change, MeetingHub
from app.store.board import themes, visible_posts
from app.store.schema import group_members, posts, rounds
from tests.builders import new_meeting

Q = "klyngeniveau"  # the board question of trivsel-virtuel (step gruppe-belastninger)
STEP = "gruppe-belastninger"
STAFF = Actor("facilitator")


async def join(hub: MeetingHub, name: str) -> Actor:
    result = await dispatch(hub, Actor("participant"), "participant.join", name=name, solo=True)
    return Actor("participant", participant_id=result["participant_id"], name=name)


async def setup(rt: Any) -> tuple[MeetingHub, Actor, Actor, list[Change]]:
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    seen: list[Change] = []
    hub.subscribe(seen.append)
    return hub, await join(hub, "Anne Øster"), await join(hub, "Bo Ærø"), seen


async def put_in_groups(rt: Any, hub: MeetingHub, groups: dict[int, int]) -> None:
    async with rt.db.write() as conn:
        result = await conn.execute(insert(rounds).values(meeting_id=hub.id, step_id=STEP, round_no=1, mode="mixed",
                                                          size=4, seed=0, status="open", report_json="{}"))
        await conn.execute(insert(group_members), [
            {"round_id": result.inserted_primary_key[0], "participant_id": pid, "group_no": no}
            for pid, no in groups.items()])


async def post(hub: MeetingHub, actor: Actor, text: str, **kw: Any):
    return await dispatch(hub, actor, "board.post", question_id=Q, text=text, **kw)


async def test_post_is_stored_with_author_group_and_step_and_published(rt) -> None:
    hub, anne, bo, seen = await setup(rt)
    await put_in_groups(rt, hub, {anne.participant_id: 2, bo.participant_id: 1})
    first = await post(hub, anne, "  Fælles dialogmøde med kommunen  ", idem_key="k1")
    second = await post(hub, bo, "Vikarordning", anonymous=True, idem_key="k2")
    assert (first.text, first.author_name, first.group_no, first.step_id, first.mine) == (
        "Fælles dialogmøde med kommunen", "Anne Øster", 2, STEP, True)
    assert (second.author_name, second.group_no, second.participant_id) == (None, 1, bo.participant_id)
    assert [c.data for c in seen if c.topic == "board"] == [
        {"action": "post", "post_id": first.id, "question_id": Q},
        {"action": "post", "post_id": second.id, "question_id": Q}]
    overview = await dispatch(hub, STAFF, "board.overview", question_id=Q)
    assert overview.groups == [1, 2] and overview.missing == []


async def test_resubmit_with_the_same_key_posts_exactly_once(rt) -> None:
    hub, anne, bo, seen = await setup(rt)
    first = await post(hub, anne, "Bedre samarbejde med sygehuset", idem_key="same")
    again = await post(hub, anne, "Bedre samarbejde med sygehuset", idem_key="same")
    assert again.id == first.id
    assert len(await visible_posts(rt.db, hub.id)) == 1
    assert len([c for c in seen if c.topic == "board"]) == 1
    with pytest.raises(Forbidden):  # someone else's key gives nothing away
        await post(hub, bo, "andet", idem_key="same")


async def test_limits_give_danish_messages(rt) -> None:
    hub, anne, _, _ = await setup(rt)
    for text, key in (("   ", "board.error.empty"), ("x" * 2001, "board.error.too_long")):
        with pytest.raises(CommandError) as err:
            await post(hub, anne, text)
        assert err.value.key == key
    assert len((await post(hub, anne, "y" * 2000)).text) == 2000
    with pytest.raises(CommandError) as err:
        await dispatch(hub, anne, "board.post", question_id="nope", text="hej")
    assert err.value.key == "board.error.no_question"


async def test_authors_edit_and_delete_only_their_own_posts(rt) -> None:
    hub, anne, bo, _ = await setup(rt)
    mine = await post(hub, anne, "Første udgave")
    edited = await dispatch(hub, anne, "board.edit", post_id=mine.id, text="Anden udgave")
    assert edited.text == "Anden udgave"
    stored = await board.store(hub).post(hub.id, mine.id)
    assert stored.text == "Anden udgave" and stored.updated_at is not None
    for name, args in (("board.edit", {"text": "hacket"}), ("board.delete", {})):
        with pytest.raises(Forbidden):
            await dispatch(hub, bo, name, post_id=mine.id, **args)
        with pytest.raises(Forbidden):  # staff hide posts; they do not rewrite them
            await dispatch(hub, STAFF, name, post_id=mine.id, **args)
    with pytest.raises(CommandError) as err:
        await dispatch(hub, anne, "board.edit", post_id=mine.id, text="")
    assert err.value.key == "board.error.empty"
    await dispatch(hub, anne, "board.delete", post_id=mine.id)
    assert await visible_posts(rt.db, hub.id) == []


async def test_hidden_posts_never_reach_participants(rt) -> None:
    hub, anne, bo, seen = await setup(rt)
    bad = await post(hub, anne, "Upassende bemærkning")
    await post(hub, bo, "Godt forslag", anonymous=True)
    with pytest.raises(Forbidden):
        await dispatch(hub, bo, "board.hide", post_id=bad.id)
    await dispatch(hub, Actor("cohost"), "board.hide", post_id=bad.id)
    as_bo = await dispatch(hub, bo, "board.posts", question_id=Q)
    as_anne = await dispatch(hub, anne, "board.posts", question_id=Q)
    assert [p.text for p in as_bo] == [p.text for p in as_anne] == ["Godt forslag"]
    assert as_anne[0].participant_id is None and as_bo[0].mine  # an anonymous author stays anonymous
    assert [p.text for p in await visible_posts(rt.db, hub.id)] == ["Godt forslag"]
    assert len(await dispatch(hub, STAFF, "board.posts", question_id=Q)) == 2
    assert "Upassende" not in str([c.data for c in seen])
    await dispatch(hub, STAFF, "board.hide", post_id=bad.id, hidden=False)
    assert len(await dispatch(hub, bo, "board.posts", question_id=Q)) == 2


async def test_themes_create_rename_move_delete(rt) -> None:
    hub, anne, _, _ = await setup(rt)
    a = await post(hub, anne, "Møde med kommunen")
    b = await post(hub, anne, "Hjemmeplejen ringer for tit")
    theme = await dispatch(hub, STAFF, "board.theme_create", question_id=Q, name="  Kommunen ", post_ids=[a.id])
    assert theme.name == "Kommunen"
    await dispatch(hub, STAFF, "board.move", post_id=b.id, theme_id=theme.id)
    await dispatch(hub, STAFF, "board.theme_rename", theme_id=theme.id, name="Kommune og hjemmepleje")
    names = {p.id: p.theme_name for p in await visible_posts(rt.db, hub.id)}
    assert names == {a.id: "Kommune og hjemmepleje", b.id: "Kommune og hjemmepleje"}
    await dispatch(hub, STAFF, "board.move", post_id=a.id, theme_id=None)
    assert {p.id: p.theme_id for p in await visible_posts(rt.db, hub.id)} == {a.id: None, b.id: theme.id}
    with pytest.raises(CommandError) as err:
        await dispatch(hub, STAFF, "board.theme_rename", theme_id=theme.id, name="x" * 121)
    assert err.value.key == "board.error.theme_too_long"
    with pytest.raises(Forbidden):
        await dispatch(hub, anne, "board.theme_create", question_id=Q, name="Mit tema")
    await dispatch(hub, STAFF, "board.theme_delete", theme_id=theme.id)
    assert await themes(rt.db, hub.id) == []
    assert {p.theme_id for p in await visible_posts(rt.db, hub.id)} == {None}


async def test_suggestions_accept_creates_a_theme_then_extends_it(rt) -> None:
    hub, anne, bo, _ = await setup(rt)
    texts = ["Vi holder alle frokostpausen med lukket telefon", "Huske at holde pauser i løbet af dagen",
             "Bedre samarbejde med sygehuset om udskrivelser", "Dialog med hospitalet om prøvesvar"]
    ids = [(await post(hub, anne, t)).id for t in texts]
    found = await dispatch(hub, STAFF, "board.suggest", question_id=Q)
    pause = next(s for s in found if set(s.post_ids) == {ids[0], ids[1]})
    theme = await dispatch(hub, STAFF, "board.accept", question_id=Q, post_ids=list(pause.post_ids),
                           label=pause.label)
    assert theme.name == pause.label
    later = await post(hub, bo, "Faste pauser hver dag, også frokostpause")
    again = await dispatch(hub, STAFF, "board.suggest", question_id=Q)
    assert all(not set(s.post_ids) & {ids[0], ids[1]} for s in again)  # an accepted group is not suggested again
    extend = next(s for s in again if s.theme_id == theme.id)
    assert extend.post_ids == (later.id,) and extend.label == theme.name
    await dispatch(hub, STAFF, "board.accept", question_id=Q, post_ids=list(extend.post_ids), label=extend.label,
                   theme_id=extend.theme_id)
    in_theme = {p.id for p in await visible_posts(rt.db, hub.id) if p.theme_id == theme.id}
    assert in_theme == {ids[0], ids[1], later.id}
    assert len(await themes(rt.db, hub.id)) == 1  # accepting creates nothing else; rejecting changes nothing


async def test_star_and_projector_helpers(rt) -> None:
    hub, anne, _, _ = await setup(rt)
    a = await post(hub, anne, "Tag det op i plenum")
    b = await post(hub, anne, "Skjult og stjernet")
    await dispatch(hub, STAFF, "board.star", post_id=a.id)
    await dispatch(hub, STAFF, "board.star", post_id=b.id)
    await dispatch(hub, STAFF, "board.hide", post_id=b.id)
    assert [p.id for p in await board.starred_posts(hub)] == [a.id]
    theme = await dispatch(hub, STAFF, "board.theme_create", question_id=Q, name="Plenum", post_ids=[a.id, b.id])
    await dispatch(hub, STAFF, "meeting.display", show="theme", theme_id=theme.id)
    shown, posts = await board.theme_on_show(hub)
    assert shown == theme and [p.id for p in posts] == [a.id]
    await dispatch(hub, STAFF, "board.star", post_id=a.id, starred=False)
    assert await board.starred_posts(hub) == []


async def test_break_mode_refuses_participants_until_lifted(rt) -> None:
    hub, anne, _, seen = await setup(rt)
    mine = await post(hub, anne, "Før pausen")
    assert await dispatch(hub, STAFF, "board.freeze", frozen=True) is True
    assert hub.meeting.board_frozen and seen[-1].data == {"action": "freeze", "frozen": True}
    for name, args in (("board.post", {"question_id": Q, "text": "Under pausen"}),
                       ("board.edit", {"post_id": mine.id, "text": "Ændret"}), ("board.delete", {"post_id": mine.id})):
        with pytest.raises(CommandError) as err:
            await dispatch(hub, anne, name, **args)
        assert err.value.key == "board.error.frozen"
    assert len(await dispatch(hub, anne, "board.posts", question_id=Q)) == 1  # reading still works
    await dispatch(hub, STAFF, "board.freeze", frozen=False)
    await post(hub, anne, "Efter pausen")
    assert len(await visible_posts(rt.db, hub.id)) == 2


async def test_missing_groups_and_post_its_are_not_board_posts(rt) -> None:
    hub, anne, bo, _ = await setup(rt)
    carl = await join(hub, "Carl")
    await put_in_groups(rt, hub, {anne.participant_id: 1, bo.participant_id: 2, carl.participant_id: 3})
    await post(hub, bo, "Fra gruppe 2")
    async with rt.db.write() as conn:  # a post-it of the other activity shares the table, not the board
        await conn.execute(insert(posts).values(meeting_id=hub.id, kind="postit", question_id=Q, text="Grøn seddel",
                                                group_no=1, starred=False, hidden=False, created_at=hub.now()))
    overview = await dispatch(hub, STAFF, "board.overview", question_id=Q)
    assert overview.groups == [1, 2, 3] and overview.missing == [1, 3] and not overview.frozen
    assert [p.text for p in overview.posts] == ["Fra gruppe 2"]
    with pytest.raises(Forbidden):
        await dispatch(hub, anne, "board.overview", question_id=Q)


async def test_pages_reading_after_a_change_share_one_query_and_see_the_change(rt, monkeypatch) -> None:
    hub, anne, bo, _ = await setup(rt)
    calls = []
    original = board.BoardStore.posts

    async def counted(self, *args, **kwargs):
        calls.append(args)
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(board.BoardStore, "posts", counted)
    early = asyncio.ensure_future(board.posts_for(hub, bo))  # a read under way while the post is stored
    await post(hub, anne, "Nyt svar")
    after = await asyncio.gather(*(board.posts_for(hub, bo) for _ in range(20)))
    assert all([p.text for p in seen] == ["Nyt svar"] for seen in after)
    assert len(calls) == 2  # the early read, then one shared read for the twenty pages
    await early
    with pytest.raises(Forbidden):
        await board.overview_for(hub, anne, Q)


async def test_the_post_a_command_returns_is_the_stored_post(rt) -> None:
    """add_post builds the post it returns without reading it back: it must equal what a read gives."""
    from app.store.board import BoardStore
    from tests.builders import new_meeting as make

    new = await make(rt)
    board = BoardStore(rt.db)
    returned, inserted = await board.add_post(new.meeting.id, question_id=Q, text="Fælles vikarordning",
                                              now=rt.now(), step_id="s", participant_id=None,
                                              author_name="Anne Øster", group_no=3, idem_key="k1")
    assert inserted and returned == await board.post(new.meeting.id, returned.id)


async def test_round_groups_take_the_first_step_that_has_a_round_even_an_empty_one(rt) -> None:
    from app.store.board import BoardStore

    hub, anne, bo, _ = await setup(rt)
    board = BoardStore(rt.db)
    assert await board.round_groups(hub.id, [STEP, "other"]) == {}
    await put_in_groups(rt, hub, {anne.participant_id: 2, bo.participant_id: 1})
    assert await board.round_groups(hub.id, ["no-round", STEP]) == {anne.participant_id: 2, bo.participant_id: 1}
    async with rt.db.write() as conn:
        await conn.execute(insert(rounds).values(meeting_id=hub.id, step_id="empty", round_no=2, mode="mixed",
                                                 size=4, seed=0, status="draft", report_json="{}"))
    assert await board.round_groups(hub.id, ["empty", STEP]) == {}


async def test_a_post_gets_the_group_made_after_earlier_posts(rt) -> None:
    """The posts' group lookup is kept between posts and forgotten when the hub announces new groups."""
    hub, anne, bo, _ = await setup(rt)
    first = await post(hub, anne, "Før grupperne")
    assert first.group_no is None
    await put_in_groups(rt, hub, {anne.participant_id: 3, bo.participant_id: 1})
    await hub.publish(Change("groups", {"action": "open"}))  # as the groups commands do after storing
    second = await post(hub, anne, "Efter grupperne")
    assert second.group_no == 3
