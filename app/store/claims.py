"""Claims: several server processes may try the same scheduled job; the first INSERT wins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from app.store.db import Database
from app.store.schema import job_claims


async def claim_once(db: Database, job_key: str, now: datetime) -> bool:
    """True for the one caller that claims `job_key` first, False for everyone after (in any process)."""
    try:
        async with db.write() as conn:
            await conn.execute(insert(job_claims).values(job_key=job_key, claimed_at=now))
    except IntegrityError:
        return False
    return True
