"""Post-its, quick polls, personal notes and the practice plan through the command table."""

from __future__ import annotations

import pytest

from app.live.commands import Actor, CommandError, Forbidden, dispatch
from app.live.hub import Change
from app.store.activities import all_plans, poll_results
from tests.builders import new_meeting
from tests.builders_activities import FACILITATOR, go_to, join, seat

SESSION = "klyngetrivsel-session"


@pytest.fixture
async def hub(rt):
    new = await new_meeting(rt, SESSION)
    return await rt.hub(new.meeting.code)


def changes(hub) -> list[Change]:
    seen: list[Change] = []
    hub.subscribe(seen.append)
    return seen


# -- post-its -----------------------------------------------------------------------------------------
async def test_participants_write_green_and_red_notes_of_their_own(hub) -> None:
    anne = await join(hub, "Anne", "Lægehuset")
    seen = changes(hub)
    green = await dispatch(hub, anne, "postit.add", color="green", text="Fælles mål for klyngen")
    await dispatch(hub, anne, "postit.add", color="red", text="For lidt tid")
    assert [c.topic for c in seen] == ["postits", "postits"]
    board = await dispatch(hub, anne, "postit.board")
    assert [(n.color, n.text, n.heading) for n in board["mine"]] == [
        ("green", "Fælles mål for klyngen", None), ("red", "For lidt tid", None)]
    assert board["headings"][0] == "Fælles værdier og retning"
    with pytest.raises(CommandError) as empty:
        await dispatch(hub, anne, "postit.add", color="green", text="   ")
    assert empty.value.key == "activities.error.postit_empty"
    with pytest.raises(CommandError) as colour:
        await dispatch(hub, anne, "postit.add", color="blue", text="x")
    assert colour.value.key == "activities.error.postit_bad_color"
    with pytest.raises(Forbidden):
        await dispatch(hub, FACILITATOR, "postit.add", color="green", text="x")
    bo = await join(hub, "Bo", "Lægehuset")
    with pytest.raises(Forbidden):
        await dispatch(hub, bo, "postit.edit", post_id=green["id"], text="mit nu")
    with pytest.raises(Forbidden):
        await dispatch(hub, bo, "postit.delete", post_id=green["id"])
    await dispatch(hub, anne, "postit.edit", post_id=green["id"], text="Fælles retning")
    await dispatch(hub, anne, "postit.delete", post_id=board["mine"][1].id)
    assert [n.text for n in (await dispatch(hub, anne, "postit.board"))["mine"]] == ["Fælles retning"]


async def test_a_retried_postit_is_stored_once(hub) -> None:
    anne = await join(hub, "Anne", "Lægehuset")
    first = await dispatch(hub, anne, "postit.add", color="green", text="Kaffe", idem_key="k1")
    again = await dispatch(hub, anne, "postit.add", color="green", text="Kaffe", idem_key="k1")
    assert first["id"] == again["id"]
    assert len((await dispatch(hub, anne, "postit.board"))["mine"]) == 1


async def test_the_table_sorts_its_notes_in_the_sorting_step(hub) -> None:
    anne, bo, carl = await join(hub, "Anne", "A"), await join(hub, "Bo", "B"), await join(hub, "Carl", "C")
    note = await dispatch(hub, anne, "postit.add", color="green", text="Faglige oplæg")
    other = await dispatch(hub, carl, "postit.add", color="red", text="Ingen kommer")
    with pytest.raises(CommandError) as closed:
        await dispatch(hub, bo, "postit.move", post_id=note["id"], heading="Faglig udvikling")
    assert closed.value.key == "activities.error.sorting_closed"
    await seat(hub, [[anne, bo], [carl]])
    await go_to(hub, "gruppearbejde")
    await dispatch(hub, bo, "postit.move", post_id=note["id"], heading="Faglig udvikling")
    with pytest.raises(Forbidden):
        await dispatch(hub, bo, "postit.move", post_id=other["id"], heading="Sammenhold")
    with pytest.raises(CommandError) as bad:
        await dispatch(hub, bo, "postit.move", post_id=note["id"], heading="Noget andet")
    assert bad.value.key == "activities.error.postit_bad_heading"
    table = await dispatch(hub, bo, "postit.board")
    assert [(n.text, n.heading) for n in table["notes"]] == [("Faglige oplæg", "Faglig udvikling")]
    assert table["mine"] == [] and table["sorting"]
    await dispatch(hub, FACILITATOR, "postit.move", post_id=other["id"], heading="Sammenhold")
    await dispatch(hub, anne, "postit.move", post_id=note["id"], heading=None)
    everything = await dispatch(hub, FACILITATOR, "postit.board")
    assert {n.text: n.heading for n in everything["notes"]} == {"Faglige oplæg": None, "Ingen kommer": "Sammenhold"}


