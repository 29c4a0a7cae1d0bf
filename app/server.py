"""Wire the NiceGUI app: pages, the runtime's start and stop, the scheduler, the demo meeting."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime

from nicegui import app, ui

from app import gctune, health
from app.config import Settings, load_settings
from app.live.runtime import TZ, Runtime
from app.live.scheduling import Scheduler
from app.live.security import storage_secret

log = logging.getLogger(__name__)


_starting = False


async def _start(settings: Settings) -> None:
    """Open the runtime once, even when the app's start-up runs again in the same process (test clients)."""
    global _starting
    if _starting:
        return
    _starting = True
    rt = await Runtime.open(settings)
    rt.scheduler = Scheduler(rt)
    rt.scheduler.start()
    if settings.demo:
        await ensure_demo(rt)


async def _stop() -> None:
    global _starting
    from app.live.runtime import _current

    _starting = False
    if _current is not None:
        if _current.scheduler is not None:
            _current.scheduler.shutdown()
        from app.live import relay

        await relay.uninstall(_current)
        await _current.close()


async def ensure_demo(rt: Runtime) -> None:
    """A demo meeting, created once, so a fresh start has something to open (links printed to the log)."""
    if await rt.meetings.get_setting("demo_code"):
        return
    agenda = rt.agendas.get("trivsel-virtuel") or next(iter(rt.agendas.agendas.values()), None)
    if agenda is None:
        return
    now = datetime.now(TZ)
    new = await rt.create_meeting(agenda, cluster="Demoklyngen", day=now.date(), start=now.time().replace(
        second=0, microsecond=0))
    links = new.links(rt.settings.public_url)
    await rt.meetings.set_setting_once("demo_code", new.meeting.code)
    # The demo's links are shown on the home page, so anyone can try the app; real meetings' are not.
    await rt.meetings.set_setting_once("demo_links", json.dumps(links))
    print("Demo meeting created:", *(f"  {k}: {v}" for k, v in links.items()), sep="\n", flush=True)


# The database work runs in aiosqlite's threads. With Python's default switch interval (5 ms) every hand-over of
# the GIL from a busy event loop to such a thread waits up to 5 ms, several times per query: at 1,200 clients a
# post's store round trip had a p95 of 164 ms; with 1 ms, 141 ms (bench/load.py, 20 posts/s).
SWITCH_INTERVAL = 0.001


def main(settings: Settings | None = None) -> None:
    settings = settings or load_settings()
    sys.setswitchinterval(SWITCH_INTERVAL)
    from app.ui import pages  # noqa: F401  registers the routes
    from app.ui.upload_limit import UploadLimit

    app.add_middleware(UploadLimit)  # refuse oversize uploads before NiceGUI reads them
    app.on_startup(lambda: _start(settings))
    # after the runtime and the demo meeting exist (see app/gctune.py)
    app.on_startup(lambda: gctune.install(thaw_every=settings.gc_thaw_seconds))
    app.on_startup(health.install)
    app.on_shutdown(_stop)
    ui.run(
        host=settings.host, port=settings.port, title="Klyngemøde", language="da",
        storage_secret=storage_secret(settings.data_dir), reload=False, show=False, favicon="🕑",
        reconnect_timeout=60.0,
    )
