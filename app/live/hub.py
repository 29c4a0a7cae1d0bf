"""One hub per running meeting: the cached state, the listeners (open pages), and the fan-out of changes.

A change is always stored first (by a command handler), then applied to the hub's cache, then published.
Listeners are plain callables registered by pages; each updates its own elements.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from typing import TYPE_CHECKING, Any

from app.domain import clock as clk
from app.domain.agenda import Agenda, Block, Step
from app.domain.schedule import included_blocks, run_of_show
from app.live.security import token_matches
from app.store.meetings import MeetingRow, ParticipantRow

if TYPE_CHECKING:
    from app.live.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """What changed: `topic` tells a page which part to redraw; `data` carries only what changed."""

    topic: str
    data: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[Change], Any]


class MeetingHub:
    def __init__(self, runtime: Runtime, meeting: MeetingRow, agenda: Agenda) -> None:
        self.runtime = runtime
        self.meeting = meeting
        self.agenda = agenda
        self.lock = asyncio.Lock()
        self._listeners: dict[int, Listener] = {}
        self._ids = count()
        self._tasks: set[asyncio.Future] = set()

    # -- derived state ---------------------------------------------------------------------------------
    @property
    def id(self) -> int:
        return self.meeting.id

    @property
    def code(self) -> str:
        return self.meeting.code

    @property
    def ended(self) -> bool:
        return self.meeting.status == "ended"

    @property
    def steps(self) -> list[tuple[Block, Step]]:
        return [(b, s) for b in included_blocks(self.agenda, self.meeting.include_optional) for s in b.steps]

    @property
    def clock(self) -> clk.ClockState:
        return clk.ClockState.from_dict(self.meeting.clock)

    def current(self) -> tuple[int, Block, Step]:
        index = min(self.clock.index, len(self.steps) - 1)
        block, step = self.steps[index]
        return index, block, step

    def step_plans(self) -> list[clk.StepPlan]:
        return [clk.StepPlan.of(s) for _, s in self.steps]

    def now(self) -> datetime:
        return self.runtime.now()

    def planned_end(self) -> datetime:
        """When the meeting was planned to end: the agenda's plan from the planned start."""
        start = self.runtime.local_start(self.meeting)
        return run_of_show(self.agenda, start, self.meeting.include_optional)[-1].end

    # -- listeners -------------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        key = next(self._ids)
        self._listeners[key] = listener

        def unsubscribe() -> None:
            self._listeners.pop(key, None)

        return unsubscribe

    @property
    def listener_count(self) -> int:
        return len(self._listeners)

    async def publish(self, change: Change) -> None:
        """Hand the change to every open page of this meeting; one failing page does not stop the others.

        A listener's own async work (a redraw that reads the store) runs as a task of its own: publish is
        called while the command holds the meeting's lock, and a page must never wait for that lock.
        """
        for listener in list(self._listeners.values()):
            try:
                result = listener(change)
                if inspect.isawaitable(result):
                    task = asyncio.ensure_future(result)
                    self._tasks.add(task)
                    task.add_done_callback(self._task_done)
            except Exception:  # a page that went away mid-update must not break the meeting
                log.exception("listener failed on %s", change.topic)
        await self.runtime.relay(self, change)

    def _task_done(self, task: asyncio.Future) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("listener failed", exc_info=task.exception())

    async def settle(self) -> None:
        """Wait for the listeners' redraws started so far (tests and benchmarks use this)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def run_log(self) -> list[dict[str, Any]]:
        return await self.runtime.meetings.run_log(self.id)

    async def participants(self) -> list[ParticipantRow]:
        return await self.runtime.meetings.participants(self.id)

    async def verify_participant(self, participant_id: int | None, secret: str | None) -> ParticipantRow | None:
        """The participant whose browser holds this id and secret, if both are right for this meeting."""
        if not participant_id or not secret:
            return None
        found = await self.runtime.meetings.participant_secret(int(participant_id))
        if found is None or found[0] != self.id or not found[1] or not token_matches(secret, found[1]):
            return None
        return next((p for p in await self.participants() if p.id == int(participant_id)), None)

    async def reload(self) -> None:
        """Re-read the meeting row (after a change made by another process)."""
        row = await self.runtime.meetings.by_id(self.id)
        if row is not None:
            self.meeting = row
