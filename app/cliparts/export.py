"""`klynge export MEETING --format eml|md|csv|xlsx|pptx|ics|record|plans --out FILE` (MEETING is the join code).

Runs the same `export.build` command as the facilitator's "Efter mødet" tab, as the admin.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from app.cliparts.common import fail, with_runtime
from app.i18n import t
from app.live import export_commands  # noqa: F401  (registers the export.* commands)
from app.live.commands import Actor, CommandError, dispatch
from app.live.export_commands import ExportFile
from app.live.runtime import Runtime


class Format(StrEnum):
    eml = "eml"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    pptx = "pptx"
    ics = "ics"
    record = "record"
    plans = "plans"


def register(root: typer.Typer) -> None:
    """Add the `export` command to `root`."""
    root.command("export")(export)


def export(
    meeting: Annotated[str, typer.Argument(help="Mødets kode (join-koden).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Format: eml, md, csv, xlsx, pptx, ics, record "
                                        "(mødeforløb) eller plans (implementeringsplaner).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Filen der skrives (- for standard output).")],
) -> None:
    """Write one export of a meeting to a file: the email, the posts, the summary, the invitation."""

    async def work(rt: Runtime) -> ExportFile | str:
        hub = await rt.hub(meeting)
        if hub is None:
            return f"Intet møde med koden '{meeting}'."
        try:
            return await dispatch(hub, Actor("admin"), "export.build", format=fmt.value)
        except CommandError as err:
            return t(err.key, "da", **err.params)

    result = with_runtime(work)
    if isinstance(result, str):
        fail(result)
    if str(out) == "-":
        typer.echo(result.content.decode("utf-8-sig", errors="replace"), nl=False)
        return
    try:
        out.write_bytes(result.content)
    except OSError as err:
        fail(f"{out}: filen kan ikke skrives ({err.strerror or err}).")
    typer.echo(f"{out} ({len(result.content)} bytes)")
