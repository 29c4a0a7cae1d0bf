"""Post-its and quick polls: commands, and the read helpers the pages and the projector use.

Post-its are written by each participant (green: what furthered wellbeing, red: what strained it) and sorted
by the table under the agenda's headings. A poll is opened and closed by the facilitator or co-host (run-log
events 'poll_opened'/'poll_closed'); participants answer the open poll. The personal notes and the
implementation plan are in `activity_plan_commands` (imported at the end, so importing this module
registers every command of the area).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from app.domain import activities as rules
from app.domain.agenda import Poll
from app.live import limits
from app.live.commands import EVERYONE, STAFF, Actor, CommandError, Forbidden, command
from app.live.hub import Change, MeetingHub, ParticipantRow
from app.store.activities import ActivityStore

PARTICIPANT: frozenset[str] = frozenset({"participant"})


@contextmanager
def rules_checked() -> Iterator[None]:
    """Turn a refusal of the domain rules into a command error with a message key of this area."""
    try:
        yield
    except rules.ActivityError as err:
        raise CommandError(f"activities.error.{err.code}", **err.params) from None


def store(hub: MeetingHub) -> ActivityStore:
    return ActivityStore(hub.runtime.db)


async def participant_of(hub: MeetingHub, actor: Actor) -> ParticipantRow:
    """The acting participant, who must belong to this meeting."""
    person = next((p for p in await hub.participants() if p.id == actor.participant_id), None)
    if actor.role != "participant" or person is None:
        raise Forbidden()
    return person


# -- post-its -----------------------------------------------------------------------------------------
def _note(note: rules.Postit) -> dict[str, Any]:
    return asdict(note)


async def _own_note(hub: MeetingHub, actor: Actor, post_id: int) -> rules.Postit:
    person = await participant_of(hub, actor)
    note = await store(hub).postit(hub.id, int(post_id))
    if note is None:
        raise CommandError("activities.error.postit_not_found")
    if note.participant_id != person.id:
        raise Forbidden()
    return note


@command("postit.add", PARTICIPANT)
async def add_postit(hub: MeetingHub, actor: Actor, color: str, text: str, idem_key: str | None = None) -> dict:
    person = await participant_of(hub, actor)
    with rules_checked():
        color = rules.check_color(color)
        text = rules.clean_text(text, rules.POSTIT_MAX, "postit")
    groups = await store(hub).groups(hub.id)
    note = await store(hub).add_postit(hub.id, participant_id=person.id, author=person.name, color=color, text=text,
                                       group_no=groups.get(person.id), idem_key=idem_key, now=hub.now())
    await hub.publish(Change("postits", {"id": note.id}))
    return _note(note)


@command("postit.edit", PARTICIPANT)
async def edit_postit(hub: MeetingHub, actor: Actor, post_id: int, text: str) -> dict:
    note = await _own_note(hub, actor, post_id)
    with rules_checked():
        text = rules.clean_text(text, rules.POSTIT_MAX, "postit")
    await store(hub).update_postit(note.id, hub.now(), text=text)
    await hub.publish(Change("postits", {"id": note.id}))
    return {**_note(note), "text": text}


@command("postit.delete", PARTICIPANT)
async def delete_postit(hub: MeetingHub, actor: Actor, post_id: int) -> None:
    note = await _own_note(hub, actor, post_id)
    await store(hub).delete_postit(note.id)
    await hub.publish(Change("postits", {"id": note.id, "deleted": True}))


def sorting_now(hub: MeetingHub) -> bool:
    """Participants sort while the current step is one of the agenda's post-it steps."""
    return hub.current()[2].postits


@command("postit.move", EVERYONE)
async def move_postit(hub: MeetingHub, actor: Actor, post_id: int, heading: str | None) -> dict:
    """Put a note under a heading (None: back to the unsorted). A participant moves the notes of their own
    table while a post-it step runs; the facilitator and co-host move any note at any time."""
    note = await store(hub).postit(hub.id, int(post_id))
    if note is None:
        raise CommandError("activities.error.postit_not_found")
    with rules_checked():
        heading = rules.check_heading(heading, hub.agenda.postit_headings)
    if actor.role == "participant":
        person = await participant_of(hub, actor)
        if not sorting_now(hub):
            raise CommandError("activities.error.sorting_closed")
        if not rules.same_table(person.id, note.participant_id, await store(hub).groups(hub.id)):
            raise Forbidden()
    await store(hub).update_postit(note.id, hub.now(), heading=heading)
    await hub.publish(Change("postits", {"id": note.id, "heading": heading}))
    return {**_note(note), "heading": heading}


