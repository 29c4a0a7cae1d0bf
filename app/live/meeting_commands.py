"""Meeting-level commands: joining, what the projector shows, links, ending."""

from __future__ import annotations

from typing import Any

from app.live import security
from app.live.commands import EVERYONE, FACILITATOR, STAFF, Actor, CommandError, command
from app.live.hub import Change, MeetingHub
from app.store import followup, privacy
from app.store.groups import GroupStore

NAME_MAX = 120


def clean_text(value: str | None, limit: int, key: str, required: bool = False) -> str | None:
    """Trim and collapse whitespace; enforce the length limit with a message naming the field."""
    text = " ".join((value or "").split())
    if not text:
        if required:
            raise CommandError(f"error.{key}_empty")
        return None
    if len(text) > limit:
        raise CommandError(f"error.{key}_too_long", limit=limit)
    return text


@command("participant.join", EVERYONE)
async def join(hub: MeetingHub, actor: Actor, name: str, practice: str | None = None, solo: bool = False,
               email: str | None = None) -> dict[str, Any]:
    """Add a participant; returns their id and a secret the browser keeps to prove it later."""
    name = clean_text(name, NAME_MAX, "name", required=True)
    practice = None if solo else clean_text(practice, NAME_MAX, "practice", required=True)
    email = clean_text(email, 254, "email")
    secret = security.new_token()
    # Someone on the imported roster (same name and practice) takes over that row instead of a duplicate.
    pid = await GroupStore(hub.runtime.db).claim_imported(hub.id, name, practice, security.hash_token(secret),
                                                          hub.now())
    if pid is None:
        row = await hub.runtime.meetings.add_participant(
            hub.id, name=name, practice=practice, email=email, solo=solo or practice is None,
            secret_hash=security.hash_token(secret), source="join", now=hub.now())
        pid = row.id
    await hub.publish(Change("participants", {"joined": pid}))
    from app.live.groups_commands import place_in_open_rounds  # groups build on meetings, not the reverse

    await place_in_open_rounds(hub, pid)  # a late joiner gets a group in the rooms that are open
    return {"participant_id": pid, "secret": secret, "name": name}


@command("meeting.display", FACILITATOR)
async def display(hub: MeetingHub, actor: Actor, **choice: Any) -> dict[str, Any]:
    """Choose what the projector shows besides the clock (e.g. {"show": "starred"} or {"show": "qr"})."""
    shown = {k: v for k, v in choice.items() if v is not None}
    await hub.runtime.meetings.update(hub.id, display=shown)
    await hub.reload()
    await hub.publish(Change("display", shown))
    return shown


@command("meeting.rotate_link", FACILITATOR)
async def rotate_link(hub: MeetingHub, actor: Actor, role: str) -> str:
    """A new secret link for the facilitator or co-host; the old one stops working at once."""
    if role not in ("facilitator", "cohost"):
        raise CommandError("error.bad_role")
    token = security.new_token()
    await hub.runtime.meetings.update(hub.id, **{f"{role}_hash": security.hash_token(token)})
    await hub.reload()
    await hub.publish(Change("links", {"role": role}))
    return token


@command("meeting.end", FACILITATOR)
async def end_meeting(hub: MeetingHub, actor: Actor) -> None:
    """End the meeting: it stays readable (board, exports) but no longer changes."""
    now = hub.now()
    await hub.runtime.meetings.update(hub.id, status="ended", ended_at=now)
    await hub.runtime.meetings.log(hub.id, now, "meeting_closed")
    await hub.reload()
    await hub.publish(Change("meeting", {"status": "ended"}))


@command("meeting.participants", STAFF, when_ended=True, reads=True)
async def list_participants(hub: MeetingHub, actor: Actor) -> list[Any]:
    return await hub.runtime.meetings.participants(hub.id)


FOLLOW_UP_ANSWERS = ("ja", "delvist", "nej")


@command("followup.items", EVERYONE, when_ended=True, reads=True)
async def follow_up_items(hub: MeetingHub, actor: Actor) -> list[dict[str, Any]]:
    """What was starred and planned at the cluster's previous meeting, with the room's answers so far."""
    if hub.meeting.previous_id is None:
        return []
    items = await followup.carried_over(hub.runtime.db, hub.meeting.previous_id)
    answered = await followup.answers(hub.runtime.db, hub.id)
    return [{**item, "answer": answered.get(item["key"])} for item in items]


@command("followup.answer", FACILITATOR)
async def follow_up_answer(hub: MeetingHub, actor: Actor, key: str, answer: str | None) -> None:
    """Record the room's answer to "Er det sket?" for one item (ja, delvist, nej, or none)."""
    if answer is not None and answer not in FOLLOW_UP_ANSWERS:
        raise CommandError("followup.error.bad_answer")
    items = {i["key"]: i for i in await follow_up_items(hub, actor)}
    if key not in items:
        raise CommandError("followup.error.unknown_item")
    await followup.set_answer(hub.runtime.db, hub.id, key, items[key]["text"], answer, hub.now())
    await hub.publish(Change("followup", {"key": key, "answer": answer}))


@command("meeting.export_all", FACILITATOR, when_ended=True)
async def export_all(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    """Everything stored about the meeting, as JSON-ready data (the facilitator's copy before deleting)."""
    return await privacy.dump_meeting(hub.runtime.db, hub.id)


@command("meeting.delete", FACILITATOR, when_ended=True)
async def delete_meeting(hub: MeetingHub, actor: Actor, confirm_code: str) -> None:
    """Delete the meeting and all its data; the join code must be typed to confirm."""
    if security.normalise_code(confirm_code) != hub.code:
        raise CommandError("error.delete_confirm")
    await hub.runtime.meetings.delete(hub.id)
    await hub.publish(Change("meeting", {"status": "deleted"}))
    hub.runtime.forget(hub.id)
