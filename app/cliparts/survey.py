"""`klynge survey report FILE --members N [--compare EARLIER_FILE] [--format json|text]`.

Prints every aggregate of a survey file for the coordinator (who holds the file anyway, so nothing is
suppressed here). A bad file gets one line per problem on stderr, naming row and column, and exit code 1.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from app.domain.problems import InputError, Problem
from app.domain.survey import BAND_LABELS, compare, parse_survey, report

app = typer.Typer(help="Spørgeskemaet om trivsel og arbejdsglæde (målepunkt 1–6).", no_args_is_help=True)


class Format(StrEnum):
    json = "json"
    text = "text"


def register(root: typer.Typer) -> None:
    """Add the `survey` command group to the root CLI."""
    root.add_typer(app, name="survey")


@app.callback()
def _group() -> None:
    """Spørgeskemaet om trivsel og arbejdsglæde (målepunkt 1–6)."""


@app.command("report")
def report_command(
    file: Annotated[Path, typer.Argument(help="Spørgeskemafil (CSV eller XLSX).")],
    members: Annotated[int, typer.Option("--members", min=1, help="Antal medlemmer i klyngen (til svarprocenten).")],
    compare_file: Annotated[Path | None, typer.Option("--compare", help="Tidligere spørgeskemafil at sammenligne med.")]
    = None,
    earlier_members: Annotated[int | None, typer.Option(
        "--earlier-members", min=1, help="Antal medlemmer ved den tidligere måling (standard: --members).")] = None,
    output: Annotated[Format, typer.Option("--format", help="json eller text.")] = Format.json,
) -> None:
    """Print the survey's measures; with --compare also the change since the earlier survey."""
    try:
        result = _build(file, members, compare_file, earlier_members or members)
    except InputError as err:
        for problem in err.problems:
            typer.echo(_danish(problem), err=True)
        raise typer.Exit(1) from None
    if output is Format.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(text_summary(result))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError([Problem(f"filen kan ikke åbnes ({err.strerror or err})", source=str(path))]) from None


def _build(path: Path, members: int, earlier_path: Path | None, earlier_members: int) -> dict[str, Any]:
    result = report(parse_survey(_read(path), path.name), members)
    if earlier_path is not None:
        earlier = report(parse_survey(_read(earlier_path), earlier_path.name), earlier_members)
        result["change"] = compare(earlier, result)
    return result


def _danish(problem: Problem) -> str:
    """A problem as one Danish line: 'fil: række 4, kolonne 'who5_2': besked'."""
    place = [f"række {problem.row}"] if problem.row is not None else []
    if problem.column:
        place.append(f"kolonne '{problem.column}'")
    if problem.field:
        place.append("--members" if problem.field == "members" else problem.field)
    head = ", ".join(place)
    parts = [p for p in (problem.source, head) if p]
    return ": ".join([*parts, problem.message])


# ---------------------------------------------------------------- text format


def _num(value: float | int | None, decimals: int = 1, sign: bool = False) -> str:
    if value is None:
        return "–"
    if sign and value == 0:
        return "±0"
    if isinstance(value, int):
        return f"{value:+d}" if sign else str(value)
    text = f"{value:+.{decimals}f}" if sign else f"{value:.{decimals}f}"
    return text.replace(".", ",")


def _change(change: dict[str, Any] | None, *keys: str, decimals: int = 0) -> str:
    if change is None:
        return ""
    value: Any = change
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return f" ({_num(value, decimals, sign=True)})" if value is not None else ""


def _rate_change(change: dict[str, Any] | None) -> str:
    if change is None or change["response_rate"] is None:
        return ""
    return f" ({_num(change['response_rate'] * 100, 1, sign=True)} procentpoint)"


def _pairs_change(change: dict[str, Any] | None, key: str) -> dict[str, Any]:
    return dict(change[key]) if change else {}


def text_summary(result: dict[str, Any]) -> str:
    """A readable Danish summary of a report (with changes in parentheses when `change` is present)."""
    change = result.get("change")
    who5, job = result["who5"], result["job_satisfaction"]
    lines = [
        f"Svar: {result['responses']}{_change(change, 'responses')}, "
        f"svarprocent {_num(result['response_rate'] * 100)} %{_rate_change(change)}",
        "",
        "Målepunkt 1 – WHO-5 trivselsindeks (0–100)",
        f"  Gennemsnit {_num(who5['mean'])}{_change(change, 'who5', 'mean', decimals=1)}, "
        f"laveste {_num(who5['min'])}{_change(change, 'who5', 'min')}, "
        f"højeste {_num(who5['max'])}{_change(change, 'who5', 'max')}",
    ]
    for key, label in BAND_LABELS.items():
        lines.append(f"  {label.capitalize()}: {_num(who5['bands'][key])}{_change(change, 'who5', 'bands', key)}")
    lines += ["", "Målepunkt 2 – Arbejdsglæde"]
    for label, count in job["counts"].items():
        lines.append(f"  {label}: {_num(count)}{_change(change, 'job_satisfaction', 'counts', label)}")
    lines.append(f"  Høj (de to øverste): {_num(job['high'])}{_change(change, 'job_satisfaction', 'high')}, "
                 f"lav (de to nederste): {_num(job['low'])}{_change(change, 'job_satisfaction', 'low')}")
    lines += _ranked("Målepunkt 3 – Positive forhold (antal valg)", result["positive"],
                     _pairs_change(change, "positive"), 0)
    lines += _ranked("Målepunkt 4 – Negative forhold (gennemsnit 1–10)", result["negative"],
                     _pairs_change(change, "negative"), 1)
    lines += _ranked("Målepunkt 5 – Strategier mod arbejdspres (antal brugere)", result["strategies"],
                     _pairs_change(change, "strategies"), 0)
    lines += ["", "Målepunkt 6 – Gode erfaringer"] + [f"  • {text}" for text in result["experiences"]]
    if change:
        lines += ["", "Tal i parentes: ændring siden den tidligere måling."]
    return "\n".join(lines)


def _ranked(title: str, pairs: list[list[Any]], changes: dict[str, Any], decimals: int) -> list[str]:
    lines = ["", title]
    for rank, (name, value) in enumerate(pairs, start=1):
        delta = changes.get(name)
        suffix = f" ({_num(delta, decimals, sign=True)})" if delta is not None else ""
        lines.append(f"  {rank:>2}. {name}: {_num(value, decimals)}{suffix}")
    return lines
