"""Test data for the exports: a small board written straight into the tables (the board's own commands are
another area's), domain objects for the pure tests, and a local SMTP server (aiosmtpd) that collects mail."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from app.domain.agenda import Agenda
from app.domain.export import Attendee, ExportData, FollowUp, MeetingInfo, PlanDoc, Post, Theme
from app.store.db import Database
from app.store.schema import plans, posts, surveys, themes

QUESTION = "klyngeniveau"  # the board question of trivsel-virtuel
T0 = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)

# (text, author or None, theme index or None, hidden, starred, group)
BOARD: list[tuple[str, str | None, int | None, bool, bool, int | None]] = [
    ("Fælles møde med kommunens sundhedsplejersker om børn i mistrivsel", "Anne Ærø", 0, False, True, 1),
    ("Dele vagtplaner på tværs af klinikkerne – så får vi flere fridage", None, 0, False, False, 2),
    ("Et årligt sommermøde for hele klyngen med lægernes personale", "Søren Østergård", 1, False, False, 1),
    ("Hemmelig idé der blev skjult af mødelederen", "Bo Åkjær", None, True, False, 3),
    ("Faglig sparring om svære patientforløb via sikker mail", None, None, False, False, 3),
    ("=HYPERLINK(\"http://evil.example\") skal forblive tekst", "Kim Ø", None, False, False, None),
]
THEMES = ["Samarbejde med kommunen", "Det sociale i klyngen"]


def visible_texts() -> list[str]:
    return [text for text, _, _, hidden, _, _ in BOARD if not hidden]


def hidden_texts() -> list[str]:
    return [text for text, _, _, hidden, _, _ in BOARD if hidden]


# --- rows in the database ---------------------------------------------------------------------------------------


async def add_theme(db: Database, meeting_id: int, name: str, position: int, question_id: str = QUESTION) -> int:
    async with db.write() as conn:
        result = await conn.execute(insert(themes).values(meeting_id=meeting_id, question_id=question_id,
                                                          name=name, position=position))
    return result.inserted_primary_key[0]


async def add_post(db: Database, meeting_id: int, text: str, *, author: str | None = None, theme_id: int | None = None,
                   hidden: bool = False, starred: bool = False, group_no: int | None = None, kind: str = "answer",
                   question_id: str = QUESTION, at: datetime = T0, source_key: str | None = None,
                   heading: str | None = None) -> int:
    async with db.write() as conn:
        result = await conn.execute(insert(posts).values(
            meeting_id=meeting_id, kind=kind, question_id=question_id, author_name=author, group_no=group_no,
            text=text, theme_id=theme_id, starred=starred, hidden=hidden, created_at=at, source_key=source_key,
            heading=heading))
    return result.inserted_primary_key[0]


async def add_board(db: Database, meeting_id: int) -> dict[str, int]:
    """The BOARD posts and THEMES of one meeting; returns text -> post id."""
    theme_ids = [await add_theme(db, meeting_id, name, i) for i, name in enumerate(THEMES)]
    ids = {}
    for i, (text, author, theme, hidden, starred, group) in enumerate(BOARD):
        ids[text] = await add_post(db, meeting_id, text, author=author, hidden=hidden, starred=starred,
                                   group_no=group, theme_id=theme_ids[theme] if theme is not None else None,
                                   at=T0 + timedelta(minutes=i))
    return ids


async def add_plan(db: Database, meeting_id: int, practice: str, data: dict[str, str], by: str = "Anne Ærø") -> None:
    async with db.write() as conn:
        await conn.execute(insert(plans).values(meeting_id=meeting_id, practice_key=practice.lower(),
                                                practice_name=practice, data_json=json.dumps(data, ensure_ascii=False),
                                                updated_by=by, updated_at=T0))


async def add_survey(db: Database, meeting_id: int, screen: dict[str, Any], kind: str = "first") -> None:
    async with db.write() as conn:
        await conn.execute(insert(surveys).values(meeting_id=meeting_id, kind=kind, filename="svar.csv", members=10,
                                                  report_json=json.dumps({"screen": screen}), uploaded_at=T0))


def add_board_sqlite(db_file: Path, code: str) -> None:
    """The BOARD, written with plain sqlite3 into a running server's database file (browser tests)."""
    con = sqlite3.connect(db_file, timeout=10)
    try:
        meeting_id = con.execute("SELECT id FROM meetings WHERE code = ?", (code,)).fetchone()[0]
        for i, (text, author, _, hidden, starred, group) in enumerate(BOARD):
            con.execute("INSERT INTO posts (meeting_id, kind, question_id, author_name, group_no, text, starred, "
                        "hidden, created_at) VALUES (?, 'answer', ?, ?, ?, ?, ?, ?, ?)",
                        (meeting_id, QUESTION, author, group, text, starred, hidden,
                         (T0 + timedelta(minutes=i)).replace(tzinfo=None).isoformat(sep=" ")))
        con.commit()
    finally:
        con.close()


# --- domain objects -----------------------------------------------------------------------------------------------


def export_data(agenda: Agenda, follow_up: FollowUp | None = None, **extra: Any) -> ExportData:
    """The BOARD as pure export data for `agenda` (meeting ABC234, Klynge Ærø-Øst, 23 November 2026 17:00)."""
    themes_ = [Theme(i + 1, QUESTION, name, i) for i, name in enumerate(THEMES)]
    posts_ = [Post(i + 1, QUESTION, text, T0 + timedelta(minutes=i), author=author, group_no=group,
                   theme_id=theme + 1 if theme is not None else None, starred=starred, hidden=hidden)
              for i, (text, author, theme, hidden, starred, group) in enumerate(BOARD)]
    meeting = MeetingInfo("ABC234", agenda.title, "Klynge Ærø-Øst", date(2026, 11, 23), time(17, 0), agenda)
    attendees = [Attendee("Anne Ærø", "Lægehuset Ø", "anne@example.dk"), Attendee("Søren Østergård", None, None,
                                                                                    solo=True)]
    plans_ = [PlanDoc("Lægehuset Ø", {"hvad": "Frokostmøde om trivsel", "hvem": "Anne og Åse"}, "Anne Ærø", T0)]
    values: dict[str, Any] = {"meeting": meeting, "posts": posts_, "themes": themes_, "attendees": attendees,
                              "plans": plans_, "follow_up": follow_up}
    values.update(extra)
    return ExportData(**values)


# --- a local SMTP server ------------------------------------------------------------------------------------------


@dataclass
class Collector:
    """aiosmtpd handler: keeps every accepted message; refuses RCPT for the addresses in `refuse`."""

    refuse: set[str] = field(default_factory=set)
    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"
