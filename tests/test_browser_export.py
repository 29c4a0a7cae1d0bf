"""Real browser: the facilitator opens "Efter mødet", downloads the posts as CSV, sets the follow-up and downloads
the calendar invitation; the files are read back."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from tests.builders_export import BOARD, add_board_sqlite, hidden_texts, visible_texts

pytestmark = pytest.mark.browser


def test_facilitator_downloads_the_posts_and_the_invitation(server, browser) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Klynge Ærø", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"))
    add_board_sqlite(server.data_dir / "klynge.db", links["code"])
    page = browser.new_context(accept_downloads=True).new_page()
    page.goto(links["facilitator_url"])
    page.get_by_role("tab", name="Efter mødet").click()
    expect(page.get_by_test_id("draft-text")).to_have_value(re.compile(re.escape(BOARD[0][0])))

    with page.expect_download() as info:
        page.get_by_test_id("download-csv").click()
    download = info.value
    assert download.suggested_filename == "klynge-aeroe-2026-11-23-opslag.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    texts = [r["Idé"].removeprefix("'") for r in rows]
    assert sorted(texts) == sorted(visible_texts()) and not set(hidden_texts()) & set(texts)
    assert {r["Forfatter"] for r in rows} >= {"Anne Ærø", "anonym"}

    page.get_by_test_id("follow-up-date").fill("2027-04-12")
    page.get_by_test_id("follow-up-time").fill("17:30")
    page.get_by_test_id("follow-up-save").click()
    expect(page.get_by_test_id("download-ics")).to_be_enabled()
    with page.expect_download() as info:
        page.get_by_test_id("download-ics").click()
    event = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")[0]
    assert event.decoded("DTSTART").strftime("%Y-%m-%d %H:%M %Z") == "2027-04-12 17:30 CEST"
    expect(page.get_by_test_id("draft-text")).to_have_value(re.compile("mandag den 12. april 2027"))
