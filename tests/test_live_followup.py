"""A meeting linked to the cluster's previous one: what was starred and planned, and "Er det sket?"."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert

from app.live.commands import Actor, CommandError, Forbidden, dispatch
from app.store.schema import plans, posts
from tests.builders import new_meeting

FAC = Actor("facilitator")


async def test_previous_meetings_starred_posts_and_plans_become_follow_up_items(rt) -> None:
    first = await new_meeting(rt, "trivsel-fysisk")
    now = rt.now()
    async with rt.db.write() as conn:
        await conn.execute(insert(posts), [
            {"meeting_id": first.meeting.id, "question_id": "q", "text": "Fælles kursus om stress", "starred": True,
             "hidden": False, "created_at": now},
            {"meeting_id": first.meeting.id, "question_id": "q", "text": "Skjult", "starred": True, "hidden": True,
             "created_at": now},
            {"meeting_id": first.meeting.id, "question_id": "q", "text": "Ikke stjerne", "starred": False,
             "hidden": False, "created_at": now},
        ])
        await conn.execute(insert(plans).values(meeting_id=first.meeting.id, practice_key="lægehuset",
                                                practice_name="Lægehuset", updated_at=now,
                                                data_json=json.dumps({"hvad": "Fast frokostpause"})))
    second = await new_meeting(rt, "trivsel-fysisk", previous_code=first.meeting.code)
    assert second.meeting.include_optional  # the follow-up block is in the programme
    hub = await rt.hub(second.meeting.code)
    assert hub.steps[0][1].kind.value == "follow_up"

    items = await dispatch(hub, Actor("participant", participant_id=1), "followup.items")
    assert [(i["kind"], i["text"], i["answer"]) for i in items] == [
        ("starred", "Fælles kursus om stress", None), ("plan", "Lægehuset: Fast frokostpause", None)]

    await dispatch(hub, FAC, "followup.answer", key=items[0]["key"], answer="delvist")
    items = await dispatch(hub, FAC, "followup.items")
    assert items[0]["answer"] == "delvist"
    await dispatch(hub, FAC, "followup.answer", key=items[0]["key"], answer="ja")
    assert (await dispatch(hub, FAC, "followup.items"))[0]["answer"] == "ja"

    with pytest.raises(Forbidden):
        await dispatch(hub, Actor("participant", participant_id=1), "followup.answer", key=items[0]["key"],
                       answer="nej")
    with pytest.raises(CommandError):
        await dispatch(hub, FAC, "followup.answer", key="post:999", answer="ja")
    with pytest.raises(CommandError):
        await dispatch(hub, FAC, "followup.answer", key=items[0]["key"], answer="måske")


async def test_meeting_without_previous_has_no_follow_up_block(rt) -> None:
    new = await new_meeting(rt, "trivsel-fysisk")
    hub = await rt.hub(new.meeting.code)
    assert all(s.kind.value != "follow_up" for _, s in hub.steps)
    assert await dispatch(hub, FAC, "followup.items") == []


async def test_console_asks_er_det_sket_in_the_follow_up_step(user) -> None:
    from app.live.runtime import ready
    from tests.builders import eventually, facilitator_path

    rt = await ready()
    first = await new_meeting(rt, "trivsel-fysisk")
    async with rt.db.write() as conn:
        await conn.execute(insert(posts).values(meeting_id=first.meeting.id, question_id="q", text="Kommunemøde",
                                                starred=True, hidden=False, created_at=rt.now()))
    second = await new_meeting(rt, "trivsel-fysisk", previous_code=first.meeting.code)
    await user.open(facilitator_path(second))
    await user.should_see("Er det sket?")
    await user.should_see("Kommunemøde")
    user.find(marker="followup-ja").click()
    hub = await rt.hub(second.meeting.code)
    await eventually(lambda: dispatch(hub, FAC, "followup.items"), lambda items: items[0]["answer"] == "ja")
