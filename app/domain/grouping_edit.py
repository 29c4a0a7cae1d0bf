"""Editing a round by hand: late joiners and the co-host's moves (spec: docs/grouping.md).

Both functions take one round (a list of groups of person indices into `people`) and never change it:
`place_late_joiner` says where to put the newcomer (and whom to move, if anyone), `check_move` lists the rules a
move would break. Messages are Danish, for the co-host console.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.domain.grouping_search import new_counts, practice_ids, size_bounds
from app.domain.roster import Person

RoundGroups = Sequence[Sequence[int]]
History = Sequence[Sequence[Sequence[int]]]
WarningCode = Literal[
    "practice_clash", "group_too_small", "group_too_large", "alone", "repeat", "not_own_practice", "other_group"
]


@dataclass(frozen=True)
class RuleWarning:
    code: WarningCode
    message: str


@dataclass(frozen=True)
class Placement:
    """Where a late joiner goes. `group == len(round)` means a new group; `moved` lists (person, from, to)."""

    person: int
    group: int
    moved: tuple[tuple[int, int, int], ...] = ()
    warnings: tuple[RuleWarning, ...] = ()


def apply_placement(round_groups: RoundGroups, placement: Placement) -> list[list[int]]:
    """A new round with the placement carried out (the input is not changed)."""
    groups = [list(g) for g in round_groups]
    if placement.group >= len(groups):
        groups.append([])
    for person, src, dst in placement.moved:
        groups[src].remove(person)
        groups[dst].append(person)
    groups[placement.group].append(placement.person)
    return groups


class _Ctx:
    def __init__(self, groups: RoundGroups, people: Sequence[Person], size: int, history: History) -> None:
        self.groups = groups
        self.people = people
        self.prac = practice_ids(people)
        self.cnt = new_counts(len(people), history)
        self.lo, self.hi = size_bounds(size)

    def colleagues(self, g: int, person: int, skip: int = -1) -> list[int]:
        return [x for x in self.groups[g] if x not in (person, skip) and self.prac[x] == self.prac[person]]

    def met(self, g: int, person: int) -> list[int]:
        return [x for x in self.groups[g] if x != person and self.cnt[person][x] >= 1]

    def names(self, people: Sequence[int]) -> str:
        return ", ".join(self.people[p].name for p in people)


def place_late_joiner(
    assignment: RoundGroups,
    people: Sequence[Person],
    new_person_index: int,
    mode: str = "mixed",
    size: int = 4,
    history: History = (),
) -> Placement:
    """Choose a group for someone who arrives after the round was made, moving others only if needed."""
    ctx = _Ctx(assignment, people, size, history)
    p = new_person_index
    if not assignment:
        return Placement(p, 0, warnings=(RuleWarning("alone", f"{people[p].name} er alene i sin gruppe"),))
    if mode == "own_practice":
        return _own_practice_place(ctx, p)
    return _mixed_place(ctx, p)


def _mixed_place(ctx: _Ctx, p: int) -> Placement:
    groups = ctx.groups
    open_groups = [g for g in range(len(groups)) if len(groups[g]) < ctx.hi]
    clean = [g for g in open_groups if not ctx.colleagues(g, p)]
    if clean:
        return Placement(p, min(clean, key=lambda g: (len(ctx.met(g, p)), len(groups[g]), g)))
    repaired = _swap_repair(ctx, p, open_groups)
    if repaired is not None:
        return repaired
    if not open_groups:
        new_group = _new_group(ctx, p)
        if new_group is not None:
            return new_group
    return _least_bad(ctx, p, open_groups)


def _swap_repair(ctx: _Ctx, p: int, open_groups: list[int]) -> Placement | None:
    """Join an open group whose single colleague swaps places with someone in another group (no clash after)."""
    groups = ctx.groups
    options: list[tuple[tuple[int, int, int, int], Placement]] = []
    for g in open_groups:
        clash = ctx.colleagues(g, p)
        if len(clash) != 1:
            continue
        c = clash[0]
        for h in range(len(groups)):
            if h == g or ctx.colleagues(h, c):
                continue
            for s in groups[h]:
                if _clashes_with(ctx, s, [x for x in groups[g] if x != c] + [p]):
                    continue
                key = (len(ctx.met(g, p)), ctx.cnt[c][s], g, s)
                options.append((key, Placement(p, g, moved=((c, g, h), (s, h, g)))))
    return min(options, key=lambda o: o[0])[1] if options else None


def _new_group(ctx: _Ctx, p: int) -> Placement | None:
    """All groups are full: open a new group of the smallest allowed size with people from the largest groups."""
    sizes = [len(g) for g in ctx.groups]
    chosen: list[tuple[int, int]] = []
    new_index = len(ctx.groups)
    for _ in range(ctx.lo - 1):
        donors = sorted((g for g in range(len(sizes)) if sizes[g] > ctx.lo), key=lambda g: (-sizes[g], g))
        pick = None
        for g in donors:
            taken = {x for x, _ in chosen}
            fits = [x for x in ctx.groups[g] if x not in taken and not _clashes_with(ctx, x, [p, *taken])]
            if fits:
                pick = (min(fits, key=lambda x: (sum(ctx.cnt[x][y] for y in [p, *taken]), x)), g)
                break
        if pick is None:
            return None
        chosen.append(pick)
        sizes[pick[1]] -= 1
    moved = tuple((x, g, new_index) for x, g in chosen)
    return Placement(p, new_index, moved=moved)


def _clashes_with(ctx: _Ctx, x: int, others: Sequence[int]) -> bool:
    return any(ctx.prac[x] == ctx.prac[y] for y in others)


def _least_bad(ctx: _Ctx, p: int, open_groups: list[int]) -> Placement:
    groups = ctx.groups
    pool = open_groups or list(range(len(groups)))
    g = min(pool, key=lambda g: (len(ctx.colleagues(g, p)), len(ctx.met(g, p)), len(groups[g]), g))
    warnings = list(_join_warnings(ctx, p, g, mode="mixed"))
    return Placement(p, g, warnings=tuple(warnings))


def _own_practice_place(ctx: _Ctx, p: int) -> Placement:
    groups = ctx.groups
    mine = [g for g in range(len(groups)) if ctx.colleagues(g, p)] if not ctx.people[p].solo else []
    if not mine:
        mine = [g for g in range(len(groups)) if _is_mixed_group(ctx, g)]
        other = not mine
        mine = mine or list(range(len(groups)))
    else:
        other = False
    g = min(mine, key=lambda g: (len(groups[g]) >= ctx.hi, len(groups[g]), len(ctx.met(g, p)), g))
    warnings = [w for w in _join_warnings(ctx, p, g, mode="own_practice") if w.code != "not_own_practice"]
    if other:
        warnings.append(RuleWarning("other_group", f"{ctx.people[p].name} har ingen praksis- eller sologruppe "
                                                   f"og kommer i gruppe {g + 1}"))
    return Placement(p, g, warnings=tuple(warnings))


def _is_mixed_group(ctx: _Ctx, g: int) -> bool:
    """A group of solo doctors / lone people: no two members share a practice."""
    pracs = [ctx.prac[x] for x in ctx.groups[g]]
    return len(set(pracs)) == len(pracs)


def _join_warnings(ctx: _Ctx, p: int, g: int, mode: str) -> list[RuleWarning]:
    name = ctx.people[p].name
    out: list[RuleWarning] = []
    if g >= len(ctx.groups):
        return [RuleWarning("alone", f"{name} kommer alene i en ny gruppe")]
    if len(ctx.groups[g]) + 1 > ctx.hi:
        out.append(RuleWarning("group_too_large",
                               f"gruppe {g + 1} får {len(ctx.groups[g]) + 1} deltagere (højst {ctx.hi})"))
    clash = ctx.colleagues(g, p)
    if mode == "mixed" and clash:
        out.append(RuleWarning("practice_clash", f"{name} kommer i gruppe {g + 1} med kolleger fra egen praksis: "
                                                 f"{ctx.names(clash)}"))
    if mode == "own_practice" and not clash and not ctx.people[p].solo:
        elsewhere = [h for h in range(len(ctx.groups)) if h != g and ctx.colleagues(h, p)]
        if elsewhere:
            out.append(RuleWarning("not_own_practice", f"{name} sidder ikke med egen praksis "
                                                       f"(kolleger i gruppe {elsewhere[0] + 1})"))
    met = ctx.met(g, p)
    if met:
        out.append(RuleWarning("repeat", f"{name} har allerede siddet sammen med {ctx.names(met)}"))
    return out


def check_move(
    round_groups: RoundGroups,
    person: int,
    to_group: int,
    people: Sequence[Person],
    size: int = 4,
    history: History = (),
    mode: str = "mixed",
) -> list[RuleWarning]:
    """Rules broken if `person` moves to `to_group` (== len(round) for a new group). Empty list: fine."""
    ctx = _Ctx(round_groups, people, size, history)
    src = next((g for g, group in enumerate(round_groups) if person in group), None)
    if src == to_group:
        return []
    out: list[RuleWarning] = []
    if src is not None:
        left = [x for x in round_groups[src] if x != person]
        if len(left) == 1:
            out.append(RuleWarning("alone", f"{people[left[0]].name} sidder alene tilbage i gruppe {src + 1}"))
        elif 1 < len(left) < ctx.lo:
            out.append(RuleWarning("group_too_small", f"gruppe {src + 1} får kun {len(left)} deltagere "
                                                      f"(mindst {ctx.lo})"))
    out.extend(_join_warnings(ctx, person, to_group, mode))
    return out
