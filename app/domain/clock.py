"""The live meeting's clock: a pure state machine over the planned seconds of each step.

The clock knows nothing of agendas: it works on plain numbers (`plan`, seconds per step). It never reads
the wall clock: every function takes `now`, a timezone-aware datetime (normalised to UTC). Operations
return a `ClockResult` (the new state and the events for the run log); invalid operations raise
`ClockError`. A running clock is stored as a deadline (the instant the current step's time runs out),
a paused one as the seconds left, so a stored state gives the exact remaining time after a restart.
The rules and edge cases are written down in docs/clock.md. Looking ahead (instants for the scheduler,
re-planning, the run log's spans) lives in `clock_plan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

Status = Literal["not_started", "running", "paused", "ended"]
STATUSES: tuple[Status, ...] = ("not_started", "running", "paused", "ended")
ACTIVE: tuple[Status, ...] = ("running", "paused")


class ClockError(ValueError):
    """An operation that the clock's current state does not allow.

    `code` is a stable key the hub can translate (e.g. "not_running"); the message is plain English.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _HasStepPlan(Protocol):
    @property
    def seconds(self) -> int: ...
    @property
    def min_seconds(self) -> int: ...
    @property
    def fixed(self) -> bool: ...


@dataclass(frozen=True)
class StepPlan:
    """What the agenda says about one step's length: planned, shortest allowed, and whether it may shrink."""

    seconds: int
    min_seconds: int = 0
    fixed: bool = False

    def __post_init__(self) -> None:
        if self.seconds < 0 or self.min_seconds < 0:
            raise ClockError("bad_plan", f"step lengths must not be negative: {self.seconds}, {self.min_seconds}")

    @classmethod
    def of(cls, step: _HasStepPlan) -> StepPlan:
        """Take the three numbers from anything that has them (an agenda `Step`)."""
        return cls(step.seconds, step.min_seconds, step.fixed)


@dataclass(frozen=True)
class ClockEvent:
    """One line of the run log. `data` holds small JSON-friendly details (planned seconds, reason...)."""

    kind: str
    step_index: int
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "step_index": self.step_index, "at": self.at.isoformat(), "data": self.data}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ClockEvent:
        return cls(raw["kind"], int(raw["step_index"]), _parse_time(raw["at"]), dict(raw.get("data") or {}))


