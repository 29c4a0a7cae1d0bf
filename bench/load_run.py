"""The meetings of a load run: one facilitator client and its participant clients, the clock and post phases."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bench.load_stats import Results
from bench.nicegui_client import PageClient, join, method_call

if TYPE_CHECKING:
    from bench.load_browsers import Browsers

ARRIVAL_TIMEOUT = 15.0
POST_WAIT = 60.0  # after the burst, how long every post may take to reach every client


@dataclass
class Watch:
    """What one participant client has seen: the countdown's props and when posts' texts arrived."""

    client: PageClient
    deadline: float | None = None
    status: str | None = None
    changed_at: float = 0.0
    posts: dict[str, float] = field(default_factory=dict)
    event: asyncio.Event = field(default_factory=asyncio.Event)

    def on_update(self, _client: PageClient, arrived: float, msg: dict[str, Any]) -> None:
        for element in msg.values():
            if not element:
                continue
            props = element.get("props") or {}
            if element.get("tag") == "nicegui-countdown" and (props.get("deadline"), props.get("status")) != (
                    self.deadline, self.status):
                self.deadline, self.status, self.changed_at = props.get("deadline"), props.get("status"), arrived
                self.event.set()
            elif element.get("tag") == "nicegui-post_feed":  # a question's answers: [id, text, meta, ...]
                for post in props.get("posts") or []:
                    self.posts.setdefault(post[1], arrived)
                self.event.set()

    def on_javascript(self, _client: PageClient, arrived: float, code: str) -> None:
        call = method_call(code)
        if call is not None and call[1] == "merge":  # PostFeed: the new and changed posts, then the order
            for post in call[2][0]:
                self.posts.setdefault(post[1], arrived)
            self.event.set()


class Meeting:
    def __init__(self, links: dict[str, str], urls: list[str], size: int, number: int) -> None:
        self.links = links
        self.urls = urls
        self.size = size
        self.number = number
        self.facilitator: PageClient | None = None
        self.watches: list[Watch] = []

    async def open_facilitator(self) -> None:
        path = "/" + self.links["facilitator_url"].split("/", 3)[3]
        self.facilitator = PageClient(self.urls[0], path)
        await self.facilitator.open()

    async def join_all(self, gate: asyncio.Semaphore) -> None:
        async def one(i: int) -> None:
            async with gate:
                client = PageClient(self.urls[i % len(self.urls)], f"/m/{self.links['code']}")
                watch = Watch(client)
                await join(client, f"Deltager {self.number + 1}-{i + 1}")
                client.on_update = watch.on_update
                client.on_javascript = watch.on_javascript
                countdown = client.find_tag("nicegui-countdown")
                if countdown:
                    watch.deadline = countdown[0]["props"].get("deadline")
                    watch.status = countdown[0]["props"].get("status")
                self.watches.append(watch)

        await asyncio.gather(*(one(i) for i in range(self.size)))

    async def measure_offsets(self, gate: asyncio.Semaphore) -> None:
        async def one(watch: Watch) -> None:
            async with gate:
                await watch.client.measure_offset()

        await asyncio.gather(*(one(w) for w in self.watches))

    async def start_clock(self, timeout: float = 300.0) -> float:
        """Start the clock and wait until every participant shows it running: the first action also waits for
        whatever the joins left queued on the server. Returns the seconds that took."""
        sent = await self.act("toggle")
        arrived = await self.arrivals(sent, lambda w: w.changed_at if w.status == "running" else None, timeout)
        return max((a - sent for a in arrived if a is not None), default=timeout)

    async def act(self, testid: str) -> float:
        for watch in self.watches:
            watch.event.clear()
        sent = time.time()
        await self.facilitator.click(testid)
        return sent

    async def arrivals(self, sent: float, check: Any, timeout: float = ARRIVAL_TIMEOUT) -> list[float | None]:
        """For each participant, when `check(watch)` first held after `sent` (None if not within `timeout`)."""
        end = time.monotonic() + timeout

        async def one(watch: Watch) -> float | None:
            while True:
                found = check(watch)
                if found is not None:
                    return found
                left = end - time.monotonic()
                if left <= 0:
                    return None
                watch.event.clear()  # several waiters may share the event: wake at least every 0.5 s
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(watch.event.wait(), min(left, 0.5))

        return await asyncio.gather(*(one(w) for w in self.watches))

    def spread_ms(self) -> float | None:
        """Max − min of the remaining time each client displays at one instant (its own offset applied)."""
        now_ms = time.time() * 1000
        shown = [w.deadline - (now_ms + w.client.offset_ms) for w in self.watches
                 if w.status == "running" and w.deadline]
        return max(shown) - min(shown) if len(shown) > 1 else None

    async def close(self) -> None:
        clients = [w.client for w in self.watches] + ([self.facilitator] if self.facilitator else [])
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


async def clock_action(meeting: Meeting, testid: str, results: Results, browsers: Browsers | None) -> None:
    before = {id(w): w.deadline for w in meeting.watches}
    if browsers is not None and browsers.meeting is meeting:
        await browsers.before_action()
    sent = await meeting.act(testid)

    def changed(watch: Watch) -> float | None:
        return watch.changed_at if watch.deadline != before[id(watch)] and watch.changed_at >= sent else None

    arrived = await meeting.arrivals(sent, changed)
    results.action_ms.extend((a - sent) * 1000 for a in arrived if a is not None)
    results.missed += sum(1 for a in arrived if a is None)
    spread = meeting.spread_ms()
    if spread is not None:
        results.spreads_ms.append(spread)
    if browsers is not None and browsers.meeting is meeting:
        await browsers.after_action(sent, results)


async def run_clock(meetings: list[Meeting], duration: float, interval: float, results: Results,
                    browsers: Browsers | None = None) -> None:
    """Every facilitator acts every `interval` seconds, the meetings staggered across the interval."""
    end = time.monotonic() + duration

    async def facilitate(meeting: Meeting, delay: float) -> None:
        await asyncio.sleep(delay)
        verbs = ["next", "previous"]
        turn = 0
        while time.monotonic() < end:
            began = time.monotonic()
            await clock_action(meeting, verbs[turn % 2], results, browsers)
            turn += 1
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - began)))

    await asyncio.gather(*(facilitate(m, interval * i / len(meetings)) for i, m in enumerate(meetings)))


async def run_posts(meetings: list[Meeting], burst: float, results: Results) -> None:
    """Every participant posts one answer at a random moment of the burst; measure until all have arrived."""
    if not meetings[0].watches or meetings[0].watches[0].client.find("post-input") is None:
        results.notes.append("posts skipped: the participant page has no board answer field (data-testid=post-input)")
        return
    sent: dict[str, tuple[Meeting, Watch, float]] = {}
    started = time.time()

    async def post(meeting: Meeting, watch: Watch, n: int) -> None:
        await asyncio.sleep(random.uniform(0, burst))
        text = f"Svar {meeting.number + 1}-{n + 1}: mere tid til patienterne {random.randint(0, 10**6)}"
        await watch.client.fire("post-input", "update:value", text)
        sent[text] = (meeting, watch, time.time())
        await watch.client.click("post-send")

    await asyncio.gather(*(post(m, w, n) for m in meetings for n, w in enumerate(m.watches)))
    results.posts_sent = len(sent)
    # The arrival times are recorded as the updates come in (Watch.on_update); here we only wait until every
    # client has every post of its meeting, checking twice a second, so the generator stays light.
    texts = {m.number: [t for t, (mm, _, _) in sent.items() if mm is m] for m in meetings}
    end = time.monotonic() + POST_WAIT
    while time.monotonic() < end and not all(
            all(t in w.posts for t in texts[m.number]) for m in meetings for w in m.watches):
        await asyncio.sleep(0.5)
    every = [[w.posts.get(text) for w in m.watches] for text, (m, _, _) in sent.items()]
    last_stored, delivered = started, 0
    for (text, (_, watch, at)), arrived in zip(sent.items(), every, strict=True):
        results.post_ms.extend((a - at) * 1000 for a in arrived if a is not None)
        got = [a for a in arrived if a is not None]
        if got:  # where a slow delivery comes from: before the first page had it, or between the pages
            results.post_first_ms.append((min(got) - at) * 1000)
            results.post_spread_ms.append((max(got) - min(got)) * 1000)
        results.post_missed += sum(1 for a in arrived if a is None)
        delivered += sum(1 for a in arrived if a is not None)
        own = watch.posts.get(text)
        if own is not None:
            last_stored = max(last_stored, own)
    last = max((a for m in meetings for w in m.watches for a in w.posts.values()), default=started)
    first = min((at for _, _, at in sent.values()), default=started)
    results.posts_stored_per_s = len(sent) / max(last_stored - first, 1e-3)
    results.posts_delivered_per_s = delivered / max(last - first, 1e-3)
