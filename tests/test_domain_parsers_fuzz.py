"""Fuzz the agenda parser: any text is either a valid agenda or an InputError naming a place, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.agenda_load import load_agenda
from app.domain.problems import InputError

SAMPLE = (Path(__file__).resolve().parent.parent / "agendas" / "trivsel-virtuel.yaml").read_text(encoding="utf-8")


def _load(text: str) -> None:
    try:
        load_agenda(text, "fuzz.yaml")
    except InputError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.source == "fuzz.yaml"
            assert problem.line is None or problem.line >= 1


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _load(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(SAMPLE) - 1), st.integers(min_value=1, max_value=200), st.text())
def test_mangled_real_agenda(start: int, length: int, insert: str) -> None:
    """Cut a piece out of a real agenda and put random text in its place."""
    _load(SAMPLE[:start] + insert + SAMPLE[start + length:])


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children,
                                                                                         max_size=4), max_leaves=20))
def test_arbitrary_yaml_structures(value: object) -> None:
    from io import StringIO

    from ruamel.yaml import YAML

    out = StringIO()
    YAML(typ="safe").dump({"id": "x", "blocks": value}, out)
    _load(out.getvalue())
