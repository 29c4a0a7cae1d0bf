"""Uploads: every upload field has a size limit, each upload command refuses oversize data itself, and a broken
or oversize file after a good one leaves the good data exactly as it was (roster, survey, deck, Zoom chat)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import app.live.deck_commands  # registers the deck.* commands
import app.live.survey_commands  # noqa: F401  (registers the survey.* commands)
from app.domain.deck import MAX_BYTES as DECK_MAX
from app.domain.survey_parse import MAX_BYTES as SURVEY_MAX
from app.live import board_commands
from app.live.board_commands import CHAT_MAX_BYTES
from app.live.commands import Actor, CommandError, dispatch
from app.live.groups_commands import MAX_ROSTER_BYTES
from app.live.survey_commands import COMPARISON_MAX_BYTES
from app.store.decks import DeckFiles, DeckStore
from app.store.surveys import SurveyStore
from tests.builders import new_meeting
from tests.builders_deck import numbered_deck
from tests.builders_survey import COMPARISON_FILE, SMALL_MEMBERS, SMALL_ROWS, csv_bytes

ROOT = Path(__file__).resolve().parent.parent
ZOOM = ROOT / "tests" / "data" / "zoom"
FACILITATOR = Actor("facilitator")
COHOST = Actor("cohost")
ROSTER = "navn;praksis;email\nAnne Øster;Lægehuset Nord;anne@nord.dk\nBo Ærø;;bo@solo.dk\n".encode()


async def hub_of(rt):
    return await rt.hub((await new_meeting(rt)).meeting.code)


async def refused(hub, actor: Actor, name: str, **args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        await dispatch(hub, actor, name, **args)
    return caught.value


def upload_calls() -> list[tuple[str, int, set[str]]]:
    """Every `ui.upload(...)` in the pages: file, line and its keyword arguments."""
    found = []
    for path in sorted((ROOT / "app" / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "upload" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "ui":
                found.append((path.name, node.lineno, {k.arg for k in node.keywords if k.arg}))
    return found


def test_every_upload_field_has_a_size_limit() -> None:
    calls = upload_calls()
    assert {name for name, _, _ in calls} >= {"board_staff.py", "survey.py", "deck.py", "groups_console.py"}
    assert [(name, line) for name, line, keywords in calls if "max_file_size" not in keywords] == []


async def test_roster_bad_or_oversize_after_a_good_one_keeps_the_roster(rt) -> None:
    hub = await hub_of(rt)
    await dispatch(hub, COHOST, "groups.import_roster", content=ROSTER, filename="liste.csv")
    before = await dispatch(hub, COHOST, "groups.roster")
    assert [p.name for p in before] == ["Anne Øster", "Bo Ærø"]
    for content in (b"navn;praksis\n;Nord\n", b"\xff\xfe\x00garbage", b"PK\x03\x04broken", b""):
        error = await refused(hub, COHOST, "groups.import_roster", content=content, filename="ny.csv")
        assert error.key == "groups.error.bad_roster"
    error = await refused(hub, COHOST, "groups.import_roster", content=ROSTER + b"x" * MAX_ROSTER_BYTES,
                          filename="stor.csv")
    assert error.key == "groups.error.too_large"
    assert await dispatch(hub, COHOST, "groups.roster") == before


async def test_survey_bad_or_oversize_after_a_good_one_keeps_the_survey(rt) -> None:
    hub = await hub_of(rt)
    surveys = SurveyStore(rt.db)
    await dispatch(hub, FACILITATOR, "survey.upload", content=csv_bytes(SMALL_ROWS), filename="svar.csv",
                   members=SMALL_MEMBERS)
    await dispatch(hub, FACILITATOR, "survey.upload_comparison", content=COMPARISON_FILE.read_bytes(),
                   filename="sammenligning.yaml")
    first, comparison = await surveys.get(hub.id, "first"), await surveys.get(hub.id, "comparison")
    for content, key in ((b"navn;alder\nx;y\n", "survey.error.bad_file"), (b"\x00\x01\x02", "survey.error.bad_file"),
                         (b"x" * (SURVEY_MAX + 1), "survey.error.too_large")):
        error = await refused(hub, FACILITATOR, "survey.upload", content=content, filename="ny.csv",
                              members=SMALL_MEMBERS)
        assert error.key == key
    for content, key in ((b"national: [1\n", "survey.error.bad_comparison"),
                         (b"\xff\xfe\xfd", "survey.error.bad_comparison"),
                         (b"#" * (COMPARISON_MAX_BYTES + 1), "survey.error.too_large")):
        error = await refused(hub, FACILITATOR, "survey.upload_comparison", content=content, filename="ny.yaml")
        assert error.key == key
    assert await surveys.get(hub.id, "first") == first
    assert await surveys.get(hub.id, "comparison") == comparison


async def test_deck_bad_or_oversize_after_a_good_one_keeps_the_deck(rt) -> None:
    hub = await hub_of(rt)
    good = numbered_deck(3)
    await dispatch(hub, FACILITATOR, "deck.upload", filename="møde.pptx", data=good)
    before = await DeckStore(rt.db).get(hub.id)
    for data in (b"%PDF-1.4", b"PK\x03\x04" + b"\x00" * 100, good[: len(good) // 2], b"\x00" * (DECK_MAX + 1)):
        error = await refused(hub, FACILITATOR, "deck.upload", filename="ny.pptx", data=data)
        assert error.key == "deck.error.invalid"
    assert "for stor" in error.params["detail"]
    assert await DeckStore(rt.db).get(hub.id) == before
    assert DeckFiles(rt.settings.data_dir).pptx(hub.id).read_bytes() == good


async def test_chat_bad_or_oversize_after_a_good_one_keeps_the_posts(rt) -> None:
    hub = await hub_of(rt)
    result = await dispatch(hub, FACILITATOR, "board.import_chat", data=(ZOOM / "new_multiline.txt").read_bytes(),
                            source="chat.txt")
    assert result.added > 0
    before = await board_commands.all_posts(hub)
    error = await refused(hub, FACILITATOR, "board.import_chat", data=(ZOOM / "not_a_chat.txt").read_bytes(),
                          source="not_a_chat.txt")
    assert error.key == "board.error.chat_file" and error.params["source"] == "not_a_chat.txt"
    for data in (b"", b"\xff\xfe\x00\xd8", "x" * (CHAT_MAX_BYTES + 1)):
        error = await refused(hub, FACILITATOR, "board.import_chat", data=data, source="ny.txt")
        assert error.key in {"board.error.chat_file", "board.error.chat_too_big"}
    assert error.key == "board.error.chat_too_big"
    assert await board_commands.all_posts(hub) == before
