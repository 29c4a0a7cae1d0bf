"""Read the comparison figures (PLO national survey, Danish population) from YAML text.

The format is shown by examples/sammenligning.yaml and described in docs/survey-format.md. Every key is
optional except `example_values`; a figure left out is simply not drawn. Problems name the line.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from app.domain.problems import InputError, Problem
from app.domain.survey_parse import JOB_LABELS
from app.domain.yaml_text import load_mapping

_BANDS = ("high", "low", "very_low")
_WHO5 = {"mean": "score", "min": "score", "max": "score", "bands_percent": {b: "percent" for b in _BANDS}}
_JOB = {"high": "percent", "low": "percent", "categories": {label: "percent" for label in JOB_LABELS}}
_GROUP = {"label": "text", "year": "text", "who5": _WHO5, "job_satisfaction_percent": _JOB}
SCHEMA: dict[str, Any] = {"example_values": "bool", "note": "text", "national": _GROUP, "population": _GROUP}
DEFAULT_LABELS = {"national": "Landstal (PLO)", "population": "Befolkningen"}


def parse_comparison(text: str, source: str = "sammenligning.yaml") -> dict[str, Any]:
    """Parse and check the comparison file; return every schema key, None where a figure is left out.

    Raise `InputError` naming the line and key of each problem.
    """
    tree = _load(text, source)
    problems: list[Problem] = []
    result = _walk(tree, SCHEMA, "", source, problems)
    if "example_values" not in tree:
        problems.append(Problem("'example_values' mangler (true for eksempeltal, false for rigtige tal)",
                                source=source, line=1, field="example_values"))
    if problems:
        raise InputError(problems)
    for group, label in DEFAULT_LABELS.items():
        result[group]["label"] = result[group]["label"] or label
    return result


def _load(text: str, source: str) -> CommentedMap:
    return load_mapping(text, source, "filen skal være en YAML-mapping (example_values, national, population)",
                        invalid="ikke gyldig YAML")


def _walk(node: Any, schema: dict[str, Any], path: str, source: str, problems: list[Problem]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    given = node if isinstance(node, CommentedMap) else CommentedMap()
    for key in given:
        if str(key) not in schema:
            known = ", ".join(schema)
            problems.append(Problem(f"ukendt nøgle (kendte: {known})", source=source,
                                    line=given.lc.key(key)[0] + 1, field=f"{path}{key}"))
    for key, kind in schema.items():
        value = given.get(key)
        line = given.lc.key(key)[0] + 1 if key in given else None
        field = f"{path}{key}"
        if isinstance(kind, dict):
            if value is not None and not isinstance(value, CommentedMap):
                problems.append(Problem("skal være en mapping med under-nøgler", source=source, line=line,
                                        field=field))
            result[key] = _walk(value, kind, f"{field}.", source, problems)
        else:
            result[key] = _leaf(value, kind, field, line, source, problems)
    return result


def _leaf(value: Any, kind: str, field: str, line: int | None, source: str, problems: list[Problem]) -> Any:
    if value is None:
        return None
    if kind == "text":
        return str(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        problems.append(Problem("skal være true eller false", source=source, line=line, field=field))
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= float(value) <= 100:
        what = "en score fra 0 til 100" if kind == "score" else "en procent fra 0 til 100"
        problems.append(Problem(f"skal være {what}", source=source, line=line, field=field))
        return None
    return float(value)
