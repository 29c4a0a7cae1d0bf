"""Take screenshots of pages in headless Debian Chromium: python scripts/shot.py URL OUT.png [WxH ...]."""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> None:
    url, out, *sizes = sys.argv[1:]
    sizes = sizes or ["1366x900", "390x844"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for size in sizes:
            width, height = (int(v) for v in size.split("x"))
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url)
            page.wait_for_timeout(1500)
            page.screenshot(path=out.replace(".png", f"-{width}.png"), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
