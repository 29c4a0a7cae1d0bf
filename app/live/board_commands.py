"""Commands of this area (registered in app.live.commands.COMMANDS via the `command` decorator)."""

from __future__ import annotations
