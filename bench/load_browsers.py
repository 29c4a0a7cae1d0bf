"""A few real Chromium participant pages (Debian's /usr/bin/chromium through Playwright) in a load run.

They join through the form like a person. Before each facilitator action every page arms a MutationObserver
that notes `Date.now()` when the step title changes; action→page is that time minus the click's send time
(one machine, one clock). The displayed remaining time is read from the countdown's `data-remaining-ms`
(which countdown.js recomputes every 100 ms with the page's own server offset) and brought to one instant.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from playwright.async_api import Browser, Page, Playwright, async_playwright

from bench.load_stats import Results
from tests.server import CHROMIUM_ARGS

if TYPE_CHECKING:
    from bench.load_run import Meeting

ARM = """() => {
  const title = () => document.querySelector('[data-testid=step-title]')?.innerText;
  window.__before = title(); window.__arrived = null;
  if (window.__observer) window.__observer.disconnect();
  window.__observer = new MutationObserver(() => {
    if (window.__arrived === null && title() !== window.__before) window.__arrived = Date.now();
  });
  window.__observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
SHOWN = """() => [Date.now(), Number(document.querySelector('.klynge-countdown')?.dataset.remainingMs)]"""


class Browsers:
    def __init__(self, meeting: Meeting, playwright: Playwright, browser: Browser, pages: list[Page]) -> None:
        self.meeting = meeting
        self.playwright = playwright
        self.browser = browser
        self.pages = pages

    @classmethod
    async def open(cls, meeting: Meeting, count: int) -> Browsers:
        playwright = await async_playwright().start()
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                   args=CHROMIUM_ARGS)
        pages = []
        for i in range(count):
            page = await (await browser.new_context()).new_page()
            await page.goto(f"{meeting.urls[i % len(meeting.urls)]}/m/{meeting.links['code']}")
            field = page.get_by_test_id("name")
            inner = field.locator("input")
            await (inner if await inner.count() else field).fill(f"Browser {i + 1}")
            await page.get_by_test_id("solo").click()
            await page.get_by_test_id("join-submit").click()
            await page.get_by_test_id("step-title").wait_for(timeout=60_000)
            pages.append(page)
        return cls(meeting, playwright, browser, pages)

    async def before_action(self) -> None:
        await asyncio.gather(*(p.evaluate(ARM) for p in self.pages))

    async def after_action(self, sent: float, results: Results, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        for page in self.pages:
            while time.monotonic() < end:
                arrived = await page.evaluate("() => window.__arrived")
                if arrived is not None:
                    results.browser_action_ms.append(arrived - sent * 1000)
                    break
                await asyncio.sleep(0.02)
        shown = await asyncio.gather(*(p.evaluate(SHOWN) for p in self.pages))
        instant = max(at for at, _ in shown)
        at_instant = [remaining - (instant - at) for at, remaining in shown if remaining == remaining]
        if len(at_instant) > 1:
            results.browser_spreads_ms.append(max(at_instant) - min(at_instant))

    async def close(self) -> None:
        await self.browser.close()
        await self.playwright.stop()
