"""Reading saved Zoom chat files (app.domain.chatimport)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.chatimport import ChatMessage, message_key, parse_zoom_chat
from app.domain.problems import InputError

ZOOM = Path(__file__).parent / "data" / "zoom"


def _read(name: str) -> list[ChatMessage]:
    return parse_zoom_chat((ZOOM / name).read_bytes(), source=name)


def _texts(messages: list[ChatMessage]) -> list[str]:
    return [m.text for m in messages]


@pytest.mark.parametrize("name", ["old_oneline.txt", "old_oneline_cp1252.txt"])
def test_older_one_line_format(name: str) -> None:
    messages = _read(name)
    assert [m.sender for m in messages] == [
        "Mette Søndergaard",
        "Jørgen Æbelø",
        "Søren Ørsted",
        "Gruppe 2 - Åse Blæsbjerg",
        "Peter Kjærgaard",
        "Lise Brønnum",
        "Hans Hjortshøj",
    ]
    first, everyone = messages[0], messages[2]
    assert (first.time, first.to, first.line) == ("16:31:02", None, 1)
    assert (everyone.to, everyone.text) == ("Everyone", "Husk at skrive gruppens svar på spørgsmål 3 her i chatten")
    assert (
        messages[4].text == "Bedre samarbejde med sygehuset om udskrivelser\nOg faste kontaktpersoner på afdelingerne"
    )
    assert messages[5].text == "Fælles kurser for personalet: fx telefonvisitation"  # colon inside the text


def test_older_format_skips_private_messages() -> None:
    texts = _texts(_read("old_oneline.txt"))
    assert "Jeg skal gå kl. 18.30" not in texts
    assert "kan du se mit kamera?" not in texts


@pytest.mark.parametrize("name", ["new_multiline.txt", "new_multiline_bom.txt"])
def test_newer_multi_line_format(name: str) -> None:
    messages = _read(name)
    assert all(m.to == "Everyone" for m in messages)
    assert messages[0].sender == "Mette Søndergaard" and messages[0].text.startswith("Husk: gruppens svar")
    group = messages[1]
    assert (group.sender, group.time, group.line) == ("Åse Blæsbjerg", "17:51:40", 3)
    assert group.text == (
        "Gruppe 1:\nFælles dialogmøde med kommunen om hjemmeplejen\nog en fast kontaktperson i hjemmesygeplejen"
    )


def test_newer_format_skips_reactions_and_direct_messages_but_keeps_look_alikes() -> None:
    texts = _texts(_read("new_multiline.txt"))
    assert not any(t.startswith(("add 👍", "remove 👍", "Reacted to", "Removed a")) for t in texts)
    assert "Jeg skal gå kl. 18.30" not in texts
    assert "add more kurser for sekretærerne" in texts  # words, not an emoji: a real message
    assert "Vikarbank i klyngen 🙂" in texts


def test_replies_keep_only_the_reply() -> None:
    texts = _texts(_read("new_multiline.txt"))
    assert "Enig – og samme aftale med plejecentrene" in texts  # quote line, blank line, reply
    assert "Ja! Og epikriser der kommer til tiden" in texts  # quote and reply on one line
    assert not any("Replying to" in t for t in texts)


def test_cloud_recording_format() -> None:
    messages = _read("cloud_recording.txt")
    assert [(m.time, m.sender) for m in messages][:2] == [
        ("00:01:12", "Mette Søndergaard"),
        ("00:52:03", "Åse Blæsbjerg"),
    ]
    assert all(m.to is None for m in messages)
    assert "Vikarordning: vi dækker for hinanden ved sygdom" in _texts(messages)
    assert not any(t.startswith("Reacted to") for t in _texts(messages))


def test_string_input_and_twelve_hour_clock() -> None:
    messages = parse_zoom_chat("\ufeff4:05:09 PM From Bo Ærø to Everyone : Fælles kurser\n")
    assert messages == [ChatMessage("16:05:09", "Bo Ærø", "Fælles kurser", "Everyone", 1)]


def test_not_a_chat_names_the_first_line() -> None:
    with pytest.raises(InputError) as caught:
        _read("not_a_chat.txt")
    problem = caught.value.problems[0]
    assert (problem.source, problem.line) == ("not_a_chat.txt", 1)
    assert "Zoom" in problem.message and "Program for klyngemøde" in problem.message


@pytest.mark.parametrize("data", [b"", "\n\n  \n", b"\xef\xbb\xbf"])
def test_empty_file_is_an_input_error(data: bytes | str) -> None:
    with pytest.raises(InputError):
        parse_zoom_chat(data, source="upload")


def test_only_reactions_give_no_messages() -> None:
    chat = '10:00:00 From  Bo  to  Everyone:\n\tadd 👍\n10:00:05 From  Bo  to  Everyone:\n\tReacted to "Hej" with 👍\n'
    assert parse_zoom_chat(chat) == []


def test_message_key_is_stable_and_distinguishes_messages() -> None:
    messages = _read("new_multiline.txt")
    again = _read("new_multiline_bom.txt")  # same chat, other bytes and line ends
    assert [message_key(m) for m in messages] == [message_key(m) for m in again]
    assert len({message_key(m) for m in messages}) == len(messages)
    assert message_key(messages[0]) == message_key(
        ChatMessage(messages[0].time, messages[0].sender, messages[0].text, None, line=99)
    )


_CHAT_LIKE = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(["10:00:00 From  A  to  Everyone:", "\tadd 👍", '\tReplying to "x', "00:00:01\tB:\t", "\t"]),
        st.builds(lambda t, s: f"{t} From {s} : {s}", st.sampled_from(["1:2:3", "10:00:00", "99:99:99"]), st.text()),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.binary(), _CHAT_LIKE))
def test_arbitrary_input_raises_nothing_but_input_error(data: str | bytes) -> None:
    try:
        messages = parse_zoom_chat(data)
    except InputError as error:
        assert error.problems
        return
    for message in messages:
        assert message.text and message.sender
        assert len(message.time) == 8 and message.line >= 1
