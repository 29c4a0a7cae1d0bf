"""All of a meeting's data, for the facilitator's export before deletion; and a consistent backup copy."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.store.db import Database
from app.store.schema import group_members, metadata, rounds

SECRET_COLUMNS = {"facilitator_hash", "cohost_hash", "secret_hash", "idem_key"}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


async def dump_meeting(db: Database, meeting_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row that belongs to the meeting, table by table (link hashes left out)."""
    out: dict[str, list[dict[str, Any]]] = {}
    async with db.read() as conn:
        for table in metadata.sorted_tables:
            if table.name == "meetings":
                query = select(table).where(table.c.id == meeting_id)
            elif "meeting_id" in table.c:
                query = select(table).where(table.c.meeting_id == meeting_id)
            elif table is group_members:
                query = select(table).where(table.c.round_id.in_(select(rounds.c.id)
                                                                  .where(rounds.c.meeting_id == meeting_id)))
            else:
                continue
            rows = (await conn.execute(query)).mappings().all()
            out[table.name] = [{k: _plain(v) for k, v in row.items() if k not in SECRET_COLUMNS} for row in rows]
    for row in out.get("meetings", []):
        for key in ("agenda_json", "clock_json", "display_json"):
            if row.get(key):
                row[key] = json.loads(row[key])
    return out


def backup_sqlite(database_file: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (SQLite's online backup; safe while the server writes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
