"""Breakout groups: the roster (participants imported or fixed by the co-host) and the rounds with their members.

A round is keyed by the group step it is for (`step_id`); its members carry 1-based group numbers ("Gruppe 1").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from app.domain.roster import Person, practice_key
from app.store.db import Database
from app.store.meetings import utc
from app.store.schema import group_members, participants, rounds


@dataclass(frozen=True)
class RosterEntry:
    """A participant as the co-host's roster shows them; `joined` is False for an imported row nobody claimed."""

    id: int
    name: str
    practice: str | None
    email: str | None
    solo: bool
    source: str
    joined: bool


@dataclass(frozen=True)
class RoundRow:
    id: int
    step_id: str
    round_no: int
    mode: str
    size: int
    seed: int
    status: str
    report: dict[str, Any]
    opened_at: datetime | None
    closed_at: datetime | None
    members: dict[int, int] = field(default_factory=dict)  # participant id -> group number (1-based)


def _entry(row: Any) -> RosterEntry:
    return RosterEntry(id=row.id, name=row.name, practice=row.practice, email=row.email, solo=bool(row.solo),
                       source=row.source, joined=row.secret_hash is not None)


def _round(row: Any, members: dict[int, int]) -> RoundRow:
    return RoundRow(id=row.id, step_id=row.step_id, round_no=row.round_no, mode=row.mode, size=row.size,
                    seed=row.seed, status=row.status, report=json.loads(row.report_json or "{}"),
                    opened_at=utc(row.opened_at), closed_at=utc(row.closed_at), members=members)


def same_person(entry: RosterEntry | Person, name: str, practice: str | None) -> bool:
    """Same name (case-insensitive) and same practice key (None for a solo doctor)."""
    return entry.name.casefold() == name.casefold() and practice_key(entry.practice) == practice_key(practice)


class GroupStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- roster ---------------------------------------------------------------------------------------
    async def roster(self, meeting_id: int) -> list[RosterEntry]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(participants).where(participants.c.meeting_id == meeting_id)
                                       .order_by(participants.c.id))).all()
        return [_entry(r) for r in rows]

    async def import_people(self, meeting_id: int, people: list[Person], now: datetime) -> tuple[int, int]:
        """Add imported people in one transaction; someone already on the list (name and practice) is kept and
        only gets the email if they had none. Returns (added, already there)."""
        async with self.db.write() as conn:
            rows = (await conn.execute(select(participants).where(participants.c.meeting_id == meeting_id))).all()
            existing = [_entry(r) for r in rows]
            added = kept = 0
            for person in people:
                match = next((e for e in existing if same_person(e, person.name, person.practice)), None)
                if match is not None:
                    kept += 1
                    if person.email and not match.email:
                        await conn.execute(update(participants).where(participants.c.id == match.id)
                                           .values(email=person.email))
                    continue
                await conn.execute(insert(participants).values(
                    meeting_id=meeting_id, name=person.name, practice=person.practice, email=person.email,
                    solo=person.solo, secret_hash=None, source="import", joined_at=now))
                added += 1
        return added, kept

    async def claim_imported(self, meeting_id: int, name: str, practice: str | None, secret_hash: str,
                             now: datetime) -> int | None:
        """Give an unclaimed imported row with this name and practice to the person joining; its id, or None."""
        async with self.db.write() as conn:
            rows = (await conn.execute(select(participants).where(
                participants.c.meeting_id == meeting_id, participants.c.source == "import",
                participants.c.secret_hash.is_(None)).order_by(participants.c.id))).all()
            match = next((r for r in rows if same_person(_entry(r), name, practice)), None)
            if match is None:
                return None
            await conn.execute(update(participants).where(participants.c.id == match.id)
                               .values(secret_hash=secret_hash, joined_at=now))
            return match.id

    async def add_person(self, meeting_id: int, person: Person, now: datetime) -> int:
        async with self.db.write() as conn:
            result = await conn.execute(insert(participants).values(
                meeting_id=meeting_id, name=person.name, practice=person.practice, email=person.email,
                solo=person.solo, secret_hash=None, source="import", joined_at=now))
            return result.inserted_primary_key[0]

    async def update_person(self, meeting_id: int, participant_id: int, person: Person) -> bool:
        async with self.db.write() as conn:
            result = await conn.execute(update(participants).where(
                participants.c.id == participant_id, participants.c.meeting_id == meeting_id).values(
                name=person.name, practice=person.practice, email=person.email, solo=person.solo))
            return result.rowcount > 0

    async def remove_person(self, meeting_id: int, participant_id: int) -> bool:
        async with self.db.write() as conn:
            result = await conn.execute(delete(participants).where(
                participants.c.id == participant_id, participants.c.meeting_id == meeting_id))
            return result.rowcount > 0

    # -- rounds ---------------------------------------------------------------------------------------
    async def rounds(self, meeting_id: int) -> list[RoundRow]:
        """Every round of the meeting with its members, by round number."""
        async with self.db.read() as conn:
            rows = (await conn.execute(select(rounds).where(rounds.c.meeting_id == meeting_id)
                                       .order_by(rounds.c.round_no, rounds.c.id))).all()
            ids = [r.id for r in rows]
            members = (await conn.execute(select(group_members).where(group_members.c.round_id.in_(ids))
                                          .order_by(group_members.c.group_no, group_members.c.participant_id))
                       ).all() if ids else []
        by_round: dict[int, dict[int, int]] = {i: {} for i in ids}
        for m in members:
            by_round[m.round_id][m.participant_id] = m.group_no
        return [_round(r, by_round[r.id]) for r in rows]

    async def round_for(self, meeting_id: int, step_id: str) -> RoundRow | None:
        return next((r for r in await self.rounds(meeting_id) if r.step_id == step_id), None)

    async def save_round(self, meeting_id: int, step_id: str, *, round_no: int, mode: str, size: int, seed: int,
                         report: dict[str, Any], members: dict[int, int]) -> None:
        """Create or replace the round of `step_id` as a draft with these members."""
        values = {"round_no": round_no, "mode": mode, "size": size, "seed": seed, "status": "draft",
                  "report_json": json.dumps(report, ensure_ascii=False), "opened_at": None, "closed_at": None}
        async with self.db.write() as conn:
            round_id = (await conn.execute(select(rounds.c.id).where(
                rounds.c.meeting_id == meeting_id, rounds.c.step_id == step_id))).scalar()
            if round_id is None:
                result = await conn.execute(insert(rounds).values(meeting_id=meeting_id, step_id=step_id, **values))
                round_id = result.inserted_primary_key[0]
            else:
                await conn.execute(update(rounds).where(rounds.c.id == round_id).values(**values))
            await _replace_members(conn, round_id, members)

    async def set_members(self, round_id: int, members: dict[int, int], report: dict[str, Any] | None = None) -> None:
        async with self.db.write() as conn:
            await _replace_members(conn, round_id, members)
            if report is not None:
                await conn.execute(update(rounds).where(rounds.c.id == round_id)
                                   .values(report_json=json.dumps(report, ensure_ascii=False)))

    async def set_status(self, round_id: int, status: str, now: datetime) -> None:
        values: dict[str, Any] = {"status": status}
        if status == "open":
            values.update(opened_at=now, closed_at=None)
        elif status == "closed":
            values["closed_at"] = now
        async with self.db.write() as conn:
            await conn.execute(update(rounds).where(rounds.c.id == round_id).values(**values))


async def _replace_members(conn: Any, round_id: int, members: dict[int, int]) -> None:
    await conn.execute(delete(group_members).where(group_members.c.round_id == round_id))
    if members:
        await conn.execute(insert(group_members), [
            {"round_id": round_id, "participant_id": pid, "group_no": no} for pid, no in members.items()])
