"""Read an agenda from YAML text into `Agenda`, reporting every problem with its file and line.

Reading the file is the caller's job; this module takes the text (the domain does no I/O).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.domain.agenda import Agenda, CueKind
from app.domain.problems import InputError, Problem
from app.domain.yaml_text import load_mapping

TOLERANCE = 0.01  # minutes; sums are compared with this slack for fractional minutes


def load_agenda(text: str, source: str = "agenda") -> Agenda:
    """Parse and validate; raise `InputError` listing every problem found."""
    tree = _parse_yaml(text, source)
    try:
        agenda = Agenda.model_validate(_plain(tree))
    except ValidationError as err:
        raise InputError(_pydantic_problems(err, tree, source)) from None
    problems = check_agenda(agenda, tree, source)
    if problems:
        raise InputError(problems)
    return agenda


def agenda_schema() -> str:
    """The JSON Schema of the agenda format."""
    return json.dumps(Agenda.model_json_schema(), indent=2, ensure_ascii=False)


def _parse_yaml(text: str, source: str) -> CommentedMap:
    return load_mapping(text, source, "an agenda must be a mapping of keys (id, title, blocks, ...)")


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def line_of(tree: Any, loc: tuple[Any, ...]) -> int:
    """The 1-based line of the deepest node of `loc` that exists in the YAML tree."""
    line = 1
    node = tree
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lc.item(key)[0] + 1
            node = node[key]
        else:
            if isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None and loc and node is tree:
                line = node.lc.line + 1
            break
    return line


def _field_name(loc: tuple[Any, ...]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out or "agenda"


def _pydantic_problems(err: ValidationError, tree: CommentedMap, source: str) -> list[Problem]:
    problems: list[Problem] = []
    for e in err.errors():
        loc = tuple(k for k in e["loc"] if not (isinstance(k, str) and k.startswith("function-")))
        kind = e["type"]
        if kind == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'"
            loc_field = _field_name(loc)
        elif kind == "missing":
            message = "is required"
            loc_field = _field_name(loc)
            loc = loc[:-1]
        else:
            message = e["msg"].removeprefix("Value error, ")
            loc_field = _field_name(loc)
        problems.append(Problem(message, source=source, line=line_of(tree, loc), field=loc_field))
    return problems


def check_agenda(agenda: Agenda, tree: Any, source: str) -> list[Problem]:
    """Rules that span fields: sums of minutes, references between cues and steps, unique ids."""
    problems: list[Problem] = []

    def add(message: str, loc: tuple[Any, ...]) -> None:
        problems.append(Problem(message, source=source, line=line_of(tree, loc), field=_field_name(loc)))

    step_ids: set[str] = set()
    for bi, block in enumerate(agenda.blocks):
        total = sum(s.minutes for s in block.steps)
        if abs(total - block.minutes) > TOLERANCE:
            add(f"steps add up to {total:g} minutes but the block says {block.minutes:g}", ("blocks", bi, "minutes"))
        for si, step in enumerate(block.steps):
            if step.id in step_ids:
                add(f"step id '{step.id}' is used twice", ("blocks", bi, "steps", si, "id"))
            step_ids.add(step.id)
            if step.min_minutes is not None and step.min_minutes > step.minutes:
                add("min_minutes is longer than minutes", ("blocks", bi, "steps", si, "min_minutes"))
    counted = sum(b.minutes for b in agenda.blocks if not b.optional and not b.before_start)
    if abs(counted - agenda.total_minutes) > TOLERANCE:
        add(f"blocks add up to {counted:g} minutes but total_minutes is {agenda.total_minutes:g}", ("total_minutes",))
    video_ids = {v.id for v in agenda.videos}
    poll_ids = {p.id for p in agenda.polls}
    for bi, block in enumerate(agenda.blocks):
        for si, step in enumerate(block.steps):
            here = ("blocks", bi, "steps", si)
            if step.video and step.video not in video_ids:
                add(f"video '{step.video}' is not in the agenda's videos", (*here, "video"))
            for ci, cue in enumerate(step.cues):
                problems += _cue_problems(cue, (*here, "cues", ci), step_ids, video_ids, poll_ids, add)
    return problems


def _cue_problems(cue, loc, step_ids, video_ids, poll_ids, add) -> list[Problem]:
    if cue.for_step and cue.for_step not in step_ids:
        add(f"cue points at step '{cue.for_step}', which does not exist", (*loc, "for_step"))
    if cue.kind is CueKind.start_video:
        if not cue.video:
            add("a start_video cue needs 'video'", loc)
        elif cue.video not in video_ids:
            add(f"video '{cue.video}' is not in the agenda's videos", (*loc, "video"))
    if cue.kind is CueKind.open_rooms:
        if cue.size is None:
            add("an open_rooms cue needs 'size'", loc)
        elif cue.size < 2:
            add(f"group size {cue.size} is below 2", (*loc, "size"))
        if cue.grouping is None:
            add("an open_rooms cue needs 'grouping' (mixed or own_practice)", loc)
    elif cue.size is not None and cue.size < 2:
        add(f"group size {cue.size} is below 2", (*loc, "size"))
    if cue.kind is CueKind.start_poll and not cue.poll:
        add("a start_poll cue needs 'poll'", loc)
    elif cue.kind is CueKind.start_poll and cue.poll not in poll_ids:
        add(f"poll '{cue.poll}' is not in the agenda's polls", (*loc, "poll"))
    return []
