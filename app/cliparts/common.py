"""Shared by the CLI parts: opening the runtime, printing problems, exiting cleanly."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import typer

from app.config import load_settings
from app.domain.problems import InputError
from app.live.runtime import Runtime

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def fail_input(err: InputError) -> NoReturn:
    fail("\n".join(str(p) for p in err.problems) or "invalid input")


def with_runtime(work: Callable[[Runtime], Awaitable[T]]) -> T:
    """Open the database (migrating it), run `work`, close. The CLI shares the server's runtime code."""

    async def main() -> Any:
        rt = await Runtime.open(load_settings(), install=False)
        try:
            return await work(rt)
        finally:
            await rt.close()

    return asyncio.run(main())
