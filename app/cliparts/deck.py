"""CLI commands of this area (registered by app/cli.py)."""

from __future__ import annotations

import typer


def register(root: typer.Typer) -> None:
    """Add this area's commands to `root`."""
