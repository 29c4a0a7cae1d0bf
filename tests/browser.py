"""Steps that real-browser tests share: joining a meeting as a participant, opening the board tab."""

from __future__ import annotations

from playwright.sync_api import Page, expect

BOARD_QUESTION = "Er der noget, I kan gøre på klyngeniveau?"


def join(page: Page, url: str, name: str, practice: str | None = None, board: bool = False) -> None:
    """Join through the real form (as a solo doctor unless a practice is given); optionally open the board."""
    page.goto(url)
    page.get_by_test_id("name").fill(name)
    if practice is None:
        page.get_by_test_id("solo").click()
    else:
        page.get_by_label("Din praksis").fill(practice)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # on to the next field, as a person does: the list of practices closes
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_text(f"Du deltager som {name}")).to_be_visible()
    if board:
        open_board(page)


def open_board(page: Page) -> None:
    page.get_by_role("tab", name="Tavle").click()
    expect(page.get_by_text(BOARD_QUESTION).first).to_be_visible()
