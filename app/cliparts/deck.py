"""`klynge deck check AGENDA DECK.pptx`: does the programme's slide numbering fit the PowerPoint?"""

from __future__ import annotations

from pathlib import Path

import typer

from app.cliparts.common import fail, fail_input
from app.domain.deck import MAX_BYTES, check_deck, read_deck
from app.domain.problems import InputError
from app.live.agendas import read_agenda

deck_app = typer.Typer(help="The meeting's PowerPoint: check it against a programme.", no_args_is_help=True)


@deck_app.command("check")
def check(agenda_file: Path = typer.Argument(..., metavar="AGENDA", help="Agenda file (YAML)"),
          deck_file: Path = typer.Argument(..., metavar="DECK.pptx", help="The meeting's PowerPoint")) -> None:
    """Warn when a step's or block's slides point past the deck's end or two steps claim the same slide."""
    try:
        agenda = read_agenda(agenda_file)
    except InputError as err:
        fail_input(err)
    data = _read_bytes(deck_file)
    try:
        deck = read_deck(data, str(deck_file))
    except InputError as err:
        fail_input(err)
    problems = check_deck(agenda, deck)
    if problems:
        fail("\n".join(str(p) for p in problems))
    typer.echo(f"{deck_file}: ok ({deck.count} slides)")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            fail(f"{path}: filen er for stor ({size / 1024 / 1024:.0f} MB); højst {MAX_BYTES // 1024 // 1024} MB")
        return path.read_bytes()
    except OSError as err:
        fail(f"{path}: filen kan ikke læses: {err.strerror or err}")


def register(root: typer.Typer) -> None:
    root.add_typer(deck_app, name="deck")
