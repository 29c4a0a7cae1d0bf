"""Test data for slides and films: a PowerPoint made with python-pptx, a small agenda with a local video."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pptx import Presentation

from app.domain.agenda import Agenda
from app.domain.agenda_load import load_agenda

TINY_VIDEO = Path(__file__).resolve().parent / "data" / "video" / "tiny.webm"  # 4 s VP8, made with MediaRecorder


def make_deck(slides: list[tuple[str, str, str]]) -> bytes:
    """A .pptx with one 'Title and Content' slide per (title, body, notes); empty notes: no notes slide."""
    prs = Presentation()
    layout = prs.slide_layouts[1]
    for title, body, notes in slides:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    buffer = BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def numbered_deck(count: int) -> bytes:
    slides = [(f"Slide nummer {n}", f"Tekst på slide {n}", f"Noter til slide {n}") for n in range(1, count + 1)]
    return make_deck(slides)


def agenda_text(*, intro_slides: str = "1-2", data_slides: str = "3-4", film_local: str | None = "tiny.webm",
                video_minutes: float = 1) -> str:
    local = f"\n    local: {film_local}" if film_local else ""
    return f"""\
id: deck-test
title: Slides og film
format: physical
total_minutes: 20
blocks:
  - id: intro
    title: Introduktion
    minutes: 10
    slides: 1-4
    steps:
      - id: velkomst
        title: Velkomst
        minutes: 5
        slides: {intro_slides}
        participant_task: Følg med i slides.
      - id: data
        title: Data fra undersøgelsen
        minutes: 5
        slides: {data_slides}
        video: film
        cues:
          - kind: start_video
            video: film
  - id: afslutning
    title: Afslutning
    minutes: 10
    steps:
      - id: tak
        title: Tak for i dag
        minutes: 10
        slides: 5
videos:
  - id: film
    title: En lille testfilm
    url: https://example.org/film
    minutes: {video_minutes:g}{local}
"""


def deck_agenda(**kwargs: object) -> Agenda:
    return load_agenda(agenda_text(**kwargs), "deck-test.yaml")
