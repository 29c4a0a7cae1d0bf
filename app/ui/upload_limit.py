"""A size limit on upload requests, enforced by the server before any byte is read.

NiceGUI's `ui.upload(max_file_size=...)` is checked in the browser only; its upload route reads the whole
request. This ASGI middleware refuses an upload POST without a Content-Length (411) or above `max_bytes` (413),
so a hostile client cannot fill memory or disk. Each upload command still checks its own, smaller limit.
Register it once in `app/server.py` before `ui.run`: `app.add_middleware(UploadLimit)`.
"""

from __future__ import annotations

import re
from typing import Any

from app.domain.deck import MAX_BYTES as DECK_MAX_BYTES

UPLOAD_PATH = re.compile(r"^(?:/[^/]+)*/_nicegui/client/[^/]+/upload/[^/]+/?$")
UPLOAD_MAX_BYTES = DECK_MAX_BYTES + 1024 * 1024  # the largest upload (a PowerPoint) plus the form's overhead

Scope = dict[str, Any]


class UploadLimit:
    def __init__(self, app: Any, max_bytes: int = UPLOAD_MAX_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST" and UPLOAD_PATH.match(scope.get("path", "")):
            status = self.refusal(scope)
            if status is not None:
                await _respond(send, status)
                return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> int | None:
        """411 without a declared length, 413 above the limit, None when the upload may proceed."""
        lengths = [v for k, v in scope.get("headers", []) if k.lower() == b"content-length"]
        if len(lengths) != 1 or not lengths[0].strip().isdigit():
            return 411
        return 413 if int(lengths[0]) > self.max_bytes else None


async def _respond(send: Any, status: int) -> None:
    body = b"upload refused: file too large" if status == 413 else b"upload refused: length required"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
