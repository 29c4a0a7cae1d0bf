"""Meetings, their clock, run log and participants."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from app.store.db import Database
from app.store.schema import meetings, participants, run_log, settings


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    code: str
    agenda_id: str
    agenda_json: str
    title: str
    cluster: str
    date: str
    start_time: str
    include_optional: bool
    previous_id: int | None
    facilitator_hash: str
    cohost_hash: str
    clock: dict[str, Any]
    status: str
    display: dict[str, Any]
    board_frozen: bool
    follow_up_date: str | None
    email_draft: str | None
    version: int
    created_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    meeting_id: int
    name: str
    practice: str | None
    email: str | None
    solo: bool
    source: str
    joined_at: datetime


def _meeting(row: Any) -> MeetingRow:
    m = row._mapping
    return MeetingRow(
        id=m["id"], code=m["code"], agenda_id=m["agenda_id"], agenda_json=m["agenda_json"], title=m["title"],
        cluster=m["cluster"], date=m["date"], start_time=m["start_time"], include_optional=m["include_optional"],
        previous_id=m["previous_id"], facilitator_hash=m["facilitator_hash"], cohost_hash=m["cohost_hash"],
        clock=json.loads(m["clock_json"]), status=m["status"], display=json.loads(m["display_json"]),
        board_frozen=m["board_frozen"], follow_up_date=m["follow_up_date"], email_draft=m["email_draft"],
        version=m["version"], created_at=utc(m["created_at"]), ended_at=utc(m["ended_at"]),
    )


def _participant(row: Any) -> ParticipantRow:
    m = row._mapping
    return ParticipantRow(
        id=m["id"], meeting_id=m["meeting_id"], name=m["name"], practice=m["practice"], email=m["email"],
        solo=m["solo"], source=m["source"], joined_at=utc(m["joined_at"]),
    )


class MeetingStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- settings -------------------------------------------------------------------------------------
    async def get_setting(self, key: str) -> str | None:
        async with self.db.read() as conn:
            return (await conn.execute(select(settings.c.value).where(settings.c.key == key))).scalar()

    async def set_setting_once(self, key: str, value: str) -> str:
        """Store `value` unless the key exists; return the stored value either way."""
        async with self.db.write() as conn:
            current = (await conn.execute(select(settings.c.value).where(settings.c.key == key))).scalar()
            if current is not None:
                return current
            await conn.execute(insert(settings).values(key=key, value=value))
            return value

    # -- meetings -------------------------------------------------------------------------------------
    async def create(self, *, code: str, agenda_id: str, agenda_json: str, title: str, cluster: str, date: str,
                     start_time: str, include_optional: bool, previous_id: int | None, facilitator_hash: str,
                     cohost_hash: str, clock: dict[str, Any], now: datetime) -> MeetingRow:
        async with self.db.write() as conn:
            result = await conn.execute(insert(meetings).values(
                code=code, agenda_id=agenda_id, agenda_json=agenda_json, title=title, cluster=cluster, date=date,
                start_time=start_time, include_optional=include_optional, previous_id=previous_id,
                facilitator_hash=facilitator_hash, cohost_hash=cohost_hash, clock_json=json.dumps(clock),
                status="active", display_json="{}", board_frozen=False, version=0, created_at=now,
            ))
            meeting_id = result.inserted_primary_key[0]
            row = (await conn.execute(select(meetings).where(meetings.c.id == meeting_id))).one()
        return _meeting(row)

    async def code_exists(self, code: str) -> bool:
        async with self.db.read() as conn:
            return (await conn.execute(select(func.count()).where(meetings.c.code == code))).scalar() > 0

    async def by_code(self, code: str) -> MeetingRow | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(meetings).where(meetings.c.code == code.upper()))).first()
        return _meeting(row) if row else None

    async def by_id(self, meeting_id: int) -> MeetingRow | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(meetings).where(meetings.c.id == meeting_id))).first()
        return _meeting(row) if row else None

    async def list(self) -> list[MeetingRow]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(meetings).order_by(meetings.c.date.desc(), meetings.c.id.desc()))).all()
        return [_meeting(r) for r in rows]

    async def update(self, meeting_id: int, **values: Any) -> None:
        """Update plain columns; `clock` and `display` are given as dicts."""
        if "clock" in values:
            values["clock_json"] = json.dumps(values.pop("clock"))
        if "display" in values:
            values["display_json"] = json.dumps(values.pop("display"))
        async with self.db.write() as conn:
            await conn.execute(update(meetings).where(meetings.c.id == meeting_id)
                               .values(version=meetings.c.version + 1, **values))

    async def save_clock(self, meeting_id: int, clock: dict[str, Any], events: list[tuple[datetime, str, int | None,
                         dict[str, Any]]]) -> None:
        """The new clock state and its run-log events in one transaction."""
        async with self.db.write() as conn:
            await conn.execute(update(meetings).where(meetings.c.id == meeting_id)
                               .values(clock_json=json.dumps(clock), version=meetings.c.version + 1))
            if events:
                await conn.execute(insert(run_log), [
                    {"meeting_id": meeting_id, "at": at, "kind": kind, "step_index": index,
                     "data_json": json.dumps(data, ensure_ascii=False)}
                    for at, kind, index, data in events
                ])

    async def log(self, meeting_id: int, at: datetime, kind: str, step_index: int | None = None,
                  data: dict[str, Any] | None = None, conn: AsyncConnection | None = None) -> None:
        values = {"meeting_id": meeting_id, "at": at, "kind": kind, "step_index": step_index,
                  "data_json": json.dumps(data or {}, ensure_ascii=False)}
        if conn is not None:
            await conn.execute(insert(run_log).values(**values))
            return
        async with self.db.write() as c:
            await c.execute(insert(run_log).values(**values))

    async def run_log(self, meeting_id: int) -> list[dict[str, Any]]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(run_log).where(run_log.c.meeting_id == meeting_id)
                                       .order_by(run_log.c.at, run_log.c.id))).all()
        return [{"at": utc(r.at), "kind": r.kind, "step_index": r.step_index, "data": json.loads(r.data_json)}
                for r in rows]

    async def delete(self, meeting_id: int) -> None:
        """Remove the meeting and, by cascade, everything that belongs to it."""
        async with self.db.write() as conn:
            await conn.execute(update(meetings).where(meetings.c.previous_id == meeting_id).values(previous_id=None))
            await conn.execute(delete(meetings).where(meetings.c.id == meeting_id))

    # -- participants ---------------------------------------------------------------------------------
    async def add_participant(self, meeting_id: int, *, name: str, practice: str | None, email: str | None,
                              solo: bool, secret_hash: str | None, source: str, now: datetime) -> ParticipantRow:
        async with self.db.write() as conn:
            result = await conn.execute(insert(participants).values(
                meeting_id=meeting_id, name=name, practice=practice, email=email, solo=solo,
                secret_hash=secret_hash, source=source, joined_at=now))
            row = (await conn.execute(select(participants)
                                      .where(participants.c.id == result.inserted_primary_key[0]))).one()
        return _participant(row)

    async def participants(self, meeting_id: int) -> list[ParticipantRow]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(participants).where(participants.c.meeting_id == meeting_id)
                                       .order_by(participants.c.id))).all()
        return [_participant(r) for r in rows]

    async def participant_secret(self, participant_id: int) -> tuple[int, str | None] | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(participants.c.meeting_id, participants.c.secret_hash)
                                      .where(participants.c.id == participant_id))).first()
        return (row.meeting_id, row.secret_hash) if row else None

    async def update_participant(self, participant_id: int, **values: Any) -> None:
        async with self.db.write() as conn:
            await conn.execute(update(participants).where(participants.c.id == participant_id).values(**values))

    async def remove_participant(self, participant_id: int) -> None:
        async with self.db.write() as conn:
            await conn.execute(delete(participants).where(participants.c.id == participant_id))
