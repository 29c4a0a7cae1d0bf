"""Timed events of the clock ("2 minutes left", "time is up", "a cue is coming") with APScheduler.

Jobs live in a persistent job store (the same database), so they survive a restart. Each job carries
the deadline it was computed from; a job whose deadline no longer matches the clock is stale and
does nothing. Clients count down on their own from the stored deadline: jobs only announce.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from app.domain import clock as clk
from app.domain.agenda import StepKind
from app.live.hub import Change, MeetingHub

if TYPE_CHECKING:
    from app.live.runtime import Runtime

log = logging.getLogger(__name__)
WARN_BEFORE = timedelta(minutes=2)
CUE_BEFORE = timedelta(minutes=1)
KINDS = ("warn", "time_up", "cue_soon")


def job_store_url(database_url: str) -> str | None:
    if database_url.startswith("sqlite+aiosqlite"):
        return database_url.replace("sqlite+aiosqlite", "sqlite", 1)
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
        for kind in KINDS:
            job_id = f"m{hub.id}-{kind}"
            if self.aps.get_job(job_id):
                self.aps.remove_job(job_id)
        for kind, at, index in planned_jobs(hub, hub.now()):
            self.aps.add_job(fire, "date", run_date=at, id=f"m{hub.id}-{kind}", replace_existing=True,
                             args=[hub.id, kind, index, hub.clock.deadline.isoformat()])


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
    """Run by APScheduler: announce, unless the clock moved on since the job was planned."""
    from app.live.runtime import runtime

    try:
        hub = await runtime().hub_by_id(meeting_id)
    except RuntimeError:
        return
    if hub is None:
        return
    deadline = clk.step_deadline_at(hub.clock)
    if hub.clock.status != "running" or deadline is None or deadline.isoformat() != deadline_iso:
        return
    now = hub.now()
    await hub.runtime.meetings.log(hub.id, now, f"alert_{kind}", step_index)
    await hub.publish(Change("alert", {"kind": kind, "step_index": step_index}))
