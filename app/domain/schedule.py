"""Run-of-show: the planned clock time of every block and step for a given start time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.agenda import Agenda, Block, Step


@dataclass(frozen=True)
class ScheduledStep:
    block: Block
    step: Step
    start: datetime
    end: datetime


def included_blocks(agenda: Agenda, include_optional: bool) -> list[Block]:
    return [b for b in agenda.blocks if include_optional or not b.optional]


def run_of_show(agenda: Agenda, start: datetime, include_optional: bool = False) -> list[ScheduledStep]:
    """Every step with its planned start and end.

    `start` is when the meeting proper begins; blocks marked `before_start` (the virtual check-in)
    run before it, so the first of them starts at `start` minus their total length.
    """
    blocks = included_blocks(agenda, include_optional)
    before = sum((b.minutes for b in blocks if b.before_start), 0.0)
    at = start - timedelta(minutes=before)
    rows: list[ScheduledStep] = []
    for block in blocks:
        for step in block.steps:
            end = at + timedelta(seconds=step.seconds)
            rows.append(ScheduledStep(block, step, at, end))
            at = end
    return rows


def planned_seconds(agenda: Agenda, include_optional: bool = False) -> list[int]:
    return [step.seconds for block in included_blocks(agenda, include_optional) for step in block.steps]


def format_run_of_show(agenda: Agenda, start: datetime, include_optional: bool = False) -> str:
    """A plain-text programme: each block with its time, each step indented under it."""
    lines = [f"{agenda.title} ({_duration(agenda.total_minutes)})"]
    last_block = None
    for row in run_of_show(agenda, start, include_optional):
        if row.block is not last_block:
            last_block = row.block
            lines.append(f"{row.start:%H.%M}  {row.block.title} ({row.block.minutes:g} min)")
        slides = f"  [slide {row.step.slides}]" if row.step.slides else ""
        lines.append(f"  {row.start:%H.%M}-{row.end:%H.%M}  {row.step.title} ({row.step.minutes:g} min){slides}")
    return "\n".join(lines)


def _duration(minutes: float) -> str:
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} t {rest} min" if hours else f"{rest} min"
