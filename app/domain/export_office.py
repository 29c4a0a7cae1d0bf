"""Every visible post as CSV and XLSX, and the PPTX summary of the board (python-pptx, written to BytesIO).

CSV is UTF-8 with a byte-order mark and semicolons, so Danish Excel opens it in columns with æøå intact.
A cell that would start a formula (=, +, -, @) gets a leading apostrophe in the CSV and is stored as plain
text in the XLSX: posts are untrusted text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from pptx import Presentation
from pptx.util import Pt

from app.domain.export import (
    ExportData,
    Post,
    QuestionSection,
    author_label,
    clock_time,
    danish_date,
    local,
    question_text,
    sections,
    source_label,
    theme_name,
    visible,
)
from app.domain.survey_pptx import add_survey_slides

COLUMNS = ("Tidspunkt", "Spørgsmål", "Gruppe", "Tema", "Idé", "Stjerne", "Forfatter", "Kilde")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINES_PER_SLIDE = 14
CHARS_PER_LINE = 90


def post_rows(data: ExportData) -> list[list[Any]]:
    """One row per visible post (oldest first): local time, question, group, theme, text, starred, author, source."""
    return [[local(p.created_at).replace(tzinfo=None, microsecond=0), question_text(data.agenda, p.question_id),
             f"Gruppe {p.group_no}" if p.group_no else "", theme_name(p, data.themes), p.text.strip(),
             "ja" if p.starred else "", author_label(p), source_label(p)] for p in visible(data.posts)]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def posts_csv(data: ExportData) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in post_rows(data):
        row[0] = row[0].strftime("%Y-%m-%d %H:%M")
        writer.writerow([_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def posts_xlsx(data: ExportData) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Idéer"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(post_rows(data), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
        sheet.cell(row=number, column=1).number_format = "yyyy-mm-dd hh:mm"
    for letter, width in zip("ABCDEFGH", (17, 40, 10, 24, 60, 8, 22, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the PPTX summary ---------------------------------------------------------------------------------------


def summary_pptx(data: ExportData) -> bytes:
    """Title slide, one slide per question (continued when long) with its themes and ideas, the follow-up,
    and the survey slides when the meeting has a survey report."""
    prs = Presentation()
    _title_slide(prs, data)
    for section in sections(data):
        for page, lines in enumerate(_pages(section)):
            _bullet_slide(prs, section.text + (" (fortsat)" if page else ""), lines)
    next_lines = _next_lines(data)
    if next_lines:
        _bullet_slide(prs, "Det videre forløb", next_lines)
    if data.survey is not None:
        add_survey_slides(prs, data.survey.report, data.survey.comparison, data.survey.earlier)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _title_slide(prs: Any, data: ExportData) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = data.meeting.title
    slide.placeholders[1].text = f"{data.meeting.cluster}\n{danish_date(data.meeting.day)}"


Line = tuple[int, str, bool]  # (level, text, bold)


def _lines(section: QuestionSection) -> Iterator[Line]:
    for group in section.groups:
        if group.name:
            yield 0, group.name, True
        for post in group.posts:
            yield (1 if group.name else 0), _idea(post), False


def _idea(post: Post) -> str:
    text = " ".join(post.text.split())
    return f"{text} ({post.author.strip()})" if (post.author or "").strip() else text


def _pages(section: QuestionSection) -> list[list[Line]]:
    """The section's lines cut into slides of about LINES_PER_SLIDE printed lines each."""
    pages: list[list[Line]] = [[]]
    used = 0
    for line in _lines(section):
        height = max(1, math.ceil(len(line[1]) / CHARS_PER_LINE))
        if pages[-1] and used + height > LINES_PER_SLIDE:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += height
    return pages


def _bullet_slide(prs: Any, title: str, lines: list[Line]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
    frame = slide.placeholders[1].text_frame
    frame.word_wrap = True
    for i, (level, text, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.level = level
        paragraph.font.size = Pt(16 if level else 18)
        paragraph.font.bold = bold


def _next_lines(data: ExportData) -> list[Line]:
    lines: list[Line] = []
    if data.follow_up is not None:
        f = data.follow_up
        where = f", {f.place}" if f.place else ""
        lines.append((0, f"Opfølgning: {danish_date(f.day)} kl. {clock_time(f.start)}{where}", False))
    if data.agenda.home_assignment:
        lines.append((0, "Hjemmeopgave: " + " ".join(data.agenda.home_assignment.split()), False))
    return lines
