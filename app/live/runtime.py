"""The running application: settings, database, agendas, the hubs of open meetings, the scheduler.

Created once at server start (or by a CLI command) with `Runtime.open`; pages reach it through `runtime()`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from app.config import TIMEZONE, Settings
from app.domain import clock as clk
from app.domain.agenda import Agenda
from app.domain.schedule import planned_seconds
from app.live import security
from app.live.agendas import AgendaCatalogue
from app.live.hub import Change, MeetingHub
from app.store.db import Database
from app.store.meetings import MeetingRow, MeetingStore

log = logging.getLogger(__name__)
TZ = ZoneInfo(TIMEZONE)

_current: Runtime | None = None


def runtime() -> Runtime:
    if _current is None:
        raise RuntimeError("the application runtime is not open")
    return _current


async def ready(timeout: float = 30.0) -> Runtime:
    """The runtime, once the server's start-up has opened it (start-up runs as a background task)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    while _current is None:
        if loop.time() > until:
            raise RuntimeError("the application runtime did not open; see the log")
        await asyncio.sleep(0.01)
    return _current


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NewMeeting:
    meeting: MeetingRow
    facilitator_token: str
    cohost_token: str

    def links(self, base_url: str) -> dict[str, str]:
        code = self.meeting.code
        return {
            "code": code,
            "participant_url": f"{base_url}/m/{code}",
            "facilitator_url": f"{base_url}/facilitator/{code}/{self.facilitator_token}",
            "cohost_url": f"{base_url}/cohost/{code}/{self.cohost_token}",
            "projector_url": f"{base_url}/m/{code}/projector",
        }


class Runtime:
    def __init__(self, settings: Settings, db: Database, now: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.db = db
        self.meetings = MeetingStore(db)
        self.agendas = AgendaCatalogue.from_dir(settings.agenda_dir)
        self.hubs: dict[int, MeetingHub] = {}
        self.now = now
        self.scheduler = None  # set by app.live.scheduling when the server runs
        self.relays: list[Callable[[MeetingHub, Change], object]] = []

    @classmethod
    async def open(cls, settings: Settings, now: Callable[[], datetime] = utcnow, install: bool = True) -> Runtime:
        global _current
        db = Database(settings.database_url)
        await db.migrate()
        rt = cls(settings, db, now)
        for problem in rt.agendas.problems:
            log.error("agenda not loaded: %s", problem)
        if install:
            _current = rt
            if not settings.is_sqlite:  # several server processes: carry the hubs' changes between them
                from app.live import relay

                await relay.install(rt)
        return rt

    async def close(self) -> None:
        """Let the pages' redraws in flight finish (they read the store), then close the database."""
        global _current
        for hub in list(self.hubs.values()):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(hub.settle(), timeout=2.0)
        await self.db.close()
        if _current is self:
            _current = None

    async def relay(self, hub: MeetingHub, change: Change) -> None:
        for relay in self.relays:
            result = relay(hub, change)
            if hasattr(result, "__await__"):
                await result

    # -- meetings --------------------------------------------------------------------------------------
    async def create_meeting(self, agenda: Agenda, *, cluster: str, day: date, start: time,
                             previous_code: str | None = None) -> NewMeeting:
        previous = await self.meetings.by_code(previous_code) if previous_code else None
        if previous_code and previous is None:
            raise LookupError(f"no meeting with code {previous_code}")
        include_optional = previous is not None
        state = clk.new_clock(planned_seconds(agenda, include_optional))
        code = security.new_code()
        while await self.meetings.code_exists(code):
            code = security.new_code()
        f_token, c_token = security.new_token(), security.new_token()
        row = await self.meetings.create(
            code=code, agenda_id=agenda.id, agenda_json=agenda.model_dump_json(), title=agenda.title,
            cluster=cluster.strip(), date=day.isoformat(), start_time=start.strftime("%H:%M"),
            include_optional=include_optional, previous_id=previous.id if previous else None,
            facilitator_hash=security.hash_token(f_token), cohost_hash=security.hash_token(c_token),
            clock=state.to_dict(), now=self.now(),
        )
        return NewMeeting(row, f_token, c_token)

    async def hub(self, code: str) -> MeetingHub | None:
        """The hub of the meeting with this join code, loaded from the store on first use."""
        code = security.normalise_code(code)
        for hub in self.hubs.values():
            if hub.code == code:
                return hub
        row = await self.meetings.by_code(code)
        if row is None:
            return None
        return self._install_hub(row)

    async def hub_by_id(self, meeting_id: int) -> MeetingHub | None:
        if meeting_id in self.hubs:
            return self.hubs[meeting_id]
        row = await self.meetings.by_id(meeting_id)
        return self._install_hub(row) if row else None

    def _install_hub(self, row: MeetingRow) -> MeetingHub:
        agenda = Agenda.model_validate(json.loads(row.agenda_json))
        hub = self.hubs.setdefault(row.id, MeetingHub(self, row, agenda))
        return hub

    def forget(self, meeting_id: int) -> None:
        self.hubs.pop(meeting_id, None)

    async def demo_links(self) -> dict[str, str] | None:
        raw = await self.meetings.get_setting("demo_links")
        return json.loads(raw) if raw else None

    def local_start(self, row: MeetingRow) -> datetime:
        """The meeting's planned start as an aware Europe/Copenhagen datetime."""
        return datetime.combine(date.fromisoformat(row.date), time.fromisoformat(row.start_time), tzinfo=TZ)
