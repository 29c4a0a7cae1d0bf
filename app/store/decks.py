"""The meeting's PowerPoint: its slides (a row in `decks`) and the uploaded file and thumbnails on disk.

The file itself is kept under `<data_dir>/decks/<meeting id>.pptx`, its thumbnails under
`<data_dir>/decks/<meeting id>/<slide number>.png`.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select

from app.store.db import Database
from app.store.meetings import utc
from app.store.schema import decks


@dataclass(frozen=True)
class DeckRow:
    meeting_id: int
    filename: str
    slides: list[dict]
    uploaded_at: datetime


class DeckFiles:
    """Where a meeting's deck file and thumbnails live on disk."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "decks"

    def pptx(self, meeting_id: int) -> Path:
        return self.root / f"{int(meeting_id)}.pptx"

    def thumbnail_dir(self, meeting_id: int) -> Path:
        return self.root / str(int(meeting_id))

    def thumbnail(self, meeting_id: int, number: int) -> Path:
        return self.thumbnail_dir(meeting_id) / f"{int(number)}.png"

    def thumbnails(self, meeting_id: int) -> set[int]:
        """The slide numbers that have a thumbnail."""
        folder = self.thumbnail_dir(meeting_id)
        if not folder.is_dir():
            return set()
        return {int(p.stem) for p in folder.glob("*.png") if p.stem.isdigit()}

    def save(self, meeting_id: int, data: bytes) -> Path:
        """Write the file (atomically: a temporary file, then a rename) and drop the old thumbnails."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.pptx(meeting_id)
        temporary = target.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(target)
        shutil.rmtree(self.thumbnail_dir(meeting_id), ignore_errors=True)
        return target


class DeckStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(self, meeting_id: int, filename: str, slides: list[dict], now: datetime) -> DeckRow:
        """Store (or replace) the meeting's deck."""
        async with self.db.write() as conn:
            await conn.execute(delete(decks).where(decks.c.meeting_id == meeting_id))
            await conn.execute(insert(decks).values(
                meeting_id=meeting_id, filename=filename[:200], uploaded_at=now,
                slides_json=json.dumps(slides, ensure_ascii=False)))
        return DeckRow(meeting_id, filename[:200], slides, utc(now))

    async def get(self, meeting_id: int) -> DeckRow | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(decks).where(decks.c.meeting_id == meeting_id))).first()
        if row is None:
            return None
        return DeckRow(row.meeting_id, row.filename, json.loads(row.slides_json), utc(row.uploaded_at))
