"""Pages make no request to any third party: every asset comes from the app's own server."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_pages_request_nothing_from_elsewhere(server, browser) -> None:
    links = json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Privat", "--date", "2026-11-23",
                                  "--start", "17:00", "--json"))
    page = browser.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    for url in (server.url + "/", links["facilitator_url"], links["participant_url"], links["cohost_url"],
                links["participant_url"] + "/projector"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert hosts == {f"127.0.0.1:{server.port}"}, hosts
