"""The agenda files in agendas/ and the agenda format's validation (app.domain.agenda, agenda_load, schedule)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.agenda import Agenda, CueKind, Grouping, StepKind
from app.domain.agenda_load import load_agenda
from app.domain.problems import InputError
from app.domain.schedule import run_of_show

ROOT = Path(__file__).resolve().parent.parent
AGENDAS = ROOT / "agendas"
NAMES = ["trivsel-fysisk", "trivsel-virtuel", "samarbejde-fysisk", "klyngetrivsel-session"]


def agenda(name: str) -> Agenda:
    return load_agenda((AGENDAS / f"{name}.yaml").read_text(encoding="utf-8"), f"{name}.yaml")


# --- the four agenda files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_each_agenda_file_loads_and_its_id_is_its_file_name(name: str) -> None:
    loaded = agenda(name)
    assert loaded.id == name
    assert loaded.language == "da"
    assert loaded.sources


@pytest.mark.parametrize(
    ("name", "title", "total"),
    [
        ("trivsel-fysisk", "Trivsel og arbejdsglæde", 150),
        ("trivsel-virtuel", "Trivsel og arbejdsglæde", 120),
        ("samarbejde-fysisk", "Samarbejde og fællesskab", 150),
        ("klyngetrivsel-session", "Klyngetrivsel", 75),
    ],
)
def test_titles_and_lengths_follow_the_seeds(name: str, title: str, total: int) -> None:
    loaded = agenda(name)
    assert (loaded.title, loaded.total_minutes) == (title, total)


def test_virtual_run_of_show_at_17_gives_the_seed_times() -> None:
    rows = run_of_show(agenda("trivsel-virtuel"), datetime(2025, 3, 4, 17, 0))
    starts = [f"{row.start:%H.%M}" for row in rows]
    assert starts == [
        "16.30", "17.00", "17.10", "17.18", "17.20", "17.24", "17.25", "17.35",
        "17.45", "17.49", "17.50", "18.15", "18.30", "18.44", "18.45", "18.55",
    ]  # fmt: skip
    assert f"{rows[-1].end:%H.%M}" == "19.00"
    assert rows[0].block.before_start


def test_virtual_rooms_open_at_the_end_of_the_step_before_each_group_step() -> None:
    steps = [step for _, step in agenda("trivsel-virtuel").steps()]
    groups = [i for i, step in enumerate(steps) if step.kind is StepKind.group]
    assert len(groups) == 3
    for i in groups:
        opener = [c for c in steps[i - 1].cues if c.kind is CueKind.open_rooms]
        assert [(c.at, c.size, c.grouping, c.for_step) for c in opener] == [("end", 4, Grouping.mixed, steps[i].id)]
        assert any(c.kind is CueKind.close_rooms and c.at == "end" for c in steps[i].cues)


def test_virtual_board_question_is_question_3_of_the_work_pressure_group() -> None:
    loaded = agenda("trivsel-virtuel")
    [(step, question)] = loaded.board_questions()
    assert step.id == "gruppe-belastninger"
    assert question.text == "Er der noget, I kan gøre på klyngeniveau?"
    assert [q.board for q in step.questions] == [False, False, True]
    assert {c.kind for c in step.cues} >= {CueKind.use_chat, CueKind.open_board}


def test_virtual_videos_have_their_links_and_lengths() -> None:
    loaded = agenda("trivsel-virtuel")
    intro, pressure = loaded.video("intro"), loaded.video("arbejdspres")
    assert intro and (intro.url, intro.minutes) == ("https://youtu.be/1R_7gggoal8", 1)
    assert pressure and (pressure.url, pressure.minutes) == ("https://youtu.be/Pqwq6XtZW8w", 11)
    assert pressure.speaker == "psykolog Lars Hugo Sørensen"
    assert len(loaded.email_items) == 4


@pytest.mark.parametrize("name", ["trivsel-fysisk", "samarbejde-fysisk"])
def test_follow_up_from_last_meeting_is_optional_and_not_counted(name: str) -> None:
    loaded = agenda(name)
    first = loaded.blocks[0]
    assert (first.title, first.minutes, first.optional) == ("Opfølgning fra sidste møde", 5, True)
    counted = sum(b.minutes for b in loaded.blocks if not b.optional and not b.before_start)
    assert counted == loaded.total_minutes
    assert len(loaded.steps(include_optional=False)) == len(loaded.steps()) - 1


@pytest.mark.parametrize("name", NAMES)
def test_pauses_and_video_steps_are_fixed(name: str) -> None:
    for _, step in agenda(name).steps():
        if step.kind in (StepKind.pause, StepKind.video):
            assert step.fixed, step.id


def test_samarbejde_seats_own_practice_in_block_3() -> None:
    loaded = agenda("samarbejde-fysisk")
    opens = [(s.id, c) for _, s in loaded.steps() for c in s.cues if c.kind is CueKind.open_rooms]
    assert [(c.grouping, c.for_step) for _, c in opens] == [
        (Grouping.mixed, "del-1-gruppe"),
        (Grouping.own_practice, "blok-3-spoergsmaal"),
    ]
    assert [str(b.slides) for b in loaded.blocks if b.slides] == ["1-5", "6-20", "21", "22-28", "29-37"]


def test_session_has_postits_headings_and_two_answer_polls() -> None:
    loaded = agenda("klyngetrivsel-session")
    assert loaded.postit_headings == [
        "Fælles værdier og retning",
        "Faglig udvikling",
        "Sammenhold",
        "Koordinators forberedelse / facilitering",
    ]
    assert [(p.kind, p.answers_per_person) for p in loaded.polls] == [("free_text", 2), ("free_text", 2)]
    started = [c.poll for _, s in loaded.steps() for c in s.cues if c.kind is CueKind.start_poll]
    assert started == [p.id for p in loaded.polls]
    assert [s.minutes for _, s in loaded.steps()][1:3] == [2.5, 2.5]
    assert any(s.postits for _, s in loaded.steps())


@pytest.mark.parametrize("name", ["trivsel-fysisk", "trivsel-virtuel"])
def test_trivsel_resources_have_the_regional_contacts_and_plo(name: str) -> None:
    by_name = {r.name: r for r in agenda(name).resources}
    sjaelland = by_name["Region Sjælland"]
    assert (sjaelland.contact, sjaelland.email, sjaelland.phone) == (
        "Sonja Rasmussen",
        "sora@regionsjaelland.dk",
        "9357 0088",
    )
    plo = by_name["PLO, psykologbistand"]
    assert (plo.contact, plo.email, plo.phone) == ("Lene Gehrchen", "lge.plo@dadl.dk", "3544 8475")
    assert "otte timer" in (plo.note or "")
    regions = [n for n in by_name if n.startswith("Region ")]
    assert len(regions) == 5


def test_data_review_steps_of_the_trivsel_agendas_name_their_measures() -> None:
    for name in ("trivsel-fysisk", "trivsel-virtuel"):
        reviewed = sorted({m for _, s in agenda(name).steps() if s.kind is StepKind.data_review for m in s.measures})
        assert reviewed[:5] == [1, 2, 3, 4, 5], name


def test_the_example_in_the_format_documentation_is_valid() -> None:
    text = (ROOT / "docs" / "agenda-format.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    loaded = load_agenda(example, "agenda-format.md")
    assert loaded.total_minutes == 45


# --- broken agendas: each kind of problem gives its precise FILE:LINE: field: message -----------------------

GOOD = """\
id: kort
title: Kort møde
format: physical
total_minutes: 20
blocks:
  - id: blok
    title: Blok
    minutes: 20
    steps:
      - id: oplaeg
        title: Oplæg
        minutes: 5
      - id: gruppe
        title: Gruppe
        kind: group
        minutes: 15
        cues:
          - kind: open_rooms
            size: 4
            grouping: mixed
            for_step: gruppe
