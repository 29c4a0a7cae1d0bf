"""Test data builders shared by the test files."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import TypeVar

from app.live.runtime import NewMeeting, Runtime

T = TypeVar("T")


async def new_meeting(rt: Runtime, agenda_id: str = "trivsel-virtuel", cluster: str = "Testklyngen",
                      start: str = "17:00", previous_code: str | None = None) -> NewMeeting:
    agenda = rt.agendas.get(agenda_id)
    assert agenda is not None, f"agenda {agenda_id} not loaded: {rt.agendas.problems}"
    return await rt.create_meeting(agenda, cluster=cluster, day=date(2026, 11, 23), start=time.fromisoformat(start),
                                   previous_code=previous_code)


def facilitator_path(new: NewMeeting) -> str:
    return f"/facilitator/{new.meeting.code}/{new.facilitator_token}"


def cohost_path(new: NewMeeting) -> str:
    return f"/cohost/{new.meeting.code}/{new.cohost_token}"


async def until(condition: Callable[[], object], timeout: float = 5.0, message: str = "") -> None:
    """Wait for a condition (not a fixed sleep); fail with `message` when it does not come true in time."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        if loop.time() > end:
            raise AssertionError(message or "condition not met in time")
        await asyncio.sleep(0.02)


async def eventually(fetch: Callable[[], Awaitable[T]], check: Callable[[T], bool], timeout: float = 5.0) -> T:
    """Fetch until `check` holds (for state reached asynchronously); fail with the last value otherwise."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        value = await fetch()
        if check(value):
            return value
        if loop.time() > end:
            raise AssertionError(f"condition not met in time; last value: {value!r}")
        await asyncio.sleep(0.02)
