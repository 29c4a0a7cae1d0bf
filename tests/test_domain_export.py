"""The exports parsed back: .eml (email library), CSV, XLSX (openpyxl), PPTX (python-pptx), .ics (icalendar),
the meeting record and the plans. Every visible post exactly once, no hidden post, no name on an anonymous one."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import icalendar
import openpyxl
import pptx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import clock as clk
from app.domain.agenda import Agenda
from app.domain.agenda_load import load_agenda
from app.domain.export import FollowUp, Post, Theme, file_name, sections, slug
from app.domain.export_email import draft_html, email_draft, email_message, eml_bytes
from app.domain.export_office import posts_csv, posts_xlsx, summary_pptx
from app.domain.export_record import follow_up_ics, meeting_record, plan_document, plans_document
from app.domain.survey import parse_survey, screen_report
from tests.builders_export import BOARD, T0, THEMES, export_data, hidden_texts, visible_texts
from tests.builders_survey import EXAMPLE_FILE

AGENDAS = Path(__file__).resolve().parent.parent / "agendas"
NOW = datetime(2026, 11, 23, 19, 5, tzinfo=UTC)
FOLLOW = FollowUp(date(2027, 4, 12), time(17, 30), 90, "Lægehuset Ø, Århus")


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    return load_agenda((AGENDAS / "trivsel-virtuel.yaml").read_text(encoding="utf-8"), "trivsel-virtuel.yaml")


def count(haystack: str, needle: str) -> int:
    return haystack.count(needle)


def assert_each_visible_once(text: str) -> None:
    for post in visible_texts():
        assert count(text, post) == 1, post
    for post in hidden_texts():
        assert post not in text


# --- the draft ------------------------------------------------------------------------------------------------


def test_draft_groups_ideas_by_theme_then_the_ungrouped(agenda: Agenda) -> None:
    text = email_draft(export_data(agenda, FOLLOW))
    assert_each_visible_once(text)
    question = "## Er der noget, I kan gøre på klyngeniveau?"
    order = [question, f"### {THEMES[0]}", BOARD[0][0], BOARD[1][0], f"### {THEMES[1]}", BOARD[2][0],
             "### Øvrige idéer", BOARD[4][0], BOARD[5][0]]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert f"- {BOARD[0][0]} (Anne Ærø)" in text
    assert f"- {BOARD[1][0]}\n" in text  # anonymous: no name, no brackets


def test_draft_has_videos_home_assignment_follow_up_and_resources(agenda: Agenda) -> None:
    text = email_draft(export_data(agenda, FOLLOW))
    for video in agenda.videos:
        assert video.url in text
    assert "## Hjemmeopgave" in text and "målepunkt 6" in text
    assert "mandag den 12. april 2027 kl. 17.30–19.00, Lægehuset Ø, Århus" in text
    assert "klynger@kiap.dk" in text and "Region Syddanmark" in text
    assert text.startswith("Kære alle i Klynge Ærø-Øst")


def test_draft_without_follow_up_says_so(agenda: Agenda) -> None:
    assert "endnu ikke fastsat" in email_draft(export_data(agenda))


def test_html_escapes_posts_and_links_addresses() -> None:
    page = draft_html("## <b>Spørgsmål</b>\n- Se https://x.dk/a?b=1&c=2. <script>alert(1)</script>\n  linje to",
                      "Emne & mere")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<h2>&lt;b&gt;Spørgsmål&lt;/b&gt;</h2>" in page
    assert '<a href="https://x.dk/a?b=1&amp;c=2">https://x.dk/a?b=1&amp;c=2</a>.' in page
    assert "<br>linje to</li>" in page
    assert "<title>Emne &amp; mere</title>" in page


# --- .eml -------------------------------------------------------------------------------------------------------


def test_eml_has_plain_and_html_parts_with_danish_letters_and_the_invitation(agenda: Agenda) -> None:
    data = export_data(agenda, FOLLOW)
    text = email_draft(data)
    msg = email_message(data.meeting, text, sender="Klyngen <klynge@example.dk>",
                        recipients=[("Åse Ærø", "aase@example.dk"), ("Uden", "ikke-en-adresse")], now=NOW,
                        ics=follow_up_ics(data, NOW), unsent=True)
    raw = eml_bytes(msg)
    assert b"\r\n" in raw and max(len(line) for line in raw.split(b"\r\n")) <= 998
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Opsamling fra klyngemødet 23. november 2026: Trivsel og arbejdsglæde"
    assert parsed["To"].addresses[0].display_name == "Åse Ærø" and len(parsed["To"].addresses) == 1
    assert parsed["X-Unsent"] == "1"
    plain = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = parsed.get_body(("html",)).get_content()
    assert parsed.get_body(("plain",)).get_content_charset() == "utf-8"
    for part in (plain, html):
        assert "Kære alle i Klynge Ærø-Øst" in part and "Søren Østergård" in part
    assert_each_visible_once(plain)
    assert "## " not in plain
    assert "Hjemmeopgave\n------------" in plain
    assert "=HYPERLINK(&quot;<a href=\"http://evil.example\">http://evil.example</a>&quot;)" in html
    attachments = list(parsed.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["opfoelgning.ics"]
    assert icalendar.Calendar.from_ical(attachments[0].get_content()).walk("VEVENT")


# --- CSV and XLSX -------------------------------------------------------------------------------------------------


def test_csv_has_bom_semicolons_and_every_visible_post_once(agenda: Agenda) -> None:
    raw = posts_csv(export_data(agenda))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == ["Tidspunkt", "Spørgsmål", "Gruppe", "Tema", "Idé", "Stjerne", "Forfatter", "Kilde"]
    texts = [r["Idé"].removeprefix("'") if r["Idé"].startswith("'=") else r["Idé"] for r in rows]
    assert sorted(texts) == sorted(visible_texts())
    by_text = {r["Idé"]: r for r in rows}
    first = by_text[BOARD[0][0]]
    assert first == {"Tidspunkt": "2026-11-23 18:30", "Spørgsmål": "Er der noget, I kan gøre på klyngeniveau?",
                     "Gruppe": "Gruppe 1", "Tema": THEMES[0], "Idé": BOARD[0][0], "Stjerne": "ja",
                     "Forfatter": "Anne Ærø", "Kilde": "tavle"}
    assert by_text[BOARD[1][0]]["Forfatter"] == "anonym"
    assert by_text[BOARD[4][0]]["Tema"] == ""
    assert by_text["'" + BOARD[5][0]]["Forfatter"] == "Kim Ø"  # a would-be formula is made plain text


def test_xlsx_holds_the_same_rows_as_text_never_formulas(agenda: Agenda) -> None:
    book = openpyxl.load_workbook(io.BytesIO(posts_xlsx(export_data(agenda))))
    sheet = book["Idéer"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "Idé"
    assert sorted(r[4] for r in rows[1:]) == sorted(visible_texts())
    assert rows[1][0] == datetime(2026, 11, 23, 18, 30)
    assert {r[6] for r in rows[1:]} == {"Anne Ærø", "anonym", "Søren Østergård", "Kim Ø"}
    formula_cell = next(c for c in sheet["E"] if str(c.value).startswith("="))
    assert formula_cell.data_type == "s"


# --- PPTX -------------------------------------------------------------------------------------------------------


def _slide_texts(data: bytes) -> list[str]:
    prs = pptx.Presentation(io.BytesIO(data))
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in prs.slides]


def test_pptx_title_slide_and_one_slide_per_question_with_themes(agenda: Agenda) -> None:
    slides = _slide_texts(summary_pptx(export_data(agenda, FOLLOW)))
    assert "Trivsel og arbejdsglæde" in slides[0] and "Klynge Ærø-Øst" in slides[0]
    assert slides[1].startswith("Er der noget, I kan gøre på klyngeniveau?")
    everything = "\n".join(slides)
    assert_each_visible_once(everything)
    assert THEMES[0] in slides[1] and "Øvrige idéer" in slides[1]
    assert "Anne Ærø" in slides[1]
    assert "Opfølgning: mandag den 12. april 2027 kl. 17.30" in slides[-1]


def test_pptx_continues_a_long_question_on_more_slides(agenda: Agenda) -> None:
    many = [Post(100 + i, "klyngeniveau", f"Idé nummer {i:02d} " + "ord " * 20, T0 + timedelta(seconds=i))
            for i in range(40)]
    slides = _slide_texts(summary_pptx(export_data(agenda, posts=many, themes=[])))
    assert any("(fortsat)" in s for s in slides)
    for i in range(40):
        assert sum(s.count(f"Idé nummer {i:02d} ") for s in slides) == 1


def test_pptx_adds_the_survey_slides_when_there_is_a_report(agenda: Agenda) -> None:
    from app.domain.export import SurveyData

    report = screen_report(parse_survey(EXAMPLE_FILE.read_bytes(), EXAMPLE_FILE.name), 19)
    data = summary_pptx(export_data(agenda, survey=SurveyData(report)))
    prs = pptx.Presentation(io.BytesIO(data))
    assert any(shape.has_chart for slide in prs.slides for shape in slide.shapes)
    assert any("Målepunkt 1" in t for t in _slide_texts(data))


# --- .ics --------------------------------------------------------------------------------------------------------


def test_ics_is_in_copenhagen_time_with_a_vtimezone(agenda: Agenda) -> None:
    raw = follow_up_ics(export_data(agenda, FOLLOW), NOW)
    assert b"DTSTART;TZID=Europe/Copenhagen:20270412T173000" in raw
    cal = icalendar.Calendar.from_ical(raw)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    event = cal.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset()) == (17, 30, timedelta(hours=2))  # summer time
    assert event.decoded("DURATION") == timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Lægehuset Ø, Århus"
    assert "Trivsel og arbejdsglæde" in str(event["SUMMARY"])
    assert event.decoded("DTSTAMP") == NOW


def test_ics_in_winter_is_utc_plus_one(agenda: Agenda) -> None:
    raw = follow_up_ics(export_data(agenda, FollowUp(date(2027, 1, 18), time(16, 0), 120)), NOW)
    start = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0].decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=1) and start.hour == 16


def test_ics_needs_a_follow_up(agenda: Agenda) -> None:
    with pytest.raises(ValueError):
        follow_up_ics(export_data(agenda), NOW)


# --- record and plans ---------------------------------------------------------------------------------------------


def test_record_shows_planned_against_actual_and_who_was_there(agenda: Agenda) -> None:
    plan = [s.seconds for _, s in agenda.steps(include_optional=False)]
    start = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # 16.30 local: the check-in
    state, events = clk.new_clock(plan), []
    for op, at in ((clk.start, 0), (clk.next_step, 35 * 60), (clk.end, 47 * 60)):
        result = op(state, start + timedelta(seconds=at))
        state, events = result.state, events + list(result.events)
    text = meeting_record(export_data(agenda, clock=state, run_log=events), start + timedelta(hours=1))
    assert "Mødeforløb: Trivsel og arbejdsglæde" in text
    assert "| 16.30 | Check-in | 30 | 16.30 | 35 | +5 |" in text
    assert "| 17.00 | Velkomst, dagsorden og dagens møde | 10 | 17.05 | 12 | +2 |" in text
    assert "| 17.10 | Trivsel og arbejdsglæde i klyngen | 8 |  | sprunget over |  |" in text
    assert "Deltagere (2)" in text and "- Anne Ærø (Lægehuset Ø)" in text
    assert "- Søren Østergård (solopraktiserende)" in text


def test_plan_document_uses_the_agendas_fields(agenda: Agenda) -> None:
    data = export_data(agenda)
    text = plan_document(data.meeting, data.plans[0])
    assert text.startswith("Implementeringsplan: Lægehuset Ø\n")
    assert "Hvad vil vi gøre?\n-----------------\nFrokostmøde om trivsel" in text
    assert "Hvornår?\n--------\n(ikke udfyldt)" in text
    assert "Sidst ændret af Anne Ærø 23. november 2026 kl. 18.30." in text
    assert "Lægehuset Ø" in plans_document(data)


# --- grouping properties ------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["klyngeniveau", "andet", "postits"]), st.sampled_from([None, 1, 2, 3, 9]),
                          st.booleans(), st.sampled_from([None, "Grøn", "Rød"])), max_size=25))
def test_every_visible_post_is_in_exactly_one_group(agenda: Agenda, spec: list) -> None:
    themes = [Theme(1, "klyngeniveau", "A", 1), Theme(2, "klyngeniveau", "B", 0), Theme(3, "andet", "C")]
    posts = [Post(i, q, f"tekst {i}", T0 + timedelta(seconds=i), theme_id=theme, hidden=hidden, heading=heading)
             for i, (q, theme, hidden, heading) in enumerate(spec)]
    grouped = [p.id for s in sections(export_data(agenda, posts=posts, themes=themes)) for p in s.posts()]
    assert sorted(grouped) == sorted(p.id for p in posts if not p.hidden)


def test_file_names_are_plain_ascii(agenda: Agenda) -> None:
    data = export_data(agenda)
    assert file_name(data.meeting, "opslag", "csv") == "klynge-aeroe-oest-2026-11-23-opslag.csv"
    assert re.fullmatch(r"[a-z0-9-]+", slug("Lægehuset Å/Ø ÆØÅ!"))
