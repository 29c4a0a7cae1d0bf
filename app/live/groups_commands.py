"""Breakout groups at the meeting: the roster, the rounds from the agenda's `open_rooms` cues, moves, late joiners,
opening and closing the rooms, messages to all groups, and each participant's own group.

The grouping itself is domain code (`app.domain.grouping`, spec in docs/grouping.md); here it meets the store.
Group numbers are 1-based and named as in Zoom ("Gruppe 1"). Views (what the pages draw) are in `groups_view`.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from app.domain.grouping import check_move, plan_rounds
from app.domain.grouping_export import zoom_csv
from app.domain.problems import InputError
from app.domain.roster import Person, parse_roster
from app.live.commands import EVERYONE, STAFF, Actor, CommandError, command
from app.live.groups_view import (
    MyGroup,
    Overview,
    RoundSpec,
    Table,
    my_group,
    overview,
    problem_lines,
    report_data,
    round_specs,
    store,
)
from app.live.hub import Change, MeetingHub
from app.live.meeting_commands import NAME_MAX, clean_text
from app.store.groups import RosterEntry, RoundRow

MAX_ROSTER_BYTES = 2 * 1024 * 1024
MESSAGE_MAX = 500

__all__ = ["MAX_ROSTER_BYTES", "MyGroup", "Overview", "RoundSpec", "place_in_open_rounds", "round_specs"]


# -- roster ----------------------------------------------------------------------------------------------
def _person(name: str | None, practice: str | None, solo: bool, email: str | None) -> Person:
    clean_name = clean_text(name, NAME_MAX, "name", required=True)
    clean_practice = None if solo else clean_text(practice, NAME_MAX, "practice", required=True)
    return Person.make(clean_name or "", clean_practice, clean_text(email, 254, "email"))


async def _roster_changed(hub: MeetingHub, action: str, **data: Any) -> None:
    await hub.publish(Change("participants", {"action": action, **data}))


@command("groups.roster", STAFF, when_ended=True, reads=True)
async def roster(hub: MeetingHub, actor: Actor) -> list[RosterEntry]:
    return await store(hub).roster(hub.id)


@command("groups.import_roster", STAFF)
async def import_roster(hub: MeetingHub, actor: Actor, content: bytes, filename: str) -> dict[str, int]:
    """Add the people of a CSV/XLSX roster (source 'import'); a bad file changes nothing."""
    name = " ".join(PurePath((filename or "").replace("\\", "/")).name.split())[-200:] or "deltagerliste.csv"
    if len(content) > MAX_ROSTER_BYTES:
        raise CommandError("groups.error.too_large", mb=MAX_ROSTER_BYTES // (1024 * 1024))
    try:
        people = parse_roster(content, name).people
    except InputError as err:
        raise CommandError("groups.error.bad_roster", detail=problem_lines(err)) from None
    added, kept = await store(hub).import_people(hub.id, people, hub.now())
    await _roster_changed(hub, "import", added=added)
    return {"added": added, "kept": kept}


@command("groups.add_person", STAFF)
async def add_person(hub: MeetingHub, actor: Actor, name: str, practice: str | None = None, solo: bool = False,
                     email: str | None = None) -> int:
    """The co-host adds someone by hand (e.g. a doctor without a phone)."""
    pid = await store(hub).add_person(hub.id, _person(name, practice, solo, email), hub.now())
    await _roster_changed(hub, "add", participant_id=pid)
    await place_in_open_rounds(hub, pid)
    return pid


@command("groups.edit_person", STAFF)
async def edit_person(hub: MeetingHub, actor: Actor, participant_id: int, name: str, practice: str | None = None,
                      solo: bool = False, email: str | None = None) -> int:
    if not await store(hub).update_person(hub.id, int(participant_id), _person(name, practice, solo, email)):
        raise CommandError("groups.error.no_person")
    await _roster_changed(hub, "edit", participant_id=int(participant_id))
    await hub.publish(Change("groups", {"action": "edit", "participant_id": int(participant_id)}))
    return int(participant_id)


@command("groups.remove_person", STAFF)
async def remove_person(hub: MeetingHub, actor: Actor, participant_id: int) -> int:
    """Remove a participant (and their seat in every round)."""
    if not await store(hub).remove_person(hub.id, int(participant_id)):
        raise CommandError("groups.error.no_person")
    await _roster_changed(hub, "remove", participant_id=int(participant_id))
    await hub.publish(Change("groups", {"action": "remove", "participant_id": int(participant_id)}))
    return int(participant_id)


# -- rounds ----------------------------------------------------------------------------------------------
@command("groups.overview", STAFF, when_ended=True, reads=True)
async def groups_overview(hub: MeetingHub, actor: Actor) -> Overview:
    """Every round of the agenda with its groups, what is due now, and the roster (the co-host's tab)."""
    return await overview(hub)


def _spec(hub: MeetingHub, step_id: str) -> RoundSpec:
    spec = next((s for s in round_specs(hub) if s.step_id == step_id), None)
    if spec is None:
        raise CommandError("groups.error.no_round")
    return spec


async def _round(hub: MeetingHub, step_id: str) -> tuple[RoundSpec, RoundRow]:
    spec = _spec(hub, step_id)
    row = await store(hub).round_for(hub.id, step_id)
    if row is None or not row.members:
        raise CommandError("groups.error.not_generated")
    return spec, row


@command("groups.generate", STAFF)
async def generate(hub: MeetingHub, actor: Actor, step_id: str, seed: int | None = None) -> int:
    """Make (or remake) the groups of a round; earlier rounds are the history, so pairs repeat as little as
    possible. A new seed each time unless one is given. Returns the number of groups."""
    spec = _spec(hub, step_id)
    current = await store(hub).round_for(hub.id, step_id)
    if current is not None and current.status == "open":
        raise CommandError("groups.error.is_open")
    table = await Table.load(hub, spec.round_no)
    if not table.people:
        raise CommandError("groups.error.no_people")
    seed = int(seed) if seed is not None else (current.seed + 1 if current is not None else 0)
    plan = plan_rounds(table.people, size=spec.size, rounds=1, seed=seed, mode=spec.mode, history=table.history)
    members = {table.ids[i]: g + 1 for g, group in enumerate(plan.rounds[0]) for i in group}
    await store(hub).save_round(hub.id, step_id, round_no=spec.round_no, mode=spec.mode, size=spec.size, seed=seed,
                                report=report_data(plan.report), members=members)
    await hub.publish(Change("groups", {"action": "generate", "step_id": step_id}))
    return len(plan.rounds[0])


@command("groups.move", STAFF)
async def move(hub: MeetingHub, actor: Actor, step_id: str, participant_id: int, group_no: int) -> list[str]:
    """Move a person to group `group_no` (one past the last makes a new group); returns the rules it breaks."""
    spec, row = await _round(hub, step_id)
    table = await Table.load(hub, spec.round_no)
    pid, group_no = int(participant_id), int(group_no)
    if pid not in table.index:
        raise CommandError("groups.error.no_person")
    groups, nos = table.groups_of(row)
    new_no = max(nos, default=0) + 1
    if group_no < 1 or group_no > new_no:
        raise CommandError("groups.error.no_group")
    to = nos.index(group_no) if group_no in nos else len(groups)
    warnings = check_move(groups, table.index[pid], to, table.people, size=spec.size, history=table.history,
                          mode=spec.mode)
    members = {**row.members, pid: group_no}
    await store(hub).set_members(row.id, members)
    await hub.runtime.meetings.log(hub.id, hub.now(), "group_move", data={"step_id": step_id, "participant_id": pid,
                                                                           "group_no": group_no})
    await hub.publish(Change("groups", {"action": "move", "step_id": step_id, "participant_id": pid}))
    return [w.message for w in warnings]


async def _place_missing(hub: MeetingHub, spec: RoundSpec, row: RoundRow, only: int | None = None) -> dict[str, Any]:
    """Place everyone present but not in the round (or just `only`), moving others only when the rules need it."""
    table = await Table.load(hub, spec.round_no)
    members = dict(row.members)
    placed: list[str] = []
    moved: list[str] = []
    warnings: list[str] = []
    for pid in table.ids:
        if pid in members or (only is not None and pid != only):
            continue
        outcome = table.place(members, pid, spec)
        members = outcome.members
        placed.append(f"{table.name(pid)}: Gruppe {members[pid]}")
        moved.extend(outcome.moved)
        warnings.extend(outcome.warnings)
    if placed:
        await store(hub).set_members(row.id, members)
        await hub.publish(Change("groups", {"action": "place", "step_id": spec.step_id}))
    return {"placed": placed, "moved": moved, "warnings": warnings}


@command("groups.place_new", STAFF)
async def place_new(hub: MeetingHub, actor: Actor, step_id: str) -> dict[str, Any]:
    """"Placér nye deltagere": everyone who joined after the round was made gets a group."""
    spec, row = await _round(hub, step_id)
    return await _place_missing(hub, spec, row)


async def place_in_open_rounds(hub: MeetingHub, participant_id: int) -> None:
    """A newcomer joins the open round at once (called after a join; the hub's lock is held)."""
    specs = {s.step_id: s for s in round_specs(hub)}
    for row in await store(hub).rounds(hub.id):
        if row.status == "open" and row.step_id in specs and participant_id not in row.members:
            await _place_missing(hub, specs[row.step_id], row, only=participant_id)


@command("groups.open", STAFF)
async def open_rooms(hub: MeetingHub, actor: Actor, step_id: str) -> dict[str, Any]:
    """Open the rooms of a round (another open round is closed first); late joiners are placed."""
    spec, row = await _round(hub, step_id)
    now = hub.now()
    for other in await store(hub).rounds(hub.id):
        if other.status == "open" and other.id != row.id:
            await store(hub).set_status(other.id, "closed", now)
            await hub.runtime.meetings.log(hub.id, now, "rooms_closed", data={"step_id": other.step_id})
    placed = await _place_missing(hub, spec, row)
    await store(hub).set_status(row.id, "open", now)
    await hub.runtime.meetings.log(hub.id, now, "rooms_opened", hub.current()[0],
                                   data={"step_id": step_id, "round_no": spec.round_no})
    await hub.publish(Change("groups", {"action": "open", "step_id": step_id}))
    return placed


@command("groups.close", STAFF)
async def close_rooms(hub: MeetingHub, actor: Actor, step_id: str) -> str:
    _, row = await _round(hub, step_id)
    if row.status != "open":
        raise CommandError("groups.error.not_open")
    now = hub.now()
    await store(hub).set_status(row.id, "closed", now)
    await hub.runtime.meetings.log(hub.id, now, "rooms_closed", hub.current()[0], data={"step_id": step_id})
    await hub.publish(Change("groups", {"action": "close", "step_id": step_id}))
    return step_id


@command("groups.zoom_csv", STAFF, when_ended=True)
async def zoom_file(hub: MeetingHub, actor: Actor, step_id: str) -> dict[str, Any]:
    """Zoom's breakout-room pre-assignment CSV for a round, and who is left out for lack of an email."""
    spec, row = await _round(hub, step_id)
    table = await Table.load(hub, spec.round_no)
    by_no: list[list[int]] = [[] for _ in range(max(row.members.values(), default=0))]
    for pid, no in sorted(row.members.items()):
        if pid in table.index:
            by_no[no - 1].append(table.index[pid])
    text, missing = zoom_csv(by_no, table.people)
    return {"filename": f"zoom-runde-{spec.round_no}.csv", "text": text, "missing": [p.name for p in missing]}


# -- messages --------------------------------------------------------------------------------------------
@command("groups.broadcast", STAFF)
async def broadcast(hub: MeetingHub, actor: Actor, text: str) -> str:
    """A message to every group: participants see it as a notice (plain text)."""
    message = (text or "").strip()
    if not message:
        raise CommandError("groups.error.message_empty")
    if len(message) > MESSAGE_MAX:
        raise CommandError("groups.error.message_too_long", limit=MESSAGE_MAX)
    index = hub.current()[0]
    await hub.runtime.meetings.log(hub.id, hub.now(), "groups_message", index, data={"text": message})
    await hub.publish(Change("alert", {"kind": "message", "text": message, "step_index": index}))
    return message


@command("groups.warn", STAFF)
async def warn(hub: MeetingHub, actor: Actor) -> int:
    """The "2 minutes left" warning by hand (the clock sends it on its own on group steps)."""
    index = hub.current()[0]
    await hub.runtime.meetings.log(hub.id, hub.now(), "alert_warn", index, data={"manual": True})
    await hub.publish(Change("alert", {"kind": "warn", "step_index": index}))
    return index


# -- the participant's own group -------------------------------------------------------------------------
@command("groups.mine", EVERYONE, when_ended=True, reads=True)
async def mine(hub: MeetingHub, actor: Actor) -> MyGroup | None:
    """The caller's group in the open round (names and practices of the members only), or None."""
    if actor.participant_id is None:
        return None
    return await my_group(hub, actor.participant_id)
