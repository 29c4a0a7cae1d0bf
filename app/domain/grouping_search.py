"""The search behind the grouping engine: group sizes, a greedy start and a tabu search over swaps.

Everything works on person indices. `prac[i]` is an integer practice id; solo doctors get ids of their own,
so "same practice" is a plain equality test. `cnt[i][j]` counts how often i and j have sat together
(history plus the rounds being planned). The cost of a plan is

    W_CONFLICT * (same-practice pairs) + (repeated pairs),

where a pair that sits together c times counts c - 1 repeats. Swaps keep the group sizes.
Deterministic for a given `random.Random`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from app.domain.roster import Person, practice_key

W_CONFLICT = 1_000_000
TENURE = (2, 6)  # a swapped person stays put for this many steps (drawn at random)
STALL = (50, 5)  # steps without a new best before a restart: a + b * n

Groups = list[list[int]]


def practice_ids(people: Sequence[Person]) -> list[int]:
    """Integer practice id per person; solo doctors get an id of their own (negative)."""
    ids: dict[str, int] = {}
    out: list[int] = []
    for i, person in enumerate(people):
        key = None if person.solo else practice_key(person.practice)
        out.append(-(i + 1) if key is None else ids.setdefault(key, len(ids)))
    return out


def practice_sizes(prac: Sequence[int]) -> dict[int, int]:
    """Number of people per practice id."""
    sizes: dict[int, int] = {}
    for p in prac:
        sizes[p] = sizes.get(p, 0) + 1
    return sizes


def size_bounds(size: int) -> tuple[int, int]:
    """Smallest and largest group size allowed around a target size (never below 2)."""
    if size < 2:
        raise ValueError("group size must be at least 2")
    return max(2, size - 1), size + 1


def group_sizes(n: int, size: int) -> list[int]:
    """Sizes of the groups for n people around the target size, largest first.

    Sizes stay within size-1..size+1 when possible, never 1 (unless n == 1), differing by at most one.
    Among valid counts the one closest to the target wins; on a tie the one with more (smaller) groups.
    """
    lo, hi = size_bounds(size)
    if n <= 0:
        return []
    best: tuple[tuple[int, int, int], list[int]] | None = None
    for g in range(1, max(1, n // 2) + 1):
        q, r = divmod(n, g)
        sizes = [q + 1] * r + [q] * (g - r)
        out = max(0, lo - sizes[-1]) + max(0, sizes[0] - hi)
        key = (out, sum(abs(s - size) for s in sizes), -g)
        if best is None or key < best[0]:
            best = (key, sizes)
    assert best is not None
    return best[1]


def new_counts(n: int, history: Sequence[Sequence[Sequence[int]]]) -> list[list[int]]:
    """Pair-meeting counts from earlier rounds (each a list of groups of person indices)."""
    cnt = [[0] * n for _ in range(n)]
    for round_groups in history:
        add_round(cnt, round_groups, +1)
    return cnt


def add_round(cnt: list[list[int]], round_groups: Sequence[Sequence[int]], sign: int) -> None:
    for group in round_groups:
        for i, a in enumerate(group):
            row = cnt[a]
            for b in group[i + 1:]:
                row[b] += sign
                cnt[b][a] += sign


def greedy_round(
    members: Sequence[int], sizes: Sequence[int], prac: Sequence[int], cnt: list[list[int]], rng: random.Random
) -> Groups:
    """Place people one by one (largest practices first) where they add the least cost."""
    by_practice: dict[int, list[int]] = {}
    for p in members:
        by_practice.setdefault(prac[p], []).append(p)
    blocks = list(by_practice.values())
    rng.shuffle(blocks)
    blocks.sort(key=len, reverse=True)
    groups: Groups = [[] for _ in sizes]
    for block in blocks:
        rng.shuffle(block)
        for p in block:
            row = cnt[p]
            best_key: tuple[int, int, float] | None = None
            best_g = 0
            for g, group in enumerate(groups):
                room = sizes[g] - len(group)
                if room <= 0:
                    continue
                cost = sum(W_CONFLICT if prac[x] == prac[p] else 0 for x in group)
                cost += sum(1 for x in group if row[x] >= 1)
                key = (cost, -room, rng.random())
                if best_key is None or key < best_key:
                    best_key, best_g = key, g
            groups[best_g].append(p)
    return groups


def dealt_round(members: Sequence[int], sizes: Sequence[int], prac: Sequence[int], rng: random.Random) -> Groups:
    """Deal people round-robin over the groups, practice by practice (largest first).

    With sizes largest first this spreads every practice evenly, so it meets the conflict lower bound.
    """
    by_practice: dict[int, list[int]] = {}
    for p in members:
        by_practice.setdefault(prac[p], []).append(p)
    blocks = list(by_practice.values())
    rng.shuffle(blocks)
    blocks.sort(key=len, reverse=True)
    order = [p for block in blocks for p in block]
    groups: Groups = [[] for _ in sizes]
    for k, p in enumerate(order):
        groups[k % len(sizes)].append(p)
    return groups


def conflict_pairs(groups: Sequence[Sequence[int]], prac: Sequence[int]) -> int:
    return sum(1 for g in groups for i, a in enumerate(g) for b in g[i + 1:] if prac[a] == prac[b])


class TabuSearch:
    """Tabu search by swaps within a round, over several rounds at once (group sizes never change).

    Each step looks at every swap that moves a person who adds cost (a same-practice or repeated pair) and makes
    the best one that is not tabu. Tables kept up to date after each swap make a swap's cost change O(1):
    `bad[r][p]` is p's share of the cost in round r and `enter[r][p][g]` what p would add by joining group g.
    """

    def __init__(self, rounds: list[Groups], prac: Sequence[int], base: list[list[int]], rng: random.Random) -> None:
        self.rounds = rounds
        self.prac = prac
        self.base = base
        self.rng = rng
        self.n = len(base)
        self.tenure = TENURE
        self.members = [[p for group in groups for p in group] for groups in rounds]
        self._rebuild()

    def _term(self, p: int, x: int) -> int:
        return (W_CONFLICT if self.prac[p] == self.prac[x] else 0) + (self.cnt[p][x] >= 1)

    def _rebuild(self) -> None:
        n = self.n
        self.cnt = [row[:] for row in self.base]
        for groups in self.rounds:
            add_round(self.cnt, groups, +1)
        self.where = [[-1] * n for _ in self.rounds]
        self.bad = [[0] * n for _ in self.rounds]
        self.enter = [[[] for _ in range(n)] for _ in self.rounds]
        for r, groups in enumerate(self.rounds):
            for g, group in enumerate(groups):
                for p in group:
                    self.where[r][p] = g
            self._rescore(r, self.members[r])
            for p in self.members[r]:
                self.enter[r][p] = [sum(self._term(p, x) for x in group if x != p) for group in groups]
        self.cost = self._total_cost()

    def _total_cost(self) -> int:
        cost = sum(W_CONFLICT * conflict_pairs(groups, self.prac) for groups in self.rounds)
        for i, row in enumerate(self.cnt):
            base_row = self.base[i]
            for j in range(i + 1, self.n):
                cost += max(0, row[j] - 1) - max(0, base_row[j] - 1)
        return cost

    def _rescore(self, r: int, people: Sequence[int]) -> None:
        prac, cnt, groups, where, bad = self.prac, self.cnt, self.rounds[r], self.where[r], self.bad[r]
        for p in people:
            row = cnt[p]
            bad[p] = sum((W_CONFLICT if prac[x] == prac[p] else 0) + (row[x] >= 2)
                         for x in groups[where[p]] if x != p)

    def delta(self, r: int, a: int, b: int) -> int:
        """Cost change of swapping a and b (in different groups of round r)."""
        enter, where = self.enter[r], self.where[r]
        return (enter[b][where[a]] + enter[a][where[b]] - 2 * self._term(a, b)
                - self.bad[r][a] - self.bad[r][b])

    def swap(self, r: int, a: int, b: int, d: int) -> None:
        where, cnt = self.where[r], self.cnt
        ga, gb = where[a], where[b]
        group_a, group_b = self.rounds[r][ga], self.rounds[r][gb]
        changed = [(u, x) for x in group_a if x != a for u in (a, b)]
        changed += [(u, y) for y in group_b if y != b for u in (a, b)]
        group_a[group_a.index(a)] = b
        group_b[group_b.index(b)] = a
        where[a], where[b] = gb, ga
        for u, v in changed:
            old = cnt[u][v]
            new = old + (1 if where[u] == where[v] else -1)
            cnt[u][v] = cnt[v][u] = new
            if (old >= 2) != (new >= 2):
                self._flip_bad(r, u, v, 1 if new >= 2 else -1)
            if (old >= 1) != (new >= 1):
                self._flip_enter(r, u, v, 1 if new >= 1 else -1)
        self._rescore(r, group_a + group_b)
        enter = self.enter[r]
        for p in self.members[r]:
            row = enter[p]
            row[ga] = sum(self._term(p, x) for x in group_a if x != p)
            row[gb] = sum(self._term(p, x) for x in group_b if x != p)
        self.cost += d

    def _flip_bad(self, r: int, u: int, v: int, step: int) -> None:
        for r2, where in enumerate(self.where):
            if r2 != r and where[u] == where[v] and where[u] >= 0:
                self.bad[r2][u] += step
                self.bad[r2][v] += step

    def _flip_enter(self, r: int, u: int, v: int, step: int) -> None:
        for r2, where in enumerate(self.where):
            if r2 != r and where[u] >= 0 and where[v] >= 0:
                self.enter[r2][u][where[v]] += step
                self.enter[r2][v][where[u]] += step

    def run(self, effort: int, target: int) -> list[Groups]:
        """Search until the cost reaches `target` or about `effort` swaps were weighed; return the best rounds."""
        rng = self.rng
        best_cost, best = self.cost, _copy(self.rounds)
        tabu = [[0] * self.n for _ in self.rounds]
        last_gain, stall, work, it = 0, STALL[0] + STALL[1] * self.n, 0, 0
        while work < effort and best_cost > target:
            it += 1
            move, weighed = self._pick_move(tabu, it, best_cost)
            work += weighed + 1
            if move is None:
                continue
            r, a, b, d = move
            self.swap(r, a, b, d)
            tabu[r][a] = it + rng.randint(*self.tenure)
            tabu[r][b] = it + rng.randint(*self.tenure)
            if self.cost < best_cost:
                best_cost, best, last_gain = self.cost, _copy(self.rounds), it
            elif it - last_gain > stall:
                self._restart(best, tabu)
                last_gain = it
                work += sum(len(m) for m in self.members) * self.n // 4
        return best

    def _pick_move(
        self, tabu: list[list[int]], it: int, best_cost: int
    ) -> tuple[tuple[int, int, int, int] | None, int]:
        """The best allowed swap moving someone who adds cost (ties broken at random), and how many were weighed."""
        best_d: int | None = None
        choices: list[tuple[int, int, int]] = []
        weighed = 0
        slack = best_cost - self.cost
        for r, members in enumerate(self.members):
            bad, where, enter, tr, cnt = self.bad[r], self.where[r], self.enter[r], tabu[r], self.cnt
            for a in members:
                if not bad[a]:
                    continue
                ga, ea, ba, pa, ca, a_tabu = where[a], enter[a], bad[a], self.prac[a], cnt[a], tr[a] > it
                for b in members:
                    gb = where[b]
                    if gb == ga or (bad[b] and b < a):
                        continue
                    d = enter[b][ga] + ea[gb] - ba - bad[b] - 2 * ((W_CONFLICT if pa == self.prac[b] else 0)
                                                                   + (ca[b] >= 1))
                    weighed += 1
                    if (a_tabu or tr[b] > it) and d >= slack:
                        continue
                    if best_d is None or d < best_d:
                        best_d, choices = d, [(r, a, b)]
                    elif d == best_d:
                        choices.append((r, a, b))
        if best_d is None:
            return None, weighed
        r, a, b = self.rng.choice(choices)
        return (r, a, b, best_d), weighed

    def _restart(self, best: list[Groups], tabu: list[list[int]]) -> None:
        """Go back to the best plan and shake it with a few random swaps."""
        self.rounds[:] = _copy(best)
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            r = rng.randrange(len(self.rounds))
            groups = self.rounds[r]
            if len(groups) < 2:
                continue
            g1, g2 = rng.sample(range(len(groups)), 2)
            i, j = rng.randrange(len(groups[g1])), rng.randrange(len(groups[g2]))
            groups[g1][i], groups[g2][j] = groups[g2][j], groups[g1][i]
        self._rebuild()
        for row in tabu:
            row[:] = [0] * len(row)


def _copy(rounds: list[Groups]) -> list[Groups]:
    return [[group[:] for group in groups] for groups in rounds]
