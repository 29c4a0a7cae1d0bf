"""What the exports read (posts, themes, plans, surveys), the email draft, the follow-up, and the send log.

Reads return the domain's plain export objects (`app.domain.export`). The follow-up meeting is stored as a
`follow_up_set` event in the run log (date, time, minutes, place; the newest wins) and its date also in
`meetings.follow_up_date`, so no schema change is needed for the time and length.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, insert, select, update

from app.domain.export import FollowUp, PlanDoc, Post, SurveyData, Theme
from app.store.db import Database
from app.store.meetings import utc
from app.store.schema import email_sends, meetings, plans, posts, run_log, surveys, themes

FOLLOW_UP_EVENT = "follow_up_set"


@dataclass(frozen=True)
class SendRow:
    batch: int
    recipient: str
    status: str  # pending | sent | refused | failed | invalid
    error: str | None
    sent_at: datetime


def _post(row: Any) -> Post:
    m = row._mapping
    return Post(id=m["id"], question_id=m["question_id"], text=m["text"], created_at=utc(m["created_at"]),
                kind=m["kind"], author=m["author_name"], group_no=m["group_no"], theme_id=m["theme_id"],
                starred=bool(m["starred"]), hidden=bool(m["hidden"]), heading=m["heading"],
                source="chat" if m["source_key"] else None)


class ExportStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- what the exports read ---------------------------------------------------------------------------------
    async def posts(self, meeting_id: int) -> list[Post]:
        """Every post of the meeting (answers, chat imports and post-its), hidden ones too: the domain filters."""
        async with self.db.read() as conn:
            rows = (await conn.execute(select(posts).where(posts.c.meeting_id == meeting_id)
                                       .order_by(posts.c.created_at, posts.c.id))).all()
        return [_post(r) for r in rows]

    async def themes(self, meeting_id: int) -> list[Theme]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(themes).where(themes.c.meeting_id == meeting_id)
                                       .order_by(themes.c.position, themes.c.id))).all()
        return [Theme(id=r.id, question_id=r.question_id, name=r.name, position=r.position) for r in rows]

    async def plans(self, meeting_id: int) -> list[PlanDoc]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(plans).where(plans.c.meeting_id == meeting_id)
                                       .order_by(plans.c.practice_name))).all()
        return [PlanDoc(practice=r.practice_name, fields={k: str(v) for k, v in json.loads(r.data_json or "{}").items()
                                                          if v is not None},
                        updated_by=r.updated_by, updated_at=utc(r.updated_at)) for r in rows]

    async def survey(self, meeting_id: int) -> SurveyData | None:
        """The survey shown to members (the suppressed screen report); the follow-up survey compared with the
        first when both exist; the comparison figures when uploaded."""
        async with self.db.read() as conn:
            rows = (await conn.execute(select(surveys.c.kind, surveys.c.report_json)
                                       .where(surveys.c.meeting_id == meeting_id))).all()
        data = {r.kind: json.loads(r.report_json) for r in rows}
        first, later = _screen(data.get("first")), _screen(data.get("followup"))
        if first is None and later is None:
            return None
        comparison = (data.get("comparison") or {}).get("comparison")
        if later is not None:
            return SurveyData(later, comparison, first)
        return SurveyData(first, comparison)

    # -- the follow-up meeting ---------------------------------------------------------------------------------
    async def follow_up(self, meeting_id: int, default_start: time = time(17, 0)) -> FollowUp | None:
        async with self.db.read() as conn:
            event = (await conn.execute(
                select(run_log.c.data_json).where(run_log.c.meeting_id == meeting_id,
                                                  run_log.c.kind == FOLLOW_UP_EVENT)
                .order_by(run_log.c.at.desc(), run_log.c.id.desc()).limit(1))).scalar()
            day = (await conn.execute(select(meetings.c.follow_up_date)
                                      .where(meetings.c.id == meeting_id))).scalar()
        if not day:
            return None
        saved = json.loads(event) if event else {}
        if saved.get("date") != day:  # the date was set elsewhere (the column only): keep it, default the rest
            return FollowUp(date.fromisoformat(day), default_start)
        return FollowUp(date.fromisoformat(day), time.fromisoformat(saved["time"]), int(saved["minutes"]),
                        saved.get("place") or None)

    async def set_follow_up(self, meeting_id: int, follow_up: FollowUp | None, now: datetime) -> None:
        data = {} if follow_up is None else {"date": follow_up.day.isoformat(),
                                             "time": follow_up.start.strftime("%H:%M"),
                                             "minutes": follow_up.minutes, "place": follow_up.place}
        async with self.db.write() as conn:
            await conn.execute(update(meetings).where(meetings.c.id == meeting_id).values(
                follow_up_date=data.get("date"), version=meetings.c.version + 1))
            await conn.execute(insert(run_log).values(meeting_id=meeting_id, at=now, kind=FOLLOW_UP_EVENT,
                                                      step_index=None, data_json=json.dumps(data, ensure_ascii=False)))

    # -- the editable draft ------------------------------------------------------------------------------------
    async def save_draft(self, meeting_id: int, text: str | None) -> None:
        """Keep the facilitator's edited email text; None goes back to the generated draft."""
        async with self.db.write() as conn:
            await conn.execute(update(meetings).where(meetings.c.id == meeting_id).values(
                email_draft=text, version=meetings.c.version + 1))

    # -- the send log ------------------------------------------------------------------------------------------
    async def sends(self, meeting_id: int) -> list[SendRow]:
        async with self.db.read() as conn:
            rows = (await conn.execute(select(email_sends).where(email_sends.c.meeting_id == meeting_id)
                                       .order_by(email_sends.c.batch, email_sends.c.id))).all()
        return [SendRow(r.batch, r.recipient, r.status, r.error, utc(r.sent_at)) for r in rows]

    async def reserve_batch(self, meeting_id: int, recipients: list[str], now: datetime) -> int:
        """A new batch with every recipient 'pending', written before anything is sent."""
        async with self.db.write() as conn:
            last = (await conn.execute(select(func.max(email_sends.c.batch))
                                       .where(email_sends.c.meeting_id == meeting_id))).scalar()
            batch = (last or 0) + 1
            await conn.execute(insert(email_sends), [
                {"meeting_id": meeting_id, "batch": batch, "recipient": r, "status": "pending", "error": None,
                 "sent_at": now} for r in recipients])
        return batch

    async def record_results(self, meeting_id: int, batch: int, results: list[tuple[str, str, str | None]],
                             now: datetime) -> None:
        """Each recipient's outcome: (address, status, error)."""
        async with self.db.write() as conn:
            for recipient, status, error in results:
                await conn.execute(update(email_sends).where(
                    email_sends.c.meeting_id == meeting_id, email_sends.c.batch == batch,
                    email_sends.c.recipient == recipient).values(status=status, error=error, sent_at=now))


def _screen(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if not data:
        return None
    return data.get("screen") or data.get("report")
