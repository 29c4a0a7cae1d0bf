"""The meeting's PowerPoint: its slides (number, title, text, speaker notes) and how the agenda points into it.

`read_deck` reads a .pptx from bytes with python-pptx (no file I/O here); `check_deck` warns when a step's
or block's slide range points past the deck's end, or when two steps claim the same slide. A block contains
its steps' ranges, so a step inside its block's range is not a clash.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from io import BytesIO
from typing import Any

from pptx import Presentation
from pptx.shapes.group import GroupShape

from app.domain.agenda import Agenda, Block, SlideRange, Step
from app.domain.problems import InputError, Problem

MAX_BYTES = 50 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .ppt (and .doc, .xls) format
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Slide:
    number: int
    title: str
    text: str = ""
    notes: str = ""

    @property
    def label(self) -> str:
        """'12 · Title' (or just the number when the slide has no title)."""
        return f"{self.number} · {self.title}" if self.title else str(self.number)


@dataclass(frozen=True)
class Deck:
    filename: str
    slides: tuple[Slide, ...]

    @property
    def count(self) -> int:
        return len(self.slides)

    def slide(self, number: int) -> Slide | None:
        return self.slides[number - 1] if 1 <= number <= len(self.slides) else None

    def in_range(self, slides: SlideRange | None) -> list[Slide]:
        """The slides of a range that exist in this deck (a range past the end is cut at the end)."""
        if slides is None:
            return []
        return [s for n in slides.numbers() if (s := self.slide(n)) is not None]

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(s) for s in self.slides]

    @classmethod
    def from_json(cls, filename: str, raw: Iterable[dict[str, Any]]) -> Deck:
        return cls(filename, tuple(Slide(int(s["number"]), s.get("title", ""), s.get("text", ""),
                                         s.get("notes", "")) for s in raw))


# --- reading -------------------------------------------------------------------------------------------------


def read_deck(data: bytes, filename: str = "deck.pptx") -> Deck:
    """Read every slide's number, title, text and speaker notes; `InputError` for anything not a usable .pptx."""
    _check_bytes(data, filename)
    try:
        prs = Presentation(BytesIO(data))
        slides = tuple(_read_slide(n, slide) for n, slide in enumerate(prs.slides, 1))
    except InputError:
        raise
    except Exception as err:  # python-pptx raises KeyError, ValueError, BadZipFile... for a broken package
        raise _bad(filename, f"filen kan ikke læses som PowerPoint (.pptx): {type(err).__name__}") from None
    return Deck(filename, slides)


def _check_bytes(data: bytes, filename: str) -> None:
    if len(data) > MAX_BYTES:
        size = len(data) / 1024 / 1024
        raise _bad(filename, f"filen er for stor ({size:.0f} MB); højst {MAX_BYTES // 1024 // 1024} MB")
    if not data:
        raise _bad(filename, "filen er tom")
    if data.startswith(_OLE_MAGIC):
        raise _bad(filename, "det gamle PowerPoint-format (.ppt) kan ikke læses; gem filen som .pptx")
    if not data.startswith(_ZIP_MAGIC) or not zipfile.is_zipfile(BytesIO(data)):
        raise _bad(filename, "ikke en PowerPoint-fil (.pptx)")
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):  # a damaged zip
        raise _bad(filename, "filen er beskadiget og kan ikke læses som PowerPoint (.pptx)") from None
    if "ppt/presentation.xml" not in names:
        kind = "en Word-fil" if "word/document.xml" in names else "en Excel-fil" if "xl/workbook.xml" in names else ""
        raise _bad(filename, f"ikke en PowerPoint-fil (.pptx){': det er ' + kind if kind else ''}")


def _bad(filename: str, message: str) -> InputError:
    return InputError([Problem(message, source=filename)])