# -- polls --------------------------------------------------------------------------------------------
async def test_free_text_poll_takes_two_answers_each_and_ranks_them(hub) -> None:
    anne, bo = await join(hub, "Anne", "A"), await join(hub, "Bo", "B")
    with pytest.raises(CommandError) as closed:
        await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text="Mere tid")
    assert closed.value.key == "activities.error.poll_closed"
    with pytest.raises(Forbidden):
        await dispatch(hub, anne, "poll.open", poll_id="kiap-videre")
    await dispatch(hub, FACILITATOR, "poll.open", poll_id="kiap-videre")
    assert await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text="Lægen skal have tid", idem_key="a1")
    assert not await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text="Lægen skal have tid",
                              idem_key="a1")
    await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text="Netværk", idem_key="a2")
    with pytest.raises(CommandError) as limit:
        await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text="En tredje", idem_key="a3")
    assert (limit.value.key, limit.value.params) == ("activities.error.poll_limit", {"limit": 2})
    assert not await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text="Netværk", idem_key="a2")
    await dispatch(hub, bo, "poll.answer", poll_id="kiap-videre", text="Flere læger i klyngen")
    state = await dispatch(hub, anne, "poll.state")
    assert (state["open"], state["mine"]) == ("kiap-videre", ["Lægen skal have tid", "Netværk"])
    result = await dispatch(hub, FACILITATOR, "poll.results", poll_id="kiap-videre")
    assert result.people == 2 and len(result.answers) == 3
    assert result.ranked[0].count == 2 and result.ranked[0].key == "læg"
    await dispatch(hub, FACILITATOR, "poll.close")
    with pytest.raises(CommandError):
        await dispatch(hub, bo, "poll.answer", poll_id="kiap-videre", text="Sent svar")
    assert (await dispatch(hub, bo, "poll.state"))["last"] == "kiap-videre"
    exported = await poll_results(hub.runtime.db, hub.id)
    assert [r.poll_id for r in exported] == ["kiap-videre"]


async def test_opening_a_poll_closes_the_one_before_and_the_cue_names_its_poll(hub) -> None:
    await go_to(hub, "poll-tager-med")
    assert (await dispatch(hub, FACILITATOR, "poll.state"))["cue"] == "tager-med"
    await dispatch(hub, FACILITATOR, "poll.open", poll_id="kiap-videre")
    await dispatch(hub, Actor("cohost"), "poll.open", poll_id="tager-med")
    assert (await dispatch(hub, FACILITATOR, "poll.state"))["open"] == "tager-med"
    kinds = [(e["kind"], e["data"].get("poll")) for e in await hub.run_log() if e["kind"].startswith("poll")]
    assert kinds == [("poll_opened", "kiap-videre"), ("poll_closed", "kiap-videre"), ("poll_opened", "tager-med")]
    with pytest.raises(CommandError) as unknown:
        await dispatch(hub, FACILITATOR, "poll.open", poll_id="findes-ikke")
    assert unknown.value.key == "activities.error.poll_not_found"


async def test_a_choice_poll_keeps_one_vote_per_person(rt) -> None:
    from app.domain.agenda import Poll

    new = await new_meeting(rt, SESSION)
    hub = await rt.hub(new.meeting.code)
    choice = Poll(id="tema", question="Hvilket tema?", kind="choice", options=["Tid", "Ro"])
    hub.agenda = hub.agenda.model_copy(update={"polls": [*hub.agenda.polls, choice]})
    anne = await join(hub, "Anne", "A")
    await dispatch(hub, FACILITATOR, "poll.open", poll_id="tema")
    await dispatch(hub, anne, "poll.answer", poll_id="tema", text="Tid")
    await dispatch(hub, anne, "poll.answer", poll_id="tema", text="Ro")
    with pytest.raises(CommandError):
        await dispatch(hub, anne, "poll.answer", poll_id="tema", text="Penge")
    result = await dispatch(hub, anne, "poll.results", poll_id="tema")
    assert result.counts == [("Tid", 0), ("Ro", 1)]


