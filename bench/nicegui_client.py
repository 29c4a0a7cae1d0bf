"""A protocol-level NiceGUI client: what a browser tab does, without the browser.

It follows nicegui/static/nicegui.js and nicegui/templates/index.html (NiceGUI 3.18):

1. GET the page (with this client's own cookie jar, so `app.storage.user` is per client like a browser);
   the HTML holds the element tree (`parseElements(String.raw`...`)`) and the socket query
   (`client_id`, `next_message_id`, `implicit_handshake`).
2. Connect socket.io at `/_nicegui_ws/socket.io` over WebSocket with that query plus a fresh `document_id`
   and `tab_id`; the implicit handshake attaches the socket to the page's server-side client.
3. Merge every `update` message into the element tree (an element `null` is deleted), keep the
   `_id` message counter and `ack` it every 3 s, as the browser does (the server prunes its history on ack).
4. User actions are `event` messages: `{id, client_id, listener_id, args}` with each arg JSON-encoded,
   e.g. a click, or `update:value` of an input with the typed text.

A `run_javascript` that reloads the page is answered by loading the page again.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import aiohttp
import socketio

ELEMENTS = re.compile(r"parseElements\(String\.raw`(.*?)`\)", re.S)
QUERY = re.compile(r"query: (\{.*?\}),\n")
Element = dict[str, Any]
UpdateHook = Callable[["PageClient", float, dict[str, Any]], None]
JavascriptHook = Callable[["PageClient", float, str], None]
METHOD = re.compile(r'^return runMethod\((\d+), "(\w+)", (.*)\)$', re.S)


def method_call(code: str) -> tuple[str, str, list[Any]] | None:
    """(element id, method, args) of a `run_method` call sent as JavaScript, else None."""
    found = METHOD.match(code)
    return (found.group(1), found.group(2), json.loads(found.group(3))) if found else None


def parse_page(html: str) -> tuple[dict[str, Element], dict[str, Any]]:
    """The element tree and the socket query embedded in a NiceGUI page."""
    raw = ELEMENTS.search(html)
    query = QUERY.search(html)
    if raw is None or query is None:
        raise ValueError("not a NiceGUI page")
    text = raw.group(1)
    for entity, char in (("&#36;", "$"), ("&#96;", "`"), ("&gt;", ">"), ("&lt;", "<"), ("&amp;", "&")):
        text = text.replace(entity, char)
    q = query.group(1).replace("true", "True").replace("false", "False")
    return json.loads(text), ast.literal_eval(q)


class PageClient:
    """One browser tab on one page of the app, over socket.io."""

    def __init__(self, base_url: str, path: str, *, on_update: UpdateHook | None = None) -> None:
        self.base_url = base_url
        self.path = path
        self.on_update = on_update
        self.on_javascript: JavascriptHook | None = None  # e.g. an element's run_method
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                          timeout=aiohttp.ClientTimeout(total=120))
        self.sio: socketio.AsyncClient | None = None
        self.elements: dict[str, Element] = {}
        self.client_id = ""
        self.next_message_id = 0
        self.tab_id = str(uuid.uuid4())
        self.reloaded = asyncio.Event()
        self.changed = asyncio.Event()  # set on every message
        self.offset_ms = 0.0
        self._acker: asyncio.Task | None = None

    # -- connecting ----------------------------------------------------------------------------------
    async def open(self) -> None:
        async with self.http.get(self.base_url + self.path) as response:
            response.raise_for_status()
            html = await response.text()
        self.elements, query = parse_page(html)
        self.client_id = query["client_id"]
        self.next_message_id = int(query["next_message_id"])
        params = {"client_id": self.client_id, "next_message_id": str(self.next_message_id),
                  "implicit_handshake": "true", "document_id": str(uuid.uuid4()), "tab_id": self.tab_id}
        self.sio = socketio.AsyncClient(http_session=self.http, reconnection=False, ssl_verify=False)
        self.sio.on("update", self._on_update)
        self.sio.on("run_javascript", self._on_javascript)
        url = self.base_url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        await self.sio.connect(url, socketio_path="/_nicegui_ws/socket.io", transports=["websocket"],
                               wait_timeout=60)
        if self._acker is None:
            self._acker = asyncio.create_task(self._ack_loop())

    async def reopen(self) -> None:
        """What `location.reload()` does: drop the socket and load the page again."""
        await self._drop_socket()
        self.reloaded.clear()
        await self.open()

    async def close(self) -> None:
        if self._acker is not None:
            self._acker.cancel()
        await self._drop_socket()
        await self.http.close()

    async def _drop_socket(self) -> None:
        if self.sio is not None:
            with contextlib.suppress(Exception):  # already gone
                await self.sio.disconnect()
            self.sio = None

    async def _ack_loop(self) -> None:
        while True:
            await asyncio.sleep(3.0)
            if self.sio is not None and self.sio.connected:
                await self.sio.emit("ack", {"client_id": self.client_id, "next_message_id": self.next_message_id})

    # -- messages ------------------------------------------------------------------------------------
    def _count(self, msg: dict[str, Any]) -> None:
        message_id = msg.pop("_id", None)
        if message_id is not None:
            self.next_message_id = max(self.next_message_id, int(message_id) + 1)

    async def _on_update(self, msg: dict[str, Any]) -> None:
        arrived = time.time()
        self._count(msg)
        for element_id, element in msg.items():
            if element is None:
                self.elements.pop(element_id, None)
            else:
                self.elements[element_id] = element
        self.changed.set()
        if self.on_update is not None:
            self.on_update(self, arrived, msg)

    async def _on_javascript(self, msg: dict[str, Any]) -> None:
        arrived = time.time()
        self._count(msg)
        code = msg.get("code", "")
        call = method_call(code)
        element = self.elements.get(call[0]) if call else None
        if call and element and element.get("tag") == "nicegui-post_feed" and call[1] == "merge":
            changed, order = call[2]  # what app/ui/post_feed.js does with it
            by_id = {post[0]: post for post in (element.get("props") or {}).get("posts") or []}
            by_id.update((post[0], post) for post in changed)
            element.setdefault("props", {})["posts"] = [by_id[i] for i in order if i in by_id]
        if self.on_javascript is not None:
            self.on_javascript(self, arrived, code)
        if "location.reload" in (code := msg.get("code", "")) or "history.go(0)" in code:
            self.reloaded.set()
        self.changed.set()

    async def wait_for(self, condition: Callable[[], bool], timeout: float) -> None:
        """Until `condition()` holds after some message from the server (TimeoutError after `timeout` s)."""
        async with asyncio.timeout(timeout):
            while not condition():
                self.changed.clear()
                await self.changed.wait()

    # -- finding and acting --------------------------------------------------------------------------
    def find(self, testid: str) -> tuple[str, Element] | None:
        for element_id, element in self.elements.items():
            if (element.get("props") or {}).get("data-testid") == testid:
                return element_id, element
        return None

    def find_tag(self, tag: str) -> list[Element]:
        return [e for e in self.elements.values() if e.get("tag") == tag]

    async def fire(self, testid: str, event: str, *args: Any) -> None:
        """Send the event `event` of the element with this data-testid, as the browser's handler does."""
        found = self.find(testid)
        if found is None:
            raise LookupError(f"no element with data-testid={testid} on {self.path}")
        element_id, element = found
        listener = next((e for e in element.get("events", []) if e["type"] == event), None)
        if listener is None:
            raise LookupError(f"{testid} has no {event} listener")
        await self.sio.emit("event", {"id": int(element_id), "client_id": self.client_id,
                                      "listener_id": listener["listener_id"],
                                      "args": [json.dumps(a) for a in args]})

    async def click(self, testid: str) -> None:
        await self.fire(testid, "click", {})

    async def measure_offset(self, samples: int = 5) -> float:
        """The offset of the server's clock from ours, best of `samples` round trips (as countdown.js does)."""
        best: tuple[float, float] | None = None
        for _ in range(samples):
            t0 = time.time() * 1000
            async with self.http.get(self.base_url + "/api/time") as response:
                body = await response.json()
            t1 = time.time() * 1000
            rtt = t1 - t0
            if best is None or rtt < best[0]:
                best = (rtt, body["now"] + rtt / 2 - t1)
        self.offset_ms = best[1] if best else 0.0
        return self.offset_ms


async def join(client: PageClient, name: str, timeout: float = 60.0) -> None:
    """Fill in the participant page's join form as a person does (name, 'no practice'), then reload."""
    await client.open()
    if client.find("name") is None:
        return  # already joined (the cookie carries the identity)
    await client.fire("name", "update:value", name)
    await client.fire("solo", "update:modelValue", True)
    await client.click("join-submit")
    await client.wait_for(lambda: client.find("step-title") is not None or client.reloaded.is_set(), timeout)
    if client.reloaded.is_set():  # an app that reloads the page after joining
        await client.reopen()
    if client.find("step-title") is None:
        raise RuntimeError(f"{name} did not get the participant view after joining")
