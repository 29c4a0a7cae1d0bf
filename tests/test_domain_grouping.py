"""Grouping engine: constraints on many random rosters, bounds, own-practice rule, late joiners, edits."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.grouping import (
    apply_placement,
    check_move,
    conflict_bound,
    count_repeats,
    group_sizes,
    mixed_round,
    own_practice_round,
    place_late_joiner,
    plan_rounds,
    practice_ids,
    size_bounds,
)
from app.domain.grouping_search import new_counts
from app.domain.roster import Person, practice_key
from tests.builders_grouping import people_from_sizes, practice_mix

FAST = settings(max_examples=60, deadline=None)


def _check_partition(plan_round: list[list[int]], n: int) -> None:
    placed = [p for group in plan_round for p in group]
    assert sorted(placed) == list(range(n)), "everyone placed exactly once"


def _same_practice_pairs(groups: list[list[int]], people: list[Person]) -> int:
    keys = [None if p.solo else practice_key(p.practice) for p in people]
    return sum(1 for g in groups for i, a in enumerate(g) for b in g[i + 1:] if keys[a] is not None
               and keys[a] == keys[b])


# --- group sizes -------------------------------------------------------------------------------------------

@given(n=st.integers(min_value=2, max_value=300), size=st.integers(min_value=2, max_value=8))
def test_group_sizes_within_bounds_never_one(n: int, size: int) -> None:
    sizes = group_sizes(n, size)
    lo, hi = size_bounds(size)
    assert sum(sizes) == n
    assert min(sizes) >= 2
    assert max(sizes) - min(sizes) <= 1
    if any(g * lo <= n <= g * hi for g in range(1, n + 1)):
        assert lo <= min(sizes) and max(sizes) <= hi


@pytest.mark.parametrize(("n", "expected"), [(1, [1]), (2, [2]), (3, [3]), (5, [5]), (6, [3, 3]), (8, [4, 4]),
                                             (9, [5, 4]), (10, [4, 3, 3]), (16, [4, 4, 4, 4])])
def test_group_sizes_examples(n: int, expected: list[int]) -> None:
    assert group_sizes(n, 4) == expected


# --- mixed rounds: properties ------------------------------------------------------------------------------

@FAST
@given(mix=practice_mix, size=st.integers(min_value=3, max_value=5), rounds=st.integers(min_value=1, max_value=4),
       seed=st.integers(min_value=0, max_value=10))
def test_mixed_plan_constraints(mix: list[int], size: int, rounds: int, seed: int) -> None:
    people = people_from_sizes(mix)
    plan = plan_rounds(people, size=size, rounds=rounds, seed=seed, effort=20_000)
    sizes = sorted(group_sizes(len(people), size))
    assert len(plan.rounds) == rounds
    for groups in plan.rounds:
        _check_partition(groups, len(people))
        assert sorted(len(g) for g in groups) == sizes
    report = plan.report
    # the conflict bound is exact and always reached; conflicts are listed
    assert report.conflict_pairs == report.conflict_bound
    assert report.conflict_pairs == sum(_same_practice_pairs(g, people) for g in plan.rounds)
    assert len(report.conflicts) == sum(1 for _ in report.conflicts)
    assert report.repeated_pairs >= report.repeat_bound
    if max((s for s in mix if s > 1), default=0) <= len(sizes):
        assert report.conflict_pairs == 0 and report.conflicts == []


@FAST
@given(mix=practice_mix, seed=st.integers(min_value=0, max_value=1000))
def test_deterministic_for_a_seed(mix: list[int], seed: int) -> None:
    people = people_from_sizes(mix)
    first = plan_rounds(people, rounds=3, seed=seed, effort=10_000)
    again = plan_rounds(people, rounds=3, seed=seed, effort=10_000)
    assert first.rounds == again.rounds
    assert first.report == again.report


def test_infeasible_practice_conflict_is_reported_as_unavoidable() -> None:
    # 12 people in 3 groups; a practice of 5 must put two colleagues together in two groups.
    people = people_from_sizes([5, 1, 1, 1, 1, 1, 1, 1])
    plan = mixed_round(people)
    report = plan.report
    assert conflict_bound([5], 3) == 2
    assert report.conflict_pairs == report.conflict_bound == 2
    assert report.conflicts_unavoidable
    assert len(report.conflicts) == 2
    assert all(c.practice == "Praksis 0" and len(c.members) == 2 for c in report.conflicts)


def test_sixteen_solo_doctors_three_rounds_without_repeats() -> None:
    people = people_from_sizes([1] * 16)
    plan = plan_rounds(people, size=4, rounds=3, seed=1)
    assert plan.report.repeated_pairs == 0
    assert all(len(g) == 4 for groups in plan.rounds for g in groups)


def test_sixteen_with_practices_three_rounds_without_repeats_or_conflicts() -> None:
    people = people_from_sizes([4, 3, 3, 2, 1, 1, 1, 1])
    plan = plan_rounds(people, size=4, rounds=3, seed=2)
    assert plan.report.conflict_pairs == 0
    assert plan.report.repeated_pairs == 0


def test_twelve_people_three_rounds_reach_the_pigeonhole_optimum() -> None:
    # 3 groups of 4: each later group holds >= 1 pair from round 1, so 2 rounds x 3 groups = 6 is optimal
    people = people_from_sizes([3, 3, 2, 1, 1, 1, 1])
    plan = plan_rounds(people, rounds=3, seed=0)
    assert plan.report.repeat_bound == 6
    assert plan.report.repeated_pairs == 6
    assert plan.report.conflict_pairs == 0


def test_history_is_avoided() -> None:
    people = people_from_sizes([1] * 12)
    first = mixed_round(people, seed=3)
    second = mixed_round(people, seed=4, history=first.rounds)
    met_before = new_counts(12, first.rounds)
    pairs_again = sum(met_before[a][b] for g in second.rounds[0] for i, a in enumerate(g) for b in g[i + 1:])
    assert pairs_again == second.report.repeated_pairs == 3  # pigeonhole minimum for 3 groups of 4
    assert count_repeats(second.rounds, met_before) == 3


def test_tiny_rosters() -> None:
    assert plan_rounds([], rounds=2).rounds == [[], []]
    one = plan_rounds(people_from_sizes([1]), rounds=1)
    assert one.rounds == [[[0]]]
    two = plan_rounds(people_from_sizes([1, 1]), rounds=2)
    assert two.rounds == [[[0, 1]], [[0, 1]]]
    assert two.report.notes  # "only 2 participants: one group"


def test_bad_arguments() -> None:
    people = people_from_sizes([1, 1, 1])
    with pytest.raises(ValueError):
        plan_rounds(people, size=1)
    with pytest.raises(ValueError):
        plan_rounds(people, rounds=0)
    with pytest.raises(ValueError):
        plan_rounds(people, mode="random")  # type: ignore[arg-type]


def test_practice_names_compare_case_and_space_insensitive() -> None:
    people = [Person.make("A", "Lægehuset  Nord"), Person.make("B", "lægehuset nord "), Person.make("C", None),
              Person.make("D", None)]
    ids = practice_ids(people)
    assert ids[0] == ids[1]
    assert ids[2] != ids[3]
    plan = mixed_round(people, size=2)
    assert plan.report.conflict_pairs == 0


# --- own-practice rounds -----------------------------------------------------------------------------------

@FAST
@given(mix=practice_mix, size=st.integers(min_value=3, max_value=5))
def test_own_practice_properties(mix: list[int], size: int) -> None:
    people = people_from_sizes(mix)
    plan = own_practice_round(people, size=size)
    groups = plan.rounds[0]
    _check_partition(groups, len(people))
    keys = [practice_key(p.practice) for p in people]
    practices = {k for k in keys if k is not None}
    lone = [i for i, p in enumerate(people) if p.name in " ".join(plan.report.notes)]
    assert len(lone) <= 1
    for key in practices:
        members = [i for i, k in enumerate(keys) if k == key]
        holding = [g for g in groups if any(i in g for i in members)]
        if len(members) > 1:
            # colleagues sit only with colleagues (and at most the one reported lone person)
            assert all(all(keys[i] == key for i in g if i not in lone) for g in holding)
            assert all(len(g) >= 2 for g in holding)
            assert len(holding) == len(group_sizes(len(members), size))
    if len(people) > 1:
        assert all(len(g) >= 2 for g in groups), "nobody alone"


def test_own_practice_solo_doctors_grouped_together() -> None:
    people = people_from_sizes([6, 3, 1, 1, 1, 1, 1])
    groups = own_practice_round(people).rounds[0]
    assert sorted(len(g) for g in groups) == [3, 3, 3, 5]
    solos = {i for i, p in enumerate(people) if p.solo}
    assert any(set(g) == solos for g in groups)


def test_own_practice_single_lone_person_joins_smallest_group_and_is_reported() -> None:
    people = people_from_sizes([4, 2, 1])
    plan = own_practice_round(people)
    lone = next(i for i, p in enumerate(people) if p.solo)
    group = next(g for g in plan.rounds[0] if lone in g)
    assert len(group) == 3 and all(people[i].practice == "Praksis 1" for i in group if i != lone)
    assert any(people[lone].name in note for note in plan.report.notes)


# --- late joiners ------------------------------------------------------------------------------------------

def test_late_joiner_goes_to_a_group_with_room_and_no_colleague() -> None:
    people = people_from_sizes([3, 3, 1, 1, 1, 1])  # 10 people
    plan = mixed_round(people[:-1], seed=1)  # the last solo doctor is late
    late = len(people) - 1
    placement = place_late_joiner(plan.rounds[0], people, late)
    assert placement.moved == () and placement.warnings == ()
    new_round = apply_placement(plan.rounds[0], placement)
    _check_partition(new_round, len(people))
    assert len(new_round[placement.group]) <= 5


def test_late_colleague_swaps_a_colleague_out_when_every_open_group_clashes() -> None:
    people = people_from_sizes([3] + [1] * 12)  # colleagues 0, 1, 2; 0 arrives late
    round_ = [[1, 3, 4, 5, 6], [2, 7, 8, 9], [10, 11, 12, 13, 14]]
    placement = place_late_joiner(round_, people, 0)
    assert placement.group == 1 and len(placement.moved) == 2 and not placement.warnings
    new_round = apply_placement(round_, placement)
    _check_partition(new_round, 15)
    assert _same_practice_pairs(new_round, people) == 0
    assert sorted(len(g) for g in new_round) == [5, 5, 5]


def test_late_colleague_without_room_to_spread_is_warned() -> None:
    people = people_from_sizes([4] + [1] * 8)  # 4 colleagues, 3 groups: a clash cannot be avoided
    round_ = [[1, 4, 5, 6], [2, 7, 8, 9], [3, 10, 11]]
    placement = place_late_joiner(round_, people, 0)
    new_round = apply_placement(round_, placement)
    _check_partition(new_round, 12)
    assert _same_practice_pairs(new_round, people) == 1
    assert [w.code for w in placement.warnings] == ["practice_clash"]


def test_late_joiner_when_all_groups_full_opens_a_new_group() -> None:
    people = people_from_sizes([1] * 16)
    full = [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14]]
    placement = place_late_joiner(full, people, 15, size=4)
    assert placement.group == 3 and len(placement.moved) == 2
    new_round = apply_placement(full, placement)
    _check_partition(new_round, 16)
    assert sorted(len(g) for g in new_round) == [3, 4, 4, 5]


def test_late_joiner_own_practice_joins_colleagues_or_solo_group() -> None:
    people = people_from_sizes([3, 1, 1, 1])
    round_ = [[0, 1], [3, 4]]  # colleague 2 and solo 5 arrive late
    colleague = place_late_joiner(round_, people, 2, mode="own_practice")
    assert colleague.group == 0 and not colleague.warnings
    solo = place_late_joiner(round_, people, 5, mode="own_practice")
    assert solo.group == 1 and not solo.warnings


def test_late_joiner_with_no_groups_sits_alone_reported() -> None:
    placement = place_late_joiner([], people_from_sizes([1]), 0)
    assert placement.group == 0 and placement.warnings[0].code == "alone"


# --- checking a co-host move -------------------------------------------------------------------------------

def test_check_move_warnings() -> None:
    people = people_from_sizes([2, 1, 1, 1, 1, 1, 1])  # 8 people
    round_ = [[0, 2, 3, 4], [1, 5, 6, 7]]
    assert check_move(round_, 0, 0, people) == []
    codes = {w.code for w in check_move(round_, 0, 1, people)}
    assert codes == {"practice_clash"}
    codes = {w.code for w in check_move(round_, 2, 1, people, history=[[[2, 5]]])}
    assert codes == {"repeat"}
    small = [[0, 2, 3], [1, 5, 6, 7, 4]]
    codes = {w.code for w in check_move(small, 2, 1, people)}
    assert codes == {"group_too_small", "group_too_large"}
    pair = [[0, 2], [1, 5, 6, 7, 3, 4]]
    assert "alone" in {w.code for w in check_move(pair, 2, 1, people)}
    own = [[0, 1], [2, 3, 4, 5, 6, 7]]
    assert "not_own_practice" in {w.code for w in check_move(own, 0, 1, people, mode="own_practice")}


def test_check_move_messages_name_people() -> None:
    people = people_from_sizes([2, 1, 1])
    warnings = check_move([[0, 2], [1, 3]], 0, 1, people)
    assert any("Læge 0-1" in w.message for w in warnings)


def test_counts_helper_matches_report() -> None:
    people = people_from_sizes([1] * 10)
    plan = plan_rounds(people, rounds=4, seed=5)
    pairs = Counter(tuple(sorted((a, b))) for groups in plan.rounds for g in groups for a in g for b in g if a < b)
    assert plan.report.repeated_pairs == sum(c - 1 for c in pairs.values())


@FAST
@given(mix=practice_mix, seed=st.integers(min_value=0, max_value=500))
def test_late_joiner_properties(mix: list[int], seed: int) -> None:
    people = people_from_sizes(mix)
    late = seed % len(people)
    present = [i for i in range(len(people)) if i != late]
    plan = mixed_round([people[i] for i in present], seed=seed)
    round_ = [[present[i] for i in g] for g in plan.rounds[0]]
    keys = practice_ids(people)
    _, hi = size_bounds(4)
    clean_exists = any(len(g) < hi and all(keys[x] != keys[late] for x in g) for g in round_)
    placement = place_late_joiner(round_, people, late)
    new_round = apply_placement(round_, placement)
    _check_partition(new_round, len(people))
    if clean_exists:
        assert placement.moved == () and placement.warnings == ()
    if not placement.warnings:
        # never more same-practice pairs (opening a new group can even split earlier unavoidable ones)
        assert _same_practice_pairs(new_round, people) <= _same_practice_pairs(round_, people)
        assert all(len(g) <= hi for g in new_round)
    if len(people) > 1:
        assert all(len(g) >= 2 for g in new_round) or any(w.code == "alone" for w in placement.warnings)
