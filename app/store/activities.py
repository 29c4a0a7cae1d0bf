"""Post-its (rows of `posts` with kind 'postit'), quick-poll answers, personal notes and practice plans.

`all_plans` and `poll_results` at the end are for the exports (they need only the database and a meeting).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.domain import activities as rules
from app.domain.agenda import Agenda
from app.store.db import Database
from app.store.meetings import utc
from app.store.schema import group_members, meetings, notes, plans, poll_answers, posts, rounds, run_log

POLL_EVENTS = ("poll_opened", "poll_closed")


def _postit(row: Any) -> rules.Postit:
    return rules.Postit(id=row.id, participant_id=row.participant_id, author=row.author_name, color=row.color,
                        text=row.text, heading=row.heading)


def _plan(row: Any) -> dict[str, Any]:
    return {"practice_key": row.practice_key, "practice_name": row.practice_name, "data": json.loads(row.data_json),
            "updated_by": row.updated_by, "updated_at": utc(row.updated_at)}


class ActivityStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- post-its --------------------------------------------------------------------------------------
    async def add_postit(self, meeting_id: int, *, participant_id: int, author: str, color: str, text: str,
                         group_no: int | None, idem_key: str | None, now: datetime) -> rules.Postit:
        """Store a note; the same `idem_key` again (a retried click) returns the note stored the first time."""
        values = {"meeting_id": meeting_id, "kind": "postit", "question_id": rules.POSTITS_QUESTION,
                  "participant_id": participant_id, "author_name": author, "group_no": group_no, "text": text,
                  "color": color, "heading": None, "idem_key": idem_key, "created_at": now}
        try:
            async with self.db.write() as conn:
                post_id = (await conn.execute(insert(posts).values(**values))).inserted_primary_key[0]
        except IntegrityError:
            post_id = await self._by_idem(meeting_id, idem_key)
        found = await self.postit(meeting_id, post_id)
        assert found is not None
        return found

    async def _by_idem(self, meeting_id: int, idem_key: str | None) -> int:
        async with self.db.read() as conn:
            return (await conn.execute(select(posts.c.id).where(
                posts.c.meeting_id == meeting_id, posts.c.idem_key == idem_key))).scalar_one()

    async def postit(self, meeting_id: int, post_id: int) -> rules.Postit | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(posts).where(
                posts.c.id == post_id, posts.c.meeting_id == meeting_id, posts.c.kind == "postit"))).first()
        return _postit(row) if row else None

    async def postits(self, meeting_id: int) -> list[rules.Postit]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(posts).where(
                posts.c.meeting_id == meeting_id, posts.c.kind == "postit", posts.c.hidden.is_(False))
                .order_by(posts.c.id))).all()
        return [_postit(r) for r in rows]

    async def update_postit(self, post_id: int, now: datetime, **values: Any) -> None:
        """Set `text` or `heading` of a note."""
        async with self.db.write() as conn:
            await conn.execute(update(posts).where(posts.c.id == post_id).values(updated_at=now, **values))

    async def delete_postit(self, post_id: int) -> None:
        async with self.db.write() as conn:
            await conn.execute(delete(posts).where(posts.c.id == post_id, posts.c.kind == "postit"))

    async def groups(self, meeting_id: int) -> dict[int, int]:
        """participant id -> group number in the latest round that left the draft stage ({} without groups)."""
        async with self.db.read() as conn:
            round_id = (await conn.execute(select(rounds.c.id).where(
                rounds.c.meeting_id == meeting_id, rounds.c.status != "draft")
                .order_by(rounds.c.opened_at.desc(), rounds.c.id.desc()).limit(1))).scalar()
            if round_id is None:
                return {}
            rows = (await conn.execute(select(group_members.c.participant_id, group_members.c.group_no)
                                       .where(group_members.c.round_id == round_id))).all()
        return {r.participant_id: r.group_no for r in rows}

    # -- polls -----------------------------------------------------------------------------------------
    async def poll_events(self, meeting_id: int) -> list[tuple[str, str]]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(run_log.c.kind, run_log.c.data_json).where(
                run_log.c.meeting_id == meeting_id, run_log.c.kind.in_(POLL_EVENTS))
                .order_by(run_log.c.at, run_log.c.id))).all()
        return [(r.kind, json.loads(r.data_json).get("poll", "")) for r in rows]

    async def answers_of(self, meeting_id: int, poll_id: str, participant_id: int) -> list[dict[str, Any]]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(poll_answers.c.id, poll_answers.c.text, poll_answers.c.idem_key).where(
                poll_answers.c.meeting_id == meeting_id, poll_answers.c.poll_id == poll_id,
                poll_answers.c.participant_id == participant_id).order_by(poll_answers.c.id))).all()
        return [{"id": r.id, "text": r.text, "idem_key": r.idem_key} for r in rows]

    async def add_answer(self, meeting_id: int, poll_id: str, participant_id: int, text: str, idem_key: str | None,
                         now: datetime, replace: bool = False) -> bool:
        """Store an answer (for `replace`, instead of the participant's earlier ones); False when the
        `idem_key` was stored before (nothing changes)."""
        try:
            async with self.db.write() as conn:
                if replace:
                    await conn.execute(delete(poll_answers).where(
                        poll_answers.c.meeting_id == meeting_id, poll_answers.c.poll_id == poll_id,
                        poll_answers.c.participant_id == participant_id))
                await conn.execute(insert(poll_answers).values(
                    meeting_id=meeting_id, poll_id=poll_id, participant_id=participant_id, text=text,
                    idem_key=idem_key, created_at=now))
        except IntegrityError:
            return False
        return True

    async def has_idem(self, meeting_id: int, idem_key: str) -> bool:
        async with self.db.read() as conn:
            return (await conn.execute(select(func.count()).where(
                poll_answers.c.meeting_id == meeting_id, poll_answers.c.idem_key == idem_key))).scalar() > 0

    async def answers(self, meeting_id: int, poll_id: str) -> tuple[list[str], int]:
        """All answers to a poll in the order given, and how many people answered."""
        async with self.db.read() as conn:
            rows = (await conn.execute(select(poll_answers.c.text, poll_answers.c.participant_id).where(
                poll_answers.c.meeting_id == meeting_id, poll_answers.c.poll_id == poll_id)
                .order_by(poll_answers.c.id))).all()
        return [r.text for r in rows], len({r.participant_id for r in rows})

    # -- personal notes --------------------------------------------------------------------------------
    async def note(self, participant_id: int) -> dict[str, Any] | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(notes).where(notes.c.participant_id == participant_id))).first()
        return {"text": row.text, "updated_at": utc(row.updated_at)} if row else None

    async def save_note(self, meeting_id: int, participant_id: int, text: str, now: datetime) -> None:
        async with self.db.write() as conn:
            done = await conn.execute(update(notes).where(notes.c.participant_id == participant_id)
                                      .values(text=text, updated_at=now))
            if done.rowcount == 0:
                await conn.execute(insert(notes).values(participant_id=participant_id, meeting_id=meeting_id,
                                                        text=text, updated_at=now))

    # -- implementation plans --------------------------------------------------------------------------
    async def plan(self, meeting_id: int, practice_key: str) -> dict[str, Any] | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(plans).where(
                and_(plans.c.meeting_id == meeting_id, plans.c.practice_key == practice_key)))).first()
        return _plan(row) if row else None

    async def save_plan_field(self, meeting_id: int, practice_key: str, practice_name: str, field_id: str,
                              text: str, by: str, now: datetime) -> dict[str, Any]:
        """Set one field of the practice's plan (read and written in one transaction: last writer wins)."""
        where = and_(plans.c.meeting_id == meeting_id, plans.c.practice_key == practice_key)
        async with self.db.write() as conn:
            row = (await conn.execute(select(plans).where(where))).first()
            data = rules.merge_plan(json.loads(row.data_json) if row else {}, field_id, text, by, now.isoformat())
            values = {"data_json": json.dumps(data, ensure_ascii=False), "updated_by": by, "updated_at": now}
            if row is None:  # the practice keeps the spelling of whoever began its plan
                await conn.execute(insert(plans).values(meeting_id=meeting_id, practice_key=practice_key,
                                                        practice_name=practice_name, **values))
            else:
                await conn.execute(update(plans).where(where).values(**values))
            saved = (await conn.execute(select(plans).where(where))).one()
        return _plan(saved)

    async def plans(self, meeting_id: int) -> list[dict[str, Any]]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(plans).where(plans.c.meeting_id == meeting_id)
                                       .order_by(plans.c.practice_name, plans.c.id))).all()
        return [_plan(r) for r in rows]


