"""Quick polls: free-text ranking and multiple-choice tallies (app.domain.polls)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.polls import RankedTerm, rank_free_text, tally


def _by_display(terms: list[RankedTerm]) -> dict[str, RankedTerm]:
    return {t.display: t for t in terms}


def test_inflected_forms_count_together_with_the_most_frequent_form_shown() -> None:
    answers = ["Lægen skal have ro", "Flere læger i klyngen", "gode læger", "lægerne hjælper hinanden"]
    terms = _by_display(rank_free_text(answers))
    assert terms["læger"].count == 4
    assert terms["læger"].answers == (0, 1, 2, 3)
    assert "lægen" not in terms and "lægerne" not in terms


def test_stop_words_are_not_listed_and_each_answer_counts_once() -> None:
    terms = _by_display(rank_free_text(["tid tid og mere tid", "det er tid", "og så videre"]))
    assert terms["tid"].count == 2
    assert not {"og", "det", "er", "så", "mere"} & set(terms)


def test_frequent_two_word_phrases_replace_the_words_they_explain() -> None:
    answers = [
        "1) Fælles kurser 2) tid til patienterne",
        "Mere tid til patienterne, fælles kurser",
        "tid",
        "Fælles kursus i klyngen",
    ]
    ranked = rank_free_text(answers)
    terms = _by_display(ranked)
    assert terms["fælles kurser"].phrase and terms["fælles kurser"].count == 3
    assert terms["tid til patienterne"].count == 2
    assert terms["tid"].count == 3  # also said alone, so the word stays
    assert "patienterne" not in terms and "kurser" not in terms
    assert ranked[0].count == max(t.count for t in ranked)


def test_phrases_do_not_cross_separators_and_rare_phrases_are_not_listed() -> None:
    terms = _by_display(rank_free_text(["kolleger, kurser", "kolleger. kurser"]))
    assert "kolleger kurser" not in terms
    terms = _by_display(rank_free_text(["gode kolleger", "søde kolleger"]))
    assert not any(t.phrase for t in terms.values())


def test_top_limits_and_order_is_stable() -> None:
    topics = ["kurser", "vikarer", "pauser", "kolleger", "attester", "kommunen", "sygehuset", "it"]
    answers = [f"fælles, {topics[i % len(topics)]}" for i in range(30)]
    ranked = rank_free_text(answers, top=5)
    assert len(ranked) == 5
    assert ranked[0].display == "fælles" and ranked[0].count == 30
    assert rank_free_text(answers, top=5) == ranked
    assert rank_free_text([]) == [] and rank_free_text(answers, top=0) == []


@given(st.lists(st.text(max_size=60), max_size=15))
def test_counts_never_exceed_answers(answers: list[str]) -> None:
    for term in rank_free_text(answers):
        assert 1 <= term.count == len(term.answers) <= len(answers)
        assert all(0 <= i < len(answers) for i in term.answers)


def test_tally_in_option_order() -> None:
    options = ["Fælles kurser", "Vikarordning", "Dialog med kommunen"]
    votes = ["Vikarordning", "fælles kurser ", "Vikarordning", "noget andet"]
    assert tally(options, votes) == [("Fælles kurser", 1), ("Vikarordning", 2), ("Dialog med kommunen", 0)]
    assert tally(options, []) == [(o, 0) for o in options]
    assert tally([], ["x"]) == []
