"""What the group pages draw, built from the store and the agenda: the rounds of the agenda, the co-host's
overview (groups, what is due now, the roster) and a participant's own group. No commands here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.agenda import CueKind, MeetingFormat
from app.domain.grouping import GroupingReport, count_repeats, place_late_joiner
from app.domain.grouping_search import new_counts, practice_ids, size_bounds
from app.domain.problems import InputError, Problem
from app.domain.roster import Person, practice_key
from app.live.hub import MeetingHub
from app.store.groups import GroupStore, RosterEntry, RoundRow

SHOWN_PROBLEMS = 10

__all__ = ["GroupView", "Member", "MyGroup", "Overview", "RosterEntry", "RoundSpec", "RoundView", "Table",
           "my_group", "overview", "round_specs"]


def store(hub: MeetingHub) -> GroupStore:
    return GroupStore(hub.runtime.db)


@dataclass(frozen=True)
class RoundSpec:
    """A round as the agenda defines it: an `open_rooms` cue (in step `cue_index`) for the group step
    `step_index`; the rooms close at the first `close_rooms` cue from that step on (`close_index`)."""

    round_no: int
    step_id: str
    step_index: int
    title: str
    mode: str
    size: int
    cue_index: int
    close_index: int

    def due(self, status: str, index: int) -> str | None:
        """"open" or "close" when the clock says it is time, else None."""
        if status == "open":
            return "close" if index >= self.close_index else None
        if status in ("none", "draft"):
            return "open" if min(self.cue_index, self.step_index - 1) <= index <= self.step_index else None
        return None


def round_specs(hub: MeetingHub) -> list[RoundSpec]:
    """The rounds of the meeting in agenda order, one per group step named by an `open_rooms` cue."""
    steps = [step for _, step in hub.steps]
    where = {step.id: i for i, step in enumerate(steps)}
    specs: list[RoundSpec] = []
    for i, step in enumerate(steps):
        for cue in step.cues:
            target = cue.for_step
            if cue.kind is not CueKind.open_rooms or target not in where or any(s.step_id == target for s in specs):
                continue
            f = where[target]
            close = next((j for j in range(f, len(steps)) if any(c.kind is CueKind.close_rooms
                                                                   for c in steps[j].cues)), f)
            mode = cue.grouping.value if cue.grouping is not None else "mixed"
            specs.append(RoundSpec(len(specs) + 1, target, f, steps[f].title, mode, cue.size or 4, i, close))
    return specs


def _person(entry: RosterEntry) -> Person:
    return Person(name=entry.name, practice=None if entry.solo else entry.practice, email=entry.email,
                  solo=entry.solo or not entry.practice)


@dataclass(frozen=True)
class Placed:
    members: dict[int, int]
    moved: list[str]
    warnings: list[str]


@dataclass
class Table:
    """The people present (as domain `Person`s, indexed) and the earlier rounds as index groups (the history)."""

    entries: list[RosterEntry]
    people: list[Person]
    ids: list[int]
    index: dict[int, int]
    history: list[list[list[int]]] = field(default_factory=list)

    @classmethod
    async def load(cls, hub: MeetingHub, round_no: int) -> Table:
        entries = await store(hub).roster(hub.id)
        ids = [e.id for e in entries]
        table = cls(entries, [_person(e) for e in entries], ids, {pid: i for i, pid in enumerate(ids)})
        earlier = [r for r in await store(hub).rounds(hub.id) if r.round_no < round_no and r.members]
        table.history = [table.groups_of(r)[0] for r in earlier]
        return table

    def name(self, pid: int) -> str:
        return self.people[self.index[pid]].name

    def groups_of(self, row: RoundRow) -> tuple[list[list[int]], list[int]]:
        return self.groups_of_members(row.members)

    def groups_of_members(self, members: dict[int, int]) -> tuple[list[list[int]], list[int]]:
        """The non-empty groups as lists of person indices, and their group numbers."""
        by_no: dict[int, list[int]] = {}
        for pid, no in sorted(members.items()):
            if pid in self.index:
                by_no.setdefault(no, []).append(self.index[pid])
        nos = sorted(by_no)
        return [by_no[no] for no in nos], nos

    def place(self, members: dict[int, int], pid: int, spec: RoundSpec) -> Placed:
        """Seat a late joiner (docs/grouping.md, "Late joiner"); others move only if the rules need it."""
        groups, nos = self.groups_of_members(members)
        placement = place_late_joiner(groups, self.people, self.index[pid], mode=spec.mode, size=spec.size,
                                      history=self.history)
        fresh = max(nos, default=0) + 1

        def number(k: int) -> int:
            return nos[k] if k < len(nos) else fresh

        out = dict(members)
        moved = []
        for person, _src, dst in placement.moved:
            out[self.ids[person]] = number(dst)
            moved.append(f"{self.people[person].name}: Gruppe {number(dst)}")
        out[pid] = number(placement.group)
        return Placed(out, moved, [w.message for w in placement.warnings])


def report_data(report: GroupingReport) -> dict[str, Any]:
    """What is kept of the planner's report: the lower bounds and its notes (counts are recomputed live)."""
    return {"conflict_bound": report.conflict_bound, "repeat_bound": report.repeat_bound, "notes": report.notes}


def describe(problem: Problem) -> str:
    place = [f"række {problem.row}"] if problem.row is not None else []
    if problem.column:
        place.append(f"kolonne '{problem.column}'")
    head = ": ".join(p for p in (problem.source, ", ".join(place)) if p)
    return f"{head}: {problem.message}" if head else problem.message


