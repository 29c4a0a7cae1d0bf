"""Load generator: real server processes, real client connections, numbers for issues 4 and 10.

    python bench/load.py --clients 60                      # one meeting of 60 (issue 4: --scenario latency60)
    python bench/load.py --clients 1200 --meetings 20 --duration 60
    python bench/load.py --clients 120 --processes 2 --postgres   # two app processes on a temporary PostgreSQL

It starts `run.py` (own data folder, free port), creates meetings with `python -m app.cli meeting new --json`,
opens one facilitator page per meeting and joins the participants through the participant page's join form,
all as protocol clients (bench/nicegui_client.py: GET the page, socket.io with the page's client id, like
nicegui.js), plus `--browsers B` Chromium pages. Then:

- clock: each facilitator clicks "next"/"previous" on its console every few seconds (an `event` over socket.io);
  action→all is the time from sending the click to the update carrying the new `deadline` on each participant
  client of that meeting (one clock: all clients run in this process).
- spread: after each action, at one instant T, every client's displayed remaining time is
  `deadline − (T + offset)`, `offset` being the client's own estimate of the server clock (best of 5
  `/api/time` round trips, as countdown.js does); the spread is max − min over the meeting's clients.
- posts: with `--posts`, every participant posts one answer at a random moment within `--burst` seconds,
  typing into the board's answer field and clicking send; post→all is the time from the click to the post's
  text arriving on every participant client of the meeting.
- server CPU (/proc, % of one core), RSS before the participants joined and at the end; the end sample waits
  until the join pages the server keeps for a possible reconnect (reconnect_timeout 60 s) are gone.

Results are printed as a Markdown table and appended to bench/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_run import Meeting, run_clock, run_posts  # noqa: E402
from bench.load_stats import CpuMeter, LoopLag, Results, details, rss_bytes, table  # noqa: E402
from tests.server import Server  # noqa: E402

RECONNECT_TIMEOUT = 60.0  # app/server.py ui.run(reconnect_timeout=...)
RESULTS = ROOT / "bench" / "results" / "load.md"


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=60, help="participant clients in all (default 60)")
    ap.add_argument("--meetings", type=int, default=0, help="meetings (default: one per 60 clients)")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of clock actions (default 30)")
    ap.add_argument("--interval", type=float, default=5.0, help="seconds between one facilitator's actions")
    ap.add_argument("--posts", action="store_true", help="a burst of posts, one per participant")
    ap.add_argument("--burst", type=float, default=60.0, help="seconds the post burst is spread over")
    ap.add_argument("--browsers", type=int, default=0, help="Chromium participant pages in addition")
    ap.add_argument("--processes", type=int, default=1, help="app server processes (more than 1 needs PostgreSQL)")
    ap.add_argument("--postgres", action="store_true", help="start a temporary PostgreSQL server for the run")
    ap.add_argument("--database-url", default="", help="an existing PostgreSQL (postgresql://...)")
    ap.add_argument("--join-concurrency", type=int, default=16)
    ap.add_argument("--gc-thaw", type=float, default=600.0,
                    help="KLYNGE_GC_THAW for the servers (default 600 as in production): seconds between the "
                         "collector's thaws (app/gctune.py); e.g. 60 to have a thaw inside a run")
    ap.add_argument("--no-settle", action="store_true", help="do not wait for join pages to be released")
    ap.add_argument("--scenario", choices=["load", "latency60"], default="load",
                    help="latency60: issue 4's bench, 60 participants on one meeting")
    ap.add_argument("--label", default="", help="name of the run in the table")
    ap.add_argument("--no-save", action="store_true", help="print only; do not append to bench/results/load.md")
    args = ap.parse_args(argv)
    if args.scenario == "latency60":
        args.clients, args.meetings = 60, 1
    args.meetings = args.meetings or max(1, -(-args.clients // 60))
    if args.processes > 1 and not (args.postgres or args.database_url):
        ap.error("several processes need PostgreSQL: --postgres or --database-url")
    return args


def start_servers(args: argparse.Namespace, work: Path, database_url: str) -> list[Server]:
    servers = []
    for i in range(args.processes):
        env = {"NICEGUI_STORAGE_PATH": str(work / f"nicegui-{i}"),
               "KLYNGE_GC_THAW": str(args.gc_thaw)}  # so a run includes the collector's periodic thaw
        if database_url:
            env["KLYNGE_DATABASE_URL"] = database_url
        server = Server(work / f"data-{i}", env=env)
        if i > 0:  # the same cookie secret everywhere, as docs/deploy.md asks
            server.data_dir.mkdir(parents=True, exist_ok=True)
            (server.data_dir / "storage-secret").write_bytes((servers[0].data_dir / "storage-secret").read_bytes())
        server.start(timeout=60)
        servers.append(server)
    return servers


def create_meetings(server: Server, count: int) -> list[dict[str, str]]:
    """`klynge meeting new ... --json`, two at a time."""
    def spawn(i: int) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "app.cli", "meeting", "new", "trivsel-virtuel", "--cluster",
                                 f"Belastning {i + 1}", "--date", "2026-11-23", "--start", "17:00", "--json"],
                                cwd=ROOT, env=server.env, stdout=subprocess.PIPE, text=True)

    links: list[dict[str, str]] = []
    for first in range(0, count, 2):
        procs = [spawn(i) for i in range(first, min(first + 2, count))]
        for proc in procs:
            out, _ = proc.communicate(timeout=120)
            if proc.returncode != 0:
                raise RuntimeError("meeting new failed")
            links.append(json.loads(out))
    return links


async def settle(joined_at: float, args: argparse.Namespace, results: Results) -> None:
    wait = joined_at + RECONNECT_TIMEOUT + 5 - time.monotonic()
    if args.no_settle:
        results.notes.append("memory sampled without waiting for released join pages (* in the table)")
        return
    if wait > 0:
        print(f"waiting {wait:.0f} s until the server has released the join pages ...", flush=True)
        await asyncio.sleep(wait)
    results.settled = True


async def measure(args: argparse.Namespace, servers: list[Server], results: Results) -> None:
    pids = [s.proc.pid for s in servers]
    urls = [s.url for s in servers]
    links = create_meetings(servers[0], args.meetings)
    sizes = [args.clients // args.meetings + (1 if i < args.clients % args.meetings else 0)
             for i in range(args.meetings)]
    meetings = [Meeting(link, urls, size, i) for i, (link, size) in enumerate(zip(links, sizes, strict=True))]
    try:
        await run_phases(args, pids, meetings, results)
    finally:
        await asyncio.gather(*(m.close() for m in meetings))


async def run_phases(args: argparse.Namespace, pids: list[int], meetings: list[Meeting], results: Results) -> None:
    for meeting in meetings:
        await meeting.open_facilitator()
    await asyncio.sleep(1.0)
    results.rss_base = sum(rss_bytes(p) for p in pids)

    cpu = CpuMeter(pids).start()
    started = time.monotonic()
    gate = asyncio.Semaphore(args.join_concurrency)
    await asyncio.gather(*(m.join_all(gate) for m in meetings))
    results.join_seconds = time.monotonic() - started
    results.cpu_joins = cpu.percent()
    joined_at = time.monotonic()
    print(f"{args.clients} participants joined in {results.join_seconds:.1f} s", flush=True)
    browsers = None
    if args.browsers:
        from bench.load_browsers import Browsers

        browsers = await Browsers.open(meetings[0], args.browsers)
    offsets = asyncio.Semaphore(32)
    await asyncio.gather(*(m.measure_offsets(offsets) for m in meetings))
    results.rss_peak = sum(rss_bytes(p) for p in pids)

    gc.collect()
    gc.freeze()  # the clients' long-lived objects: keep this process's own collections short, as the server does
    drained = await asyncio.gather(*(m.start_clock() for m in meetings))
    generator_lag = LoopLag().start()  # this process's own lateness: it delays the arrival times it notes
    results.notes.append(f"first action after the joins (clock start) reached all participants after "
                         f"{max(drained):.1f} s (work the join storm left queued)")
    cpu = CpuMeter(pids).start()
    await run_clock(meetings, args.duration, args.interval, results, browsers)
    results.cpu_actions = cpu.percent()
    results.lag_actions = [(await health(url)).get("loop_lag", {}) for url in meetings[0].urls]
    results.generator_lag_actions = generator_lag.report_and_reset()
    if args.posts:
        cpu = CpuMeter(pids).start()
        await run_posts(meetings, args.burst, results)
        results.cpu_posts = cpu.percent()
        results.lag_posts = [(await health(url)).get("loop_lag", {}) for url in meetings[0].urls]
        results.generator_lag_posts = generator_lag.report_and_reset()
    await settle(joined_at, args, results)
    results.rss_settled = sum(rss_bytes(p) for p in pids)
    results.gc = [(await health(url)).get("gc", {}) for url in meetings[0].urls]
    if browsers is not None:
        await browsers.close()


async def health(url: str) -> dict:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(url + "/api/health") as response:
        return await response.json()


def database_label(args: argparse.Namespace) -> str:
    return "PostgreSQL" if args.postgres or args.database_url else "SQLite"


def main(argv: list[str] | None = None) -> Results:
    args = parse(argv)
    random.seed(20261123)
    label = args.label or (args.scenario if args.scenario != "load" else f"{args.clients} clients")
    results = Results(label, args.clients, args.meetings, args.processes, database_label(args))
    pg = None
    with tempfile.TemporaryDirectory(prefix="klynge-load-") as tmp:
        work = Path(tmp)
        database_url = args.database_url
        if args.postgres:
            from tests.pgserver import PostgresServer

            pg = PostgresServer(durable=True)
            pg.start()
            database_url = pg.url
        servers: list[Server] = []
        try:
            servers = start_servers(args, work, database_url)
            asyncio.run(measure(args, servers, results))
        finally:
            for server in servers:
                server.stop()
            if pg is not None:
                pg.stop()
    report(args, results)
    return results


def report(args: argparse.Namespace, results: Results) -> None:
    text = table([results]) + "\n\n" + details(results) + "\n"
    print(text)
    if args.no_save:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M")
    command = "python bench/load.py " + " ".join(sys.argv[1:] if argv_is_cli() else [])
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(f"\n### {stamp} — `{command.strip()}`\n\n{text}")


def argv_is_cli() -> bool:
    return Path(sys.argv[0]).name == "load.py"


if __name__ == "__main__":
    main()