# -- personal notes -----------------------------------------------------------------------------------
async def test_personal_notes_are_private_to_their_writer(hub) -> None:
    anne, bo = await join(hub, "Anne", "Lægehuset"), await join(hub, "Bo", "Lægehuset")
    assert await dispatch(hub, anne, "notes.get") == ""
    await dispatch(hub, anne, "notes.save", text="Husk: fælles frokost\n- spørg Bo")
    assert await dispatch(hub, anne, "notes.get") == "Husk: fælles frokost\n- spørg Bo"
    await dispatch(hub, anne, "notes.save", text="Ny tekst")
    assert await dispatch(hub, anne, "notes.get", participant_id=anne.participant_id) == "Ny tekst"
    assert await dispatch(hub, bo, "notes.get") == ""
    for intruder, args in ((bo, {"participant_id": anne.participant_id}), (FACILITATOR, {}),
                           (Actor("cohost"), {}), (Actor("participant", participant_id=None), {})):
        with pytest.raises(Forbidden):
            await dispatch(hub, intruder, "notes.get", **args)
        with pytest.raises(Forbidden):
            await dispatch(hub, intruder, "notes.save", text="overskrevet", **args)
    assert await dispatch(hub, anne, "notes.get") == "Ny tekst"


async def test_notes_of_another_meeting_cannot_be_reached(rt, hub) -> None:
    anne = await join(hub, "Anne", "Lægehuset")
    other = await rt.hub((await new_meeting(rt, SESSION)).meeting.code)
    with pytest.raises(Forbidden):
        await dispatch(other, anne, "notes.get")


# -- implementation plan ------------------------------------------------------------------------------
async def test_colleagues_share_one_plan_and_other_practices_do_not_see_it(hub) -> None:
    anne = await join(hub, "Anne", "Lægerne i Byen")
    bo = await join(hub, "Bo", "  lægerne  i byen")
    carl = await join(hub, "Carl", "Søhuset")
    dora, eva = await join(hub, "Dora"), await join(hub, "Eva")
    seen = changes(hub)
    await dispatch(hub, anne, "plan.save", field="hvad", text="Fast frokostpause")
    assert seen[-1] == Change("plan", {"practice_key": "lægerne i byen", "field": "hvad"})
    await dispatch(hub, bo, "plan.save", field="hvem", text="Bo booker")
    await dispatch(hub, bo, "plan.save", field="hvad", text="Fælles frokost hver dag")
    plan = await dispatch(hub, anne, "plan.get")
    fields = {f["id"]: (f["text"], f["by"]) for f in plan["fields"]}
    assert fields["hvad"] == ("Fælles frokost hver dag", "Bo") and fields["hvem"] == ("Bo booker", "Bo")
    assert plan["practice_name"] == "Lægerne i Byen" and plan["updated_by"] == "Bo"
    assert all(f["text"] == "" for f in (await dispatch(hub, carl, "plan.get"))["fields"])
    with pytest.raises(Forbidden):
        await dispatch(hub, carl, "plan.get", practice_key="lægerne i byen")
    await dispatch(hub, dora, "plan.save", field="hvad", text="Supervision")
    assert all(f["text"] == "" for f in (await dispatch(hub, eva, "plan.get"))["fields"])
    with pytest.raises(Forbidden):
        await dispatch(hub, FACILITATOR, "plan.save", field="hvad", text="x")
    with pytest.raises(CommandError) as bad:
        await dispatch(hub, anne, "plan.save", field="budget", text="x")
    assert bad.value.key == "activities.error.plan_bad_field"
    overview = await dispatch(hub, FACILITATOR, "plan.overview")
    assert [(p["practice_name"], p["members"]) for p in overview] == [
        ("Lægerne i Byen", ["Anne", "Bo"]), ("Søhuset", ["Carl"]), ("Dora", ["Dora"]), ("Eva", ["Eva"])]
    assert (await dispatch(hub, FACILITATOR, "plan.get", practice_key="lægerne i byen"))["updated_by"] == "Bo"
    exported = await all_plans(hub.runtime.db, hub.id)
    assert [(p["practice_name"], p["fields"][0]["text"]) for p in exported] == [
        ("Dora", "Supervision"), ("Lægerne i Byen", "Fælles frokost hver dag")]


async def test_ended_meeting_keeps_plans_and_notes_readable_but_fixed(hub) -> None:
    anne = await join(hub, "Anne", "A")
    await dispatch(hub, anne, "plan.save", field="hvad", text="Plan")
    await dispatch(hub, anne, "notes.save", text="Noter")
    await dispatch(hub, FACILITATOR, "meeting.end")
    assert await dispatch(hub, anne, "notes.get") == "Noter"
    assert (await dispatch(hub, anne, "plan.get"))["fields"][0]["text"] == "Plan"
    with pytest.raises(CommandError) as ended:
        await dispatch(hub, anne, "plan.save", field="hvad", text="Ændret")
    assert ended.value.key == "error.meeting_ended"
