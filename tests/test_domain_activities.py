"""Rules of post-its, quick polls, personal notes and the practice plan (app.domain.activities)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import activities as rules
from app.domain.agenda import DEFAULT_PLAN_FIELDS, Poll

HEADINGS = ["Fælles værdier og retning", "Faglig udvikling", "Sammenhold", "Koordinators forberedelse / facilitering"]


def note(id_: int, who: int, color: str = "green", heading: str | None = None) -> rules.Postit:
    return rules.Postit(id=id_, participant_id=who, author=f"P{who}", color=color, text=f"seddel {id_}",
                        heading=heading)


def test_text_is_trimmed_and_limits_are_named() -> None:
    assert rules.clean_text("  Fælles mål \n", 20, "postit") == "Fælles mål"
    with pytest.raises(rules.ActivityError) as empty:
        rules.clean_text(" \n ", 20, "postit")
    assert empty.value.code == "postit_empty"
    with pytest.raises(rules.ActivityError) as long:
        rules.clean_text("x" * 21, 20, "postit")
    assert (long.value.code, long.value.params) == ("postit_too_long", {"limit": 20})
    assert rules.clean_text("", 20, "notes", required=False) == ""


def test_colours_and_headings_are_checked() -> None:
    assert rules.check_color("red") == "red"
    with pytest.raises(rules.ActivityError):
        rules.check_color("blue")
    assert rules.check_heading("Sammenhold", HEADINGS) == "Sammenhold"
    assert rules.check_heading(None, HEADINGS) is None and rules.check_heading("", HEADINGS) is None
    with pytest.raises(rules.ActivityError) as err:
        rules.check_heading("Trivsel", HEADINGS)
    assert err.value.code == "postit_bad_heading"


def test_the_table_is_the_group_or_everyone_without_groups() -> None:
    notes = [note(1, 1), note(2, 2), note(3, 3)]
    assert [n.id for n in rules.table_notes(notes, 1, {})] == [1, 2, 3]
    groups = {1: 1, 2: 1, 3: 2}
    assert [n.id for n in rules.table_notes(notes, 1, groups)] == [1, 2]
    assert [n.id for n in rules.table_notes(notes, 3, groups)] == [3]
    assert not rules.same_table(1, 99, groups)  # someone who joined after the groups were made


def test_board_has_a_column_per_heading_and_the_unsorted_last() -> None:
    notes = [note(1, 1, "green", "Sammenhold"), note(2, 1, "red", "Sammenhold"), note(3, 2, "red"),
             note(4, 2, "green", "Gammel overskrift")]
    columns = rules.arrange(notes, HEADINGS)
    assert [c.heading for c in columns] == [*HEADINGS, None]
    together = columns[2]
    assert ([n.id for n in together.green], [n.id for n in together.red], together.count) == ([1], [2], 2)
    assert [n.id for n in columns[-1].green] == [4] and [n.id for n in columns[-1].red] == [3]


def test_the_open_poll_is_the_last_opened_and_not_closed() -> None:
    assert rules.open_poll([]) is None
    assert rules.open_poll([("poll_opened", "a")]) == "a"
    assert rules.open_poll([("poll_opened", "a"), ("poll_closed", "a")]) is None
    assert rules.open_poll([("poll_opened", "a"), ("poll_opened", "b"), ("poll_closed", "a")]) == "b"
    assert rules.last_poll([("poll_opened", "a"), ("poll_opened", "b"), ("poll_closed", "b")]) == "b"


@given(st.lists(st.tuples(st.sampled_from(["poll_opened", "poll_closed"]), st.sampled_from(["a", "b", "c"]))))
def test_open_poll_is_never_one_closed_after_its_last_opening(events: list[tuple[str, str]]) -> None:
    current = rules.open_poll(events)
    if current is not None:
        last_open = max(i for i, e in enumerate(events) if e == ("poll_opened", current))
        assert ("poll_closed", current) not in events[last_open + 1:]
        assert current == rules.last_poll(events)


FREE = Poll(id="to-ting", question="Nævn de 2 vigtigste ting", answers_per_person=2)
CHOICE = Poll(id="valg", question="Hvilket tema?", kind="choice", options=["Tid", "Ro", "Kolleger"])


def test_free_text_answers_up_to_the_limit() -> None:
    assert rules.check_answer(FREE, [], " mere tid ").text == "mere tid"
    assert rules.check_answer(FREE, ["mere tid"], "færre attester").text == "færre attester"
    with pytest.raises(rules.ActivityError) as err:
        rules.check_answer(FREE, ["a", "b"], "c")
    assert (err.value.code, err.value.params) == ("poll_limit", {"limit": 2})
    with pytest.raises(rules.ActivityError):
        rules.check_answer(FREE, [], "   ")


def test_a_choice_poll_keeps_one_vote_for_an_option() -> None:
    assert rules.check_answer(CHOICE, [], "Ro") == rules.AnswerDecision("Ro", replace=False)
    assert rules.check_answer(CHOICE, ["Ro"], "Tid") == rules.AnswerDecision("Tid", replace=True)
    with pytest.raises(rules.ActivityError) as err:
        rules.check_answer(CHOICE, [], "Penge")
    assert err.value.code == "poll_bad_option"


def test_poll_results_rank_free_text_and_count_choices() -> None:
    ranked = rules.poll_result(FREE, ["Lægen skal have tid", "flere læger", "tid"], people=2)
    assert ranked.people == 2 and not ranked.counts
    counts = {t.display: t.count for t in ranked.ranked}
    assert counts["lægen"] == 2 and counts["tid"] == 2  # "lægen" and "læger" count together
    counted = rules.poll_result(CHOICE, ["Ro", "Tid", "Ro"], people=3)
    assert counted.counts == [("Tid", 1), ("Ro", 2), ("Kolleger", 0)]


def test_practice_key_collapses_case_and_space_and_solo_doctors_are_alone() -> None:
    assert rules.practice_key("  Lægerne i  Byen ", 5, False) == "lægerne i byen"
    assert rules.practice_key("lægerne i byen", 6, False) == "lægerne i byen"
    assert rules.practice_key("Lægerne i Byen", 7, True) == "solo:7"
    assert rules.practice_key(None, 8, False) == "solo:8"


def test_plan_fields_last_writer_wins_and_remember_the_writer() -> None:
    data = rules.merge_plan({}, "hvad", "Fast pause kl. 12", "Anne", "t1")
    data = rules.merge_plan(data, "hvem", "Alle", "Bo", "t2")
    data = rules.merge_plan(data, "hvad", "Fælles frokost", "Bo", "t3")
    rows = {r["id"]: r for r in rules.plan_values(data, DEFAULT_PLAN_FIELDS)}
    assert (rows["hvad"]["text"], rows["hvad"]["by"]) == ("Fælles frokost", "Bo")
    assert (rows["hvem"]["text"], rows["hvem"]["by"]) == ("Alle", "Bo")
    assert rows["hvornaar"]["text"] == "" and rows["hvornaar"]["by"] is None
    assert [r["id"] for r in rules.plan_values(data, DEFAULT_PLAN_FIELDS)] == ["hvad", "hvem", "hvornaar",
                                                                             "opfoelgning"]
    with pytest.raises(rules.ActivityError):
        rules.check_plan_field("budget", DEFAULT_PLAN_FIELDS)
