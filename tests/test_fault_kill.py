"""Fault test: participants stream posts through the real board form, the server dies by SIGKILL mid-stream,
restarts on the same data, and every post a participant saw as saved is in the database exactly once.

A post counts as acknowledged only when it shows in the poster's own list: the list is redrawn from the store
after the post was committed, so nothing the user saw as saved may be missing (or doubled) after the crash.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.browser import join, open_board

pytestmark = [pytest.mark.slow, pytest.mark.browser]

QUESTION = "Er der noget, I kan gøre på klyngeniveau?"
POSTERS = ("Anne Øster", "Bo Ærø", "Cecilie Åby", "Dorthe Ømark")
ROUNDS = 8  # below the limit of ten posts a minute per participant




def exactly(text: str) -> re.Pattern[str]:
    return re.compile(f"^{re.escape(text)}$")


def own_posts(page: Page, prefix: str) -> list[str]:
    """The texts of this poster's posts that the page shows (whatever the state of the server)."""
    try:
        texts = page.get_by_test_id("post-text").all_inner_texts()
    except PlaywrightError:
        return []
    return [t for t in texts if t.startswith(prefix)]


def db_posts(server) -> Counter[str]:
    with sqlite3.connect(Path(server.data_dir) / "klynge.db") as db:
        return Counter(text for (text,) in db.execute("SELECT text FROM posts"))


def stream(pages: dict[str, Page], kill_round: int, kill: threading.Timer) -> int:
    """Post round after round on every page (the clicks of a round are in flight together); the kill timer
    starts right after the clicks of `kill_round`. Returns the number of submits."""
    sent = 0
    for round_no in range(1, ROUNDS + 1):
        for prefix, page in pages.items():
            try:
                page.get_by_test_id("post-input").fill(f"{prefix} svar {round_no}")
                page.get_by_test_id("post-send").click(timeout=2000)
                sent += 1
            except PlaywrightError:
                return sent
        if round_no == kill_round:
            kill.start()
        for prefix, page in pages.items():
            mine = page.get_by_test_id("post-text").filter(has_text=exactly(f"{prefix} svar {round_no}"))
            try:
                expect(mine).to_have_count(1, timeout=3000)
            except (AssertionError, PlaywrightError):
                if kill.is_alive() or kill.finished.is_set():
                    return sent
                raise
    return sent


def test_sigkill_mid_stream_loses_no_acknowledged_post(server, browser) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Strømsvigt", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"))
    pages: dict[str, Page] = {}
    for index, name in enumerate(POSTERS):
        page = browser.new_context().new_page()
        join(page, links["participant_url"], name, board=True)
        pages[f"P{index}"] = page

    kill = threading.Timer(random.uniform(0.0, 0.3), server.kill)  # mid-round: some posts are in flight
    started = time.monotonic()
    try:
        sent = stream(pages, random.randint(2, ROUNDS - 1), kill)
    finally:
        kill.join()
    streamed = time.monotonic() - started
    acknowledged = {prefix: own_posts(page, prefix) for prefix, page in pages.items()}
    acked = [text for texts in acknowledged.values() for text in texts]
    assert acked, "the kill came before any post was acknowledged"

    stored = db_posts(server)  # straight from the file the killed process left behind
    assert all(stored[text] == 1 for text in acked), {t: stored[t] for t in acked if stored[t] != 1}
    assert all(count == 1 for count in stored.values()), stored
    print(f"streamed {streamed:.1f} s: {sent} submitted, {len(acked)} acknowledged, {sum(stored.values())} stored")

    server.start()  # same data, same port
    assert db_posts(server) == stored
    for prefix, old in pages.items():  # a fresh page of the same browser (the old one reloads itself meanwhile)
        page = old.context.new_page()
        old.close()
        page.goto(links["participant_url"])
        open_board(page)
        for text in acknowledged[prefix]:
            expect(page.get_by_test_id("post-text").filter(has_text=exactly(text))).to_have_count(1)
    facilitator = browser.new_context().new_page()
    facilitator.goto(links["facilitator_url"])
    open_board(facilitator)
    expect(facilitator.get_by_test_id("post-text")).to_have_count(sum(stored.values()))
