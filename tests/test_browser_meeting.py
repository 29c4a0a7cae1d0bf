"""Real-browser tests: facilitator, participant and projector of one meeting, and a server restart."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser import join

pytestmark = pytest.mark.browser


def remaining_ms(page: Page) -> int:
    return int(page.locator(".klynge-countdown").first.get_attribute("data-remaining-ms"))



def test_facilitator_action_reaches_participant_and_projector(server, browser) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Browserklyngen", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"))
    context = browser.new_context()
    facilitator, participant, projector = context.new_page(), browser.new_context().new_page(), context.new_page()
    facilitator.goto(links["facilitator_url"])
    join(participant, links["participant_url"], "Bodil Ærø")
    projector.goto(links["participant_url"] + "/projector")
    for page in (facilitator, participant, projector):
        expect(page.get_by_test_id("step-title")).to_have_text("Check-in")

    facilitator.get_by_test_id("toggle").click()
    for page in (participant, projector):
        expect(page.locator(".klynge-countdown").first).to_have_attribute("data-status", "running")
    facilitator.get_by_test_id("next").click()
    for page in (facilitator, participant, projector):  # the console redraws its card: wait for it too
        expect(page.get_by_test_id("step-title")).to_have_text("Velkomst, dagsorden og dagens møde")

    # All three show the same remaining time (the bench measures the spread precisely).
    values = [remaining_ms(p) for p in (facilitator, participant, projector)]
    assert max(values) - min(values) < 1000, values
    assert 9 * 60_000 < values[0] <= 10 * 60_000


def test_restarted_server_resumes_the_same_step_and_time(server, browser) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-fysisk", "--cluster", "Genstart", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"))
    page = browser.new_page()
    page.goto(links["facilitator_url"])
    page.get_by_test_id("toggle").click()
    expect(page.get_by_test_id("clock-status")).to_have_text("Kører")
    for _ in range(2):
        before = page.get_by_test_id("step-title").inner_text()
        page.get_by_test_id("next").click()
        expect(page.get_by_test_id("step-title")).not_to_have_text(before)
    title = page.get_by_test_id("step-title").inner_text()
    page.get_by_test_id("toggle").click()
    expect(page.get_by_test_id("clock-status")).to_have_text("Pause")
    paused_at = remaining_ms(page)

    server.kill()
    server.start()
    page.reload()
    expect(page.get_by_test_id("step-title")).to_have_text(title, timeout=20_000)  # a fresh process on a busy CI
    expect(page.get_by_test_id("clock-status")).to_have_text("Pause")
    assert abs(remaining_ms(page) - paused_at) < 50

    page.get_by_test_id("toggle").click()
    expect(page.get_by_test_id("clock-status")).to_have_text("Kører")
    running = remaining_ms(page)
    server.kill()
    server.start()
    page.reload()
    expect(page.get_by_test_id("step-title")).to_have_text(title, timeout=20_000)  # a fresh process on a busy CI
    expect(page.get_by_test_id("clock-status")).to_have_text("Kører")
    after = remaining_ms(page)
    assert 0 < running - after < 30_000, (running, after)
