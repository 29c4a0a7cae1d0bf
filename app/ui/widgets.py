"""Small widgets shared by pages."""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from app.domain import clock as clk


class Countdown(ui.element, component="countdown.js"):
    """The remaining time of the current step, ticking in the browser from the server's deadline."""

    def __init__(self, state: clk.ClockState | None = None) -> None:
        super().__init__()
        if state is not None:
            self.show(state)

    def show(self, state: clk.ClockState, now: datetime | None = None) -> None:
        deadline = clk.step_deadline_at(state)
        self._props["status"] = state.status
        self._props["deadline"] = deadline.timestamp() * 1000 if state.status == "running" and deadline else None
        if state.status == "paused":
            self._props["remaining"] = state.remaining
        elif state.status == "not_started":
            self._props["remaining"] = state.plan[state.index]
        else:
            self._props["remaining"] = 0
        self.update()
