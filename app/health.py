"""How late the server's event loop runs: a timer that should fire every 100 ms notes how late it fired.

Every page update, click and post waits its turn in this one loop, so its lateness is what users feel as lag;
`/api/health` reports it over the last minute (with the cycle collector's pauses from app/gctune.py).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

INTERVAL = 0.1
WINDOW = 60.0

_lags: deque[tuple[float, float]] = deque()  # (monotonic time, seconds late)
_task: asyncio.Task | None = None


async def _watch() -> None:
    while True:
        due = time.monotonic() + INTERVAL
        await asyncio.sleep(INTERVAL)
        now = time.monotonic()
        _lags.append((now, max(0.0, now - due)))
        while _lags and _lags[0][0] < now - WINDOW:
            _lags.popleft()


def install() -> None:
    global _task
    if _task is None:
        _task = asyncio.get_running_loop().create_task(_watch(), name="loop-lag")


def report() -> dict[str, float | None]:
    """Milliseconds late over the last minute: median, 95th and 99th percentile, the worst."""
    values = sorted(lag for _, lag in _lags)
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}

    def at(q: float) -> float:
        return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": round(values[-1] * 1000, 1)}
