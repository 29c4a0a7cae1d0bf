"""Shared fixtures: every test gets its own data folder (a real SQLite file) and a quiet demo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run real-browser tests last: Playwright's sync API keeps a loop of its own that async tests trip over."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a fresh data folder; the demo meeting is off unless a test turns it on."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KLYNGE_DATA_DIR", str(folder))
    monkeypatch.setenv("KLYNGE_DEMO", "0")
    monkeypatch.delenv("KLYNGE_DATABASE_URL", raising=False)
    monkeypatch.setenv("KLYNGE_PUBLIC_URL", "http://localhost:8080")
    return folder


@pytest.fixture
async def rt(data_dir: Path) -> AsyncIterator:
    """An open runtime on the test's SQLite file, without the web server."""
    from app.config import load_settings
    from app.live.runtime import Runtime

    runtime = await Runtime.open(load_settings())
    try:
        yield runtime
    finally:
        await runtime.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from tests.server import CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path):
    """A real server process on its own SQLite file and port."""
    from tests.server import Server

    srv = Server(tmp_path / "server-data")
    srv.start()
    yield srv
    srv.stop()
