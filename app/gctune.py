"""Python's cycle collector, tuned for a server that holds many long-lived page elements (issue 10).

With Python's defaults (thresholds 700, 10, 10) nearly every object that lives a few milliseconds (a queued
update, a task) reaches the oldest generation, and full collections over the whole heap ran every 5-10 s at 300
participants, stopping every page for 0.5-1.3 s (2.9 s at 1,200; `bench/load.py` reports the pauses).

So, in the server process (never in tests or the CLI):

- the objects of the start-up are frozen out of all collections (`gc.freeze`);
- the young generation is collected every 50,000 allocations instead of 700, so short-lived objects die young;
- every `FREEZE_EVERY` seconds the survivors are frozen as well: pages, elements and posts live for the whole
  meeting, and scanning them again and again finds nothing;
- every `THAW_EVERY` seconds everything is thawed and collected once, so the garbage cycles of closed pages
  and removed elements are reclaimed (NiceGUI's elements form cycles): one pause at a known rhythm instead of
  pauses whenever the heap has grown by a quarter.

Every collection that takes longer than `SLOW` seconds is counted and logged.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from dataclasses import dataclass, field

THRESHOLDS = (50_000, 10, 10)
FREEZE_EVERY = 5.0
THAW_EVERY = 600.0
SLOW = 0.1

log = logging.getLogger("klynge.gc")


@dataclass
class Pauses:
    """Collections slower than SLOW: how many and the longest, by generation (2 = full; 3 = the periodic thaw)."""

    count: dict[int, int] = field(default_factory=dict)
    longest: dict[int, float] = field(default_factory=dict)

    def add(self, generation: int, seconds: float) -> None:
        self.count[generation] = self.count.get(generation, 0) + 1
        self.longest[generation] = max(self.longest.get(generation, 0.0), seconds)


pauses = Pauses()
_started: list[float] = []


_thawing = False


def _watch(phase: str, info: dict) -> None:
    if _thawing:  # the thaw's own collection is counted as the thaw (generation 3)
        return
    if phase == "start":
        _started[:] = [time.perf_counter()]
    elif _started:
        seconds = time.perf_counter() - _started[0]
        if seconds > SLOW:
            pauses.add(info["generation"], seconds)
            log.info("gc generation %s took %.0f ms (%s collected)", info["generation"], seconds * 1000,
                     info["collected"])


def thaw() -> float:
    """Unfreeze and collect everything once; returns the seconds it took."""
    global _thawing
    started = time.perf_counter()
    _thawing = True
    try:
        gc.unfreeze()
        collected = gc.collect()
        gc.freeze()
    finally:
        _thawing = False
    seconds = time.perf_counter() - started
    pauses.add(3, seconds)
    log.info("gc thaw: %s collected in %.0f ms, %s objects frozen", collected, seconds * 1000, gc.get_freeze_count())
    return seconds


async def _keep(freeze_every: float, thaw_every: float) -> None:
    last_thaw = time.monotonic()
    while True:
        await asyncio.sleep(freeze_every)
        if time.monotonic() - last_thaw >= thaw_every:
            thaw()
            last_thaw = time.monotonic()
        else:
            gc.freeze()


_task: asyncio.Task | None = None


def install(freeze_every: float = FREEZE_EVERY, thaw_every: float = THAW_EVERY) -> None:
    """Call once in the running server's event loop, after the start-up."""
    global _task
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    if _watch not in gc.callbacks:
        gc.callbacks.append(_watch)
    if _task is None:
        _task = asyncio.get_running_loop().create_task(_keep(freeze_every, thaw_every), name="gc-freeze")


def report() -> dict[str, object]:
    return {"thresholds": gc.get_threshold(), "frozen": gc.get_freeze_count(),
            "slow_collections": {str(k): v for k, v in sorted(pauses.count.items())},
            "longest_ms": {str(k): round(v * 1000) for k, v in sorted(pauses.longest.items())}}
