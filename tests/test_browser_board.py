"""Real browsers: two participants and the facilitator share the board; a post reaches the others live."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from tests.browser import join, open_board

pytestmark = pytest.mark.browser




def test_a_post_appears_on_the_other_screens_within_a_second(server, browser) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Tavleklyngen", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"))
    anne, bo = browser.new_context().new_page(), browser.new_context().new_page()
    facilitator = browser.new_context().new_page()
    join(anne, links["participant_url"], "Anne Øster", board=True)
    join(bo, links["participant_url"], "Bo Ærø", board=True)
    facilitator.goto(links["facilitator_url"])
    open_board(facilitator)

    text = "Fælles dialogmøde med kommunen om hjemmeplejen"
    anne.get_by_test_id("post-input").fill(text)
    sent = time.monotonic()
    anne.get_by_test_id("post-send").click()
    for page in (bo, facilitator):
        expect(page.get_by_test_id("post-text").filter(has_text=text)).to_be_visible(timeout=3000)
    assert time.monotonic() - sent < 2.0  # one second in the issue; slack for a loaded test machine
    expect(anne.get_by_test_id("post-input")).to_have_value("")

    # Bo's own answer: too long is refused with a message and the text stays; a short one goes through.
    bo.get_by_test_id("post-input").fill("x" * 2001)
    bo.get_by_test_id("post-send").click()
    expect(bo.get_by_text("Svaret er for langt: 2001 tegn").first).to_be_visible()
    expect(bo.get_by_test_id("post-input")).to_have_value("x" * 2001)
    bo.get_by_test_id("post-input").fill("Vikarordning på tværs af klyngen")
    bo.reload()  # the draft survives a reload
    open_board(bo)
    expect(bo.get_by_test_id("post-input")).to_have_value("Vikarordning på tværs af klyngen")
    bo.get_by_test_id("post-send").click()
    for page in (anne, facilitator):
        expect(page.get_by_test_id("post-text").filter(has_text="Vikarordning")).to_be_visible(timeout=3000)

    # Only one's own answers have edit and delete; an edit reaches the others.
    expect(bo.get_by_test_id("post-edit")).to_have_count(1)
    expect(anne.get_by_test_id("post-edit")).to_have_count(1)
    bo.get_by_test_id("post-edit").click()
    bo.get_by_test_id("edit-input").fill("Vikarordning på tværs af klyngen, også i ferier")
    bo.get_by_test_id("edit-save").click()
    for page in (anne, facilitator):
        expect(page.get_by_test_id("post-text").filter(has_text="også i ferier")).to_be_visible(timeout=3000)

    # Break mode: the participants' form locks at once.
    facilitator.get_by_test_id("board-freeze").click()
    for page in (anne, bo):
        expect(page.get_by_test_id("board-frozen-note")).to_be_visible(timeout=3000)
        expect(page.get_by_test_id("post-send")).to_be_disabled()
        expect(page.get_by_test_id("post-edit")).to_be_disabled()
