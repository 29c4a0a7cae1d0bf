"""`klynge backup FILE`: a consistent copy of the live database."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cliparts.common import fail
from app.config import load_settings
from app.store.privacy import backup_sqlite


def backup(target: Path = typer.Argument(..., help="Where to write the copy (a SQLite file)")) -> None:
    """Copy the SQLite database safely while the server runs (SQLite's online backup)."""
    settings = load_settings()
    if not settings.is_sqlite:
        fail("the database is PostgreSQL: use pg_dump for a backup")
    source = Path(settings.database_url.split(":///", 1)[1])
    if not source.exists():
        fail(f"no database at {source}")
    if target.exists():
        fail(f"{target} exists already; choose a new file name")
    backup_sqlite(source, target)
    typer.echo(f"backup written to {target}")


def register(root: typer.Typer) -> None:
    root.command("backup")(backup)
