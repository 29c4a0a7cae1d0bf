"""`klynge import-chat` with realistic saved Zoom chats (tests/data/zoom)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from app.config import load_settings
from app.domain.board import Post
from app.live.runtime import Runtime
from app.store.board import visible_posts

ZOOM = Path(__file__).resolve().parent / "data" / "zoom"
runner = CliRunner()


def new_meeting(agenda: str = "trivsel-virtuel") -> str:
    result = runner.invoke(cli, ["meeting", "new", agenda, "--cluster", "Chatklyngen", "--date", "2026-11-23",
                                 "--start", "17:00", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["code"]


def board_posts(code: str) -> list[Post]:
    async def read() -> list[Post]:
        rt = await Runtime.open(load_settings(), install=False)
        try:
            meeting = await rt.meetings.by_code(code)
            return await visible_posts(rt.db, meeting.id)
        finally:
            await rt.close()

    return asyncio.run(read())


def test_import_adds_public_messages_of_every_layout_and_skips_them_the_second_time() -> None:
    code = new_meeting()
    expected = [("old_oneline.txt", 7, 0), ("old_oneline_cp1252.txt", 1, 6),  # cp1252 has "-" where UTF-8 has "–"
                ("new_multiline.txt", 7, 0), ("new_multiline_bom.txt", 0, 7), ("cloud_recording.txt", 5, 0),
                ("cloud_recording.txt", 0, 5)]
    for name, added, skipped in expected:
        result = runner.invoke(cli, ["import-chat", code, str(ZOOM / name)])
        assert result.exit_code == 0, result.output
        assert f"{added} added, {skipped} skipped" in result.output and "klyngeniveau" in result.output, name
    posts = board_posts(code)
    assert len(posts) == 20
    assert {p.question_id for p in posts} == {"klyngeniveau"} and {p.step_id for p in posts} == {"gruppe-belastninger"}
    assert all(p.author_name and p.participant_id is None and p.source_key for p in posts)
    assert {"Gruppe 2 - Åse Blæsbjerg", "Jørgen Æbelø", "Hans Hjortshøj"} <= {p.author_name for p in posts}


def test_import_keeps_danish_letters_replies_and_multiline_messages() -> None:
    code = new_meeting()
    assert runner.invoke(cli, ["import-chat", code, str(ZOOM / "new_multiline.txt")]).exit_code == 0
    by_author = {p.author_name: p.text for p in board_posts(code)}
    assert by_author["Åse Blæsbjerg"] == (
        "Gruppe 1:\nFælles dialogmøde med kommunen om hjemmeplejen\nog en fast kontaktperson i hjemmesygeplejen")
    assert by_author["Karen Ødegård"] == "Enig – og samme aftale med plejecentrene"  # the reply, not the quote
    assert "Jørgen Æbelø" not in by_author  # reactions only
    assert all("18.30" not in text for text in by_author.values())  # the direct message is skipped


def test_a_file_that_is_not_a_chat_names_the_line() -> None:
    code = new_meeting()
    result = runner.invoke(cli, ["import-chat", code, str(ZOOM / "not_a_chat.txt")])
    assert result.exit_code == 1
    assert "not_a_chat.txt, linje 1:" in result.stderr and "Traceback" not in result.output
    assert board_posts(code) == []


def test_unknown_meeting_question_or_missing_board_question_fail_cleanly(tmp_path: Path) -> None:
    code = new_meeting()
    result = runner.invoke(cli, ["import-chat", "NOPE99", str(ZOOM / "old_oneline.txt")])
    assert result.exit_code == 1 and "no meeting with code NOPE99" in result.stderr
    result = runner.invoke(cli, ["import-chat", code, str(ZOOM / "old_oneline.txt"), "--question", "hver-isaer"])
    assert result.exit_code == 1 and "hver-isaer" in result.stderr
    result = runner.invoke(cli, ["import-chat", code, str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and "cannot read" in result.stderr
    other = new_meeting("samarbejde-fysisk")
    result = runner.invoke(cli, ["import-chat", other, str(ZOOM / "old_oneline.txt")])
    assert result.exit_code == 1 and "intet tavlespørgsmål" in result.stderr