@command("postit.board", EVERYONE, when_ended=True, reads=True)
async def postit_board(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    """What a page shows: the headings, the actor's own notes, the notes it sorts (a participant: their
    table's; staff: all) and whether participants may sort now."""
    notes = await store(hub).postits(hub.id)
    mine: list[rules.Postit] = []
    if actor.role == "participant":
        person = await participant_of(hub, actor)
        mine = [n for n in notes if n.participant_id == person.id]
        notes = rules.table_notes(notes, person.id, await store(hub).groups(hub.id))
    return {"headings": list(hub.agenda.postit_headings), "mine": mine, "notes": notes, "sorting": sorting_now(hub)}


async def postit_columns(hub: MeetingHub) -> list[rules.HeadingColumn]:
    """Every note of the meeting by heading and colour (the facilitator's overview and the projector)."""
    return rules.arrange(await store(hub).postits(hub.id), hub.agenda.postit_headings)


# -- polls --------------------------------------------------------------------------------------------
def _poll(hub: MeetingHub, poll_id: str) -> Poll:
    poll = hub.agenda.poll(poll_id or "")
    if poll is None:
        raise CommandError("activities.error.poll_not_found")
    return poll


async def poll_ids(hub: MeetingHub) -> tuple[str | None, str | None]:
    """(the poll open now, the poll opened last)."""
    events = await store(hub).poll_events(hub.id)
    return rules.open_poll(events), rules.last_poll(events)


def cue_poll(hub: MeetingHub) -> str | None:
    """The poll a `start_poll` cue of the current step names."""
    step = hub.current()[2]
    return next((c.poll for c in step.cues if c.kind == "start_poll" and c.poll), None)


async def _log(hub: MeetingHub, kind: str, poll_id: str) -> None:
    await hub.runtime.meetings.log(hub.id, hub.now(), kind, hub.current()[0], {"poll": poll_id})


@command("poll.open", STAFF)
async def open_poll(hub: MeetingHub, actor: Actor, poll_id: str) -> str:
    """Open a poll (closing the one open before); participants can answer it until it is closed."""
    poll = _poll(hub, poll_id)
    current, _ = await poll_ids(hub)
    if current == poll.id:
        return poll.id
    if current is not None:
        await _log(hub, "poll_closed", current)
    await _log(hub, "poll_opened", poll.id)
    await hub.publish(Change("poll", {"open": poll.id}))
    return poll.id


@command("poll.close", STAFF)
async def close_poll(hub: MeetingHub, actor: Actor) -> str:
    current, _ = await poll_ids(hub)
    if current is None:
        raise CommandError("activities.error.poll_not_open")
    await _log(hub, "poll_closed", current)
    await hub.publish(Change("poll", {"open": None, "closed": current}))
    return current


@command("poll.answer", PARTICIPANT)
async def answer_poll(hub: MeetingHub, actor: Actor, poll_id: str, text: str, idem_key: str | None = None) -> bool:
    """Answer the open poll; False when this `idem_key` was answered before (a retried click changes nothing)."""
    person = await participant_of(hub, actor)
    poll = _poll(hub, poll_id)
    if idem_key and await store(hub).has_idem(hub.id, idem_key):
        return False
    if (await poll_ids(hub))[0] != poll.id:
        raise CommandError("activities.error.poll_closed")
    limits.check(hub, "poll", actor)
    mine = [a["text"] for a in await store(hub).answers_of(hub.id, poll.id, person.id)]
    with rules_checked():
        decision = rules.check_answer(poll, mine, text)
    added = await store(hub).add_answer(hub.id, poll.id, person.id, decision.text, idem_key, hub.now(),
                                        replace=decision.replace)
    if added:
        limits.record(hub, "poll", actor)
        await hub.publish(Change("poll", {"answered": poll.id}))
    return added


@command("poll.state", EVERYONE, when_ended=True, reads=True)
async def poll_state(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    """The open poll, the poll opened last, the poll of the current step's cue and (for a participant)
    their own answers to the open or last poll."""
    current, last = await poll_ids(hub)
    mine: list[str] = []
    if actor.role == "participant" and (current or last):
        person = await participant_of(hub, actor)
        mine = [a["text"] for a in await store(hub).answers_of(hub.id, current or last or "", person.id)]
    return {"open": current, "last": last, "cue": cue_poll(hub), "mine": mine}


async def poll_result(hub: MeetingHub, poll_id: str) -> rules.PollResult:
    poll = _poll(hub, poll_id)
    texts, people = await store(hub).answers(hub.id, poll.id)
    return rules.poll_result(poll, texts, people)


@command("poll.results", EVERYONE, when_ended=True, reads=True)
async def poll_results(hub: MeetingHub, actor: Actor, poll_id: str) -> rules.PollResult:
    return await poll_result(hub, poll_id)


from app.live import activity_plan_commands  # noqa: E402, F401  (notes and plans register their commands)