"""


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as err:
        load_agenda(text, "kort.yaml")
    return [str(p) for p in err.value.problems]


def edit(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def test_the_small_agenda_is_valid() -> None:
    assert load_agenda(GOOD, "kort.yaml").step("gruppe") is not None


def test_unknown_key() -> None:
    text = edit("        minutes: 5\n", "        minutes: 5\n        farve: rød\n")
    assert problems(text) == ["kort.yaml:13: blocks[0].steps[0].farve: unknown key 'farve'"]


def test_unknown_key_at_the_top() -> None:
    assert problems(edit("format: physical\n", "format: physical\nsted: Odense\n")) == [
        "kort.yaml:4: sted: unknown key 'sted'"
    ]


def test_wrong_type() -> None:
    assert problems(edit("        minutes: 5\n", "        minutes: fem\n")) == [
        "kort.yaml:12: blocks[0].steps[0].minutes: Input should be a valid number, unable to parse string as a number"
    ]


def test_steps_not_adding_up_to_their_block() -> None:
    assert problems(edit("        minutes: 15\n", "        minutes: 10\n")) == [
        "kort.yaml:8: blocks[0].minutes: steps add up to 15 minutes but the block says 20"
    ]


def test_blocks_not_adding_up_to_the_total() -> None:
    assert problems(edit("total_minutes: 20", "total_minutes: 30")) == [
        "kort.yaml:4: total_minutes: blocks add up to 20 minutes but total_minutes is 30"
    ]


def test_cue_pointing_at_a_missing_step() -> None:
    assert problems(edit("for_step: gruppe", "for_step: plenum")) == [
        "kort.yaml:21: blocks[0].steps[1].cues[0].for_step: cue points at step 'plenum', which does not exist"
    ]


def test_group_size_below_2() -> None:
    assert problems(edit("size: 4", "size: 1")) == [
        "kort.yaml:19: blocks[0].steps[1].cues[0].size: group size 1 is below 2"
    ]


def test_invalid_yaml() -> None:
    assert problems(edit("        title: Gruppe\n", "        title: Gruppe: igen\n")) == [
        "kort.yaml:14: not valid YAML: mapping values are not allowed here"
    ]


def test_tab_indentation_is_invalid_yaml() -> None:
    assert problems(edit("    title: Blok\n", "\ttitle: Blok\n")) == [
        "kort.yaml:7: not valid YAML: found character '\\t' that cannot start any token"
    ]


def test_missing_required_key() -> None:
    assert problems(edit("        title: Oplæg\n", "")) == ["kort.yaml:10: blocks[0].steps[0].title: is required"]


def test_missing_required_key_at_the_top() -> None:
    assert problems(edit("title: Kort møde\n", "")) == ["kort.yaml:1: title: is required"]


def test_bad_slide_range() -> None:
    text = edit("        minutes: 5\n", "        minutes: 5\n        slides: 19-8\n")
    assert problems(text) == [
        "kort.yaml:13: blocks[0].steps[0].slides: '19-8': slide range must run from a lower to a higher number,"
        " starting at 1"
    ]


def test_slides_that_are_not_a_number() -> None:
    assert problems(edit("    minutes: 20\n", "    minutes: 20\n    slides: otte\n")) == [
        "kort.yaml:9: blocks[0].slides: 'otte' is not a slide number or a range like 8-19"
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = edit("        minutes: 5\n", "        minutes: fem\n        farve: rød\n")
    assert problems(text) == [
        "kort.yaml:12: blocks[0].steps[0].minutes: Input should be a valid number, unable to parse string as a number",
        "kort.yaml:13: blocks[0].steps[0].farve: unknown key 'farve'",
    ]


def test_a_step_id_used_twice() -> None:
    text = edit("      - id: gruppe\n", "      - id: oplaeg\n").replace("for_step: gruppe", "for_step: oplaeg")
    assert problems(text) == ["kort.yaml:13: blocks[0].steps[1].id: step id 'oplaeg' is used twice"]


def test_fractional_minutes_add_up() -> None:
    text = edit("        minutes: 5\n", "        minutes: 2.5\n").replace("minutes: 15\n", "minutes: 17.5\n")
    loaded = load_agenda(text, "kort.yaml")
    assert [s.seconds for _, s in loaded.steps()] == [150, 1050]
