"""The live hub carried between server processes with PostgreSQL LISTEN/NOTIFY.

Every change a hub publishes is also NOTIFYed on channel `klynge` as JSON
`{"pid": <origin>, "meeting_id": .., "topic": .., "data": {..}}` (`pid` names the sending process: host,
process id and a random tag, so two machines never clash). A payload that would not fit PostgreSQL's
8000-byte limit is sent without `data` and with `"reload": true`; receivers then re-read the store.

A process receiving a notification from ANOTHER process re-reads the meeting row when the topic is about the
meeting or its clock (or the data was left out), then publishes the change to its own pages only: a replayed
change is never relayed again. Meetings no page of this process has opened are ignored (nothing to update).
A remote clock change also wakes this process's scheduler, so it sees the jobs the other process stored
(both may then fire; `app.live.scheduling.fire` claims each announcement, so it is made exactly once).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import socket
from typing import TYPE_CHECKING, Any

import asyncpg

from app.live.hub import Change, MeetingHub
from app.store.notify import pg_notify

if TYPE_CHECKING:
    from app.live.runtime import Runtime

log = logging.getLogger(__name__)
CHANNEL = "klynge"
MAX_PAYLOAD = 7900  # PostgreSQL refuses NOTIFY payloads of 8000 bytes or more
RELOAD_TOPICS = frozenset({"clock", "meeting", "display", "links"})
WAKE_EVERY = 10.0  # seconds: a scheduler also looks at jobs other (perhaps dead) processes stored
ORIGIN = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def asyncpg_dsn(database_url: str) -> str:
    """The SQLAlchemy URL (`postgresql+asyncpg://...`) as a plain DSN asyncpg accepts."""
    scheme, rest = database_url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgres") else database_url


def encode(meeting_id: int, change: Change, origin: str = ORIGIN) -> str:
    """The notification text; without `data` (and with `reload`) when it would be too large."""
    body: dict[str, Any] = {"pid": origin, "meeting_id": meeting_id, "topic": change.topic, "data": change.data}
    payload = json.dumps(body, ensure_ascii=False, default=str, separators=(",", ":"))
    if len(payload.encode("utf-8")) < MAX_PAYLOAD:
        return payload
    body = {"pid": origin, "meeting_id": meeting_id, "topic": change.topic, "data": {}, "reload": True}
    return json.dumps(body, separators=(",", ":"))


class PgRelay:
    """Listens on one dedicated asyncpg connection; sends through the application's connection pool."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.conn: asyncpg.Connection | None = None
        self._replaying: set[int] = set()
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        self.conn = await asyncpg.connect(asyncpg_dsn(self.runtime.settings.database_url))
        await self.conn.add_listener(CHANNEL, self._on_notify)
        self._spawn(self._wake_scheduler_now_and_then())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def wake_scheduler(self) -> None:
        scheduler = self.runtime.scheduler
        if scheduler is not None and scheduler.aps.running:
            scheduler.aps.wakeup()

    async def _wake_scheduler_now_and_then(self) -> None:
        """APScheduler sleeps until its own next job; jobs stored by another process need a nudge."""
        while True:
            await asyncio.sleep(WAKE_EVERY)
            self.wake_scheduler()

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self.conn is not None and not self.conn.is_closed():
            try:
                await self.conn.remove_listener(CHANNEL, self._on_notify)
            finally:
                await self.conn.close()
        self.conn = None

    # -- sending -------------------------------------------------------------------------------------
    async def __call__(self, hub: MeetingHub, change: Change) -> None:
        """The relay `MeetingHub.publish` calls (through `Runtime.relay`) for every change."""
        if id(change) in self._replaying:
            return
        try:
            await pg_notify(self.runtime.db, CHANNEL, encode(hub.id, change))
        except Exception:  # the local pages already have the change; other processes catch up on reload
            log.exception("could not relay %s of meeting %s", change.topic, hub.id)

    # -- receiving -----------------------------------------------------------------------------------
    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        self._spawn(self.receive(payload))

    async def receive(self, payload: str) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            log.warning("ignored a malformed notification: %.200s", payload)
            return
        if message.get("pid") == ORIGIN:
            return
        hub = self.runtime.hubs.get(int(message.get("meeting_id", 0)))
        if hub is None:
            return
        topic = str(message.get("topic", ""))
        if topic in RELOAD_TOPICS or message.get("reload"):
            await hub.reload()
        if topic == "clock":  # the sender stores its new jobs just after publishing: look a moment later
            asyncio.get_running_loop().call_later(1.0, self.wake_scheduler)
        await self.replay(hub, Change(topic, message.get("data") or {}))

    async def replay(self, hub: MeetingHub, change: Change) -> None:
        """Publish to this process's pages without sending the change back out."""
        self._replaying.add(id(change))
        try:
            await hub.publish(change)
        finally:
            self._replaying.discard(id(change))


async def install(runtime: Runtime) -> PgRelay:
    """Start listening and add the relay to `runtime.relays` (called by `Runtime.open` on PostgreSQL)."""
    relay = PgRelay(runtime)
    await relay.start()
    runtime.relays.append(relay)
    return relay


async def uninstall(runtime: Runtime) -> None:
    """Stop every PostgreSQL relay of the runtime (called when the server stops)."""
    for relay in [r for r in runtime.relays if isinstance(r, PgRelay)]:
        runtime.relays.remove(relay)
        await relay.stop()
