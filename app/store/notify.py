"""PostgreSQL NOTIFY through the application's pool (the relay between server processes uses it)."""

from __future__ import annotations

from sqlalchemy import text

from app.store.db import Database


async def pg_notify(db: Database, channel: str, payload: str) -> None:
    """Send `payload` on `channel`; PostgreSQL delivers it to every listener when this transaction commits."""
    async with db.write() as conn:
        await conn.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload})
