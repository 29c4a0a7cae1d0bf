"""Reading a YAML mapping with line numbers (ruamel round-trip), turning every parse failure into a Problem."""

from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError

from app.domain.problems import InputError, Problem


def load_mapping(text: str, source: str, not_a_mapping: str, invalid: str = "not valid YAML") -> CommentedMap:
    """The top-level mapping of `text`; `InputError` naming the line when the text is not YAML or no mapping."""
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem(f"{invalid}: {err.problem or err}", source=source, line=line)]) from None
    except Exception as err:  # ruamel raises several unrelated types for broken input
        raise InputError([Problem(f"{invalid}: {err}", source=source, line=1)]) from None
    if not isinstance(tree, CommentedMap):
        raise InputError([Problem(not_a_mapping, source=source, line=1)])
    return tree
