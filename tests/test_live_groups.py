"""Breakout groups against a real SQLite file: roster import and fixes, rounds from the agenda's cues, moves with
warnings, late joiners, opening and closing, each participant's own group, messages, roles."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.roster import practice_key
from app.live import groups_commands  # noqa: F401  (registers the groups.* commands)
from app.live.commands import Actor, CommandError, Forbidden, dispatch
from app.live.groups_commands import round_specs
from app.live.hub import Change, MeetingHub
from tests.builders import new_meeting

COHOST = Actor("cohost")
FIRST, SECOND = "gruppe-positive", "gruppe-belastninger"  # the first two rounds of trivsel-virtuel

ROSTER = """navn;praksis;email
Anne Øster;Lægehuset Nord;anne@nord.dk
Bo Ærø;Lægehuset Nord;bo@nord.dk
Carl Å;Lægehuset Nord;
Dorte Lund;Klinik Syd;dorte@syd.dk
Erik Holm;Klinik Syd;erik@syd.dk
Frida Berg;Klinik Syd;frida@syd.dk
Gitte Hansen;Lægerne i Byen;gitte@byen.dk
Hans Møller;Lægerne i Byen;hans@byen.dk
Ida Krogh;Centrum;ida@centrum.dk
Jens Bak;Centrum;jens@centrum.dk
Karen Vinther;;karen@solo.dk
Lars Dahl;;lars@solo.dk
Mette Friis;;
Niels Skov;;niels@solo.dk
""".encode()


async def setup(rt: Any, agenda_id: str = "trivsel-virtuel") -> tuple[MeetingHub, list[Change]]:
    new = await new_meeting(rt, agenda_id)
    hub = await rt.hub(new.meeting.code)
    seen: list[Change] = []
    hub.subscribe(seen.append)
    return hub, seen


async def with_roster(rt: Any) -> tuple[MeetingHub, list[Change]]:
    hub, seen = await setup(rt)
    assert await dispatch(hub, COHOST, "groups.import_roster", content=ROSTER, filename="liste.csv") == {
        "added": 14, "kept": 0}
    return hub, seen


async def groups_of(hub: MeetingHub, step_id: str) -> dict[int, list[Any]]:
    view = next(r for r in (await dispatch(hub, COHOST, "groups.overview")).rounds if r.spec.step_id == step_id)
    return {g.no: g.members for g in view.groups}


def clashes(groups: dict[int, list[Any]]) -> list[str]:
    out = []
    for members in groups.values():
        keys = [practice_key(m.practice) for m in members if not m.solo]
        out += [k for k in set(keys) if keys.count(k) > 1]
    return out


async def test_import_stores_people_as_imported_and_publishes(rt) -> None:
    hub, seen = await with_roster(rt)
    people = await dispatch(hub, COHOST, "groups.roster")
    assert len(people) == 14 and {p.source for p in people} == {"import"}
    assert not any(p.joined for p in people)
    mette = next(p for p in people if p.name == "Mette Friis")
    assert (mette.practice, mette.solo, mette.email) == (None, True, None)
    assert any(c.topic == "participants" for c in seen)
    again = await dispatch(hub, COHOST, "groups.import_roster", content=ROSTER, filename="liste.csv")
    assert again == {"added": 0, "kept": 14}


@pytest.mark.parametrize(("content", "expected"), [
    (b"navn;praksis\nAnne;Nord\n;Syd\n", "liste.csv: række 3, kolonne 'navn': kolonnen 'navn' er tom"),
    (b"navn;email\nAnne;a@b.dk\n", "kolonnen 'praksis' mangler"),
    (b"navn,praksis\nAnne,Nord\nanne,nord\n", "række 3"),
])
async def test_bad_roster_names_the_row_and_changes_nothing(rt, content: bytes, expected: str) -> None:
    hub, _ = await setup(rt)
    await dispatch(hub, Actor("participant"), "participant.join", name="Allerede Her", solo=True)
    with pytest.raises(CommandError) as err:
        await dispatch(hub, COHOST, "groups.import_roster", content=content, filename="liste.csv")
    assert err.value.key == "groups.error.bad_roster" and expected in err.value.params["detail"]
    assert [p.name for p in await dispatch(hub, COHOST, "groups.roster")] == ["Allerede Her"]


async def test_too_large_roster_is_refused(rt) -> None:
    hub, _ = await setup(rt)
    with pytest.raises(CommandError) as err:
        await dispatch(hub, COHOST, "groups.import_roster", content=b"x" * (2 * 1024 * 1024 + 1), filename="a.csv")
    assert err.value.key == "groups.error.too_large"


async def test_cohost_fixes_and_removes_entries(rt) -> None:
    hub, _ = await with_roster(rt)
    carl = next(p for p in await dispatch(hub, COHOST, "groups.roster") if p.name == "Carl Å")
    await dispatch(hub, COHOST, "groups.edit_person", participant_id=carl.id, name="  Carl  Åberg ", practice=None,
                   solo=True, email="carl@solo.dk")
    fixed = next(p for p in await dispatch(hub, COHOST, "groups.roster") if p.id == carl.id)
    assert (fixed.name, fixed.practice, fixed.solo, fixed.email) == ("Carl Åberg", None, True, "carl@solo.dk")
    with pytest.raises(CommandError) as err:
        await dispatch(hub, COHOST, "groups.edit_person", participant_id=carl.id, name="", practice="X")
    assert err.value.key == "error.name_empty"
    await dispatch(hub, COHOST, "groups.remove_person", participant_id=carl.id)
    assert carl.id not in {p.id for p in await dispatch(hub, COHOST, "groups.roster")}
    with pytest.raises(CommandError):
        await dispatch(hub, COHOST, "groups.remove_person", participant_id=carl.id)


async def test_rounds_come_from_the_open_rooms_cues_in_order(rt) -> None:
    hub, _ = await setup(rt)
    specs = round_specs(hub)
    assert [(s.round_no, s.step_id, s.mode, s.size) for s in specs] == [
        (1, FIRST, "mixed", 4), (2, SECOND, "mixed", 4), (3, "gruppe-arbejdspres", "mixed", 4)]
    assert specs[0].title == "Gruppearbejde om positive forhold for arbejdsglæden"
    assert all(s.cue_index < s.step_index <= s.close_index for s in specs)
    physical, _ = await setup(rt, "trivsel-fysisk")
    assert [s.mode for s in round_specs(physical)] == ["mixed", "own_practice"]


async def test_generate_keeps_colleagues_apart_and_regenerate_changes_the_seed(rt) -> None:
    hub, seen = await with_roster(rt)
    assert await dispatch(hub, COHOST, "groups.generate", step_id=FIRST) == 4
    groups = await groups_of(hub, FIRST)
    assert sorted(len(m) for m in groups.values()) == [3, 3, 4, 4] and clashes(groups) == []
    assert sum(len(m) for m in groups.values()) == 14
    assert any(c.topic == "groups" and c.data["action"] == "generate" for c in seen)
    first = (await dispatch(hub, COHOST, "groups.overview")).rounds[0]
    assert (first.status, first.seed, first.conflict_pairs, first.unplaced) == ("draft", 0, 0, [])
    assert [g.room for g in first.groups] == ["Gruppe 1", "Gruppe 2", "Gruppe 3", "Gruppe 4"]
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    again = (await dispatch(hub, COHOST, "groups.overview")).rounds[0]
    assert again.seed == 1 and clashes(await groups_of(hub, FIRST)) == []


async def test_later_round_avoids_earlier_pairs(rt) -> None:
    hub, _ = await with_roster(rt)
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    await dispatch(hub, COHOST, "groups.generate", step_id=SECOND)
    second = (await dispatch(hub, COHOST, "groups.overview")).rounds[1]
    assert second.repeated_pairs == 0 and second.conflict_pairs == 0
    earlier = {frozenset((a.id, b.id)) for m in (await groups_of(hub, FIRST)).values() for a in m for b in m
               if a.id != b.id}
    later = {frozenset((a.id, b.id)) for m in (await groups_of(hub, SECOND)).values() for a in m for b in m
             if a.id != b.id}
    assert not earlier & later


async def test_move_warns_when_it_breaks_a_rule(rt) -> None:
    hub, _ = await with_roster(rt)
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    groups = await groups_of(hub, FIRST)
    anne_no, anne = next((no, m) for no, ms in groups.items() for m in ms if m.name == "Anne Øster")
    bo_no = next(no for no, ms in groups.items() for m in ms if m.name == "Bo Ærø")
    warnings = await dispatch(hub, COHOST, "groups.move", step_id=FIRST, participant_id=anne.id, group_no=bo_no)
    assert any("egen praksis" in w and "Bo Ærø" in w for w in warnings)
    assert any(m.name == "Anne Øster" for m in (await groups_of(hub, FIRST))[bo_no])
    view = (await dispatch(hub, COHOST, "groups.overview")).rounds[0]
    assert view.conflict_pairs == 1
    assert any(key == "groups.issue.clash" for g in view.groups if g.no == bo_no for key, _ in g.issues)
    alone = await dispatch(hub, COHOST, "groups.move", step_id=FIRST, participant_id=anne.id, group_no=5)
    assert any("alene" in w for w in alone) and (await groups_of(hub, FIRST))[5][0].id == anne.id
    assert await dispatch(hub, COHOST, "groups.move", step_id=FIRST, participant_id=anne.id, group_no=anne_no) == []
    with pytest.raises(CommandError) as err:
        await dispatch(hub, COHOST, "groups.move", step_id=FIRST, participant_id=anne.id, group_no=9)
    assert err.value.key == "groups.error.no_group"


async def test_open_and_close_rooms_and_each_participant_sees_only_their_group(rt) -> None:
    hub, seen = await setup(rt)
    actors = []
    for name, practice in [("Anne", "Nord"), ("Bo", "Nord"), ("Carl", "Syd"), ("Dorte", "Syd"), ("Erik", None),
                           ("Frida", None), ("Gitte", "Vest"), ("Hans", "Vest")]:
        result = await dispatch(hub, Actor("participant"), "participant.join", name=name, practice=practice,
                                solo=practice is None)
        actors.append(Actor("participant", participant_id=result["participant_id"], name=name))
    with pytest.raises(CommandError) as err:
        await dispatch(hub, COHOST, "groups.open", step_id=FIRST)
    assert err.value.key == "groups.error.not_generated"
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    assert await dispatch(hub, actors[0], "groups.mine") is None  # a draft is not shown
    await dispatch(hub, COHOST, "groups.open", step_id=FIRST)
    assert [c.data for c in seen if c.topic == "groups"][-1] == {"action": "open", "step_id": FIRST}
    groups = await groups_of(hub, FIRST)
    for actor in actors:
        mine = await dispatch(hub, actor, "groups.mine")
        ids = {m.id for m in mine.members}
        assert actor.participant_id in ids and mine.room == f"Gruppe {mine.group_no}" and mine.virtual
        assert ids == {m.id for m in groups[mine.group_no]}
        assert mine.questions and mine.step_id == FIRST and mine.round_no == 1
    assert await dispatch(hub, COHOST, "groups.mine") is None
    with pytest.raises(CommandError) as err:
        await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    assert err.value.key == "groups.error.is_open"
    await dispatch(hub, COHOST, "groups.close", step_id=FIRST)
    assert await dispatch(hub, actors[0], "groups.mine") is None
    kinds = [e["kind"] for e in await hub.run_log()]
    assert "rooms_opened" in kinds and "rooms_closed" in kinds


async def test_opening_a_round_closes_the_open_one(rt) -> None:
    hub, _ = await with_roster(rt)
    for step in (FIRST, SECOND):
        await dispatch(hub, COHOST, "groups.generate", step_id=step)
    await dispatch(hub, COHOST, "groups.open", step_id=FIRST)
    await dispatch(hub, COHOST, "groups.open", step_id=SECOND)
    assert [r.status for r in (await dispatch(hub, COHOST, "groups.overview")).rounds[:2]] == ["closed", "open"]


async def test_participant_cannot_run_the_cohost_commands(rt) -> None:
    hub, _ = await with_roster(rt)
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    result = await dispatch(hub, Actor("participant"), "participant.join", name="Ole", solo=True)
    ole = Actor("participant", participant_id=result["participant_id"], name="Ole")
    for name, args in [("groups.generate", {"step_id": FIRST}), ("groups.open", {"step_id": FIRST}),
                       ("groups.close", {"step_id": FIRST}), ("groups.place_new", {"step_id": FIRST}),
                       ("groups.move", {"step_id": FIRST, "participant_id": ole.participant_id, "group_no": 1}),
                       ("groups.import_roster", {"content": ROSTER, "filename": "a.csv"}),
                       ("groups.remove_person", {"participant_id": 1}), ("groups.overview", {}),
                       ("groups.roster", {}), ("groups.broadcast", {"text": "hej"}), ("groups.warn", {}),
                       ("groups.zoom_csv", {"step_id": FIRST})]:
        with pytest.raises(Forbidden):
            await dispatch(hub, ole, name, **args)


async def test_late_joiners_are_placed_by_hand_in_a_draft_and_at_once_when_open(rt) -> None:
    hub, _ = await with_roster(rt)
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    first = await dispatch(hub, Actor("participant"), "participant.join", name="Ole Sen", practice="Klinik Syd")
    view = (await dispatch(hub, COHOST, "groups.overview")).rounds[0]
    assert [m.name for m in view.unplaced] == ["Ole Sen"]
    placed = await dispatch(hub, COHOST, "groups.place_new", step_id=FIRST)
    assert placed["placed"][0].startswith("Ole Sen: Gruppe ")
    assert clashes(await groups_of(hub, FIRST)) == []
    await dispatch(hub, COHOST, "groups.open", step_id=FIRST)
    late = await dispatch(hub, Actor("participant"), "participant.join", name="Pia Rask", practice="Lægehuset Nord")
    pia = Actor("participant", participant_id=late["participant_id"], name="Pia Rask")
    mine = await dispatch(hub, pia, "groups.mine")
    assert mine is not None and pia.participant_id in {m.id for m in mine.members}
    assert clashes(await groups_of(hub, FIRST)) == []
    assert first["participant_id"] in {m.id for ms in (await groups_of(hub, FIRST)).values() for m in ms}


async def test_joining_with_an_imported_name_and_practice_takes_that_row(rt) -> None:
    hub, _ = await with_roster(rt)
    result = await dispatch(hub, Actor("participant"), "participant.join", name="anne  øster",
                            practice="lægehuset nord")
    people = await dispatch(hub, COHOST, "groups.roster")
    assert len(people) == 14
    anne = next(p for p in people if p.id == result["participant_id"])
    assert (anne.name, anne.email, anne.joined) == ("Anne Øster", "anne@nord.dk", True)
    assert await hub.verify_participant(result["participant_id"], result["secret"]) is not None
    # The row is taken now: a second "Anne Øster" becomes a new participant.
    again = await dispatch(hub, Actor("participant"), "participant.join", name="Anne Øster",
                           practice="Lægehuset Nord")
    assert again["participant_id"] != result["participant_id"]
    solo = await dispatch(hub, Actor("participant"), "participant.join", name="Mette Friis", solo=True)
    assert solo["participant_id"] in {p.id for p in people}


async def test_broadcast_and_manual_warning_reach_everyone_as_alerts(rt) -> None:
    hub, seen = await setup(rt)
    assert await dispatch(hub, Actor("facilitator"), "groups.broadcast", text="  5 minutter <b>tilbage</b> ") == (
        "5 minutter <b>tilbage</b>")
    await dispatch(hub, COHOST, "groups.warn")
    alerts = [c.data for c in seen if c.topic == "alert"]
    assert alerts[0]["kind"] == "message" and alerts[0]["text"] == "5 minutter <b>tilbage</b>"
    assert alerts[1] == {"kind": "warn", "step_index": 0}
    log = await hub.run_log()
    assert any(e["kind"] == "alert_warn" and e["data"] == {"manual": True} for e in log)
    assert any(e["kind"] == "groups_message" for e in log)
    with pytest.raises(CommandError) as err:
        await dispatch(hub, COHOST, "groups.broadcast", text="   ")
    assert err.value.key == "groups.error.message_empty"


async def test_zoom_file_lists_rooms_by_email(rt) -> None:
    hub, _ = await with_roster(rt)
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    result = await dispatch(hub, COHOST, "groups.zoom_csv", step_id=FIRST)
    lines = result["text"].splitlines()
    assert lines[0] == "Pre-assign Room Name,Email Address" and len(lines) == 1 + 12
    assert all(line.startswith("Gruppe ") for line in lines[1:])
    assert sorted(result["missing"]) == ["Carl Å", "Mette Friis"] and result["filename"] == "zoom-runde-1.csv"


async def test_due_round_follows_the_clock(rt) -> None:
    hub, _ = await with_roster(rt)
    spec = round_specs(hub)[0]
    assert (await dispatch(hub, COHOST, "groups.overview")).due is None
    await dispatch(hub, Actor("facilitator"), "clock.jump", index=spec.step_index - 1)
    overview = await dispatch(hub, COHOST, "groups.overview")
    assert overview.due.spec.step_id == FIRST and overview.due.due == "open"
    await dispatch(hub, COHOST, "groups.generate", step_id=FIRST)
    await dispatch(hub, COHOST, "groups.open", step_id=FIRST)
    assert (await dispatch(hub, COHOST, "groups.overview")).due is None
    await dispatch(hub, Actor("facilitator"), "clock.jump", index=spec.close_index)
    overview = await dispatch(hub, COHOST, "groups.overview")
    assert overview.due.spec.step_id == FIRST and overview.due.due == "close"
