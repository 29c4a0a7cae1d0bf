"""The board's pure rules (app.domain.board): post text, theme names, grouping, missing groups, suggestions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import board as rules
from app.domain.board import BoardRuleError, Post, Theme

AT = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def post(pid: int, text: str = "svar", **kw: object) -> Post:
    return Post(id=pid, question_id=str(kw.pop("question_id", "q")), text=text, created_at=AT, **kw)


def test_post_text_is_trimmed_and_line_breaks_kept() -> None:
    assert rules.clean_post_text("  Fælles kurser\r\n  for personalet  \n\n\n\n ") == "Fælles kurser\n  for personalet"
    assert rules.clean_post_text("a\x00b\x07c") == "abc"


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", None])
def test_empty_post_is_refused(text: str | None) -> None:
    with pytest.raises(BoardRuleError) as err:
        rules.clean_post_text(text)
    assert err.value.key == "board.error.empty"


def test_post_limit_is_2000_characters_after_trimming() -> None:
    assert len(rules.clean_post_text("æ" * 2000)) == 2000
    assert len(rules.clean_post_text("  " + "ø" * 2000 + "  ")) == 2000
    with pytest.raises(BoardRuleError) as err:
        rules.clean_post_text("x" * 2001)
    assert err.value.key == "board.error.too_long" and err.value.params == {"limit": 2000, "length": 2001}


@given(st.text(max_size=2100))
def test_clean_post_text_either_refuses_or_gives_a_valid_post(text: str) -> None:
    try:
        cleaned = rules.clean_post_text(text)
    except BoardRuleError as err:
        assert err.key in ("board.error.empty", "board.error.too_long")
        return
    assert 1 <= len(cleaned) <= rules.POST_MAX
    assert cleaned == cleaned.strip() and "\r" not in cleaned
    assert rules.clean_post_text(cleaned) == cleaned  # cleaning is idempotent


def test_theme_names_are_one_line_up_to_120() -> None:
    assert rules.clean_theme_name("  Samarbejde\n med  kommunen ") == "Samarbejde med kommunen"
    assert len(rules.clean_theme_name("t" * 120)) == 120
    for bad, key in (("", "board.error.theme_empty"), ("t" * 121, "board.error.theme_too_long")):
        with pytest.raises(BoardRuleError) as err:
            rules.clean_theme_name(bad)
        assert err.value.key == key


def test_imported_chat_text_is_clipped_not_refused() -> None:
    assert len(rules.clip_import_text("y" * 5000)) == rules.POST_MAX
    assert rules.clip_import_text("  hej\r\nmed dig ") == "hej\nmed dig"


def test_participants_never_get_hidden_posts_or_other_authors_ids() -> None:
    posts = [post(1, participant_id=7), post(2, participant_id=8, author_name=None), post(3, participant_id=7,
                                                                                          hidden=True)]
    shown = rules.for_participant(posts, 7)
    assert [(p.id, p.mine, p.participant_id) for p in shown] == [(1, True, 7), (2, False, None)]
    assert rules.is_author(posts[0], 7) and not rules.is_author(posts[1], 7) and not rules.is_author(posts[0], None)


def test_public_versions_are_made_once_and_shared_by_every_participant() -> None:
    posts = [post(1, participant_id=7), post(2, participant_id=8), post(3, participant_id=None, author_name=None),
             post(4, participant_id=8, hidden=True)]
    public = rules.public_versions(posts)
    assert [(p.participant_id, p.mine) for p in public] == [(None, False)] * 4
    assert public[2] is posts[2]  # nothing to strip: no copy
    for reader in (7, 8, 9, None):
        assert rules.for_participant(posts, reader, public) == rules.for_participant(posts, reader)
    seven, nine = rules.for_participant(posts, 7, public), rules.for_participant(posts, 9, public)
    assert seven[1] is nine[1] is public[1]  # someone else's post: the shared public version
    assert (seven[0].mine, seven[0].participant_id, nine[0].mine, nine[0].participant_id) == (True, 7, False, None)


def test_missing_groups_ignore_hidden_posts_and_other_questions() -> None:
    posts = [post(1, group_no=1), post(2, group_no=3, hidden=True), post(3, group_no=2, question_id="other")]
    assert rules.missing_groups([1, 2, 3, 4], posts, "q") == [2, 3, 4]
    assert rules.missing_groups([], posts, "q") == []


def test_grouping_by_group_theme_and_question() -> None:
    posts = [post(1, group_no=2, theme_id=10), post(2), post(3, group_no=1, theme_id=99), post(4, group_no=2,
                                                                                            question_id="x")]
    assert {k: [p.id for p in v] for k, v in rules.by_group(posts).items()} == {1: [3], 2: [1, 4], None: [2]}
    assert list(rules.by_group(posts)) == [1, 2, None]
    themes = [Theme(11, "q", "B", position=1), Theme(10, "q", "A", position=0)]
    assert {k: [p.id for p in v] for k, v in rules.by_theme(posts, themes).items()} == {
        10: [1], 11: [], None: [2, 3, 4]}
    assert list(rules.by_theme(posts, themes)) == [10, 11, None]
    assert list(rules.by_question(posts, ["z", "q"])) == ["z", "q", "x"]
    assert rules.ordered(["a", "b", "c"], ["c"]) == ["c", "a", "b"]


def test_starred_leaves_out_hidden() -> None:
    assert [p.id for p in rules.starred([post(1, starred=True), post(2, starred=True, hidden=True), post(3)])] == [1]


def test_suggestions_use_ids_and_extend_an_existing_theme() -> None:
    posts = [
        post(1, "Bedre samarbejde med sygehuset om udskrivelser", theme_id=5),
        post(2, "Dialog med hospitalet om hvem der følger op på prøvesvar"),
        post(3, "Vi holder alle frokostpausen med lukket telefon"),
        post(4, "Huske at holde pauser i løbet af dagen"),
        post(5, "Huske pauser hver dag", hidden=True),
    ]
    found = rules.suggestions(posts, [Theme(5, "q", "Sygehuset")])
    assert any(s.theme_id == 5 and s.post_ids == (2,) and s.label == "Sygehuset" for s in found)
    new = [s for s in found if s.theme_id is None]
    assert any(set(s.post_ids) == {3, 4} for s in new)
    assert all(5 not in s.post_ids for s in found)
