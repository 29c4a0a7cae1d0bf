"""What a meeting carries over from the cluster's previous meeting, and the room's "Er det sket?" answers."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.store.db import Database
from app.store.schema import follow_up_answers, plans, posts


async def carried_over(db: Database, previous_id: int) -> list[dict[str, str]]:
    """Starred board ideas and the practices' implementation plans of the previous meeting, as items."""
    async with db.read() as conn:
        starred = (await conn.execute(
            select(posts.c.id, posts.c.text).where(posts.c.meeting_id == previous_id, posts.c.starred.is_(True),
                                                   posts.c.hidden.is_(False)).order_by(posts.c.id))).all()
        planned = (await conn.execute(
            select(plans.c.id, plans.c.practice_name, plans.c.data_json).where(plans.c.meeting_id == previous_id)
            .order_by(plans.c.practice_name))).all()
    items = [{"key": f"post:{row.id}", "kind": "starred", "text": row.text} for row in starred]
    for row in planned:
        data = json.loads(row.data_json or "{}")
        what = (data.get("hvad") or "").strip()
        if what:
            items.append({"key": f"plan:{row.id}", "kind": "plan", "text": f"{row.practice_name}: {what}"})
    return items


async def answers(db: Database, meeting_id: int) -> dict[str, str]:
    async with db.read() as conn:
        rows = (await conn.execute(select(follow_up_answers.c.item_key, follow_up_answers.c.answer)
                                   .where(follow_up_answers.c.meeting_id == meeting_id))).all()
    return {r.item_key: r.answer for r in rows if r.answer}


async def set_answer(db: Database, meeting_id: int, item_key: str, item_text: str, answer: str | None,
                     now: datetime) -> None:
    insert = pg_insert if db.url.startswith("postgresql") else sqlite_insert
    stmt = insert(follow_up_answers).values(meeting_id=meeting_id, item_key=item_key, item_text=item_text,
                                            answer=answer, updated_at=now)
    stmt = stmt.on_conflict_do_update(index_elements=["meeting_id", "item_key"],
                                      set_={"answer": answer, "updated_at": now})
    async with db.write() as conn:
        await conn.execute(stmt)
