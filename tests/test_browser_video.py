"""Real browser: the projector plays the local copy of a film when the facilitator starts the cue."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.builders_deck import TINY_VIDEO, agenda_text
from tests.server import Server

pytestmark = pytest.mark.browser


@pytest.fixture
def film_server(tmp_path: Path):
    """A server whose agenda folder holds a small agenda with a `local` film, and whose media/ holds the file."""
    agendas, media = tmp_path / "agendas", tmp_path / "media"
    agendas.mkdir()
    media.mkdir()
    (agendas / "deck-test.yaml").write_text(agenda_text(film_local="film/tiny.webm"), encoding="utf-8")
    (media / "film").mkdir()
    shutil.copy(TINY_VIDEO, media / "film" / "tiny.webm")
    srv = Server(tmp_path / "data", env={"KLYNGE_AGENDA_DIR": str(agendas), "KLYNGE_MEDIA_DIR": str(media)})
    srv.start()
    yield srv
    srv.stop()


def test_projector_plays_the_local_film_when_the_facilitator_starts_it(film_server, browser) -> None:
    links = json.loads(film_server.cli("meeting", "new", "deck-test", "--cluster", "Filmklyngen", "--date",
                                       "2026-11-23", "--start", "17:00", "--json"))
    facilitator, projector = browser.new_page(), browser.new_page()
    projector.goto(links["participant_url"] + "/projector")
    facilitator.goto(links["facilitator_url"])
    facilitator.get_by_test_id("next").click()
    expect(facilitator.get_by_test_id("clock-status")).to_have_text("Kører")
    facilitator.get_by_test_id("next").click()
    expect(facilitator.get_by_test_id("step-title")).to_have_text("Data fra undersøgelsen")

    facilitator.get_by_test_id("video-start").click()
    video = projector.get_by_test_id("projector-video")
    expect(video).to_be_visible()
    assert video.get_attribute("src").endswith("/media/film/tiny.webm")
    projector.wait_for_function(
        "() => { const v = document.querySelector('[data-testid=projector-video]');"
        " return v && !v.paused && v.currentTime > 0; }", timeout=10_000)

    expect(facilitator.get_by_test_id("video-stop")).to_be_visible()
    facilitator.get_by_test_id("video-stop").click()
    expect(video).to_have_count(0)
    expect(facilitator.get_by_test_id("video-start")).to_be_visible()
