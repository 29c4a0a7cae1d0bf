"""Small measuring helpers for bench/load.py: percentiles, process CPU and memory from /proc, the table."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_bytes(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE


@dataclass
class CpuMeter:
    """CPU use of some processes over a span of wall time, in % of one core."""

    pids: list[int]
    start_cpu: float = 0.0
    start_wall: float = 0.0

    def start(self) -> CpuMeter:
        self.start_cpu = sum(cpu_seconds(p) for p in self.pids)
        self.start_wall = time.monotonic()
        return self

    def percent(self) -> float:
        wall = time.monotonic() - self.start_wall
        return 100 * (sum(cpu_seconds(p) for p in self.pids) - self.start_cpu) / wall if wall > 0 else 0.0


class LoopLag:
    """How late this process's event loop runs (a 100 ms timer's lateness), like app/health.py in the server."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.task: asyncio.Task | None = None

    def start(self) -> LoopLag:
        self.task = asyncio.get_running_loop().create_task(self._watch())
        return self

    async def _watch(self) -> None:
        while True:
            due = time.monotonic() + 0.1
            await asyncio.sleep(0.1)
            self.lags.append(max(0.0, time.monotonic() - due) * 1000)

    def report_and_reset(self) -> dict[str, float | None]:
        lags, self.lags = self.lags, []
        return {"p50_ms": percentile(lags, 50), "p95_ms": percentile(lags, 95), "max_ms": max(lags, default=None)}


@dataclass
class Results:
    """What one run measured; the fields become the columns of the table."""

    label: str
    clients: int
    meetings: int
    processes: int
    database: str
    action_ms: list[float] = field(default_factory=list)
    missed: int = 0
    spreads_ms: list[float] = field(default_factory=list)
    cpu_actions: float = 0.0
    cpu_joins: float = 0.0
    cpu_posts: float | None = None
    rss_base: int = 0
    rss_peak: int = 0
    rss_settled: int = 0
    settled: bool = False
    join_seconds: float = 0.0
    posts_sent: int = 0
    posts_stored_per_s: float | None = None
    posts_delivered_per_s: float | None = None
    post_ms: list[float] = field(default_factory=list)
    post_missed: int = 0
    post_first_ms: list[float] = field(default_factory=list)  # per post: to the first page that showed it
    post_spread_ms: list[float] = field(default_factory=list)  # per post: first page to last page
    notes: list[str] = field(default_factory=list)
    browser_action_ms: list[float] = field(default_factory=list)
    browser_spreads_ms: list[float] = field(default_factory=list)
    gc: list[dict] = field(default_factory=list)  # each server's /api/health "gc" at the end
    lag_actions: list[dict] = field(default_factory=list)  # each server's event-loop lag, last minute of actions
    lag_posts: list[dict] = field(default_factory=list)
    generator_lag_actions: dict = field(default_factory=dict)
    generator_lag_posts: dict = field(default_factory=dict)

    def longest_gc_ms(self) -> float | None:
        values = [v for report in self.gc for v in report.get("longest_ms", {}).values()]
        return max(values) if values else None

    def per_client_kib(self) -> float:
        rss = self.rss_settled if self.settled else self.rss_peak
        return (rss - self.rss_base) / 1024 / max(self.clients, 1)


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


HEADER = ("| run | clients | meetings | proc | db | action→all p50/p95/p99 ms | missed | clock spread p50/max ms"
          " | CPU actions % | CPU joins % | RSS base→end MiB | KiB/client | posts | stored/s | delivered/s"
          " | post→all p95 ms | CPU posts % | longest GC pause ms |")
RULE = "|" + "|".join("---" for _ in HEADER.split("|")[1:-1]) + "|"


def row(r: Results) -> str:
    p = r.action_ms
    spread = f"{ms(percentile(r.spreads_ms, 50))}/{ms(max(r.spreads_ms) if r.spreads_ms else None)}"
    rss = f"{r.rss_base / 2**20:.0f}→{(r.rss_settled if r.settled else r.rss_peak) / 2**20:.0f}"
    kib = f"{r.per_client_kib():.0f}" + ("" if r.settled else "*")
    posts = "–" if not r.posts_sent else str(r.posts_sent)
    def rate(v):
        return ("–" if v is None else f"{v:.1f}")
    return (f"| {r.label} | {r.clients} | {r.meetings} | {r.processes} | {r.database} | "
            f"{ms(percentile(p, 50))}/{ms(percentile(p, 95))}/{ms(percentile(p, 99))} | {r.missed} | {spread} | "
            f"{r.cpu_actions:.0f} | {r.cpu_joins:.0f} | {rss} | {kib} | {posts} | {rate(r.posts_stored_per_s)} | "
            f"{rate(r.posts_delivered_per_s)} | {ms(percentile(r.post_ms, 95))} | "
            f"{'–' if r.cpu_posts is None else f'{r.cpu_posts:.0f}'} | {ms(r.longest_gc_ms())} |")


def table(results: list[Results]) -> str:
    return "\n".join([HEADER, RULE, *(row(r) for r in results)])


def details(r: Results) -> str:
    lines = [f"- {r.label}: joined {r.clients} participants in {r.join_seconds:.1f} s; "
             f"{len(r.action_ms)} action deliveries, {r.missed} missed; {len(r.spreads_ms)} spread samples"]
    if r.browser_action_ms:
        lines.append(f"  - Chromium pages: action→page p50 {ms(percentile(r.browser_action_ms, 50))} ms, "
                     f"max {ms(max(r.browser_action_ms))} ms; displayed-time spread across pages max "
                     f"{ms(max(r.browser_spreads_ms) if r.browser_spreads_ms else None)} ms")
    if r.posts_sent:
        lines.append(f"  - posts: {r.posts_sent} sent, post→all p50 {ms(percentile(r.post_ms, 50))} ms, p99 "
                     f"{ms(percentile(r.post_ms, 99))} ms, {r.post_missed} deliveries missed; per post: to the "
                     f"first page p50/p95 {ms(percentile(r.post_first_ms, 50))}/{ms(percentile(r.post_first_ms, 95))}"
                     f" ms, first to last page p50/p95 {ms(percentile(r.post_spread_ms, 50))}/"
                     f"{ms(percentile(r.post_spread_ms, 95))} ms")
    def lag(report: dict) -> str:
        return "/".join(ms(report.get(k)) for k in ("p50_ms", "p95_ms", "max_ms"))

    for phase, servers, generator in (("actions", r.lag_actions, r.generator_lag_actions),
                                      ("posts", r.lag_posts, r.generator_lag_posts)):
        if servers:
            lines.append(f"  - event-loop lag p50/p95/max ms during the {phase}: server "
                         f"{', '.join(lag(s) for s in servers)}; load generator {lag(generator)}")
    for i, report in enumerate(r.gc):
        lines.append(f"  - server {i + 1} cycle collector: collections over 100 ms by generation (3 = periodic thaw) "
                     f"{report.get('slow_collections')}, longest {report.get('longest_ms')} ms")
    lines.extend(f"  - {n}" for n in r.notes)
    return "\n".join(lines)
