"""Reading a PowerPoint made in the test, and checking an agenda's slide numbers against it."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from app.domain.agenda_load import load_agenda
from app.domain.deck import MAX_BYTES, Deck, Slide, check_deck, next_slide, read_deck, step_slides
from app.domain.problems import InputError
from tests.builders_deck import agenda_text, deck_agenda, make_deck, numbered_deck


def test_titles_text_and_notes_are_read_back() -> None:
    data = make_deck([
        ("Velkommen til klyngemødet", "Dagsorden\nTrivsel og arbejdsglæde", "Byd velkommen.\nNævn pausen kl. 18."),
        ("Målepunkt 1: WHO-5", "Gennemsnit 62", ""),
    ])
    deck = read_deck(data, "møde.pptx")
    assert deck.filename == "møde.pptx"
    assert deck.count == 2
    first, second = deck.slides
    assert (first.number, first.title) == (1, "Velkommen til klyngemødet")
    assert first.text == "Dagsorden\nTrivsel og arbejdsglæde"
    assert first.notes == "Byd velkommen.\nNævn pausen kl. 18."
    assert (second.number, second.title, second.text, second.notes) == (2, "Målepunkt 1: WHO-5", "Gennemsnit 62", "")
    assert first.label == "1 · Velkommen til klyngemødet"


def test_a_slide_without_title_placeholder_takes_its_first_line() -> None:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = "Pause\n15 minutter"
    buffer = BytesIO()
    prs.save(buffer)
    (only,) = read_deck(buffer.getvalue()).slides
    assert only.title == "Pause"
    assert "15 minutter" in only.text


def test_stored_form_round_trips() -> None:
    deck = read_deck(numbered_deck(3), "d.pptx")
    assert Deck.from_json("d.pptx", deck.to_json()) == deck


@pytest.mark.parametrize(("data", "words"), [
    (b"", "tom"),
    (b"Dette er bare tekst, ikke en PowerPoint", "ikke en PowerPoint-fil"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "gamle PowerPoint-format (.ppt)"),
])
def test_a_non_pptx_file_gets_a_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_deck(data, "programmet.pdf")
    (problem,) = caught.value.problems
    assert problem.source == "programmet.pdf"
    assert words in problem.message


def test_a_word_file_is_named() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError, match="Word-fil"):
        read_deck(buffer.getvalue(), "noter.docx")


def test_a_broken_pptx_package_is_an_input_error() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("ppt/presentation.xml", "not xml at all <<<")
    with pytest.raises(InputError, match="kan ikke læses som PowerPoint"):
        read_deck(buffer.getvalue(), "i-stykker.pptx")


def test_files_over_the_size_limit_are_refused_before_reading() -> None:
    with pytest.raises(InputError, match="for stor"):
        read_deck(b"PK\x03\x04" + b"\0" * MAX_BYTES, "stor.pptx")


def test_a_fitting_agenda_has_no_warnings() -> None:
    assert check_deck(deck_agenda(), read_deck(numbered_deck(5))) == []


def test_a_block_containing_its_steps_is_not_a_clash() -> None:
    agenda = deck_agenda()  # block intro: 1-4, its steps 1-2 and 3-4
    assert agenda.blocks[0].slides.numbers() == range(1, 5)
    assert check_deck(agenda, read_deck(numbered_deck(5))) == []


def test_a_step_past_the_end_is_warned() -> None:
    problems = check_deck(deck_agenda(), read_deck(numbered_deck(4), "kort.pptx"))
    assert [str(p) for p in problems] == [
        "kort.pptx: trin 'tak' (Tak for i dag): slide 5, men præsentationen har kun 4 slides"]


def test_a_block_past_the_end_is_warned() -> None:
    problems = check_deck(deck_agenda(), read_deck(numbered_deck(3), "kort.pptx"))
    fields = [p.field for p in problems]
    assert "blok 'intro' (Introduktion)" in fields
    assert "trin 'data' (Data fra undersøgelsen)" in fields
    assert all("har kun 3 slides" in p.message for p in problems)


def test_two_steps_claiming_the_same_slide_are_warned() -> None:
    agenda = deck_agenda(intro_slides="1-3", data_slides="3-4")
    (problem,) = check_deck(agenda, read_deck(numbered_deck(5), "d.pptx"))
    assert problem.message == ("slide 3 hører til både trin 'velkomst' (Velkomst) og trin 'data' "
                               "(Data fra undersøgelsen)")


def test_a_shared_range_is_named_once() -> None:
    agenda = deck_agenda(intro_slides="1-4", data_slides="2-4")
    (problem,) = check_deck(agenda, read_deck(numbered_deck(5)))
    assert problem.message.startswith("slides 2-4 hører til både trin 'velkomst'")


def test_step_slides_and_the_next_slide_to_show() -> None:
    agenda = deck_agenda()
    deck = read_deck(numbered_deck(5))
    steps = agenda.steps()
    block, step = steps[0]
    assert [s.number for s in step_slides(deck, block, step)] == [1, 2]
    found = next_slide(deck, steps, 0)
    assert found is not None and found[0].number == 3 and found[1].id == "data"
    assert next_slide(deck, steps, 2) is None


def test_a_step_without_slides_shows_its_blocks_when_no_sibling_names_any() -> None:
    text = agenda_text().replace("        slides: 5\n", "")
    tak = "    steps:\n      - id: tak"
    text = text.replace(tak, "    slides: 5\n" + tak)
    agenda = load_agenda(text)
    block, step = agenda.steps()[2]
    assert step.slides is None and str(block.slides) == "5"
    assert step_slides(read_deck(numbered_deck(5)), block, step) == [
        Slide(5, "Slide nummer 5", "Tekst på slide 5", "Noter til slide 5")]
