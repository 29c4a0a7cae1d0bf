"""`klynge meeting new|list|delete`."""

from __future__ import annotations

import json
from datetime import date, time

import typer

from app.cliparts.common import fail, with_runtime
from app.live.runtime import Runtime

meeting_app = typer.Typer(help="Meetings: create, list, delete.", no_args_is_help=True)


@meeting_app.command("new")
def new(agenda: str = typer.Argument(..., help="Agenda id (file name without .yaml)"),
        cluster: str = typer.Option(..., help="Cluster name"),
        day: str = typer.Option(..., "--date", help="YYYY-MM-DD"),
        start: str = typer.Option(..., help="HH:MM (Danish time)"),
        previous: str | None = typer.Option(None, help="Join code of the cluster's previous meeting"),
        as_json: bool = typer.Option(False, "--json", help="Print code and links as JSON")) -> None:
    """Create a meeting; prints the join code and the participant, facilitator and co-host links."""
    try:
        day_value, start_value = date.fromisoformat(day), time.fromisoformat(start)
    except ValueError:
        fail("--date must be YYYY-MM-DD and --start HH:MM")
    if not cluster.strip():
        fail("--cluster must not be empty")

    async def work(rt: Runtime) -> dict[str, str]:
        chosen = rt.agendas.get(agenda.removesuffix(".yaml"))
        if chosen is None:
            fail(f"no agenda '{agenda}'; known: {', '.join(sorted(rt.agendas.agendas))}")
        try:
            created = await rt.create_meeting(chosen, cluster=cluster, day=day_value, start=start_value,
                                              previous_code=previous)
        except LookupError as err:
            fail(str(err))
        return created.links(rt.settings.public_url)

    links = with_runtime(work)
    if as_json:
        typer.echo(json.dumps({k: links[k] for k in ("code", "participant_url", "facilitator_url", "cohost_url")}))
        return
    for key, value in links.items():
        typer.echo(f"{key:16} {value}")


@meeting_app.command("list")
def list_meetings() -> None:
    """List meetings: code, date, start, cluster, programme, status."""

    async def work(rt: Runtime) -> list:
        return await rt.meetings.list()

    for m in with_runtime(work):
        typer.echo(f"{m.code}  {m.date} {m.start_time}  {m.cluster}  {m.title}  [{m.status}]")


@meeting_app.command("delete")
def delete(code: str, yes: bool = typer.Option(False, "--yes", help="Do not ask")) -> None:
    """Delete a meeting and everything that belongs to it."""

    async def find(rt: Runtime):
        return await rt.meetings.by_code(code)

    row = with_runtime(find)
    if row is None:
        fail(f"no meeting with code {code}")
    if not yes and not typer.confirm(f"Delete {row.code} ({row.cluster}, {row.date}) and all its data?"):
        raise typer.Exit(1)

    async def work(rt: Runtime) -> None:
        await rt.meetings.delete(row.id)

    with_runtime(work)
    typer.echo(f"deleted {row.code}")


def register(root: typer.Typer) -> None:
    root.add_typer(meeting_app, name="meeting")
