"""`klynge agenda check|show|schema`."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import typer

from app.cliparts.common import fail, fail_input
from app.domain.agenda_load import agenda_schema
from app.domain.problems import InputError
from app.domain.schedule import format_run_of_show
from app.live.agendas import read_agenda
from app.live.runtime import TZ

agenda_app = typer.Typer(help="Meeting programmes: check, show, schema.", no_args_is_help=True)


@agenda_app.command("check")
def check(files: list[Path] = typer.Argument(..., help="Agenda files (YAML)")) -> None:
    """Validate agenda files; print each problem as FILE:LINE: field: message and exit 1 if any."""
    problems = []
    for path in files:
        try:
            read_agenda(path)
        except InputError as err:
            problems.extend(err.problems)
        else:
            typer.echo(f"{path}: ok")
    if problems:
        fail("\n".join(str(p) for p in problems))


@agenda_app.command("show")
def show(file: Path, start: str = typer.Option("17:00", help="Start time HH:MM (Danish time)"),
         with_optional: bool = typer.Option(False, "--with-optional", help="Include optional blocks")) -> None:
    """Print the run-of-show: each block and step with its clock time."""
    try:
        agenda = read_agenda(file)
    except InputError as err:
        fail_input(err)
    try:
        at = datetime.combine(date.today(), time.fromisoformat(start), tzinfo=TZ)
    except ValueError:
        fail(f"--start: '{start}' is not a time like 17:00")
    typer.echo(format_run_of_show(agenda, at, with_optional))


@agenda_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the agenda format."""
    typer.echo(agenda_schema())


def register(root: typer.Typer) -> None:
    root.add_typer(agenda_app, name="agenda")
