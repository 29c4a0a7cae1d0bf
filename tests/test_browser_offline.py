"""Real browser on a dropped connection: what is typed stays, the banner says so, and a post sent while offline
arrives exactly once when the connection comes back. A reload never loses typed-but-unsent text."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import join, open_board

pytestmark = pytest.mark.browser

QUESTION = "Er der noget, I kan gøre på klyngeniveau?"


def new_meeting(server) -> dict[str, str]:
    return json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Hotelwifi", "--date",
                                 "2026-11-23", "--start", "17:00", "--json"))




def posts_in_db(server, text: str) -> int:
    with sqlite3.connect(Path(server.data_dir) / "klynge.db") as db:
        return db.execute("SELECT count(*) FROM posts WHERE text = ?", (text,)).fetchone()[0]


def test_a_post_sent_while_offline_arrives_once_and_drafts_survive_a_reload(server, browser) -> None:
    links = new_meeting(server)
    context = browser.new_context()
    anne = context.new_page()
    join(anne, links["participant_url"], "Anne Øster", board=True)
    facilitator = browser.new_context().new_page()
    facilitator.goto(links["facilitator_url"])
    open_board(facilitator)
    banner = anne.locator("#klynge-conn")
    expect(banner).to_be_hidden()

    context.set_offline(True)
    expect(banner).to_be_visible(timeout=5000)
    text = "Sendt fra hotellets wifi – æøå ÆØÅ 🙂"
    anne.get_by_test_id("post-input").fill(text)
    anne.get_by_test_id("post-send").click()
    anne.get_by_test_id("post-send").click()  # impatient: a second tap while nothing seems to happen
    expect(anne.get_by_test_id("post-input")).to_have_value(text)  # nothing is lost while the line is down
    expect(banner).to_be_visible()
    assert posts_in_db(server, text) == 0

    back = time.monotonic()
    context.set_offline(False)
    expect(banner).to_be_hidden(timeout=10_000)
    for page in (anne, facilitator):
        expect(page.get_by_test_id("post-text").filter(has_text=text)).to_have_count(1, timeout=10_000)
    delivered = time.monotonic() - back
    expect(anne.get_by_test_id("post-input")).to_have_value("")
    expect(anne.get_by_test_id("post-error")).to_be_hidden()
    print(f"offline post delivered {delivered:.2f} s after the connection came back")
    assert posts_in_db(server, text) == 1

    anne.reload()  # the page rebuilds from the store: still exactly once
    open_board(anne)
    expect(anne.get_by_test_id("post-text").filter(has_text=text)).to_have_count(1)
    assert posts_in_db(server, text) == 1

    draft = "Halvfærdig tanke om vagtplanen"  # typed, not sent: a reload keeps it
    anne.get_by_test_id("post-input").press_sequentially(draft)
    anne.reload()
    open_board(anne)
    expect(anne.get_by_test_id("post-input")).to_have_value(draft)
