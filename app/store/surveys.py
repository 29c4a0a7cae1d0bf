"""Uploaded surveys of a meeting: one row per meeting and kind ('first', 'followup', 'comparison').

`report_json` holds what the live layer computed from the file (for a survey: the full report, the suppressed
screen report and the answer counts; for comparison figures: the parsed YAML). Uploading the same kind again
replaces the row in one transaction, so a failed upload never leaves a half-written survey.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from app.store.db import Database
from app.store.meetings import utc
from app.store.schema import surveys

KINDS = ("first", "followup", "comparison")


@dataclass(frozen=True)
class SurveyRow:
    id: int
    meeting_id: int
    kind: str
    filename: str
    members: int
    data: dict[str, Any]
    uploaded_at: datetime


def _row(row: Any) -> SurveyRow:
    m = row._mapping
    return SurveyRow(id=m["id"], meeting_id=m["meeting_id"], kind=m["kind"], filename=m["filename"],
                     members=m["members"], data=json.loads(m["report_json"]), uploaded_at=utc(m["uploaded_at"]))


class SurveyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(self, meeting_id: int, kind: str, *, filename: str, members: int, data: dict[str, Any],
                   now: datetime) -> SurveyRow:
        """Store (or replace) the meeting's survey of this kind; returns the stored row."""
        if kind not in KINDS:
            raise ValueError(f"unknown survey kind {kind!r}")
        values = {"filename": filename, "members": members, "uploaded_at": now,
                  "report_json": json.dumps(data, ensure_ascii=False)}
        where = (surveys.c.meeting_id == meeting_id) & (surveys.c.kind == kind)
        async with self.db.write() as conn:
            existing = (await conn.execute(select(surveys.c.id).where(where))).scalar()
            if existing is None:
                await conn.execute(insert(surveys).values(meeting_id=meeting_id, kind=kind, **values))
            else:
                await conn.execute(update(surveys).where(surveys.c.id == existing).values(**values))
            row = (await conn.execute(select(surveys).where(where))).one()
        return _row(row)

    async def get(self, meeting_id: int, kind: str) -> SurveyRow | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(surveys).where((surveys.c.meeting_id == meeting_id)
                                                            & (surveys.c.kind == kind)))).first()
        return _row(row) if row else None

    async def for_meeting(self, meeting_id: int) -> dict[str, SurveyRow]:
        """Every stored kind of the meeting, keyed by kind."""
        async with self.db.read() as conn:
            rows = (await conn.execute(select(surveys).where(surveys.c.meeting_id == meeting_id))).all()
        return {r.kind: r for r in map(_row, rows)}

    async def delete(self, meeting_id: int, kind: str) -> bool:
        """Remove the meeting's survey of this kind; False when there was none."""
        async with self.db.write() as conn:
            result = await conn.execute(delete(surveys).where((surveys.c.meeting_id == meeting_id)
                                                              & (surveys.c.kind == kind)))
        return result.rowcount > 0
