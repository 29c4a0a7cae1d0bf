"""Clock commands: the facilitator runs the meeting step by step. Stored first, then published."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain import clock as clk
from app.domain import clock_plan
from app.live.commands import FACILITATOR, Actor, CommandError, command
from app.live.hub import Change, MeetingHub


async def _apply(hub: MeetingHub, result: clk.ClockResult, kind: str) -> dict[str, Any]:
    state = result.state.to_dict()
    events = [(e.at, e.kind, e.step_index, e.data) for e in result.events]
    await hub.runtime.meetings.save_clock(hub.id, state, events)
    hub.meeting = await hub.runtime.meetings.by_id(hub.id) or hub.meeting
    if result.state.status == "ended" and hub.meeting.status != "ended":
        pass  # the meeting stays open for the board and exports; `meeting.end` makes it read-only
    await hub.publish(Change("clock", {"action": kind, "clock": state}))
    scheduler = hub.runtime.scheduler
    if scheduler is not None:
        await scheduler.reschedule_soon(hub)
    return state


def _run(op: Any, hub: MeetingHub, now: datetime, *args: Any) -> clk.ClockResult:
    try:
        return op(hub.clock, now, *args)
    except clk.ClockError as err:
        raise CommandError(f"clock.error.{err.code}", detail=err.message) from None


@command("clock.start", FACILITATOR)
async def start(hub: MeetingHub, actor: Actor, index: int = 0) -> dict[str, Any]:
    return await _apply(hub, _run(clk.start, hub, hub.now(), index), "start")


@command("clock.pause", FACILITATOR)
async def pause(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    return await _apply(hub, _run(clk.pause, hub, hub.now()), "pause")


@command("clock.resume", FACILITATOR)
async def resume(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    return await _apply(hub, _run(clk.resume, hub, hub.now()), "resume")


@command("clock.toggle", FACILITATOR)
async def toggle(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    """Start, pause or resume, whichever fits: the space bar and a clicker's 'play' key."""
    op = {"not_started": clk.start, "running": clk.pause, "paused": clk.resume}.get(hub.clock.status)
    if op is None:
        raise CommandError("clock.error.ended")
    return await _apply(hub, _run(op, hub, hub.now()), "toggle")


@command("clock.next", FACILITATOR)
async def next_step(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    if hub.clock.status == "not_started":
        return await _apply(hub, _run(clk.start, hub, hub.now()), "start")
    return await _apply(hub, _run(clk.next_step, hub, hub.now()), "next")


@command("clock.previous", FACILITATOR)
async def previous_step(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    return await _apply(hub, _run(clk.previous_step, hub, hub.now()), "previous")


@command("clock.jump", FACILITATOR)
async def jump(hub: MeetingHub, actor: Actor, index: int) -> dict[str, Any]:
    if hub.clock.status == "not_started":
        return await _apply(hub, _run(clk.start, hub, hub.now(), index), "start")
    return await _apply(hub, _run(clk.jump, hub, hub.now(), index), "jump")


@command("clock.adjust", FACILITATOR)
async def adjust(hub: MeetingHub, actor: Actor, seconds: int) -> dict[str, Any]:
    return await _apply(hub, _run(clk.adjust, hub, hub.now(), seconds), "adjust")


@command("clock.end", FACILITATOR)
async def end(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    return await _apply(hub, _run(clk.end, hub, hub.now()), "end")


@command("clock.replan", FACILITATOR)
async def replan(hub: MeetingHub, actor: Actor) -> dict[str, Any]:
    """Accept the proposal: shorten the remaining steps so the meeting still ends on time."""
    now = hub.now()
    proposal = clock_plan.propose_replan(hub.clock, now, hub.step_plans(), hub.planned_end())
    if proposal is None or not proposal.changes:
        raise CommandError("clock.error.nothing_to_replan")
    return await _apply(hub, _run(clock_plan.apply_replan, hub, now, proposal), "replan")
