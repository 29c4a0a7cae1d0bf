"""Test data for post-its, polls, notes and plans: people who join a meeting, tables (groups), steps."""

from __future__ import annotations

from sqlalchemy import insert

from app.live import activity_commands  # noqa: F401  (registers the area's commands)
from app.live.commands import Actor, dispatch
from app.live.hub import MeetingHub
from app.store.schema import group_members, rounds

FACILITATOR = Actor("facilitator")


async def join(hub: MeetingHub, name: str, practice: str | None = None) -> Actor:
    """A participant who joined (a single-handed GP without `practice`)."""
    return (await join_with_secret(hub, name, practice))[0]


async def join_with_secret(hub: MeetingHub, name: str, practice: str | None = None) -> tuple[Actor, str]:
    """A participant who joined, and the secret their browser keeps."""
    result = await dispatch(hub, Actor("participant"), "participant.join", name=name, practice=practice,
                            solo=practice is None)
    return Actor("participant", participant_id=result["participant_id"], name=name), result["secret"]


async def seat(hub: MeetingHub, tables: list[list[Actor]], step_id: str = "gruppearbejde") -> None:
    """Seat the participants at tables (an opened group round: table 1, 2, ...)."""
    async with hub.runtime.db.write() as conn:
        result = await conn.execute(insert(rounds).values(meeting_id=hub.id, step_id=step_id, round_no=1,
                                                          mode="mixed", size=4, seed=0, status="open",
                                                          opened_at=hub.now()))
        round_id = result.inserted_primary_key[0]
        await conn.execute(insert(group_members), [
            {"round_id": round_id, "participant_id": actor.participant_id, "group_no": number}
            for number, table in enumerate(tables, 1) for actor in table])


async def go_to(hub: MeetingHub, step_id: str) -> None:
    """Run the clock to the step with this id."""
    index = next(i for i, (_, step) in enumerate(hub.steps) if step.id == step_id)
    await dispatch(hub, FACILITATOR, "clock.jump", index=index)
