"""Benchmark of the grouping engine: time, same-practice conflicts and repeated pairs next to lower bounds.

    python bench/grouping.py [--runs 5] [--exact-seconds 20] [--no-exact] [--out bench/results/grouping.md]

Rosters of 12, 16, 24, 30, 60 and 120 doctors with a realistic mix (many solo doctors, partnerships of 2-6),
groups of 4, 1, 3 and 5 rounds. For up to 24 people the engine is also compared with an exact CP-SAT model
(OR-Tools, if installed; bench only): its optimum when proven, else the best it found within the time limit.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import grouping_exact  # noqa: E402

from app.domain.grouping import (  # noqa: E402
    DEFAULT_EFFORT,
    conflict_bound,
    group_sizes,
    plan_rounds,
    practice_ids,
    practice_sizes,
    repeat_bound,
)
from app.domain.roster import Person  # noqa: E402

SIZES = (12, 16, 24, 30, 60, 120)
EXACT_UP_TO = 24  # people; CP-SAT is run for these small (hard) clusters
ROUNDS = (1, 3, 5)
PRACTICE_MIX = {1: 40, 2: 20, 3: 15, 4: 12, 5: 8, 6: 5}  # weight of each practice size


def realistic_roster(n: int, seed: int) -> list[Person]:
    """Practices drawn with the weights above until n doctors; a practice of 1 is a solo doctor."""
    rng = random.Random(seed)
    people: list[Person] = []
    k = 0
    while len(people) < n:
        size = min(rng.choices(list(PRACTICE_MIX), weights=list(PRACTICE_MIX.values()))[0], n - len(people))
        k += 1
        people.extend(Person.make(f"Læge {k}.{j}", None if size == 1 else f"Praksis {k}") for j in range(size))
    return people


def bounds(people: list[Person], rounds: int) -> tuple[int, int]:
    prac = practice_ids(people)
    sizes = group_sizes(len(people), 4)
    c_bound = rounds * conflict_bound([c for p, c in practice_sizes(prac).items() if p >= 0], len(sizes))
    return c_bound, repeat_bound(prac, sizes, rounds, conflict_free=c_bound == 0)


def exact_cell(people: list[Person], rounds: int, seconds: float) -> str:
    if not grouping_exact.available():
        return "exact solver not installed"
    result = grouping_exact.solve(practice_ids(people), group_sizes(len(people), 4), rounds, time_limit=seconds,
                                  lower_bound=bounds(people, rounds))
    if result is None:
        return "no solution in time"
    if result.optimal:
        return f"{result.conflicts} / {result.repeats} (optimal, {result.seconds:.1f} s)"
    if (result.conflicts, result.repeats) == bounds(people, rounds):
        return f"{result.conflicts} / {result.repeats} (optimal: equals the lower bound)"
    return f"{result.conflicts} / {result.repeats} (best found in {seconds:.0f} s, optimality not proven)"


def measure(n: int, rounds: int, runs: int, exact_seconds: float | None) -> list[str]:
    people = realistic_roster(n, seed=n)
    times, plan = [], None
    for _ in range(runs):
        start = time.perf_counter()
        plan = plan_rounds(people, size=4, rounds=rounds, seed=0)
        times.append(time.perf_counter() - start)
    assert plan is not None
    c_bound, r_bound = bounds(people, rounds)
    mix = [c for p, c in practice_sizes(practice_ids(people)).items() if p >= 0]
    practices = f"{sum(1 for p in people if p.solo)} solo, {len(mix)} practices of {min(mix)}–{max(mix)}"
    exact = "–"
    if n <= EXACT_UP_TO and exact_seconds is not None:
        exact = exact_cell(people, rounds, exact_seconds)
    return [str(n), practices, str(rounds), str(len(plan.rounds[0])),
            f"{statistics.median(times) * 1000:.1f}", str(plan.report.conflict_pairs), str(c_bound),
            str(plan.report.repeated_pairs), str(r_bound), exact]


HEADER = ["people", "practices", "rounds", "groups", "time ms (median)", "conflicts", "conflict bound (exact)",
          "repeated pairs", "repeat lower bound", "CP-SAT conflicts / repeats"]


def table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (median reported)")
    parser.add_argument("--exact-seconds", type=float, default=20.0, help="CP-SAT time limit per case")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact solver")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "grouping.md")
    args = parser.parse_args()
    if not args.no_exact and not grouping_exact.available():
        print("exact solver not installed (pip install ortools to compare with CP-SAT)", file=sys.stderr)
    exact_seconds = None if args.no_exact else args.exact_seconds
    rows = [measure(n, r, args.runs, exact_seconds) for n in SIZES for r in ROUNDS]
    text = (f"Grouping engine, groups of 4, seed 0, effort {DEFAULT_EFFORT} swaps weighed; "
            f"Python {platform.python_version()} on {platform.machine()}.\n"
            "Conflicts = same-practice pairs over all rounds; repeated pairs = meetings of a pair that already met.\n\n"
            + table(rows) + "\n")
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
