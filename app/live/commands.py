"""The one command table: pages, the CLI and any HTTP endpoint run meeting actions through `dispatch`.

Every handler is registered with the roles allowed to run it; the check happens here, on the server,
whatever a page shows or hides. A handler stores its change first, then updates the hub and publishes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from app.live.hub import MeetingHub

Role = Literal["facilitator", "cohost", "participant", "admin", "system"]
STAFF: frozenset[str] = frozenset({"facilitator", "cohost", "admin", "system"})
FACILITATOR: frozenset[str] = frozenset({"facilitator", "admin", "system"})
EVERYONE: frozenset[str] = frozenset({"facilitator", "cohost", "participant", "admin", "system"})


@dataclass(frozen=True)
class Actor:
    role: Role
    participant_id: int | None = None
    name: str | None = None


class CommandError(Exception):
    """A command that cannot be carried out; `key` is a message-catalogue key, `params` fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class Forbidden(CommandError):
    def __init__(self) -> None:
        super().__init__("error.forbidden")


Handler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    roles: frozenset[str]
    handler: Handler
    when_ended: bool = False
    reads: bool = False


COMMANDS: dict[str, CommandSpec] = {}


def command(name: str, roles: frozenset[str], when_ended: bool = False,
            reads: bool = False) -> Callable[[Handler], Handler]:
    """Register `handler(hub, actor, **args)` under `name` for the given roles.

    `reads=True` marks a query that changes nothing: it runs without the meeting's lock, so the many pages
    that re-read after a change never queue behind the commands that write.
    """

    def register(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise ValueError(f"command {name} registered twice")
        COMMANDS[name] = CommandSpec(name, roles, handler, when_ended, reads)
        return handler

    return register


async def dispatch(hub: MeetingHub, actor: Actor, name: str, /, **args: Any) -> Any:
    """Run command `name` for `actor` on the meeting of `hub`, after checking the actor may run it."""
    spec = COMMANDS.get(name)
    if spec is None:
        raise CommandError("error.unknown_command", name=name)
    if actor.role not in spec.roles:
        raise Forbidden()
    if hub.ended and not spec.when_ended:
        raise CommandError("error.meeting_ended")
    if spec.reads:
        return await spec.handler(hub, actor, **args)
    async with hub.lock:
        return await spec.handler(hub, actor, **args)


# The modules that register handlers; imported last, as they import `command` from here.
from app.live import clock_commands, meeting_commands  # noqa: E402, F401
