"""Real browsers: hostile text in posts, names, practice names and a theme name is shown literally and runs no
script on any page (participant, facilitator, co-host, projector); emoji, Danish and right-to-left text
round-trip exactly."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

pytestmark = pytest.mark.browser

QUESTION = "Er der noget, I kan gøre på klyngeniveau?"
MARK = 'window.__xss=1'
PAYLOADS = [
    "<script>alert(1)</script>",
    f'<img src=x onerror="{MARK}">',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[link](javascript:alert(1))",
    f"[klik her](javascript:{MARK})",
    f'<svg/onload="{MARK}">',
    "<svg/onload=alert(1)>",
    f'"><iframe src="javascript:parent.{MARK}">',
    "**fed** _kursiv_ <b>fed</b> <a href=\"javascript:alert(1)\">link</a>\n# Overskrift",
    "{{ constructor.constructor('alert(1)')() }}",
]
TEXTS = [
    "Æblegrød på Ærø – søde ål og blåbær ÆØÅ æøå",
    "👩‍⚕️🩺 Trivsel ❤️ 🇩🇰 👍🏽",
    "مرحبا بالأطباء في العيادة",
    "שלום לכל הרופאים בקליניקה",
]
NAME = f'<img src=x onerror="{MARK}">Åse'
PRACTICE = f"<script>{MARK}</script>Lægehuset"
THEME = f'<svg/onload="{MARK}">Tema <b>fed</b>'


def watch(page: Page, dialogs: list[str]) -> Page:
    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return page


def open_board(page: Page) -> None:
    page.get_by_role("tab", name="Tavle").click()
    expect(page.get_by_text(QUESTION).first).to_be_visible()


def shows_literally(page: Page, texts: list[str]) -> None:
    """Every text is an element's whole text, character for character (no markup was made of it)."""
    for text in texts:
        expect(page.get_by_test_id("post-text").filter(has_text=re.compile(f"^{re.escape(text)}$"))).to_have_count(
            1, timeout=5000)
    shown = page.get_by_test_id("post-text").all_text_contents()
    assert all(text in shown for text in texts)


def join(page: Page, url: str, name: str, practice: str | None = None) -> None:
    page.goto(url)
    page.get_by_test_id("name").fill(name)
    if practice:
        page.get_by_label("Din praksis").fill(practice)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # on to the next field, as a person does: the list of practices closes
    else:
        page.get_by_test_id("solo").click()
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_text(f"Du deltager som {name}")).to_be_visible()
    open_board(page)


def send(page: Page, texts: list[str]) -> None:
    for text in texts:
        page.get_by_test_id("post-input").fill(text)
        page.get_by_test_id("post-send").click()
        expect(page.get_by_test_id("post-input")).to_have_value("")


def right_to_left_picks_its_direction(page: Page) -> None:
    for text in TEXTS[2:]:
        expect(page.get_by_test_id("post-text").filter(has_text=text)).to_have_attribute("dir", "auto", timeout=2000)


def harmless(page: Page, dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("parent.__xss") is None
    assert page.locator("[data-testid=post-text] *:not(br)").count() == 0  # no element made from post text
    assert page.locator("a[href^='javascript:' i], iframe, img[src='x'], svg[onload]").count() == 0


def test_hostile_text_is_shown_as_text_everywhere(server, browser) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "<b>Klynge</b>", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"))
    dialogs: list[str] = []
    participant = watch(browser.new_context().new_page(), dialogs)
    join(participant, links["participant_url"], NAME, PRACTICE)
    colleague = watch(browser.new_context().new_page(), dialogs)
    join(colleague, links["participant_url"], "Søren Ølgaard")
    posts = PAYLOADS + TEXTS  # two posters: ten posts a minute is each participant's limit
    send(participant, posts[:8])
    send(colleague, posts[8:])
    shows_literally(participant, posts)
    expect(participant.get_by_text(NAME).first).to_be_visible()  # the author line of the own posts

    facilitator = watch(browser.new_context().new_page(), dialogs)
    facilitator.goto(links["facilitator_url"])
    open_board(facilitator)
    shows_literally(facilitator, posts)
    for star in facilitator.locator("[data-testid^='star-']").all():
        star.click()
        expect(star.locator("i")).to_have_text("star")
    facilitator.get_by_label("Nyt tema").fill(THEME)
    facilitator.get_by_role("button", name="Opret tema").click()
    expect(facilitator.get_by_text(THEME, exact=True)).to_be_visible()

    projector = watch(browser.new_context().new_page(), dialogs)
    projector.goto(links["participant_url"] + "/projector")
    facilitator.get_by_label("Projektoren viser").click()
    facilitator.get_by_role("option", name="Tavlen – stjernemarkerede svar").click()
    shows_literally(projector, posts)
    right_to_left_picks_its_direction(projector)
    open_board(facilitator)
    facilitator.get_by_role("button", name="Vis på projektor").click()
    expect(projector.get_by_text(THEME, exact=True)).to_be_visible()

    cohost = watch(browser.new_context().new_page(), dialogs)
    cohost.goto(links["cohost_url"])
    expect(cohost.get_by_text(NAME).first).to_be_attached()
    expect(cohost.get_by_text(PRACTICE).first).to_be_attached()
    open_board(cohost)
    shows_literally(cohost, posts)
    expect(cohost.get_by_text(THEME, exact=True)).to_be_visible()

    for page in (participant, facilitator, cohost):
        right_to_left_picks_its_direction(page)
    for page in (participant, facilitator, projector, cohost):
        harmless(page, dialogs)
    with sqlite3.connect(Path(server.data_dir) / "klynge.db") as db:
        stored = {text for (text,) in db.execute("SELECT text FROM posts")}
        people = set(db.execute("SELECT name, practice FROM participants"))
    assert stored == set(PAYLOADS + TEXTS)
    assert (NAME, PRACTICE) in people