async def _agenda(db: Database, meeting_id: int) -> Agenda | None:
    async with db.read() as conn:
        raw = (await conn.execute(select(meetings.c.agenda_json).where(meetings.c.id == meeting_id))).scalar()
    return Agenda.model_validate_json(raw) if raw else None


async def all_plans(db: Database, meeting_id: int) -> list[dict[str, Any]]:
    """Every practice's implementation plan of the meeting, for the exports: practice_key, practice_name,
    updated_by, updated_at, and `fields` (in the agenda's order: id, label, hint, text, by)."""
    agenda = await _agenda(db, meeting_id)
    fields = agenda.plan_fields if agenda else []
    return [{**{k: v for k, v in plan.items() if k != "data"}, "fields": rules.plan_values(plan["data"], fields)}
            for plan in await ActivityStore(db).plans(meeting_id)]


async def poll_results(db: Database, meeting_id: int) -> list[rules.PollResult]:
    """The result of every poll of the meeting's agenda that got answers, in the agenda's order
    (free text: `ranked` terms; choice: `counts` per option; always the raw `answers`)."""
    agenda = await _agenda(db, meeting_id)
    store = ActivityStore(db)
    results = []
    for poll in agenda.polls if agenda else []:
        texts, people = await store.answers(meeting_id, poll.id)
        if texts:
            results.append(rules.poll_result(poll, texts, people))
    return results
