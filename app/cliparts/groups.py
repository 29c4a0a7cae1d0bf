"""`klynge groups ROSTER`: plan breakout groups from a roster file (CSV or XLSX).

    klynge groups deltagere.csv --size 4 --rounds 3 [--by-practice] [--seed N]
                  [--format text|csv|json|zoom] [--out DIR]
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import typer

from app.domain.grouping import GroupPlan, plan_rounds
from app.domain.grouping_export import plan_csv, plan_data, plan_text, zoom_csv
from app.domain.problems import InputError, Problem
from app.domain.roster import Person, parse_roster


class OutputFormat(StrEnum):
    text = "text"
    csv = "csv"
    json = "json"
    zoom = "zoom"


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def problem_text(problem: Problem) -> str:
    """A roster problem in Danish: 'fil: række 4, kolonne 'navn': besked'."""
    place = [f"række {problem.row}"] if problem.row is not None else []
    if problem.column:
        place.append(f"kolonne '{problem.column}'")
    head = problem.source + (": " + ", ".join(place) if place else "")
    return f"{head}: {problem.message}" if head else problem.message


def read_roster_file(path: Path) -> list[Person]:
    """Read and parse a roster; on any problem print it (naming the row) and exit 1."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        _fail(f"{path}: filen kan ikke åbnes ({exc.strerror or exc})")
    try:
        return parse_roster(data, path.name).people
    except InputError as err:
        _fail("\n".join(problem_text(p) for p in err.problems))


def _write(out: Path, name: str, text: str) -> None:
    target = out / name
    target.write_text(text, encoding="utf-8")
    typer.echo(f"Skrev {target}")


def _emit_zoom(plan: GroupPlan, people: list[Person], out: Path | None) -> None:
    rounds = plan.rounds if out is not None else plan.rounds[:1]
    missing: list[Person] = []
    for r, groups in enumerate(rounds):
        text, missing = zoom_csv(groups, people)
        if out is None:
            typer.echo(text, nl=False)
        else:
            _write(out, f"runde-{r + 1}.csv", text)
    if out is None and len(plan.rounds) > 1:
        typer.echo("Zoom tager kun én forhåndstildeling pr. møde: her er runde 1. "
                   "Brug --out MAPPE for en fil pr. runde.", err=True)
    if missing:
        names = ", ".join(p.name for p in missing)
        typer.echo(f"{len(missing)} deltager(e) uden e-mail er ikke med i Zoom-filen: {names}", err=True)


def _emit(plan: GroupPlan, people: list[Person], fmt: OutputFormat, out: Path | None) -> None:
    if fmt is OutputFormat.zoom:
        _emit_zoom(plan, people, out)
        return
    if fmt is OutputFormat.json:
        text, name = json.dumps(plan_data(plan, people), ensure_ascii=False, indent=2) + "\n", "grupper.json"
    elif fmt is OutputFormat.csv:
        text, name = plan_csv(plan, people), "grupper.csv"
    else:
        text, name = plan_text(plan, people), "grupper.txt"
    if out is None:
        typer.echo(text, nl=False)
    else:
        _write(out, name, text)


def groups(
    roster: Path = typer.Argument(..., help="Deltagerliste: CSV eller XLSX med kolonnerne navn, praksis, email"),
    size: int = typer.Option(4, "--size", min=2, max=20, help="Ønsket gruppestørrelse"),
    rounds: int = typer.Option(3, "--rounds", min=1, max=10, help="Antal runder"),
    by_practice: bool = typer.Option(False, "--by-practice", help="Grupper efter egen praksis (sololæger sammen)"),
    seed: int = typer.Option(0, "--seed", help="Samme seed giver samme grupper"),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text, csv, json eller zoom"),
    out: Path | None = typer.Option(None, "--out", help="Mappe at skrive filer i (zoom: runde-1.csv ...)"),
) -> None:
    """Plan breakout groups: no colleagues from one practice together, few repeated pairs."""
    people = read_roster_file(roster)
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _fail(f"{out}: mappen kan ikke oprettes ({exc.strerror or exc})")
    plan = plan_rounds(people, size=size, rounds=rounds, seed=seed, mode="own_practice" if by_practice else "mixed")
    _emit(plan, people, fmt, out)


def register(root: typer.Typer) -> None:
    """Add `groups` to the root command."""
    root.command("groups")(groups)
