"""Test data for the grouping engine: rosters with a given mix of practice sizes."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from app.domain.roster import Person


def people_from_sizes(sizes: Sequence[int], emails: bool = True) -> list[Person]:
    """One practice per size; a size of 1 makes a solo doctor (no practice)."""
    people: list[Person] = []
    for k, size in enumerate(sizes):
        for j in range(size):
            name = f"Læge {k}-{j}"
            practice = None if size == 1 else f"Praksis {k}"
            email = f"l{k}x{j}@klynge.dk" if emails else None
            people.append(Person.make(name, practice, email))
    return people


practice_mix = st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=14).filter(
    lambda sizes: 2 <= sum(sizes) <= 40
)
