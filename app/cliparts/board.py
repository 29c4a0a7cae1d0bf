"""`klynge import-chat MEETING FILE [--question ID]`: a saved Zoom chat onto the meeting's board."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cliparts.common import fail, with_runtime
from app.i18n import t
from app.live import board_commands
from app.live.commands import Actor, CommandError, dispatch
from app.live.runtime import Runtime


def import_chat(meeting: str = typer.Argument(..., help="The meeting's join code"),
                file: Path = typer.Argument(..., help="A saved Zoom chat (meeting_saved_chat.txt or a recording's)"),
                question: str | None = typer.Option(None, help="Board question id (default: the first one)")) -> None:
    """Add the chat's public messages to the board as posts (author = sender); skips ones imported before."""
    try:
        data = file.read_bytes()
    except OSError as err:
        fail(f"cannot read {file}: {err.strerror or err}")

    async def work(rt: Runtime) -> board_commands.ChatImport:
        hub = await rt.hub(meeting)
        if hub is None:
            fail(f"no meeting with code {meeting}")
        try:
            return await dispatch(hub, Actor("admin"), "board.import_chat", data=data, source=file.name,
                                  question_id=question)
        except CommandError as err:
            fail(t(err.key, rt.settings.language, **err.params))

    result = with_runtime(work)
    typer.echo(f"{result.added} added, {result.skipped} skipped (already imported) to question {result.question_id}")


def register(root: typer.Typer) -> None:
    """Add this area's commands to `root`."""
    root.command("import-chat")(import_chat)
