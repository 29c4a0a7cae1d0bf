"""Timed events of the clock ("2 minutes left", "time is up", "a cue is coming") with APScheduler.

Jobs live in a persistent job store (the same database), so they survive a restart. Each job carries
the deadline it was computed from; a job whose deadline no longer matches the clock is stale and
does nothing. Clients count down on their own from the stored deadline: jobs only announce.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from app.domain import clock as clk
from app.domain.agenda import StepKind
from app.live.hub import Change, MeetingHub
from app.store.claims import claim_once

if TYPE_CHECKING:
    from app.live.runtime import Runtime

log = logging.getLogger(__name__)
WARN_BEFORE = timedelta(minutes=2)
CUE_BEFORE = timedelta(minutes=1)
KINDS = ("warn", "time_up", "cue_soon")


def job_store_url(database_url: str) -> str | None:
    """Where the persistent jobs live. On SQLite a file of their own beside the database (`<name>.jobs.db`):
    APScheduler writes synchronously, and sharing the meeting database's single write lock made every
    clock action wait for the job store."""
    if database_url.startswith("sqlite+aiosqlite:///"):
        path = database_url.removeprefix("sqlite+aiosqlite:///")
        if path in ("", ":memory:"):
            return None
        return "sqlite:///" + (path.removesuffix(".db") + ".jobs.db")
    if database_url.startswith("postgresql+asyncpg"):
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return None
        return database_url.replace("postgresql+asyncpg", "postgresql+psycopg", 1)
    return None


class Scheduler:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        url = job_store_url(runtime.settings.database_url)
        store = SQLAlchemyJobStore(url=url, tablename="scheduled_jobs") if url else MemoryJobStore()
        self.aps = AsyncIOScheduler(jobstores={"default": store}, job_defaults={
            "misfire_grace_time": 60, "coalesce": True, "max_instances": 1})

    def start(self) -> None:
        self.aps.start()

    def shutdown(self) -> None:
        if self.aps.running:
            self.aps.shutdown(wait=False)

    def reschedule(self, hub: MeetingHub) -> None:
        """Replace the meeting's jobs with those that follow from its clock now."""
        self._replace(hub.id, planned_jobs(hub, hub.now()), hub.clock.deadline)

    async def reschedule_soon(self, hub: MeetingHub) -> None:
        """`reschedule`, with the job store's blocking database writes in a worker thread, off the event loop
        (on SQLite each is a synchronous commit; in the loop they held up every page's updates)."""
        await asyncio.to_thread(self._replace, hub.id, planned_jobs(hub, hub.now()), hub.clock.deadline)

    def _replace(self, meeting_id: int, jobs: list[tuple[str, datetime, int]], deadline: datetime | None) -> None:
        for kind in KINDS:
            with contextlib.suppress(JobLookupError):  # none, or another process just ran it
                self.aps.remove_job(f"m{meeting_id}-{kind}")
        for kind, at, index in jobs:
            self.aps.add_job(fire, "date", run_date=at, id=f"m{meeting_id}-{kind}", replace_existing=True,
                             args=[meeting_id, kind, index, deadline.isoformat() if deadline else ""])


def planned_jobs(hub: MeetingHub, now: datetime) -> list[tuple[str, datetime, int]]:
    """Which announcements the current clock calls for, and when."""
    state = hub.clock
    deadline = clk.step_deadline_at(state)
    if state.status != "running" or deadline is None:
        return []
    index, _block, step = hub.current()
    jobs = [("time_up", deadline, index)]
    if step.kind is StepKind.group and deadline - WARN_BEFORE > now:
        jobs.append(("warn", deadline - WARN_BEFORE, index))
    next_cues = hub.steps[index + 1][1].cues if index + 1 < len(hub.steps) else []
    end_cues = [c for c in step.cues if c.at == "end"]
    if (end_cues or next_cues) and deadline - CUE_BEFORE > now:
        jobs.append(("cue_soon", deadline - CUE_BEFORE, index))
    return jobs


async def fire(meeting_id: int, kind: str, step_index: int, deadline_iso: str) -> None:
    """Run by APScheduler: announce, unless the clock moved on since the job was planned.

    With several server processes on one database each scheduler may run the job; the claim (a unique row
    per meeting, kind and deadline) lets exactly one of them announce it.
    """
    from app.live.runtime import runtime

    try:
        hub = await runtime().hub_by_id(meeting_id)
    except RuntimeError:
        return
    if hub is None:
        return
    if not hub.runtime.settings.is_sqlite:
        await hub.reload()  # another process may have moved the clock
    deadline = clk.step_deadline_at(hub.clock)
    if hub.clock.status != "running" or deadline is None or deadline.isoformat() != deadline_iso:
        return
    now = hub.now()
    if not await claim_once(hub.runtime.db, f"m{meeting_id}-{kind}-{step_index}-{deadline_iso}", now):
        return
    await hub.runtime.meetings.log(hub.id, now, f"alert_{kind}", step_index)
    await hub.publish(Change("alert", {"kind": kind, "step_index": step_index}))
