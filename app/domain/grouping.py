"""Breakout groups for a cluster meeting: mixed rounds and own-practice rounds (spec: docs/grouping.md).

Pure and deterministic: the same people, options and seed give the same groups. People are referred to by
their index in the `people` list passed in; a round is a list of groups, a group a list of indices.

- `plan_rounds(people, size, rounds, seed, mode, history)` plans one or more rounds of one meeting.
- `mixed_round(...)` / `own_practice_round(...)` plan a single round (pass earlier rounds as `history`).
- `place_late_joiner(...)` and `check_move(...)` (from `grouping_edit`) support the co-host console.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from app.domain.grouping_search import (
    W_CONFLICT,
    Groups,
    TabuSearch,
    add_round,
    conflict_pairs,
    dealt_round,
    greedy_round,
    group_sizes,
    new_counts,
    practice_ids,
    practice_sizes,
    size_bounds,
)
from app.domain.roster import Person

Mode = Literal["mixed", "own_practice"]
Round = list[list[int]]
History = Sequence[Sequence[Sequence[int]]]

DEFAULT_EFFORT = 250_000  # swaps weighed; about 0.1 s on a slow core


@dataclass(frozen=True)
class Conflict:
    """Members of one practice sitting in the same group (round and group are 0-based)."""

    round: int
    group: int
    practice: str
    members: tuple[int, ...]


@dataclass
class GroupingReport:
    """What the plan could not avoid, next to lower bounds.

    `conflict_pairs` counts same-practice pairs; `conflict_bound` is the exact minimum (every practice spread
    evenly over the groups). `repeated_pairs` counts meetings of a pair that already met (in this plan or in
    the history); `repeat_bound` is a simple counting lower bound.
    """

    conflicts: list[Conflict] = field(default_factory=list)
    conflict_pairs: int = 0
    conflict_bound: int = 0
    repeated_pairs: int = 0
    repeat_bound: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def conflicts_unavoidable(self) -> bool:
        return self.conflict_pairs <= self.conflict_bound


@dataclass
class GroupPlan:
    mode: Mode
    size: int
    rounds: list[Round]
    report: GroupingReport

    def named(self, people: Sequence[Person]) -> list[list[list[Person]]]:
        """The rounds with Person objects instead of indices."""
        return [[[people[i] for i in group] for group in groups] for groups in self.rounds]


def conflict_bound(sizes_by_practice: Sequence[int], groups: int) -> int:
    """Minimum same-practice pairs in one round: each practice spread evenly over the groups."""
    if groups <= 0:
        return 0
    total = 0
    for p in sizes_by_practice:
        q, r = divmod(p, groups)
        total += r * (q + 1) * q // 2 + (groups - r) * q * (q - 1) // 2
    return total


def repeat_bound(prac: Sequence[int], sizes: Sequence[int], rounds: int, conflict_free: bool) -> int:
    """Counting lower bound on repeated pairs over `rounds` rounds with these group sizes.

    Pairs placed minus distinct pairs available; per person: meetings minus distinct partners available
    (colleagues excluded when the plan is free of conflicts), halved; and pigeonhole: a group of s people in a
    later round drawn from the first round's g groups holds at least the evenly spread number of old pairs.
    """
    n = len(prac)
    if not sizes or rounds <= 1:
        return 0
    counts = practice_sizes(prac)
    blocked = sum(c * (c - 1) // 2 for c in counts.values()) if conflict_free else 0
    placed = rounds * sum(s * (s - 1) // 2 for s in sizes)
    pair_bound = placed - (n * (n - 1) // 2 - blocked)
    meet = rounds * (min(sizes) - 1)
    person_sum = sum(max(0, meet - (n - 1 - ((counts[p] - 1) if conflict_free else 0))) for p in prac)
    # Pigeonhole: each later group draws its members from the first round's groups.
    pigeon = (rounds - 1) * conflict_bound(sizes, len(sizes))
    return max(0, pair_bound, (person_sum + 1) // 2, pigeon)


def plan_rounds(
    people: Sequence[Person],
    size: int = 4,
    rounds: int = 3,
    seed: int = 0,
    mode: Mode = "mixed",
    history: History = (),
    effort: int = DEFAULT_EFFORT,
) -> GroupPlan:
    """Plan `rounds` rounds of breakout groups for `people` (see docs/grouping.md)."""
    size_bounds(size)
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    if mode not in ("mixed", "own_practice"):
        raise ValueError(f"unknown mode {mode!r}")
    rng = random.Random(seed)
    prac = practice_ids(people)
    base = new_counts(len(people), history)
    if mode == "mixed":
        planned, bounds = _plan_mixed(prac, size, rounds, base, rng, effort)
        lone: list[int] = []
    else:
        planned, lone, forced = _plan_own_practice(prac, size, rounds, base, rng, effort)
        bounds = (0, forced)
    planned = [[sorted(g) for g in groups] for groups in planned]
    report = _report(people, prac, planned, base, bounds, mode)
    report.notes.extend(_notes(people, size, planned, lone))
    return GroupPlan(mode=mode, size=size, rounds=planned, report=report)


def _notes(people: Sequence[Person], size: int, planned: list[Groups], lone: list[int]) -> list[str]:
    notes: list[str] = []
    lo, _ = size_bounds(size)
    if people and len(people) < lo:
        notes.append(f"Kun {len(people)} deltager(e): én gruppe med alle.")
    for p in lone:
        where = [next(g for g, group in enumerate(groups) if p in group) for groups in planned]
        rooms = ", ".join(f"runde {r + 1}: gruppe {g + 1}" for r, g in enumerate(where))
        alone = all(len(groups[g]) == 1 for groups, g in zip(planned, where, strict=True))
        what = "sidder alene (ingen andre at sætte sammen med)" if alone else "sidder med i en anden gruppe"
        notes.append(f"{people[p].name} er den eneste uden egen praksisgruppe og {what} ({rooms}).")
    return notes


def mixed_round(people: Sequence[Person], size: int = 4, seed: int = 0, history: History = ()) -> GroupPlan:
    """One mixed round: no two colleagues together where possible, fewest pairs that met in `history`."""
    return plan_rounds(people, size=size, rounds=1, seed=seed, mode="mixed", history=history)


def own_practice_round(people: Sequence[Person], size: int = 4, seed: int = 0, history: History = ()) -> GroupPlan:
    """One own-practice round: each practice a group; solo doctors together."""
    return plan_rounds(people, size=size, rounds=1, seed=seed, mode="own_practice", history=history)


def _plan_mixed(
    prac: list[int], size: int, rounds: int, base: list[list[int]], rng: random.Random, effort: int
) -> tuple[list[Groups], tuple[int, int]]:
    n = len(prac)
    sizes = group_sizes(n, size)
    c_bound = conflict_bound([c for p, c in practice_sizes(prac).items() if p >= 0], len(sizes))
    r_bound = repeat_bound(prac, sizes, rounds, conflict_free=c_bound == 0)
    cnt = [row[:] for row in base]
    planned: list[Groups] = []
    for _ in range(rounds):
        groups = greedy_round(range(n), sizes, prac, cnt, rng)
        if conflict_pairs(groups, prac) > c_bound:
            groups = dealt_round(range(n), sizes, prac, rng)
        add_round(cnt, groups, +1)
        planned.append(groups)
    if len(sizes) > 1:
        search = TabuSearch(planned, prac, base, rng)
        planned = search.run(effort, W_CONFLICT * c_bound * rounds + r_bound)
    return planned, (c_bound * rounds, r_bound)


def _own_practice_blocks(prac: Sequence[int], size: int, rng: random.Random) -> tuple[list[Groups], list[int]]:
    """Initial groups per block (one block per practice, one for the pool) and the lone people left over."""
    members: dict[int, list[int]] = {}
    for i, p in enumerate(prac):
        members.setdefault(p, []).append(i)
    pool = [i for p, ps in members.items() if len(ps) == 1 for i in ps]
    blocks = [ps for p, ps in members.items() if len(ps) > 1]
    if len(pool) >= 2:
        blocks.append(pool)
    out: list[Groups] = []
    for block in blocks:
        people = block[:]
        rng.shuffle(people)
        groups: Groups = []
        start = 0
        for s in group_sizes(len(people), size):
            groups.append(people[start:start + s])
            start += s
        out.append(groups)
    return out, (pool if len(pool) == 1 else [])


def _plan_own_practice(
    prac: list[int], size: int, rounds: int, base: list[list[int]], rng: random.Random, effort: int
) -> tuple[list[Groups], list[int], int]:
    """Own-practice rounds, the lone people, and the repeats forced by whole-practice groups (a lower bound)."""
    free = list(range(-1, -len(prac) - 1, -1))  # no practice rule inside own-practice blocks
    per_round: list[list[Groups]] = []
    lone: list[int] = []
    for _ in range(rounds):
        blocks, lone = _own_practice_blocks(prac, size, rng)
        per_round.append(blocks)
    flat = [block for blocks in per_round for block in blocks]
    split = [block for block in flat if len(block) > 1]  # only split practices and the pool can vary
    if split:
        best = iter(TabuSearch(split, free, base, rng).run(effort // 10, 0))
        flat = [next(best) if len(block) > 1 else block for block in flat]
    forced = count_repeats([[block[0] for block in blocks if len(block) == 1] for blocks in per_round], base)
    planned: list[Groups] = []
    cnt = [row[:] for row in base]
    start = 0
    for blocks in per_round:
        groups = [g for block in flat[start:start + len(blocks)] for g in block]
        start += len(blocks)
        for p in lone:
            _join_smallest(groups, p, size, cnt)
        add_round(cnt, groups, +1)
        planned.append(groups)
    return planned, lone, forced


def _join_smallest(groups: Groups, person: int, size: int, cnt: list[list[int]]) -> None:
    """Put a person who would sit alone into the smallest group (fewest earlier meetings on a tie)."""
    if not groups:
        groups.append([person])
        return
    _, hi = size_bounds(size)
    row = cnt[person]

    def key(g: int) -> tuple[bool, int, int, int]:
        return (len(groups[g]) >= hi, len(groups[g]), sum(1 for x in groups[g] if row[x]), g)

    groups[min(range(len(groups)), key=key)].append(person)


def count_repeats(rounds: Sequence[Sequence[Sequence[int]]], base: list[list[int]]) -> int:
    """Meetings in `rounds` of pairs that already met (earlier in `rounds` or in the base counts)."""
    cnt = [row[:] for row in base]
    repeats = 0
    for groups in rounds:
        for group in groups:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    repeats += cnt[a][b] >= 1
        add_round(cnt, groups, +1)
    return repeats


def _report(
    people: Sequence[Person], prac: Sequence[int], planned: list[Groups], base: list[list[int]],
    bounds: tuple[int, int], mode: Mode,
) -> GroupingReport:
    report = GroupingReport(conflict_bound=bounds[0], repeat_bound=bounds[1])
    report.repeated_pairs = count_repeats(planned, base)
    if mode == "mixed":
        for r, groups in enumerate(planned):
            for g, group in enumerate(groups):
                report.conflicts.extend(_group_conflicts(people, prac, r, g, group))
        report.conflict_pairs = sum(conflict_pairs(groups, prac) for groups in planned)
    return report


def _group_conflicts(people: Sequence[Person], prac: Sequence[int], r: int, g: int,
                     group: Sequence[int]) -> list[Conflict]:
    by_practice: dict[int, list[int]] = {}
    for p in group:
        if prac[p] >= 0:
            by_practice.setdefault(prac[p], []).append(p)
    return [Conflict(r, g, people[ps[0]].practice or "", tuple(ps)) for ps in by_practice.values() if len(ps) > 1]


from app.domain.grouping_edit import Placement, RuleWarning, apply_placement, check_move, place_late_joiner  # noqa: E402

__all__ = [
    "Conflict",
    "GroupPlan",
    "GroupingReport",
    "Mode",
    "Placement",
    "RuleWarning",
    "apply_placement",
    "check_move",
    "conflict_bound",
    "count_repeats",
    "group_sizes",
    "mixed_round",
    "own_practice_round",
    "place_late_joiner",
    "plan_rounds",
    "practice_ids",
    "practice_sizes",
    "repeat_bound",
    "size_bounds",
]
