"""Real browsers: the co-host imports a roster, makes the groups and opens the rooms; a participant who joined in
another browser sees their room, the members and a message sent to all groups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROSTER = """navn;praksis;email
Anne Øster;Lægehuset Nord;anne@nord.dk
Bo Ærø;Lægehuset Nord;bo@nord.dk
Dorte Lund;Klinik Syd;dorte@syd.dk
Erik Holm;Klinik Syd;erik@syd.dk
Gitte Hansen;Lægerne i Byen;gitte@byen.dk
Karen Vinther;;karen@solo.dk
Lars Dahl;;
"""


def join(page: Page, url: str, name: str, practice: str) -> None:
    page.goto(url)
    field = page.get_by_test_id("name")
    (field.locator("input") if field.locator("input").count() else field).fill(name)
    page.get_by_label("Din praksis").fill(practice)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # on to the next field, as a person does: the list of practices closes
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_text(f"Du deltager som {name}")).to_be_visible()


def test_cohost_opens_rooms_and_participant_sees_their_group(server, browser, tmp_path: Path) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Gruppeklyngen", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"))
    roster = tmp_path / "deltagere.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    cohost = browser.new_context().new_page()
    cohost.goto(links["cohost_url"])
    expect(cohost.get_by_test_id("round-1")).to_be_visible()
    cohost.get_by_text("Deltagerliste (0)").click()
    cohost.locator("input[type=file]").set_input_files(str(roster))
    expect(cohost.get_by_text("Deltagerliste (7)")).to_be_visible()

    participant = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    join(participant, links["participant_url"], "Anne Øster", "Lægehuset Nord")  # matched to the imported row
    expect(participant.get_by_test_id("mygroup-none")).to_be_visible()
    expect(cohost.get_by_text("Deltagerliste (7)")).to_be_visible()

    cohost.get_by_test_id("generate-1").click()
    expect(cohost.get_by_test_id("group-1-1")).to_be_visible()
    cohost.get_by_test_id("open-1").click()
    expect(cohost.get_by_test_id("status-1")).to_have_text("Rummene er åbne")

    room = participant.get_by_test_id("mygroup-room")
    expect(room).to_contain_text("Vælg rum: Gruppe ")
    number = room.inner_text().rsplit(" ", 1)[-1]
    group_card = cohost.get_by_test_id(f"group-1-{number}")
    expect(group_card).to_contain_text("Anne Øster")
    members = participant.get_by_test_id("mygroup-members")
    expect(members).to_contain_text("Anne Øster")
    for name in ("Bo Ærø", "Dorte Lund", "Erik Holm", "Gitte Hansen", "Karen Vinther", "Lars Dahl"):
        if group_card.get_by_text(name).count():
            expect(members).to_contain_text(name)
        else:
            expect(members).not_to_contain_text(name)
    expect(members).not_to_contain_text("Bo Ærø")  # a colleague from her own practice sits elsewhere

    cohost.get_by_test_id("broadcast-text").fill("Husk at skrive <b>jeres</b> svar på tavlen")
    cohost.get_by_test_id("broadcast-send").click()
    expect(participant.get_by_text("Husk at skrive <b>jeres</b> svar på tavlen")).to_be_visible()