def _read_slide(number: int, slide: Any) -> Slide:
    texts = [t for shape in slide.shapes for t in _shape_texts(shape)]
    title_shape = slide.shapes.title
    title = _clean(title_shape.text_frame.text) if title_shape is not None and title_shape.has_text_frame else ""
    if title:
        texts = [t for t in texts if t != title]
    elif texts:
        title = texts[0].split("\n", 1)[0]
    return Slide(number, _one_line(title), "\n".join(texts), _notes(slide))


def _shape_texts(shape: Any) -> Iterator[str]:
    """Text of a shape: its text frame, the cells of a table, the shapes inside a group."""
    if isinstance(shape, GroupShape):
        for inner in shape.shapes:
            yield from _shape_texts(inner)
        return
    if getattr(shape, "has_text_frame", False):
        text = _clean(shape.text_frame.text)
        if text:
            yield text
    if getattr(shape, "has_table", False):
        for row in shape.table.rows:
            cells = [_clean(cell.text) for cell in row.cells]
            if any(cells):
                yield " | ".join(cells)


def _notes(slide: Any) -> str:
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    return _clean(frame.text) if frame is not None else ""


def _clean(text: str) -> str:
    lines = (" ".join(line.replace("\x0b", " ").split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


# --- the agenda against the deck ---------------------------------------------------------------------------


def check_deck(agenda: Agenda, deck: Deck) -> list[Problem]:
    """Warnings: a block's or step's slides past the deck's end; two steps claiming the same slide."""
    problems: list[Problem] = []
    for block in agenda.blocks:
        problems += _past_end(deck, f"blok '{block.id}' ({block.title})", block.slides)
        for step in block.steps:
            problems += _past_end(deck, f"trin '{step.id}' ({step.title})", step.slides)
    problems += _clashes(deck.filename, [s for _, s in agenda.steps()])
    return problems


def _past_end(deck: Deck, where: str, slides: SlideRange | None) -> list[Problem]:
    if slides is None or slides.last <= deck.count:
        return []
    what = f"slide {slides}" if slides.first == slides.last else f"slides {slides}"
    message = f"{what}, men præsentationen har kun {deck.count} slides"
    return [Problem(message, source=deck.filename, field=where)]


def _clashes(source: str, steps: Sequence[Step]) -> list[Problem]:
    owner: dict[int, Step] = {}
    shared: dict[tuple[str, str], list[int]] = {}
    pairs: dict[tuple[str, str], tuple[Step, Step]] = {}
    for step in steps:
        for number in step.slides.numbers() if step.slides else ():
            first = owner.setdefault(number, step)
            if first is not step:
                key = (first.id, step.id)
                shared.setdefault(key, []).append(number)
                pairs[key] = (first, step)
    return [
        Problem(f"{_numbers(numbers)} hører til både trin '{pairs[key][0].id}' ({pairs[key][0].title}) "
                f"og trin '{pairs[key][1].id}' ({pairs[key][1].title})", source=source)
        for key, numbers in shared.items()
    ]


def _numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"slide {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"slides {numbers[0]}-{numbers[-1]}"
    return "slides " + ", ".join(str(n) for n in numbers)


# --- what the console shows --------------------------------------------------------------------------------


def slides_of(block: Block, step: Step) -> SlideRange | None:
    """A step's slides: its own range; else its block's, when no step of the block names its own."""
    if step.slides is not None:
        return step.slides
    return block.slides if not any(s.slides for s in block.steps) else None


def step_slides(deck: Deck, block: Block, step: Step) -> list[Slide]:
    """The deck's slides for a step (see `slides_of`)."""
    return deck.in_range(slides_of(block, step))


def next_slide(deck: Deck, steps: Sequence[tuple[Block, Step]], index: int) -> tuple[Slide, Step] | None:
    """The first slide to show after step `index`: the first slide of the next step that has slides."""
    for block, step in steps[index + 1:]:
        slides = step_slides(deck, block, step)
        if slides:
            return slides[0], step
    return None