@dataclass(frozen=True)
class ClockState:
    """The whole clock of one meeting. Store it as `to_dict()`; nothing in it ticks.

    running: `deadline` is when the current step's planned time runs out.
    paused: `remaining` is the seconds that were left when paused (negative = overrun), `paused_at` when.
    `step_started` is the actual start of the current step; `plan` the current planned seconds per step.
    """

    plan: tuple[int, ...]
    status: Status = "not_started"
    index: int = 0
    deadline: datetime | None = None
    remaining: float | None = None
    step_started: datetime | None = None
    paused_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_plan(self.plan)
        if self.status not in STATUSES:
            raise ClockError("bad_state", f"unknown clock status '{self.status}'")
        if not 0 <= self.index < len(self.plan):
            raise ClockError("bad_state", f"step index {self.index} is outside the plan of {len(self.plan)} steps")
        for name in ("deadline", "step_started", "paused_at", "started_at", "ended_at"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ClockError("naive_time", f"{name} must be timezone-aware")
        self._check_fields()

    def _check_fields(self) -> None:
        needs = {
            "not_started": (),
            "running": ("deadline", "step_started", "started_at"),
            "paused": ("remaining", "paused_at", "step_started", "started_at"),
            "ended": ("started_at", "ended_at"),
        }[self.status]
        missing = [name for name in needs if getattr(self, name) is None]
        if missing:
            raise ClockError("bad_state", f"a {self.status} clock needs {', '.join(missing)}")
        if self.status != "running" and self.deadline is not None:
            raise ClockError("bad_state", f"a {self.status} clock has no deadline")
        if self.status != "paused" and self.remaining is not None:
            raise ClockError("bad_state", f"only a paused clock stores remaining seconds, not a {self.status} one")

    @property
    def step_count(self) -> int:
        return len(self.plan)

    @property
    def is_last_step(self) -> bool:
        return self.index == len(self.plan) - 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "index": self.index,
            "plan": list(self.plan),
            "deadline": _iso(self.deadline),
            "remaining": self.remaining,
            "step_started": _iso(self.step_started),
            "paused_at": _iso(self.paused_at),
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ClockState:
        remaining = raw.get("remaining")
        return cls(
            plan=tuple(int(s) for s in raw["plan"]),
            status=raw.get("status", "not_started"),
            index=int(raw.get("index", 0)),
            deadline=_parse_time(raw.get("deadline")),
            remaining=None if remaining is None else float(remaining),
            step_started=_parse_time(raw.get("step_started")),
            paused_at=_parse_time(raw.get("paused_at")),
            started_at=_parse_time(raw.get("started_at")),
            ended_at=_parse_time(raw.get("ended_at")),
        )


@dataclass(frozen=True)
class ClockResult:
    state: ClockState
    events: tuple[ClockEvent, ...] = ()


def new_clock(plan: Iterable[int]) -> ClockState:
    """A clock that has not started, at the first step."""
    return ClockState(plan=tuple(plan))


def plan_of(steps: Iterable[StepPlan | _HasStepPlan]) -> tuple[int, ...]:
    return tuple(step.seconds for step in steps)


# --- operations ---------------------------------------------------------------------------------------------


def start(state: ClockState, now: datetime, index: int = 0) -> ClockResult:
    """Start the meeting at step `index` (normally the first) with its full planned time."""
    now = utc(now)
    _require(state, ("not_started",), "start")
    _check_index(state, index)
    new = replace(state, status="running", index=index, deadline=now + _secs(state.plan[index]),
                  step_started=now, started_at=now)
    planned_end = now + _secs(sum(state.plan[index:]))
    meeting = ClockEvent("meeting_started", index, now, {"planned_end": planned_end.isoformat()})
    return ClockResult(new, (meeting, _started_event(new, now, "start")))


def pause(state: ClockState, now: datetime) -> ClockResult:
    now = utc(now)
    _require(state, ("running",), "pause")
    left = remaining(state, now)
    new = replace(state, status="paused", deadline=None, remaining=left, paused_at=now)
    return ClockResult(new, (ClockEvent("paused", state.index, now, {"remaining": _r(left)}),))


def resume(state: ClockState, now: datetime) -> ClockResult:
    now = utc(now)
    _require(state, ("paused",), "resume")
    left = remaining(state, now)
    paused_for = (now - state.paused_at).total_seconds() if state.paused_at else 0.0
    new = replace(state, status="running", deadline=now + _secs(left), remaining=None, paused_at=None)
    data = {"remaining": _r(left), "paused_seconds": _r(paused_for)}
    return ClockResult(new, (ClockEvent("resumed", state.index, now, data),))


def next_step(state: ClockState, now: datetime) -> ClockResult:
    """End the current step and start the next with its full planned time; on the last step, end the meeting."""
    now = utc(now)
    _require(state, ACTIVE, "go to the next step")
    if state.is_last_step:
        return _finish(state, now, "next")
    return _move(state, now, state.index + 1, "next")


def previous_step(state: ClockState, now: datetime) -> ClockResult:
    """End the current step and restart the one before it with its (current) planned time."""
    now = utc(now)
    _require(state, ACTIVE, "go back a step")
    if state.index == 0:
        raise ClockError("no_previous", "the first step has no step before it")
    return _move(state, now, state.index - 1, "previous")


def jump(state: ClockState, now: datetime, index: int) -> ClockResult:
    """End the current step and start step `index` (any step, also the current one) with its planned time."""
    now = utc(now)
    _require(state, ACTIVE, "jump to a step")
    _check_index(state, index)
    return _move(state, now, index, "jump")


def adjust(state: ClockState, now: datetime, delta_seconds: int) -> ClockResult:
    """Add (or, negative, take) time to the current step: its plan and its deadline/remaining move together.

    A step's planned time never goes below zero: a larger cut is clipped, and the event records what was done.
    """
    now = utc(now)
    _require(state, ("not_started", *ACTIVE), "change the time")
    if delta_seconds == 0:
        raise ClockError("no_change", "the change must not be zero")
    old = state.plan[state.index]
    planned = max(old + int(delta_seconds), 0)
    applied = planned - old
    if applied == 0:
        raise ClockError("plan_at_zero", "the step has no planned time left to take away")
    plan = _with(state.plan, state.index, planned)
    new = replace(state, plan=plan)
    if state.status == "running" and state.deadline is not None:
        new = replace(new, deadline=state.deadline + _secs(applied))
    elif state.status == "paused" and state.remaining is not None:
        new = replace(new, remaining=state.remaining + applied)
    data = {"delta": applied, "requested": int(delta_seconds), "planned": planned, "was": old}
    return ClockResult(new, (ClockEvent("adjusted", state.index, now, data),))


def end(state: ClockState, now: datetime) -> ClockResult:
    """End the meeting now, wherever it is."""
    now = utc(now)
    _require(state, ACTIVE, "end the meeting")
    return _finish(state, now, "end")


def set_plan(state: ClockState, now: datetime, plan: Sequence[int], changes: Sequence[tuple[int, int, int]],
             data: dict[str, Any]) -> ClockResult:
    """Replace the planned seconds of steps other than the current one (used by `clock_replan.apply_replan`)."""
    now = utc(now)
    _require(state, ("not_started", *ACTIVE), "re-plan")
    new = replace(state, plan=tuple(int(s) for s in plan))
    payload = {"changes": [list(change) for change in changes], **data}
    return ClockResult(new, (ClockEvent("replanned", state.index, now, payload),))


# --- queries ------------------------------------------------------------------------------------------------


def remaining(state: ClockState, now: datetime) -> float:
    """Seconds left in the current step (negative when overrun). Before the start: the full planned time."""
    if state.status == "running" and state.deadline is not None:
        return (state.deadline - utc(now)).total_seconds()
    if state.status == "paused" and state.remaining is not None:
        return state.remaining
    if state.status == "not_started":
        return float(state.plan[state.index])
    return 0.0


def elapsed_in_step(state: ClockState, now: datetime) -> float:
    """Seconds of the current step used so far, not counting pauses (planned minus remaining)."""
    if state.status not in ACTIVE:
        return 0.0
    return state.plan[state.index] - remaining(state, now)


def overrun(state: ClockState, now: datetime) -> float:
    """Seconds the current step has run past its planned time (0 when within time)."""
    if state.status not in ACTIVE:
        return 0.0
    return max(-remaining(state, now), 0.0)


def is_overrun(state: ClockState, now: datetime) -> bool:
    return overrun(state, now) > 0


def projected_end(state: ClockState, now: datetime) -> datetime:
    """When the meeting will end if every later step takes its planned time (an overrunning step ends now)."""
    now = utc(now)
    if state.status == "ended" and state.ended_at is not None:
        return state.ended_at
    if state.status == "not_started":
        return now + _secs(sum(state.plan[state.index:]))
    left = max(remaining(state, now), 0.0)
    return now + _secs(left + sum(state.plan[state.index + 1:]))


def planned_end(start_at: datetime, plan: Sequence[int]) -> datetime:
    return utc(start_at) + _secs(sum(plan))


def step_deadline_at(state: ClockState) -> datetime | None:
    """The instant the current step's time runs out, while running (else None: a paused clock has none)."""
    return state.deadline if state.status == "running" else None


# --- helpers ------------------------------------------------------------------------------------------------


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is refused (the clock never guesses a time zone)."""
    if moment.tzinfo is None:
        raise ClockError("naive_time", "times must be timezone-aware (UTC)")
    return moment.astimezone(UTC)


def _move(state: ClockState, now: datetime, to: int, reason: str) -> ClockResult:
    """End the current step and enter step `to`; a running clock keeps running, a paused one stays paused."""
    ended = _ended_event(state, now, reason)
    full = state.plan[to]
    if state.status == "running":
        new = replace(state, index=to, deadline=now + _secs(full), step_started=now)
    else:
        new = replace(state, index=to, remaining=float(full), step_started=now)
    events: tuple[ClockEvent, ...] = (ended,)
    if reason == "jump":
        events += (ClockEvent("jumped", to, now, {"from": state.index}),)
    return ClockResult(new, (*events, _started_event(new, now, reason)))


def _finish(state: ClockState, now: datetime, reason: str) -> ClockResult:
    new = replace(state, status="ended", deadline=None, remaining=None, paused_at=None, ended_at=now)
    ran = (now - state.started_at).total_seconds() if state.started_at else 0.0
    meeting = ClockEvent("meeting_ended", state.index, now, {"reason": reason, "ran_seconds": _r(ran)})
    return ClockResult(new, (_ended_event(state, now, reason), meeting))


def _started_event(state: ClockState, now: datetime, via: str) -> ClockEvent:
    data = {"planned": state.plan[state.index], "via": via, "paused": state.status == "paused"}
    return ClockEvent("step_started", state.index, now, data)


def _ended_event(state: ClockState, now: datetime, reason: str) -> ClockEvent:
    data = {"planned": state.plan[state.index], "remaining": _r(remaining(state, now)), "reason": reason}
    return ClockEvent("step_ended", state.index, now, data)


_VERBS = {"not_started": "has not started", "running": "is running", "paused": "is paused", "ended": "has ended"}
_CODES = {"not_started": "not_started", "running": "already_running", "paused": "paused", "ended": "ended"}


def _require(state: ClockState, allowed: Sequence[Status], action: str) -> None:
    if state.status not in allowed:
        raise ClockError(_CODES[state.status], f"cannot {action}: the meeting {_VERBS[state.status]}")


def _check_index(state: ClockState, index: int) -> None:
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(state.plan):
        raise ClockError("no_such_step", f"there is no step {index}: the plan has steps 0 to {len(state.plan) - 1}")


def _check_plan(plan: tuple[int, ...]) -> None:
    if not plan:
        raise ClockError("empty_plan", "the plan has no steps")
    for seconds in plan:
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
            raise ClockError("bad_plan", f"planned seconds must be whole numbers of at least 0, not {seconds!r}")


def _with(plan: tuple[int, ...], index: int, seconds: int) -> tuple[int, ...]:
    return (*plan[:index], seconds, *plan[index + 1:])


def _secs(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _r(seconds: float) -> float:
    return round(seconds, 3)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return utc(moment)
