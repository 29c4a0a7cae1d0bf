"""The board's posts and themes (posts.kind == "answer"), and the breakout groups a post is filed under.

Public helpers for other areas (exports): `visible_posts(db, meeting_id)` and `themes(db, meeting_id)`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from app.domain.board import ANSWER, Post, Theme
from app.store.db import Database
from app.store.meetings import utc
from app.store.schema import group_members, posts, rounds
from app.store.schema import themes as themes_table

_COLUMNS = (posts, themes_table.c.name.label("theme_name"))


def _post(row: Any) -> Post:
    m = row._mapping
    return Post(
        id=m["id"], question_id=m["question_id"], text=m["text"], created_at=utc(m["created_at"]),
        step_id=m["step_id"], participant_id=m["participant_id"], author_name=m["author_name"],
        group_no=m["group_no"], theme_id=m["theme_id"], starred=bool(m["starred"]), hidden=bool(m["hidden"]),
        source_key=m["source_key"], updated_at=utc(m["updated_at"]), theme_name=m.get("theme_name"),
    )


def _theme(row: Any) -> Theme:
    return Theme(id=row.id, question_id=row.question_id, name=row.name, position=row.position)


def _select_posts(meeting_id: int) -> Any:
    joined = posts.outerjoin(themes_table, posts.c.theme_id == themes_table.c.id)
    return (select(*_COLUMNS).select_from(joined)
            .where(posts.c.meeting_id == meeting_id, posts.c.kind == ANSWER)
            .order_by(posts.c.created_at, posts.c.id))


class BoardStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- posts ----------------------------------------------------------------------------------------
    async def add_post(self, meeting_id: int, *, question_id: str, text: str, now: datetime,
                       step_id: str | None = None, participant_id: int | None = None, author_name: str | None = None,
                       group_no: int | None = None, idem_key: str | None = None,
                       source_key: str | None = None) -> tuple[Post, bool]:
        """Insert a post unless one with the same `idem_key` or `source_key` exists; (post, inserted)."""
        values = {"meeting_id": meeting_id, "kind": ANSWER, "question_id": question_id, "step_id": step_id,
                  "participant_id": participant_id, "author_name": author_name, "group_no": group_no, "text": text,
                  "starred": False, "hidden": False, "idem_key": idem_key, "source_key": source_key,
                  "created_at": now}
        try:  # the unique keys decide: a resubmit is rare, and the write lock is held for one statement only
            async with self.db.write() as conn:
                result = await conn.execute(insert(posts).values(**values))
                post_id = result.inserted_primary_key[0]
        except IntegrityError:  # this key was stored before (a resubmit, or the same chat line imported again)
            async with self.db.read() as conn:
                existing = await self._existing(conn, meeting_id, idem_key, source_key)
            if existing is None:
                raise
            return existing, False
        # the stored row, as `post()` would read it back (no theme yet), without another query
        return Post(id=post_id, question_id=question_id, text=text, created_at=utc(now), step_id=step_id,
                    participant_id=participant_id, author_name=author_name, group_no=group_no, theme_id=None,
                    starred=False, hidden=False, source_key=source_key, updated_at=None, theme_name=None), True

    async def _existing(self, conn: AsyncConnection, meeting_id: int, idem_key: str | None,
                        source_key: str | None) -> Post | None:
        keys = [c == k for c, k in ((posts.c.idem_key, idem_key), (posts.c.source_key, source_key)) if k]
        if not keys:
            return None
        for key in keys:
            row = (await conn.execute(_select_posts(meeting_id).where(key))).first()
            if row is not None:
                return _post(row)
        return None

    async def by_idem_key(self, meeting_id: int, idem_key: str) -> Post | None:
        """The post submitted with this idempotency key, if any."""
        async with self.db.read() as conn:
            return await self._existing(conn, meeting_id, idem_key, None)

    async def source_keys(self, meeting_id: int) -> set[str]:
        async with self.db.read() as conn:
            rows = await conn.execute(select(posts.c.source_key).where(
                posts.c.meeting_id == meeting_id, posts.c.source_key.is_not(None)))
            return {r[0] for r in rows}

    async def post(self, meeting_id: int, post_id: int) -> Post | None:
        async with self.db.read() as conn:
            row = (await conn.execute(_select_posts(meeting_id).where(posts.c.id == post_id))).first()
        return _post(row) if row else None

    async def posts(self, meeting_id: int, question_id: str | None = None, include_hidden: bool = True) -> list[Post]:
        query = _select_posts(meeting_id)
        if question_id is not None:
            query = query.where(posts.c.question_id == question_id)
        if not include_hidden:
            query = query.where(posts.c.hidden.is_(False))
        async with self.db.read() as conn:
            return [_post(r) for r in (await conn.execute(query)).all()]

    async def update_post(self, meeting_id: int, post_id: int, **values: Any) -> None:
        """Change columns of one board post (text, hidden, starred, theme_id, updated_at)."""
        async with self.db.write() as conn:
            await conn.execute(update(posts).where(posts.c.id == post_id, posts.c.meeting_id == meeting_id,
                                                   posts.c.kind == ANSWER).values(**values))

    async def move_posts(self, meeting_id: int, post_ids: list[int], theme_id: int | None, question_id: str) -> int:
        """Put posts of the question into a theme (or out of any, with None); returns how many moved."""
        async with self.db.write() as conn:
            result = await conn.execute(update(posts).where(
                posts.c.meeting_id == meeting_id, posts.c.kind == ANSWER, posts.c.question_id == question_id,
                posts.c.id.in_(post_ids)).values(theme_id=theme_id))
            return result.rowcount or 0

    async def delete_post(self, meeting_id: int, post_id: int) -> None:
        async with self.db.write() as conn:
            await conn.execute(delete(posts).where(posts.c.id == post_id, posts.c.meeting_id == meeting_id,
                                                   posts.c.kind == ANSWER))

    # -- themes ---------------------------------------------------------------------------------------
    async def themes(self, meeting_id: int, question_id: str | None = None) -> list[Theme]:
        query = select(themes_table).where(themes_table.c.meeting_id == meeting_id)
        if question_id is not None:
            query = query.where(themes_table.c.question_id == question_id)
        async with self.db.read() as conn:
            rows = (await conn.execute(query.order_by(themes_table.c.position, themes_table.c.id))).all()
        return [_theme(r) for r in rows]

    async def theme(self, meeting_id: int, theme_id: int) -> Theme | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(themes_table).where(
                themes_table.c.id == theme_id, themes_table.c.meeting_id == meeting_id))).first()
        return _theme(row) if row else None

    async def add_theme(self, meeting_id: int, question_id: str, name: str) -> Theme:
        async with self.db.write() as conn:
            last = (await conn.execute(select(func.max(themes_table.c.position)).where(
                themes_table.c.meeting_id == meeting_id, themes_table.c.question_id == question_id))).scalar()
            position = 0 if last is None else last + 1
            result = await conn.execute(insert(themes_table).values(
                meeting_id=meeting_id, question_id=question_id, name=name, position=position))
            return Theme(result.inserted_primary_key[0], question_id, name, position)

    async def rename_theme(self, meeting_id: int, theme_id: int, name: str) -> None:
        async with self.db.write() as conn:
            await conn.execute(update(themes_table).where(
                themes_table.c.id == theme_id, themes_table.c.meeting_id == meeting_id).values(name=name))

    async def delete_theme(self, meeting_id: int, theme_id: int) -> None:
        """Remove a theme; its posts stay on the board, unsorted."""
        async with self.db.write() as conn:
            await conn.execute(update(posts).where(posts.c.meeting_id == meeting_id, posts.c.theme_id == theme_id)
                               .values(theme_id=None))
            await conn.execute(delete(themes_table).where(
                themes_table.c.id == theme_id, themes_table.c.meeting_id == meeting_id))

    # -- groups ---------------------------------------------------------------------------------------
    async def round_groups(self, meeting_id: int, step_ids: list[str]) -> dict[int, int]:
        """participant id -> group number in the round of the first of `step_ids` that has a round (one query:
        it runs for every post)."""
        joined = rounds.outerjoin(group_members, group_members.c.round_id == rounds.c.id)
        query = (select(rounds.c.step_id, group_members.c.participant_id, group_members.c.group_no)
                 .select_from(joined).where(rounds.c.meeting_id == meeting_id, rounds.c.step_id.in_(step_ids)))
        async with self.db.read() as conn:
            rows = (await conn.execute(query)).all()
        for step_id in step_ids:
            found = [r for r in rows if r.step_id == step_id]
            if found:
                return {r.participant_id: r.group_no for r in found if r.participant_id is not None}
        return {}


async def visible_posts(db: Database, meeting_id: int) -> list[Post]:
    """Every board answer of the meeting that is not hidden, oldest first, with its theme's name (`theme_name`),
    `group_no`, `author_name` (None = anonymous), `starred`, `created_at` (UTC) and `question_id`."""
    return await BoardStore(db).posts(meeting_id, include_hidden=False)


async def themes(db: Database, meeting_id: int) -> list[Theme]:
    """The meeting's themes (all questions) in the facilitator's order."""
    return await BoardStore(db).themes(meeting_id)


__all__ = ["BoardStore", "themes", "visible_posts"]
