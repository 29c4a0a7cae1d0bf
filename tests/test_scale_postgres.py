"""Two app processes on one real PostgreSQL: changes cross between them, a killed process loses nothing.

Starts PostgreSQL from Debian's package as an unprivileged user (tests/pgserver.py) and two `run.py` processes
sharing it (and the cookie secret, as docs/deploy.md asks). Clients are protocol-level NiceGUI clients
(bench/nicegui_client.py), which connect exactly as nicegui.js does.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.nicegui_client import PageClient, join
from tests.pgserver import PostgresServer, missing_reason
from tests.server import Server

pytestmark = [pytest.mark.slow, pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")]


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pair(pg: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server]]:
    root = tmp_path_factory.mktemp("two")
    servers = [Server(root / name, env={"KLYNGE_DATABASE_URL": pg.url,
                                        "NICEGUI_STORAGE_PATH": str(root / f"ng-{name}")}) for name in ("a", "b")]
    servers[0].start(timeout=60)
    servers[1].data_dir.mkdir(parents=True, exist_ok=True)
    (servers[1].data_dir / "storage-secret").write_bytes((servers[0].data_dir / "storage-secret").read_bytes())
    servers[1].start(timeout=60)
    yield servers[0], servers[1]
    for server in servers:
        server.stop()


def new_meeting(server: Server) -> dict[str, str]:
    return json.loads(server.cli("meeting", "new", "trivsel-virtuel", "--cluster", "Skala", "--date", "2026-11-23",
                                 "--start", "17:00", "--json"))


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


async def until(check: Callable[[], object], timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def text_of(client: PageClient, testid: str) -> str | None:
    found = client.find(testid)
    return found[1].get("text") if found else None


def countdown(client: PageClient) -> dict:
    return client.find_tag("nicegui-countdown")[0]["props"]


def texts(client: PageClient, testid: str) -> list[str]:
    """The texts of the elements with this data-testid; "post-text" also finds the posts of a participant's
    board (PostFeed: one element holds the posts)."""
    found = [e.get("text") for e in client.elements.values() if (e.get("props") or {}).get("data-testid") == testid]
    if testid == "post-text":
        found += [post[1] for e in client.elements.values() if e.get("tag") == "nicegui-post_feed"
                  for post in e["props"].get("posts") or []]
    return found


async def scenario(body: Callable[..., Awaitable[None]], *args: object) -> None:
    clients: list[PageClient] = []
    try:
        await body(clients, *args)
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


def test_clock_and_posts_cross_processes_and_survive_a_kill(pair: tuple[Server, Server]) -> None:
    a, b = pair
    links = new_meeting(a)

    async def body(clients: list[PageClient]) -> None:
        facilitator = PageClient(a.url, path(links["facilitator_url"]))
        on_b = PageClient(b.url, f"/m/{links['code']}")
        on_a = PageClient(a.url, f"/m/{links['code']}")
        clients += [facilitator, on_b, on_a]
        await facilitator.open()
        await join(on_b, "Bodil på B")
        await join(on_a, "Anders på A")

        started = time.monotonic()
        await facilitator.click("toggle")
        await until(lambda: countdown(on_b)["status"] == "running")
        await facilitator.click("next")
        title = "Velkomst, dagsorden og dagens møde"
        await until(lambda: text_of(on_b, "step-title") == title)
        assert time.monotonic() - started < 5
        assert countdown(on_b)["deadline"] == countdown(facilitator)["deadline"]

        posted = on_a.find("post-input") is not None  # the board's answer field (skipped before the board existed)
        if posted:
            await on_a.fire("post-input", "update:value", "Fælles journal-skabeloner")
            await on_a.click("post-send")
            await until(lambda: "Fælles journal-skabeloner" in texts(on_b, "post-text"))

        deadline = countdown(on_b)["deadline"]
        b.kill()
        b.start(timeout=60)
        await on_b.reopen()  # the same browser (cookie) comes back to the restarted process
        assert text_of(on_b, "step-title") == title
        assert countdown(on_b)["deadline"] == deadline
        if posted:
            await until(lambda: "Fælles journal-skabeloner" in texts(on_b, "post-text"))
        # the restarted process is back in the relay: a change made on A reaches B again
        await facilitator.click("previous")
        await until(lambda: text_of(on_b, "step-title") == "Check-in")

    asyncio.run(scenario(body))


def test_a_scheduled_announcement_is_made_exactly_once(pg: PostgresServer, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runtimes (as two processes would) fire the same due job at once: one announcement, one log row."""
    from app.config import load_settings
    from app.live import runtime as runtime_module
    from app.live import scheduling
    from app.live.commands import Actor, dispatch

    monkeypatch.setenv("KLYNGE_DATABASE_URL", pg.url)

    async def body() -> None:
        first = await runtime_module.Runtime.open(load_settings(), install=False)
        second = await runtime_module.Runtime.open(load_settings(), install=False)
        try:
            agenda = first.agendas.get("trivsel-virtuel")
            new = await first.create_meeting(agenda, cluster="Én gang", day=datetime.now(UTC).date(),
                                             start=datetime.now(UTC).time().replace(microsecond=0))
            hub = await first.hub(new.meeting.code)
            await dispatch(hub, Actor("facilitator"), "clock.start")
            deadline = hub.clock.deadline.isoformat()
            heard: list[str] = []
            for rt in (first, second):
                (await rt.hub_by_id(hub.id)).subscribe(lambda change: heard.append(change.topic))

            async def fire_in(rt: runtime_module.Runtime) -> None:
                monkeypatch.setattr(runtime_module, "_current", rt)
                await scheduling.fire(hub.id, "time_up", 0, deadline)

            await asyncio.gather(fire_in(first), fire_in(second))
            assert heard.count("alert") == 1
            log = [e for e in await first.meetings.run_log(hub.id) if e["kind"] == "alert_time_up"]
            assert len(log) == 1
            assert log[0]["at"] - datetime.now(UTC) < timedelta(minutes=1)
        finally:
            await first.close()
            await second.close()

    asyncio.run(body())
