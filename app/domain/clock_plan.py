"""Looking ahead and back with the meeting clock: instants for the scheduler, re-planning, the run log.

Pure functions over `ClockState` (see `app.domain.clock` and docs/clock.md). The hub uses `time_until` /
`instant_of` to schedule "2 minutes left", "step ends" and "cue coming up" jobs, `propose_replan` when a
step overruns, and `step_spans` / `timeline` to show planned against actual.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from app.domain.clock import (
    ACTIVE,
    ClockError,
    ClockEvent,
    ClockResult,
    ClockState,
    StepPlan,
    projected_end,
    remaining,
    set_plan,
    utc,
)

At = Literal["start", "end"]


def time_until(state: ClockState, now: datetime, step_index: int, at: At = "start",
               before_seconds: float = 0) -> float | None:
    """Seconds from `now` until `before_seconds` before the projected start or end of step `step_index`.

    Only a running clock has a future: paused, not started or ended gives None, as do earlier steps and
    the start of the current step. The value is negative when that instant has passed (e.g. "2 minutes
    left" during an overrun). Later steps are projected: the current step ends at its deadline, or now when
    it is overrunning, and each step between takes its planned time.
    """
    if state.status != "running" or not state.index <= step_index < len(state.plan):
        return None
    left = remaining(state, now)
    if step_index == state.index:
        return None if at == "start" else left - before_seconds
    begins = max(left, 0.0) + sum(state.plan[state.index + 1:step_index])
    instant = begins if at == "start" else begins + state.plan[step_index]
    return instant - before_seconds


def instant_of(state: ClockState, now: datetime, step_index: int, at: At = "start",
               before_seconds: float = 0) -> datetime | None:
    """`time_until` as a UTC datetime (a scheduler's run date); None when `time_until` is None."""
    seconds = time_until(state, now, step_index, at, before_seconds)
    return None if seconds is None else utc(now) + timedelta(seconds=seconds)


# --- re-planning --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replan:
    """A proposal: the whole new plan, seconds it saves, seconds the meeting will still run over,
    and each changed step as (index, old seconds, new seconds)."""

    plan: tuple[int, ...]
    saves: int
    shortfall: int
    changes: tuple[tuple[int, int, int], ...]


def propose_replan(state: ClockState, now: datetime, steps: Sequence[StepPlan], target_end: datetime,
                   grain: int = 30) -> Replan | None:
    """Shorten the later steps so the meeting still ends by `target_end`; None when it already does.

    Each later step gives up time in proportion to its slack (planned minus its minimum), in whole `grain`
    seconds where it can, never below its minimum; fixed steps never shrink. When all the slack is not
    enough, every step goes to its minimum and `shortfall` says how many seconds the meeting still runs over.
    Before the start, the first step counts as a later step too (the meeting itself may start late).
    """
    if state.status == "ended":
        return None
    if len(steps) != len(state.plan):
        raise ClockError("plan_mismatch", f"{len(steps)} step plans for a clock of {len(state.plan)} steps")
    over = (projected_end(state, now) - utc(target_end)).total_seconds()
    if over <= 0:
        return None
    needed = math.ceil(over - 1e-6)
    first = state.index if state.status == "not_started" else state.index + 1
    floors = {i: _floor(steps[i], state.plan[i]) for i in range(first, len(state.plan))}
    new = _shrink(state.plan, floors, needed, grain)
    changes = tuple((i, old, cut) for i, (old, cut) in enumerate(zip(state.plan, new, strict=True)) if old != cut)
    saves = sum(state.plan) - sum(new)
    return Replan(plan=tuple(new), saves=saves, shortfall=max(needed - saves, 0), changes=changes)


def apply_replan(state: ClockState, now: datetime, replan: Replan) -> ClockResult:
    """The facilitator accepts a proposal: the changed steps get their new planned seconds.

    Refused when the proposal no longer fits (a step it changes has been changed since, or it would touch
    the current or an earlier step).
    """
    if not replan.changes:
        raise ClockError("empty_replan", "the proposal changes no step")
    first = state.index if state.status == "not_started" else state.index + 1
    plan = list(state.plan)
    for index, old, new in replan.changes:
        if not first <= index < len(plan):
            raise ClockError("stale_replan", f"the proposal changes step {index}, which is no longer to come")
        if plan[index] != old or new < 0:
            raise ClockError("stale_replan", f"step {index} has changed since the proposal was made")
        plan[index] = new
    data = {"saves": replan.saves, "shortfall": replan.shortfall}
    return set_plan(state, now, plan, replan.changes, data)


def _floor(step: StepPlan, planned: int) -> int:
    """The shortest this step may become: its current plan when fixed, else its minimum (never above plan)."""
    return planned if step.fixed else min(step.min_seconds, planned)


def _shrink(plan: Sequence[int], floors: dict[int, int], needed: int, grain: int) -> list[int]:
    """Cut at least `needed` seconds, notch by notch, always from the step furthest behind its fair share."""
    new = list(plan)
    slack = {i: plan[i] - low for i, low in floors.items() if plan[i] > low}
    total = sum(slack.values())
    if total <= needed:
        for i in slack:
            new[i] = floors[i]
        return new
    saved = 0
    while saved < needed:
        open_steps = [i for i in slack if new[i] > floors[i]]
        i = max(open_steps, key=lambda j: needed * slack[j] / total - (plan[j] - new[j]))
        lower = max(_notch_below(new[i], grain), floors[i])
        saved += new[i] - lower
        new[i] = lower
    return new


def _notch_below(seconds: int, grain: int) -> int:
    """The largest multiple of `grain` below `seconds`."""
    return (seconds - 1) // grain * grain


# --- the run log: planned against actual --------------------------------------------------------------------


@dataclass(frozen=True)
class StepSpan:
    """One stretch of time a step was current (a step revisited after `previous`/`jump` has several)."""

    step_index: int
    planned: int
    started: datetime
    ended: datetime | None
    paused_seconds: float = 0.0

    def seconds(self, now: datetime) -> float:
        """Wall-clock seconds the step was current (until `now` if it still is)."""
        return ((self.ended or utc(now)) - self.started).total_seconds()

    def active_seconds(self, now: datetime) -> float:
        return self.seconds(now) - self.paused_seconds


def step_spans(events: Iterable[ClockEvent]) -> list[StepSpan]:
    """The stretches each step was current, in order, from the run log's events."""
    spans: list[StepSpan] = []
    open_span: StepSpan | None = None
    pause_from: datetime | None = None
    paused = 0.0
    for event in events:
        if event.kind == "paused":
            pause_from = event.at
        elif event.kind == "resumed" and pause_from is not None:
            paused += (event.at - pause_from).total_seconds()
            pause_from = None
        elif event.kind == "step_started":
            open_span = StepSpan(event.step_index, int(event.data.get("planned", 0)), event.at, None)
            paused = 0.0
        elif event.kind == "step_ended" and open_span is not None:
            if pause_from is not None:
                paused += (event.at - pause_from).total_seconds()
                pause_from = event.at
            spans.append(StepSpan(open_span.step_index, open_span.planned, open_span.started, event.at, paused))
            open_span = None
    if open_span is not None:
        spans.append(open_span)
    return spans


@dataclass(frozen=True)
class TimelineRow:
    """One step on the console's timeline: planned seconds, actual seconds so far, and projected times."""

    step_index: int
    planned: int
    actual: float
    state: Literal["done", "current", "coming", "skipped"]
    start: datetime | None
    end: datetime | None


def timeline(state: ClockState, now: datetime, events: Iterable[ClockEvent]) -> list[TimelineRow]:
    """Every step with its actual time (summed over its spans) and, for the current and coming steps, projected
    start and end. Done and skipped steps show their last actual start and end."""
    now = utc(now)
    spans = step_spans(events)
    rows: list[TimelineRow] = []
    at = now + timedelta(seconds=max(remaining(state, now), 0.0)) if state.status in ACTIVE else now
    for i, planned in enumerate(state.plan):
        mine = [s for s in spans if s.step_index == i]
        actual = sum(s.seconds(now) for s in mine)
        if state.status in ACTIVE and i == state.index:
            rows.append(TimelineRow(i, planned, actual, "current", state.step_started, at))
        elif state.status != "ended" and (i > state.index or (state.status == "not_started" and i == state.index)):
            rows.append(TimelineRow(i, planned, actual, "coming", at, at + timedelta(seconds=planned)))
            at += timedelta(seconds=planned)
        else:
            last = mine[-1] if mine else None
            rows.append(TimelineRow(i, planned, actual, "done" if mine else "skipped",
                                    last.started if last else None, last.ended if last else None))
    return rows