def problem_lines(err: InputError) -> str:
    lines = [describe(p) for p in err.problems[:SHOWN_PROBLEMS]]
    if len(err.problems) > SHOWN_PROBLEMS:
        lines.append(f"… og {len(err.problems) - SHOWN_PROBLEMS} fejl mere")
    return "\n".join(lines)


# -- the co-host's overview ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    id: int
    name: str
    practice: str | None
    solo: bool


@dataclass(frozen=True)
class GroupView:
    no: int
    room: str
    members: list[Member]
    issues: list[tuple[str, dict[str, Any]]]  # (message key, params)


@dataclass(frozen=True)
class RoundView:
    spec: RoundSpec
    status: str  # none | draft | open | closed
    seed: int | None
    groups: list[GroupView]
    unplaced: list[Member]
    conflict_pairs: int
    conflict_bound: int
    repeated_pairs: int
    repeat_bound: int
    notes: list[str]
    due: str | None


@dataclass(frozen=True)
class Overview:
    rounds: list[RoundView]
    roster: list[RosterEntry]
    virtual: bool
    step_index: int

    @property
    def due(self) -> RoundView | None:
        return next((r for r in self.rounds if r.due == "close"), None) or next(
            (r for r in self.rounds if r.due == "open"), None)


def _member(entry: RosterEntry) -> Member:
    return Member(entry.id, entry.name, None if entry.solo else entry.practice, entry.solo or not entry.practice)


def _issues(members: Sequence[Member], mode: str, size: int) -> list[tuple[str, dict[str, Any]]]:
    lo, hi = size_bounds(size)
    out: list[tuple[str, dict[str, Any]]] = []
    if mode == "mixed":
        by_practice: dict[str, list[Member]] = {}
        for m in members:
            if not m.solo and m.practice:
                by_practice.setdefault(practice_key(m.practice) or "", []).append(m)
        for same in by_practice.values():
            if len(same) > 1:
                out.append(("groups.issue.clash", {"practice": same[0].practice or "",
                                                   "names": ", ".join(m.name for m in same)}))
    if len(members) == 1:
        out.append(("groups.issue.alone", {}))
    elif len(members) < lo:
        out.append(("groups.issue.small", {"count": len(members), "min": lo}))
    elif len(members) > hi:
        out.append(("groups.issue.large", {"count": len(members), "max": hi}))
    return out


def _round_view(spec: RoundSpec, row: RoundRow | None, table: Table, index: int) -> RoundView:
    status = row.status if row is not None and row.members else "none"
    members = row.members if row is not None else {}
    by_no: dict[int, list[Member]] = {}
    for entry in table.entries:
        if entry.id in members:
            by_no.setdefault(members[entry.id], []).append(_member(entry))
    groups = [GroupView(no, f"Gruppe {no}", by_no[no], _issues(by_no[no], spec.mode, spec.size))
              for no in sorted(by_no)]
    unplaced = [_member(e) for e in table.entries if e.id not in members] if status != "none" else []
    index_groups, _ = table.groups_of_members(members)
    prac = practice_ids(table.people)
    clashes = sum(1 for g in index_groups for i, a in enumerate(g) for b in g[i + 1:] if prac[a] == prac[b])
    repeats = count_repeats([index_groups], new_counts(len(table.people), table.history)) if index_groups else 0
    report = row.report if row is not None else {}
    return RoundView(spec, status, row.seed if row is not None else None, groups, unplaced,
                     clashes if spec.mode == "mixed" else 0, int(report.get("conflict_bound", 0)), repeats,
                     int(report.get("repeat_bound", 0)), list(report.get("notes", [])), spec.due(status, index))


async def overview(hub: MeetingHub) -> Overview:
    rows = {r.step_id: r for r in await store(hub).rounds(hub.id)}
    index = hub.current()[0]
    views = []
    entries: list[RosterEntry] = []
    for spec in round_specs(hub):
        table = await Table.load(hub, spec.round_no)
        entries = table.entries
        views.append(_round_view(spec, rows.get(spec.step_id), table, index))
    if not views:
        entries = await store(hub).roster(hub.id)
    return Overview(views, entries, hub.agenda.format is MeetingFormat.virtual, index)


# -- a participant's own group ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MyGroup:
    round_no: int
    step_id: str
    step_title: str
    group_no: int
    room: str
    virtual: bool
    members: list[Member]  # everyone in the group, the participant included
    questions: list[str]


async def my_group(hub: MeetingHub, participant_id: int) -> MyGroup | None:
    """The participant's group in the open round; only their own group's names and practices."""
    specs = {s.step_id: s for s in round_specs(hub)}
    rows = [r for r in await store(hub).rounds(hub.id) if r.status == "open" and r.step_id in specs]
    row = max(rows, key=lambda r: (r.opened_at is not None, r.opened_at, r.id), default=None)
    if row is None or participant_id not in row.members:
        return None
    no = row.members[participant_id]
    same = {pid for pid, n in row.members.items() if n == no}
    members = [_member(e) for e in await store(hub).roster(hub.id) if e.id in same]
    spec = specs[row.step_id]
    step = hub.steps[spec.step_index][1]
    return MyGroup(spec.round_no, spec.step_id, spec.title, no, f"Gruppe {no}",
                   hub.agenda.format is MeetingFormat.virtual, members, [q.text for q in step.questions])
