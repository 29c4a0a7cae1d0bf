"""The upload size limit in front of NiceGUI's upload routes: refused before the body is read."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.ui.upload_limit import UPLOAD_MAX_BYTES, UploadLimit

URL = "/_nicegui/client/5f1c2d3e-aaaa-bbbb-cccc-0123456789ab/upload/42"


async def receive_upload(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"got {len(await request.body())}")


def client(limit: int = 1000) -> TestClient:
    app = Starlette(routes=[Route(URL, receive_upload, methods=["POST"]), Route("/other", receive_upload,
                                                                                 methods=["POST"])])
    return TestClient(UploadLimit(app, max_bytes=limit))


def test_uploads_within_the_limit_pass() -> None:
    response = client().post(URL, content=b"x" * 1000)
    assert (response.status_code, response.text) == (200, "got 1000")


def test_an_oversize_upload_is_refused_with_413() -> None:
    response = client().post(URL, content=b"x" * 1001)
    assert response.status_code == 413


def test_an_upload_without_length_is_refused_with_411() -> None:
    def chunks():
        yield b"x" * 10

    assert client().post(URL, content=chunks()).status_code == 411


def test_other_routes_are_not_limited() -> None:
    assert client().post("/other", content=b"x" * 5000).status_code == 200


def test_the_default_limit_covers_the_largest_upload() -> None:
    from app.domain.deck import MAX_BYTES

    assert UPLOAD_MAX_BYTES > MAX_BYTES
