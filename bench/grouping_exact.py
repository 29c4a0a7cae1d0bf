"""Exact optimum for small grouping problems with OR-Tools CP-SAT (bench only, never in the app).

Same objective as the engine, lexicographic: first same-practice pairs, then repeated pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

try:
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover - depends on the machine
    cp_model = None

W = 1000


@dataclass
class ExactResult:
    conflicts: int
    repeats: int
    optimal: bool
    bound: float
    seconds: float


def available() -> bool:
    return cp_model is not None


def _break_symmetry(model: cp_model.CpModel, x: list, sizes: Sequence[int]) -> None:
    """Groups of equal size are ordered by their lowest member; rounds by where persons 1-3 sit."""
    rounds, n, groups = len(x), len(x[0]), len(sizes)
    for r in range(rounds):
        first = []
        for g in range(groups):
            low = model.new_int_var(0, n, f"first{r}_{g}")
            model.add_min_equality(low, [n - (n - i) * x[r][i][g] for i in range(n)])
            first.append(low)
        for g in range(groups - 1):
            if sizes[g] == sizes[g + 1]:
                model.add(first[g] < first[g + 1])
    keys = [sum(groups ** (3 - k) * sum(g * x[r][k][g] for g in range(groups)) for k in range(1, min(n, 4)))
            for r in range(rounds)]
    for r in range(rounds - 1):
        model.add(keys[r] <= keys[r + 1])


def solve(prac: Sequence[int], sizes: Sequence[int], rounds: int, time_limit: float = 20.0,
          workers: int = 2, lower_bound: tuple[int, int] = (0, 0)) -> ExactResult | None:
    """Minimise W * conflicts + repeats over all assignments with these group sizes; None if not installed.

    `lower_bound` (conflicts, repeats) proven elsewhere is added as a constraint, so reaching it proves optimality.
    """
    if cp_model is None:
        return None
    n, groups = len(prac), len(sizes)
    model = cp_model.CpModel()
    x = [[[model.new_bool_var(f"x{r}_{i}_{g}") for g in range(groups)] for i in range(n)] for r in range(rounds)]
    for r in range(rounds):
        for i in range(n):
            model.add_exactly_one(x[r][i])
        for g, s in enumerate(sizes):
            model.add(sum(x[r][i][g] for i in range(n)) == s)
    _break_symmetry(model, x, sizes)
    conflict_terms = []
    repeat_terms = []
    for i in range(n):
        for j in range(i + 1, n):
            meets = []
            for r in range(rounds):
                y = model.new_bool_var(f"y{r}_{i}_{j}")
                for g in range(groups):
                    model.add(y >= x[r][i][g] + x[r][j][g] - 1)
                meets.append(y)
            if prac[i] == prac[j]:
                conflict_terms.extend(meets)
            if rounds > 1:
                rep = model.new_int_var(0, rounds - 1, f"rep_{i}_{j}")
                model.add(rep >= sum(meets) - 1)
                repeat_terms.append(rep)
    conflicts = sum(conflict_terms) if conflict_terms else 0
    repeats = sum(repeat_terms) if repeat_terms else 0
    model.add(W * conflicts + repeats >= W * lower_bound[0] + lower_bound[1])
    model.minimize(W * conflicts + repeats)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    value = round(solver.objective_value)
    return ExactResult(
        conflicts=value // W,
        repeats=value % W,
        optimal=status == cp_model.OPTIMAL,
        bound=solver.best_objective_bound,
        seconds=solver.wall_time,
    )
