"""Walk through a meeting in headless Chromium and save screenshots of every page (laptop and phone).

    python scripts/screenshots.py [OUT_DIR]      (default docs/screenshots)

Starts its own server on a free port with a temporary data folder; nothing else is touched.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser import join
from tests.server import CHROMIUM_ARGS, Server

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PEOPLE = [("Anne Holm", "Lægehuset Nord"), ("Bo Ærø", "Lægehuset Nord"), ("Carla Sørensen", None),
          ("Dorte Lund", "Klinikken ved Åen"), ("Erik Wahl", "Klinikken ved Åen")]



def shot(page: Page, out: Path, name: str) -> None:
    page.wait_for_timeout(800)
    page.screenshot(path=out / f"{name}.png", full_page=True)
    print("saved", out / f"{name}.png")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = Server(Path(tmp) / "data")
        server.start()
        try:
            links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Klynge Nordvest",
                                          "--date", "2026-11-23", "--start", "17:00", "--json"))
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            home = browser.new_page(viewport=LAPTOP)
            home.goto(server.url + "/")
            shot(home, out, "home-laptop")
            participants = []
            for name, practice in PEOPLE:
                page = browser.new_context(viewport=PHONE).new_page()
                join(page, links["participant_url"], name, practice)
                participants.append(page)
            fac = browser.new_context(viewport=LAPTOP).new_page()
            fac.goto(links["facilitator_url"])
            fac.get_by_test_id("toggle").click()
            fac.get_by_test_id("clock-status").filter(has_text="Kører").wait_for()
            for _ in range(10):  # presenter-clicker keys: to the group work on work pressure
                before = fac.get_by_test_id("step-title").inner_text()
                fac.keyboard.press("ArrowRight")
                fac.get_by_test_id("step-title").filter(has_not_text=before).wait_for()
            for page, text in zip(participants[:3], ["Fælles møde med kommunen om hjemmeplejen",
                                                     "Samarbejde med sygehuset om udskrivelser",
                                                     "Fælles kursus i stresshåndtering for klyngen"], strict=True):
                page.get_by_role("tab", name="Tavle").click()
                page.get_by_test_id("post-input").fill(text)
                page.get_by_test_id("post-send").click()
                page.get_by_text(text).first.wait_for()
            shot(fac, out, "facilitator-laptop")
            shot(participants[0], out, "participant-phone")
            projector = browser.new_context(viewport=LAPTOP).new_page()
            projector.goto(links["participant_url"] + "/projector")
            shot(projector, out, "projector-laptop")
            cohost = browser.new_context(viewport=LAPTOP).new_page()
            cohost.goto(links["cohost_url"])
            shot(cohost, out, "cohost-laptop")
            fac_phone = browser.new_context(viewport=PHONE).new_page()
            fac_phone.goto(links["facilitator_url"])
            shot(fac_phone, out, "facilitator-phone")
            browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
