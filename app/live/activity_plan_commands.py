"""Personal notes (private to their writer: nobody else, not even the facilitator, may read them) and the
implementation plan that the colleagues of one practice fill in together."""

from __future__ import annotations

from typing import Any

from app.domain import activities as rules
from app.live.activity_commands import PARTICIPANT, participant_of, rules_checked, store
from app.live.commands import EVERYONE, STAFF, Actor, CommandError, Forbidden, command
from app.live.hub import Change, MeetingHub, ParticipantRow


# -- personal notes -----------------------------------------------------------------------------------
async def _note_owner(hub: MeetingHub, actor: Actor, participant_id: int | None) -> ParticipantRow:
    person = await participant_of(hub, actor)
    if participant_id is not None and int(participant_id) != person.id:
        raise Forbidden()
    return person


@command("notes.get", PARTICIPANT, when_ended=True, reads=True)
async def get_notes(hub: MeetingHub, actor: Actor, participant_id: int | None = None) -> str:
    """The participant's own notes sheet; asking for anyone else's is refused."""
    person = await _note_owner(hub, actor, participant_id)
    note = await store(hub).note(person.id)
    return note["text"] if note else ""


@command("notes.save", PARTICIPANT)
async def save_notes(hub: MeetingHub, actor: Actor, text: str, participant_id: int | None = None) -> str:
    """Replace the notes sheet (autosaved by the page); returns the time saved (ISO, UTC)."""
    person = await _note_owner(hub, actor, participant_id)
    with rules_checked():
        text = rules.clean_text(text, rules.NOTES_MAX, "notes", required=False)
    now = hub.now()
    await store(hub).save_note(hub.id, person.id, text, now)
    await hub.publish(Change("notes", {"participant_id": person.id}))
    return now.isoformat()


# -- implementation plan ------------------------------------------------------------------------------
def plan_of(person: ParticipantRow) -> tuple[str, str]:
    """(practice key, the name shown) of the plan the participant fills in."""
    key = rules.practice_key(person.practice, person.id, person.solo)
    return key, person.name if key.startswith("solo:") else (person.practice or person.name)


async def own_plan(hub: MeetingHub, person: ParticipantRow) -> tuple[str, str]:
    """(key, name) of the participant's plan; a shared plan is named as the practice's first colleague wrote it."""
    key, name = plan_of(person)
    if not key.startswith("solo:"):
        name = next((plan_of(p)[1] for p in await hub.participants() if plan_of(p)[0] == key), name)
    return key, name


def _plan_view(hub: MeetingHub, key: str, name: str, plan: dict[str, Any] | None,
               members: list[str] | None = None) -> dict[str, Any]:
    data = plan["data"] if plan else {}
    return {"practice_key": key, "practice_name": plan["practice_name"] if plan else name,
            "fields": rules.plan_values(data, hub.agenda.plan_fields), "updated_by": plan["updated_by"] if plan
            else None, "members": members or []}


@command("plan.get", EVERYONE, when_ended=True, reads=True)
async def get_plan(hub: MeetingHub, actor: Actor, practice_key: str | None = None) -> dict[str, Any]:
    """A participant's own practice's plan (another practice's is refused); staff name the practice."""
    if actor.role == "participant":
        key, name = await own_plan(hub, await participant_of(hub, actor))
        if practice_key is not None and practice_key != key:
            raise Forbidden()
    elif practice_key is None:
        raise CommandError("activities.error.plan_not_found")
    else:
        key, name = practice_key, practice_key
    return _plan_view(hub, key, name, await store(hub).plan(hub.id, key))


@command("plan.save", PARTICIPANT)
async def save_plan(hub: MeetingHub, actor: Actor, field: str, text: str) -> dict[str, Any]:
    """Set one field of the participant's practice plan; the colleagues see it at once."""
    person = await participant_of(hub, actor)
    key, name = await own_plan(hub, person)
    with rules_checked():
        rules.check_plan_field(field, hub.agenda.plan_fields)
        text = rules.clean_text(text, rules.PLAN_FIELD_MAX, "plan", required=False)
    plan = await store(hub).save_plan_field(hub.id, key, name, field, text, person.name, hub.now())
    await hub.publish(Change("plan", {"practice_key": key, "field": field}))
    return _plan_view(hub, key, name, plan)


@command("plan.overview", STAFF, when_ended=True, reads=True)
async def plan_overview(hub: MeetingHub, actor: Actor) -> list[dict[str, Any]]:
    """Every practice of the meeting (and every plan begun) with its members and plan, by practice name."""
    members: dict[str, tuple[str, list[str]]] = {}
    for person in await hub.participants():
        key, name = plan_of(person)
        members.setdefault(key, (name, []))[1].append(person.name)
    plans = {p["practice_key"]: p for p in await store(hub).plans(hub.id)}
    keys = sorted(set(members) | set(plans), key=lambda k: (k.startswith("solo:"), (members.get(k) or ("", []))[0]
                                                            .lower() or k))
    return [_plan_view(hub, k, members.get(k, (k, []))[0], plans.get(k), members.get(k, ("", []))[1]) for k in keys]
